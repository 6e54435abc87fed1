"""Every built template, generated through `genai new`, installs and passes its own tests and lint.

All generated projects share ONE virtual environment, installed with a single pip command, to fit
CI's time budget. Each variant gets its own project slug so they install side by side. The
choice matrix below is documented in docs/templates.md: every non-default choice appears in at
least one variant. Optional extras (real provider SDKs and their LangChain integrations) are not
installed: their tests skip themselves, and the provider tests check the clear error a missing SDK
gives. (The OpenAI SDK and Streamlit are dependencies of faq-chatbot's default, so they are.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import pytest

from conftest import run_genai

pytestmark = pytest.mark.slow

# (template, variant name, --set answers, extras to install)
VARIANTS = [
    ("faq-chatbot", "default", {}, ["test"]),
    ("faq-chatbot", "txt-cli-openai", {"ui": "none", "faq_format": "txt", "provider": "openai",
                                       "license": "Apache-2.0", "context_entries": "2"}, ["test"]),
    ("rag-chatbot", "default", {}, ["test"]),
    ("rag-chatbot", "chroma-pypdf-anthropic", {"vector_store": "chroma", "pdf_parser": "pypdf", "provider": "anthropic",
                                               "chunk_size": "300", "license": "BSD-3-Clause"}, ["test"]),
    ("rag-chatbot", "llamaindex", {"framework": "llamaindex", "license": "Apache-2.0"}, ["test"]),
    ("rag-chatbot", "plain-ollama", {"framework": "plain", "provider": "ollama", "license": "GPL-3.0-or-later"},
     ["test"]),
    ("sql-agent", "default", {}, ["test"]),
    ("sql-agent", "ollama-strict", {"provider": "ollama", "max_retries": "0", "row_limit": "5",
                                    "license": "GPL-3.0-or-later"}, ["test"]),
    ("llm-eval", "default", {}, ["test"]),
    ("llm-eval", "three-point-openai", {"scale_max": "3", "provider": "openai"}, ["test"]),
    ("summarizer", "default", {}, ["test"]),
    ("summarizer", "builtin-tree", {"rouge": "builtin", "default_strategy": "tree", "chunk_words": "60",
                                    "license": "Apache-2.0"}, ["test"]),
    ("summarizer", "refine-anthropic", {"default_strategy": "refine", "provider": "anthropic"}, ["test"]),
    ("prompt-playground", "default", {}, ["test"]),
    ("prompt-playground", "fastapi-openai", {"ui": "fastapi", "sc_samples": "3", "provider": "openai",
                                             "license": "Apache-2.0"}, ["test"]),
    ("research-agent", "default", {}, ["test"]),
    ("research-agent", "autogen-openai", {"framework": "autogen", "provider": "openai"}, ["test"]),
    ("research-agent", "plain-offline-ollama", {"framework": "plain", "web_search": "none", "max_steps": "4",
                                                "provider": "ollama", "license": "GPL-3.0-or-later"}, ["test"]),
    ("tool-agent", "default", {}, ["test"]),
    ("tool-agent", "plain-builtin-anthropic", {"framework": "plain", "validator": "builtin", "provider": "anthropic",
                                               "max_retries": "0", "sandbox_timeout": "2", "license": "BSD-3-Clause"},
     ["test"]),
    ("memory-assistant", "default", {}, ["test"]),
    ("memory-assistant", "chroma", {"vector_store": "chroma", "license": "Apache-2.0"}, ["test"]),
    ("memory-assistant", "json-builtin-ollama", {"store": "json", "vector_store": "builtin", "provider": "ollama",
                                                 "episode_budget": "6", "recall_k": "2",
                                                 "license": "GPL-3.0-or-later"}, ["test"]),
    ("rag-eval", "default", {}, ["test"]),
    ("rag-eval", "langsmith-openai", {"tracing": "langsmith", "vector_weight": "70", "top_k": "3",
                                      "provider": "openai", "license": "Apache-2.0"}, ["test", "langsmith"]),
    ("rag-eval", "builtin-bm25-ollama", {"bm25": "builtin", "provider": "ollama", "license": "GPL-3.0-or-later"},
     ["test"]),
    ("coding-agents", "default", {}, ["test"]),
    ("coding-agents", "docker-langsmith-pgvector", {
        "sandbox": "docker", "tracing": "langsmith", "memory": "pgvector", "max_iterations": "1", "test_timeout": "5",
        "provider": "anthropic", "license": "BSD-3-Clause"}, ["test"]),
    ("coding-agents", "plain-untraced", {"framework": "plain", "tracing": "none"}, ["test"]),
    ("finetune-api", "default", {}, ["test"]),
    ("finetune-api", "lora-mistral-vllm-fsdp", {"method": "lora", "base_model": "mistralai/Mistral-7B-v0.1",
                                                "serving": "vllm", "report_to": "wandb", "strategy": "fsdp",
                                                "provider": "openai", "rate_limit": "5", "license": "Apache-2.0"},
     ["test"]),
    ("finetune-api", "tinyllama-ollama-zero3", {"base_model": "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
                                                "provider": "ollama", "strategy": "zero3"}, ["test"]),
    ("dpo-pipeline", "default", {}, ["test"]),
    ("dpo-pipeline", "ipo-tinyllama-wandb-zero2", {"dpo_loss": "ipo", "base_model": "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
                                                   "report_to": "wandb", "strategy": "zero2", "provider": "anthropic",
                                                   "license": "GPL-3.0-or-later"}, ["test"]),
    ("dpo-pipeline", "hinge-mistral-vllm-fsdp", {"dpo_loss": "hinge", "base_model": "mistralai/Mistral-7B-v0.1",
                                                 "sampler": "vllm", "strategy": "fsdp"}, ["test"]),
]
IDS = [f"{template}[{name}]" for template, name, _, _ in VARIANTS]


def slug(template: str, name: str) -> str:
    return template if name == "default" else f"{template}-{name}"


def selected_variants(session: pytest.Session) -> list[tuple]:
    """The variants of the templates the selected tests use (all of them when a selected test
    names no template), so `-k sql-agent` installs one template's variants, not all 13."""
    wanted = set()
    for item in session.items:
        if "projects" not in getattr(item, "fixturenames", ()):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "template" not in params:
            return VARIANTS
        wanted.add(params["template"])
    return [variant for variant in VARIANTS if variant[0] in wanted]


