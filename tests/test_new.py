"""`genai new` through the installed console script: files, git, answers, errors, progress."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import GENAI, MINI, run_genai_process

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "project_templates"

BASE_FILES = {
    ".env.example", ".genai.json", ".github/workflows/ci.yml", ".gitignore", "LICENSE", "README.md",
    "pyproject.toml", "src/PKG/__init__.py", "src/PKG/config.py", "src/PKG/providers/__init__.py",
    "src/PKG/providers/base.py", "src/PKG/providers/fake.py", "src/PKG/providers/openai.py",
    "src/PKG/providers/anthropic.py", "src/PKG/providers/ollama.py", "tests/conftest.py", "tests/test_providers.py",
    "tests/test_console.py", "tests/test_ollama.py", "tests/test_readme.py",
}
SERVICE_FILES = {"Dockerfile", ".dockerignore"}
EXPECTED = {
    "faq-chatbot": BASE_FILES | SERVICE_FILES | {
        "src/PKG/app.py", "src/PKG/bot.py", "src/PKG/cli.py", "src/PKG/knowledge.py", "src/PKG/data/faq.json",
        "src/PKG/offline.py", "tests/test_app.py", "tests/test_bot.py", "tests/test_cli.py", "tests/test_knowledge.py",
        "tests/test_offline.py"},
    "rag-chatbot": BASE_FILES | SERVICE_FILES | {
        "src/PKG/api.py", "src/PKG/chunking.py", "src/PKG/cli.py", "src/PKG/documents.py", "src/PKG/embeddings.py",
        "src/PKG/evaluation.py", "src/PKG/index.py", "src/PKG/rag.py", "src/PKG/reader.py", "src/PKG/data/handbook.pdf",
        "src/PKG/data/it-policy.md", "src/PKG/data/eval.jsonl", "tests/test_api.py", "tests/test_chunking.py",
        "tests/test_cli.py", "tests/test_documents.py", "tests/test_embeddings.py", "tests/test_evaluation.py",
        "tests/test_index.py",
        "tests/test_ollama.py", "tests/test_rag.py"},
    "sql-agent": BASE_FILES | {
        "src/PKG/agent.py", "src/PKG/cli.py", "src/PKG/database.py", "src/PKG/guard.py", "src/PKG/offline.py",
        "src/PKG/data/shop.sql", "tests/test_agent.py", "tests/test_cli.py", "tests/test_database.py",
        "tests/test_guard.py", "tests/test_offline.py"},
    "prompt-playground": BASE_FILES | SERVICE_FILES | {
        "src/PKG/answers.py", "src/PKG/app.py", "src/PKG/cli.py", "src/PKG/offline.py", "src/PKG/playground.py",
        "src/PKG/strategies.py", "src/PKG/data/questions.yaml", "src/PKG/templates/zero_shot.yaml",
        "src/PKG/templates/few_shot.yaml", "src/PKG/templates/chain_of_thought.yaml",
        "src/PKG/templates/self_consistency.yaml", "tests/test_answers.py", "tests/test_app.py", "tests/test_cli.py",
        "tests/test_offline.py", "tests/test_playground.py", "tests/test_strategies.py"},
    "research-agent": BASE_FILES | {
        "langgraph.json", "src/PKG/cli.py", "src/PKG/configuration.py", "src/PKG/graph.py", "src/PKG/models.py",
        "src/PKG/offline.py", "src/PKG/offline_model.py", "src/PKG/prompts.py", "src/PKG/report.py",
        "src/PKG/retry.py", "src/PKG/search.py", "src/PKG/state.py", "src/PKG/tavily_search.py",
        "src/PKG/toolkit.py", *(f"src/PKG/data/corpus/{name}.md" for name in (
            "ai-funding-2025", "ai-startups-to-watch-2025", "helio-robotics-pause", "helio-robotics-series-b",
            "lumen-legal", "northwind-labs-series-c", "quanta-health-ai", "quantum-computing-roundup",
            "remote-work-survey", "verdant-grid")),
        "tests/test_cli.py", "tests/test_graph.py", "tests/test_models.py", "tests/test_offline_model.py",
        "tests/test_report.py", "tests/test_retry.py", "tests/test_search.py", "tests/test_tavily.py",
        "tests/test_toolkit.py", "tests/integration_tests/test_team_on_ollama.py"},
    "llm-eval": BASE_FILES | {
        "src/PKG/cli.py", "src/PKG/evaluate.py", "src/PKG/judge.py", "src/PKG/models.py", "src/PKG/offline.py",
        "src/PKG/rubric.py", "src/PKG/data/rubric.json", "src/PKG/data/eval_set.jsonl", "tests/test_cli.py",
        "tests/test_evaluate.py", "tests/test_judge.py", "tests/test_rubric.py"},
    "summarizer": BASE_FILES | {
        "src/PKG/cli.py", "src/PKG/evaluate.py", "src/PKG/offline.py", "src/PKG/rouge.py", "src/PKG/strategies.py",
        "src/PKG/text.py", "src/PKG/textmetrics.py", "src/PKG/data/references.json", "src/PKG/data/articles/rag.txt",
        "src/PKG/data/articles/transformers.txt", "tests/test_cli.py", "tests/test_rouge.py",
        "tests/test_strategies.py", "tests/test_text.py"},
    "tool-agent": BASE_FILES | {
        "src/PKG/agent.py", "src/PKG/cli.py", "src/PKG/http_tool.py", "src/PKG/offline.py", "src/PKG/protocol.py",
        "src/PKG/sandbox.py", "src/PKG/sandbox_runner.py", "src/PKG/schema.py", "src/PKG/tools.py",
        "src/PKG/toolset.py", "src/PKG/data/weather.json", "tests/test_agent.py", "tests/test_cli.py",
        "tests/test_http_tool.py", "tests/test_sandbox.py", "tests/test_schema.py", "tests/test_tools.py",
        "src/PKG/langchain_agent.py", "tests/test_langchain_agent.py"},
    "memory-assistant": BASE_FILES | {
        "src/PKG/assistant.py", "src/PKG/cli.py", "src/PKG/extraction.py", "src/PKG/memory.py", "src/PKG/offline.py",
        "src/PKG/sqlite_store.py", "src/PKG/store.py", "src/PKG/vectors.py", "tests/test_assistant.py",
        "tests/test_cli.py", "tests/test_extraction.py", "tests/test_memory.py", "tests/test_ollama.py",
        "tests/test_vectors.py"},
    "rag-eval": BASE_FILES | SERVICE_FILES | {
        "src/PKG/api.py", "src/PKG/bm25.py", "src/PKG/cli.py", "src/PKG/corpus.py", "src/PKG/evaluation.py",
        "src/PKG/offline.py", "src/PKG/prompts.py", "src/PKG/rag.py", "src/PKG/ragas_eval.py", "src/PKG/rerank.py",
        "src/PKG/retrieval.py", "src/PKG/tracing.py", "src/PKG/data/eval_set.jsonl", *(f"src/PKG/data/docs/{name}.md" for name in (
            "app-and-billing", "installation", "overview", "safety", "troubleshooting", "warranty")),
        "tests/test_api.py", "tests/test_bm25.py", "tests/test_cli.py", "tests/test_corpus.py",
        "tests/test_evaluation.py", "tests/test_ollama.py", "tests/test_ragas.py", "tests/test_rerank.py",
        "tests/test_retrieval.py", "tests/test_tracing.py"},
    "coding-agents": BASE_FILES | {
        "langgraph.json", "src/PKG/agents.py", "src/PKG/approval.py", "src/PKG/chat.py", "src/PKG/cli.py",
        "src/PKG/graph.py", "src/PKG/offline.py", "src/PKG/orchestrator.py", "src/PKG/sandbox.py",
        "src/PKG/tracing.py", "src/PKG/transcript.py", "src/PKG/workspace.py", "tests/test_agents.py",
        "tests/test_approval.py", "tests/test_chat.py", "tests/test_cli.py", "tests/test_graph.py",
        "tests/test_orchestrator.py", "tests/test_sandbox.py", "tests/test_tracing.py", "tests/test_workspace.py",
        "tests/integration_tests/test_team_on_ollama.py"},
    "finetune-api": BASE_FILES | SERVICE_FILES | {
        "accelerate.yaml", "tests/test_local_model.py", "src/PKG/api.py", "src/PKG/cli.py", "src/PKG/curate.py", "src/PKG/evaluation.py", "src/PKG/generators.py",
        "src/PKG/local_model.py", "src/PKG/metrics.py", "src/PKG/plan.py", "src/PKG/recipe.py", "src/PKG/security.py",
        "src/PKG/textmetrics.py", "src/PKG/train.py", "src/PKG/configs/train.yaml", "src/PKG/data/support.jsonl",
        *(f"src/PKG/tuning/{name}.py" for name in ("__init__", "records", "settings", "estimate", "hf")),
        *(f"tests/test_{name}.py" for name in ("api", "cli", "curate", "evaluation", "metrics", "plan", "security",
                                               "train", "tuning", "tuning_hf"))},
    "dpo-pipeline": BASE_FILES | {
        "accelerate.yaml", "src/PKG/rerank.py", "tests/test_rerank.py", "tests/test_sampler.py", "src/PKG/cards.py", "src/PKG/cli.py", "src/PKG/judge.py", "src/PKG/losses.py", "src/PKG/pipeline.py",
        "src/PKG/preferences.py", "src/PKG/stages.py", "src/PKG/train.py", "src/PKG/data/preferences.jsonl",
        "src/PKG/data/worked_example.json",
        *(f"src/PKG/configs/{name}.yaml" for name in ("pipeline", "sft", "reward", "dpo")),
        *(f"src/PKG/tuning/{name}.py" for name in ("__init__", "records", "settings", "estimate", "hf")),
        *(f"tests/test_{name}.py" for name in ("cards", "cli", "judge", "losses", "pipeline", "preferences", "train",
                                               "tuning", "tuning_hf"))},
}
BASE_LAYER = TEMPLATES / "_base" / "files"


def files_of(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}


def expected(template: str, package: str) -> set[str]:
    return {name.replace("PKG", package) for name in EXPECTED[template]}


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout


def template_version(template: str) -> str:
    return str(yaml.safe_load((TEMPLATES / template / "template.yaml").read_text())["version"])


@pytest.mark.parametrize("template", sorted(EXPECTED))
def test_a_template_generates_a_complete_project(default_project, template):
    dest, r = default_project(template)
    tmp_path = dest.parent.parent
    assert r.code == 0, r
    package = template.replace("-", "_")
    files = files_of(dest)
    assert expected(template, package) <= files
    # anything else must be a shared file the base layer gained since this list was written
    base = {name.replace("{{cookiecutter.package_name}}", package) for name in files_of(BASE_LAYER)}
    assert files - expected(template, package) <= base, files - expected(template, package) - base
    for path in dest.rglob("*"):
        if path.is_file() and ".git" not in path.parts and path.suffix != ".pdf":
            text = path.read_text(encoding="utf-8")
            assert "{{" not in text and "{%" not in text and "cookiecutter" not in text.lower(), path
            assert str(tmp_path) not in text, path  # no absolute paths in the project
    readme = (dest / "README.md").read_text(encoding="utf-8")
    assert "OrderedDict(" not in readme and "{'" not in readme and "[('" not in readme  # YAML read as a mapping
    pyproject = tomllib.loads((dest / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == template
    assert pyproject["project"]["scripts"] == {template: f"{package}.cli:main"}
    assert {"openai", "anthropic", "ollama", "test"} <= set(pyproject["project"]["optional-dependencies"])
    assert all(">=" in req for req in pyproject["project"]["dependencies"])  # lower bounds, no pins
    assert git(dest, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(dest, "status", "--porcelain") == ""  # everything committed, nothing ignored by mistake
    record = json.loads((dest / ".genai.json").read_text())
    assert record["template"] == template and record["template_version"] == template_version(template)
    assert record["answers"]["project_slug"] == template and record["answers"]["provider"] == "fake"
    assert "Next steps" in r.out and f"{template} " in r.out and "python -m pytest" in r.out


def test_answers_choose_files_packages_and_defaults(genai, tmp_path):
    dest = tmp_path / "bot"
    r = genai("new", "faq-chatbot", str(dest), "--no-input", "--no-git", "--set", "ui=none", "--set", "faq_format=txt",
              "--set", "provider=openai", "--set", "license=Apache-2.0", "--set", "project_name=Help Desk Bot",
              "--set", "context_entries=7")
    assert r.code == 0, r
    files = files_of(dest)
    assert "src/help_desk_bot/data/faq.txt" in files and "src/help_desk_bot/data/faq.json" not in files
    assert not files & {"src/help_desk_bot/app.py", "tests/test_app.py", "Dockerfile"}
    pyproject = tomllib.loads((dest / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == "help-desk-bot" and "ui" not in pyproject["project"]["optional-dependencies"]
    assert "LLM_PROVIDER=openai" in (dest / ".env.example").read_text()
    assert "Apache License" in (dest / "LICENSE").read_text()
    assert "CONTEXT_ENTRIES = 7" in (dest / "src/help_desk_bot/bot.py").read_text()
    answers = json.loads((dest / ".genai.json").read_text())["answers"]
    assert answers["context_entries"] == 7 and answers["package_name"] == "help_desk_bot"


def test_a_service_dockerfile_installs_the_chosen_provider(genai, tmp_path):
    r = genai("new", "rag-chatbot", str(tmp_path / "rag"), "--no-input", "--set", "provider=anthropic",
              "--set", "pdf_parser=pypdf", "--set", "vector_store=chroma", "--no-git")
    assert r.code == 0, r
    dockerfile = (tmp_path / "rag" / "Dockerfile").read_text()
    assert 'pip install --no-cache-dir ".[anthropic]"' in dockerfile and '"rag_chatbot.api:app"' in dockerfile
    dependencies = tomllib.loads((tmp_path / "rag" / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {"pypdf>=4.0", "langchain-chroma>=0.2"} <= set(dependencies)
    assert not any(d.startswith(("pymupdf", "faiss-cpu", "langchain-community")) for d in dependencies)
    assert "from langchain_chroma import Chroma" in (tmp_path / "rag/src/rag_chatbot/index.py").read_text()
    assert not (tmp_path / "rag" / ".git").exists() and "--no-git" in r.out


def test_list_and_its_json(genai):
    r = genai("new", "--list")
    assert r.code == 0 and "faq-chatbot" in r.out and "coding-agents" in r.out
    data = genai("new", "--list", "--json").json()
    assert data["schema"] == "genai.new.list/1"
    ids = [t["id"] for t in data["templates"]]
    assert len(ids) == 13 and {"faq-chatbot", "rag-chatbot", "sql-agent", "coding-agents"} <= set(ids)
    entry = next(t for t in data["templates"] if t["id"] == "rag-chatbot")
    assert {"id", "title", "level", "effort", "stack", "sources", "summary", "available", "new_command"} <= set(entry)
    assert entry["available"] is True and "zero-to-hero #1" in entry["sources"]
    built = {t["id"] for t in data["templates"] if t["available"]}
    # every template the documents name is built, and nothing else is
    assert built == set(ids) == {p.parent.name for p in TEMPLATES.glob("*/template.yaml")}


def test_unknown_template_lists_close_matches(genai, tmp_path):
    r = genai("new", "rag-chatbt", str(tmp_path / "x"), "--no-input", "--no-git")
    assert r.code == 1 and "no template 'rag-chatbt'" in r.err and "rag-chatbot" in r.err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("pair,message", [
    ("colour=blue", "'colour' is not a question"),
    ("ui=gradio", "not one of: streamlit, none"),
    ("context_entries=many", "not a whole number"),
    ("context_entries=99", "not between 1 and 20"),
    ("project_slug=../escape", "lowercase letters"),
    ("package_name=os", "shadow"),
    ("project_name=FastAPI", "shadow"),  # the derived package would hide the dependency
    ("project_name={{ 7*7 }}", "not allowed"),
    ("no-equals-sign", "KEY=VALUE"),
])
def test_bad_answers_are_usage_errors_and_write_nothing(genai, tmp_path, pair, message):
    r = genai("new", "faq-chatbot", str(tmp_path / "x"), "--no-input", "--no-git", "--set", pair)
    assert r.code == 2 and message in r.err, r
    assert "Traceback" not in r.err and not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".genai-new")] == []


def test_unknown_key_lists_the_valid_ones(genai, tmp_path):
    r = genai("new", "sql-agent", str(tmp_path / "x"), "--no-input", "--no-git", "--set", "max_retry=3")
    assert r.code == 2 and "did you mean 'max_retries'" in r.err and "row_limit" in r.err


def test_without_a_terminal_the_flags_are_named(genai, tmp_path):
    r = genai("new", "faq-chatbot", str(tmp_path / "x"))
    assert r.code == 2 and "--no-input", "--no-git" in r.err and "--set" in r.err
    assert genai("new").code == 2


def test_a_non_empty_dest_needs_force(genai, tmp_path):
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    r = genai("new", "sql-agent", str(dest), "--no-input", "--no-git")
    assert r.code == 1 and "not empty" in r.err and "--force" in r.err
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    r = genai("new", "sql-agent", str(dest), "--no-input", "--no-git", "--force")
    assert r.code == 0, r
    assert (dest / "notes.txt").read_text() == "mine" and (dest / "pyproject.toml").exists()
    (tmp_path / "empty").mkdir()
    assert genai("new", "sql-agent", str(tmp_path / "empty"), "--no-input", "--no-git").code == 0


def test_default_dest_is_the_slug_in_the_current_directory(genai, tmp_path):
    r = genai("new", "sql-agent", "--no-input", "--no-git", "--set", "project_name=Shop Insights", cwd=tmp_path)
    assert r.code == 0, r
    assert (tmp_path / "shop-insights" / "src" / "shop_insights" / "agent.py").exists()
    assert "cd shop-insights" in r.out


def test_dry_run_writes_nothing(genai, tmp_path, genai_home):
    r = genai("new", "rag-chatbot", str(tmp_path / "x"), "--no-input", "--no-git", "--dry-run", "-r", str(MINI))
    assert r.code == 0 and "nothing was written" in r.out and "src/rag_chatbot/rag.py" in r.out
    assert "chunk_size = 800" in r.out
    assert not (tmp_path / "x").exists() and not list(tmp_path.glob(".genai-new-*"))
    assert not (genai_home / "state.json").exists()


def test_cookiecutter_config_and_replay_are_left_alone(genai, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    config = tmp_path / "cookiecutterrc.yaml"
    config.write_text(f"default_context:\n  author_name: From The Config\nreplay_dir: {tmp_path / 'replay'}\n")
    env = {"HOME": str(home), "COOKIECUTTER_CONFIG": str(config)}
    r = genai("new", "sql-agent", str(tmp_path / "p"), "--no-input", "--no-git", env=env)
    assert r.code == 0, r
    assert "From The Config" not in (tmp_path / "p" / "LICENSE").read_text()
    assert not (tmp_path / "replay").exists() and list(home.iterdir()) == []


def test_inside_an_existing_repository_no_new_one_is_made(genai, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "mono")], check=True)
    r = genai("new", "sql-agent", str(tmp_path / "mono" / "agent"), "--no-input")
    assert r.code == 0 and "inside the repository" in r.out
    assert not (tmp_path / "mono" / "agent" / ".git").exists()


def test_without_git_the_project_is_still_made(genai, tmp_path):
    # A process of its own: GitPython looks for git once per process.
    r = run_genai_process("new", "sql-agent", str(tmp_path / "p"), "--no-input", env={"PATH": str(tmp_path / "nowhere")})
    assert r.code == 0, r
    assert "git is not installed" in r.out and (tmp_path / "p" / "pyproject.toml").exists()
    assert not (tmp_path / "p" / ".git").exists()


def test_without_a_git_identity_a_fallback_author_commits(genai, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "EMAIL"}
    env |= {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull}
    proc = subprocess.run([GENAI, "new", "sql-agent", str(tmp_path / "p"), "--no-input"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert git(tmp_path / "p", "log", "--format=%an").strip() == "genai-roadmap"


def test_a_failure_midway_leaves_nothing_behind(tmp_path, monkeypatch):
    from genai_roadmap.commands import new

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(new, "_move_into", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        new.new_project("sql-agent", tmp_path / "p", [], no_input=True, ask=None)
    assert not (tmp_path / "p").exists() and not list(tmp_path.glob(".genai-new-*"))


def test_generating_a_project_starts_its_roadmap_item(genai, tmp_path):
    dest = tmp_path / "rag"
    r = genai("new", "rag-chatbot", str(dest), "--no-input", "--no-git", "-r", str(MINI))
    assert r.code == 0 and "rag-project" in r.out and "in progress" in r.out
    items = {i["id"]: i for i in genai("status", "building", "-r", str(MINI), "--json").json()["phase"]["items"]}
    assert items["rag-project"]["status"] == "in_progress"
    assert items["rag-project"]["project_dir"] == str(dest)
    assert items["q-rag"]["project_dir"] is None
    assert f"project: {dest}" in genai("status", "building", "-r", str(MINI)).out
    # a finished item is left alone
    genai("check", "rag-project", "-r", str(MINI))
    assert genai("new", "rag-chatbot", str(tmp_path / "again"), "--no-input", "--no-git", "-r", str(MINI)).code == 0
    items = {i["id"]: i for i in genai("status", "building", "-r", str(MINI), "--json").json()["phase"]["items"]}
    assert items["rag-project"]["status"] == "done"


def test_help_has_an_example(genai):
    r = genai("new", "--help")
    assert r.code == 0 and "Example: genai new" in r.out


def test_env_example_lists_the_variables_each_choice_reads(genai, tmp_path):
    r = genai("new", "research-agent", str(tmp_path / "with"), "--no-input", "--no-git")
    assert r.code == 0, r
    env = (tmp_path / "with" / ".env.example").read_text()
    assert "# TAVILY_API_KEY=" in env and "LLM_PROVIDER=fake" in env and "sk-" not in env
    r = genai("new", "research-agent", str(tmp_path / "without"), "--no-input", "--no-git", "--set", "web_search=none")
    assert r.code == 0, r
    assert "TAVILY" not in (tmp_path / "without" / ".env.example").read_text()



@pytest.mark.parametrize("template,sets", [
    ("research-agent", []), ("research-agent", ["framework=plain", "web_search=none"]),
    ("research-agent", ["framework=autogen"]),
    ("coding-agents", []), ("coding-agents", ["framework=plain", "sandbox=docker"]),
])
def test_agent_readmes_render_lists_as_text_not_python_reprs(genai, tmp_path, template, sets):
    """An unquoted `key: value` in template.yaml once rendered as OrderedDict([...]) in the README."""
    r = genai("new", template, str(tmp_path / "p"), "--no-input", "--no-git", *[a for s in sets for a in ("--set", s)])
    assert r.code == 0, r
    readme = (tmp_path / "p" / "README.md").read_text()
    assert "OrderedDict" not in readme and "{'" not in readme and "['" not in readme
