"""`genai new --list` never promises a library the generated project does not use.

Each stack entry in templates.yaml is a concept ("Function calling") or a mapping. `{name,
package}` must be among the `[project] dependencies` of the project the default answers
generate; `{name, package, extra}` among that project's optional dependencies of `extra`;
`{name, choice: "question=value"}` must be a real answer of that template's questions. Library
names may not hide among the concepts, so the check cannot be dodged by leaving the package out.
"""

from __future__ import annotations

import re
import sys

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import run_genai

LIBRARIES = ("langchain", "langgraph", "llamaindex", "llama-index", "faiss", "chroma", "ragas", "autogen", "crewai",
             "peft", "trl", "streamlit", "fastapi", "openai sdk", "pymupdf", "pydantic", "tavily", "bitsandbytes",
             "rouge", "transformers", "accelerate", "vllm", "bm25", "sentence-transformers", "langsmith",
             "opentelemetry", "jsonschema", "pypdf", "wandb", "weights & biases", "httpx", "pgvector", "psycopg")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_norm(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in requirements}


def templates() -> list[dict]:
    return run_genai("new", "--list", "--json").json()["templates"]


@pytest.mark.parametrize("template", [t["id"] for t in templates()])
def test_every_stack_library_is_used_by_the_default_project(default_project, template):
    entry = next(t for t in templates() if t["id"] == template)
    hidden = [e["name"] for e in entry["stack_entries"] if set(e) == {"name"}
              and any(lib in e["name"].lower() for lib in LIBRARIES)]
    assert not hidden, f"{template}: the stack names libraries as concepts, without their package: {hidden}"
    dest, r = default_project(template)
    assert r.code == 0, r
    project = tomllib.loads((dest / "pyproject.toml").read_text())["project"]
    default = _names(project.get("dependencies", []))
    extras = {extra: _names(deps) for extra, deps in project.get("optional-dependencies", {}).items()}
    questions = {q["name"]: q for q in yaml.safe_load(_template_yaml(template)).get("questions") or []}
    for e in entry["stack_entries"]:
        if "package" in e and "extra" not in e:
            assert _norm(e["package"]) in default, f"{template}: {e} is not a default dependency: {sorted(default)}"
        elif "extra" in e:
            assert _norm(e["package"]) in extras.get(e["extra"], set()), f"{template}: {e} not in extra {e['extra']}"
        elif "choice" in e:
            question, _, value = e["choice"].partition("=")
            assert question in questions and value in [str(c) for c in questions[question].get("choices", [])], \
                f"{template}: {e} names no answer of its questions"


def _template_yaml(template: str) -> str:
    from genai_roadmap import paths

    return (paths.project_templates_dir() / template / "template.yaml").read_text()