@pytest.fixture(scope="session")
def projects(tmp_path_factory, request) -> dict[str, tuple[Path, float, Path]]:
    """Generate the variants (timing each) and install them all into one shared venv."""
    root = tmp_path_factory.mktemp("generated")
    home = tmp_path_factory.mktemp("genai-home")
    made = {}
    variants = selected_variants(request.session)
    for template, name, answers, _ in variants:
        sets = [arg for key, value in answers.items() for arg in ("--set", f"{key}={value}")]
        started = time.perf_counter()
        r = run_genai("new", template, str(root / slug(template, name)), "--no-input",
                      "--set", f"project_slug={slug(template, name)}", *sets, env={"GENAI_HOME": str(home)})
        assert r.code == 0, r
        made[slug(template, name)] = (root / slug(template, name), time.perf_counter() - started)
    env_dir = root / ".venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    editables = [arg for template, name, _, extras in variants
                 for arg in ("-e", f"{made[slug(template, name)][0]}[{','.join(extras)}]")]
    # The build backends go in first, so pip needs no throwaway build environment per project:
    # hatchling for the projects, setuptools and wheel for sdist-only dependencies (rouge-score)
    # that pip must build itself on a machine whose cache holds no wheel for them.
    for step in (["hatchling>=1.27", "editables>=0.5", "setuptools>=61", "wheel>=0.40"],
                 ["--no-build-isolation", *editables]):
        proc = subprocess.run([*pip, *step], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return {key: (path, seconds, python) for key, (path, seconds) in made.items()}


def run_in(project: Path, python: Path, *args: str, program: Path | None = None) -> subprocess.CompletedProcess:
    """Run the shared venv's python (or one of its scripts) in a project, with no provider set."""
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_PROVIDER", "PYTHONPATH")}
    env["PATH"] = str(python.parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run([str(program or python), *args], cwd=project, capture_output=True, text=True, env=env,
                          timeout=600)


def run_script(project: Path, python: Path, command: str, *args: str) -> subprocess.CompletedProcess:
    """A generated project's console script, the way its README says to run it."""
    return run_in(project, python, *args, program=python.parent / command)


@pytest.mark.parametrize("template,name,answers,extras", VARIANTS, ids=IDS)
def test_generated_project_passes_its_own_tests_and_lint(projects, template, name, answers, extras):
    project, seconds, python = projects[slug(template, name)]
    tests = run_in(project, python, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    summary = tests.stdout.strip().splitlines()[-1] if tests.stdout.strip() else ""
    sys.stderr.write(f"\n{template}[{name}]: generated in {seconds:.2f} s; its tests: {summary}\n")
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    assert passed >= 15 and "failed" not in summary and "error" not in summary
    lint = run_in(project, python, "-m", "ruff", "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.mark.parametrize("template,name,command", [
    ("faq-chatbot", "default", ["ask", "Do you have a mobile app?"]),
    ("rag-chatbot", "default", ["ingest"]),
    ("rag-chatbot", "default", ["ask", "What is the daily meal allowance on business trips?", "--json"]),
    ("rag-chatbot", "default", ["eval"]),
    ("sql-agent", "default", ["ask", "How many customers are there?"]),
    ("llm-eval", "default", ["rubric"]),
    ("summarizer", "default", ["evaluate"]),
    ("prompt-playground", "default", ["compare", "What is 3 + 4 * 5?"]),
    ("research-agent", "default", ["research", "Research the top 5 AI startups in 2025"]),
    ("tool-agent", "default", ["ask", "What is 17 * 23 and what's the weather API say for Paris?"]),
    ("memory-assistant", "default", ["say", "--user", "alice", "My name is Alice and I live in Lisbon."]),
    ("rag-eval", "default", ["ask", "What does error E-104 mean?", "--contexts"]),
    ("coding-agents", "default", ["build", "add a function slugify with tests", "--workspace", "../demo", "--yes"]),
    ("finetune-api", "default", ["train", "--dry-run"]),
    ("dpo-pipeline", "default", ["run", "--dry-run"]),
])
def test_generated_command_line_runs_offline(projects, template, name, command):
    project, _, python = projects[slug(template, name)]
    proc = run_script(project, python, template, *command)
    assert proc.returncode == 0 and proc.stdout.strip(), proc.stderr


@pytest.mark.parametrize("template,name", [("summarizer", "refine-anthropic")])
def test_a_provider_choice_without_its_sdk_fails_with_the_install_command(projects, template, name):
    # faq-chatbot depends on the OpenAI SDK itself, so the check uses a project whose provider is an extra
    name = slug(template, name)
    project, _, python = projects[name]
    proc = run_script(project, python, name, "evaluate")
    assert proc.returncode == 1
    assert proc.stderr.strip() == ("error: the anthropic provider needs the 'anthropic' package: "
                                   "pip install -e '.[anthropic]'")


@pytest.mark.parametrize("template,command,shown", [
    ("sql-agent", ["ask", "Which customer placed the most orders?"], "Ben Carter"),
    ("faq-chatbot", ["ask", "How much does the Pro plan cost?"], "12 euros per user per month"),
])
def test_offline_stand_ins_answer_what_they_can(projects, template, command, shown):
    project, _, python = projects[template]
    proc = run_script(project, python, template, *command)
    assert proc.returncode == 0 and shown in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize("template,command", [
    ("sql-agent", ["ask", "Which customer placed the most orders last year?"]),
    ("faq-chatbot", ["ask", "How do I reset my router?"]),
    ("tool-agent", ["ask", "What is 17 * 23 and who won the world cup?"]),
    ("prompt-playground", ["compare", "What is the capital of France?"]),
])
def test_offline_stand_ins_say_when_they_cannot_answer(projects, template, command):
    project, _, python = projects[template]
    proc = run_script(project, python, template, *command)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "offline stand-in" in proc.stdout + proc.stderr


@pytest.mark.parametrize("template,name,answers,extras", VARIANTS, ids=IDS)
def test_generated_project_meets_its_acceptance_checks(projects, template, name, answers, extras):
    """What `genai verify` runs besides the tests: every check in the project's .genai.json passes."""
    from genai_roadmap import acceptance

    project, _, python = projects[slug(template, name)]
    checks = acceptance.parse_checks(json.loads((project / ".genai.json").read_text()).get("acceptance"))
    if not checks:
        pytest.skip(f"{template} declares no acceptance checks yet")
    with tempfile.TemporaryDirectory() as tmp:
        results = [acceptance.run_check(check, project, python, Path(tmp)) for check in checks]
    failed = [f"{r.name}: {r.detail} (ran: {r.command})" for r in results if not r.passed]
    assert not failed, "\n".join(failed)
