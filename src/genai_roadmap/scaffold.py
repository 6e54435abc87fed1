"""`genai new`: project templates, their questions, rendering with cookiecutter, the first commit.

A generated project is assembled from two layers, so that a fix to a shared file lands once:

    project_templates/_base/   base.yaml (questions every project asks, packages) and files/
                               (pyproject, README, CI, .gitignore, providers/, tests/conftest.py…)
    project_templates/<id>/    template.yaml (its questions, packages, README text) and files/

`generate` copies both layers into a temporary cookiecutter template (leaving out files whose
`only_if` condition does not hold for the answers), renders it with cookiecutter (no prompts, no
user config, replay files kept in the temporary directory), commits it with git, and only then
moves it into DEST with one rename, so a failure at any step leaves nothing behind.

Answers are validated here, before anything is written, whether they come from `--set`, from
the prompts or from defaults.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import keyword
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from genai_roadmap import __version__, paths
from genai_roadmap.errors import GenaiError, NotFoundError, UsageError

BASE_DIR_NAME = "_base"
PROJECT_DIR = "{{cookiecutter.project_slug}}"
QUESTION_TYPES = ("text", "choice", "int")
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Jinja markers in an answer would be evaluated by cookiecutter: never let them through.
TEMPLATE_MARKERS = ("{{", "}}", "{%", "%}", "{#", "#}")


class TemplateError(GenaiError):
    """A template's own files are wrong (a bug in a template, not in the user's answers)."""


# --- questions ----------------------------------------------------------------------------------
@dataclass
class Question:
    name: str
    prompt: str
    type: str = "text"
    default: Any = None
    choices: list[str] = field(default_factory=list)
    pattern: str | None = None
    pattern_help: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    derive: str | None = None  # "slug:project_name" → the slug of that earlier answer
    help: str | None = None

    def check(self, raw: Any) -> Any:
        """The answer as stored, or ValueError saying what a valid answer looks like."""
        text = str(raw).strip()
        if self.type == "choice":
            if text not in self.choices:
                raise ValueError(f"'{text}' is not one of: {', '.join(self.choices)}")
            return text
        if self.type == "int":
            try:
                number = int(text)
            except ValueError:
                raise ValueError(f"'{text}' is not a whole number") from None
            if self.minimum is not None and number < self.minimum or self.maximum is not None and number > self.maximum:
                raise ValueError(f"{number} is not between {self.minimum} and {self.maximum}")
            return number
        if not text:
            raise ValueError("an answer is required")
        if len(text) > 200 or any(ord(c) < 32 for c in text):
            raise ValueError("use one line of at most 200 characters")
        if any(marker in text for marker in TEMPLATE_MARKERS):
            raise ValueError("'{{', '{%' and '{#' are not allowed")
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise ValueError(self.pattern_help or f"must match {self.pattern}")
        if self.name == "package_name" and (keyword.iskeyword(text) or text in _RESERVED_PACKAGES):
            raise ValueError(f"'{text}' would shadow a Python module; pick another name")
        return text

    def is_valid(self, raw: str) -> bool | str:
        """questionary's validator protocol: True, or the message to show."""
        try:
            self.check(raw)
        except ValueError as exc:
            return str(exc)
        return True


# A package with one of these names would shadow the standard library or a library the generated
# projects import.
_RESERVED_PACKAGES = set(sys.stdlib_module_names) | {
    "test", "tests", "src", "openai", "anthropic", "ollama", "streamlit", "fastapi", "uvicorn", "starlette",
    "pydantic", "httpx", "pypdf", "pymupdf", "fitz", "faiss", "numpy", "pytest", "ruff", "rouge_score",
    "torch", "transformers", "peft", "trl", "datasets", "yaml", "requests", "multipart"}


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if slug and not slug[0].isalpha():
        slug = "p-" + slug
    return slug[:40].rstrip("-") or "project"  # 40: generated code lines stay within ruff's limit


def _derive(rule: str, answers: dict[str, Any]) -> str:
    how, _, source = rule.partition(":")
    value = str(answers.get(source, ""))
    if how == "slug":
        return slugify(value)
    if how == "package":
        return slugify(value).replace("-", "_")
    raise TemplateError(f"unknown derive rule '{rule}'")


# --- templates ----------------------------------------------------------------------------------
@dataclass
class TemplateInfo:
    """One entry of templates.yaml."""

    id: str
    title: str
    level: str
    effort: str
    stack: list[str]  # names as shown
    sources: list[str]
    summary: str
    path: Path
    stack_entries: list[dict[str, str]] = field(default_factory=list)  # name, package?, extra?, choice?

    @property
    def available(self) -> bool:
        return (self.path / "template.yaml").is_file()


@dataclass
class Template:
    info: TemplateInfo
    version: str
    questions: list[Question]
    spec: dict[str, Any]  # base.yaml and template.yaml merged: packages, only_if, service, readme…
    layers: list[Path]  # files/ folders, base first

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)


def templates_root() -> Path:
    return paths.project_templates_dir()


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        # The C loader when PyYAML has it: the pure-Python one costs more than the rendering.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"cannot read {path}: {exc}") from None


def list_templates() -> list[TemplateInfo]:
    registry = templates_root() / "templates.yaml"
    data = _read_yaml(registry)
    infos = []
    for index, entry in enumerate((data or {}).get("templates") or []):
        try:
            names, packages = _stack(entry.get("stack") or [])
            infos.append(TemplateInfo(entry["id"], entry["title"], entry.get("level", ""), entry.get("effort", ""),
                                      names, list(entry.get("sources") or []),
                                      entry.get("summary", ""), templates_root() / entry["id"], packages))
        except (KeyError, TypeError, AttributeError):
            raise TemplateError(f"{registry}: templates[{index}]: needs at least 'id' and 'title'; each stack "
                                "entry is a name or {name, package}") from None
    return infos


def _stack(entries: list) -> tuple[list[str], list[dict[str, str]]]:
    """Stack names as shown, and each entry as data.

    An entry is a concept ("Function calling") or a mapping: `{name, package}` for a library the
    default project depends on, `{name, package, extra}` for one in an extra of the default project
    (shown as "Name (train extra)"), `{name, choice: "question=value"}` for one a non-default answer
    brings in (shown as "Name (choice)"). tests/test_template_stacks.py holds every entry to that.
    """
    names, detail = [], []
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
            detail.append({"name": entry})
            continue
        item = {key: str(entry[key]) for key in ("name", "package", "extra", "choice") if entry.get(key)}
        names.append(item["name"] + (f" ({item['extra']} extra)" if "extra" in item else
                                     " (choice)" if "choice" in item else ""))
        detail.append(item)
    return names, detail


def find_template(name: str) -> TemplateInfo:
    infos = list_templates()
    for info in infos:
        if info.id == name:
            if not info.available:
                built = ", ".join(i.id for i in infos if i.available)
                raise NotFoundError(f"template '{name}' is planned but not built yet",
                                    hint=f"templates you can use now: {built}")
            return info
    ids = [info.id for info in infos]
    close = difflib.get_close_matches(name, ids, n=3, cutoff=0.5)
    raise NotFoundError(f"no template '{name}'" + (f"; did you mean: {', '.join(close)}?" if close else ""),
                        hint="list them with: genai new --list")


def _questions(raw: Any, file: Path) -> list[Question]:
    questions = []
    for index, entry in enumerate(raw or []):
        where = f"{file}: questions[{index}]"
        if not isinstance(entry, dict) or "name" not in entry:
            raise TemplateError(f"{where}: each question needs a 'name'")
        unknown = set(entry) - set(Question.__dataclass_fields__)
        if unknown:
            raise TemplateError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        question = Question(**{"prompt": entry["name"], **entry})
        if question.type not in QUESTION_TYPES:
            raise TemplateError(f"{where}.type: '{question.type}' is not one of {', '.join(QUESTION_TYPES)}")
        if question.type == "choice" and (not question.choices or question.default not in question.choices):
            raise TemplateError(f"{where}: a choice question needs 'choices' including its 'default'")
        questions.append(question)
    return questions


def load_template(name: str) -> Template:
    info = find_template(name)
    base_dir = templates_root() / BASE_DIR_NAME
    base = _read_yaml(base_dir / "base.yaml") or {}
    own_file = info.path / "template.yaml"
    own = _read_yaml(own_file) or {}
    for key in ("version", "readme"):
        if key not in own:
            raise TemplateError(f"{own_file}: '{key}' is required")
    questions = _questions(base.get("questions"), base_dir / "base.yaml") + _questions(own.get("questions"), own_file)
    names = [q.name for q in questions]
    if len(set(names)) != len(names):
        raise TemplateError(f"{own_file}: a question repeats a name: {', '.join(n for n in names if names.count(n) > 1)}")
    defaults = {"description": info.summary, **(own.get("defaults") or {})}
    for question in questions:
        if question.name in defaults:
            question.default = defaults[question.name]
    spec = {
        "packages": list(base.get("packages") or []) + list(own.get("packages") or []),
        "only_if": {**(base.get("only_if") or {}), **(own.get("only_if") or {})},
        "copy_without_render": list(base.get("copy_without_render") or []) + list(own.get("copy_without_render") or []),
        "scripts": own.get("scripts") or {},
        "flags": list(own.get("flags") or []),
        "service": own.get("service") or [],
        "env": own.get("env") or [],
        "readme": own["readme"],
        "licenses": base_dir / "licenses",
        "acceptance": _acceptance(own.get("acceptance"), own_file),
    }
    return Template(info, str(own["version"]), questions, spec, [base_dir / "files", info.path / "files"])


def _acceptance(raw: Any, file: Path) -> list:
    """The template's acceptance checks, validated (see acceptance.py for the schema)."""
    from genai_roadmap import acceptance

    try:
        return acceptance.parse_checks(raw)
    except acceptance.AcceptanceError as exc:
        raise TemplateError(f"{file}: {exc}") from None


# --- answers ------------------------------------------------------------------------------------
Ask = Callable[[Question, Any], Any]


def parse_sets(template: Template, sets: list[str]) -> dict[str, Any]:
    """`--set KEY=VALUE` pairs, each checked against its question."""
    answers: dict[str, Any] = {}
    valid = ", ".join(q.name for q in template.questions)
    for pair in sets:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise UsageError(f"--set takes KEY=VALUE, got '{pair}'", hint=f"keys for {template.info.id}: {valid}")
        question = template.question(key)
        if question is None:
            close = difflib.get_close_matches(key, [q.name for q in template.questions], n=1)
            raise UsageError(f"--set: '{key}' is not a question of template '{template.info.id}'"
                             + (f"; did you mean '{close[0]}'?" if close else ""), hint=f"valid keys: {valid}")
        try:
            answers[key] = question.check(value)
        except ValueError as exc:
            raise UsageError(f"--set {key}: {exc}") from None
    return answers


def resolve_answers(template: Template, given: dict[str, Any], ask: Ask | None) -> dict[str, Any]:
    """Every question's answer, in order: from --set, else asked (when `ask`), else its default.

    Defaults may derive from earlier answers (the slug from the name, the package from the slug),
    and every answer is checked before it is used.
    """
    answers: dict[str, Any] = {}
    for question in template.questions:
        default = _derive(question.derive, answers) if question.derive else question.default
        if default is None and question.name == "author_name":
            default = _git_user_name() or "Your Name"
        if question.name in given:
            answers[question.name] = given[question.name]
        elif ask is not None:
            answers[question.name] = question.check(ask(question, default))
        else:
            try:
                answers[question.name] = question.check(default)
            except ValueError as exc:
                raise UsageError(f"the default for '{question.name}' is not valid here ({exc})",
                                 hint=f"pass one with: --set {question.name}=VALUE") from None
    return answers


def _git_user_name() -> str | None:
    try:
        proc = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    name = proc.stdout.strip()
    return name if proc.returncode == 0 and name and not any(m in name for m in TEMPLATE_MARKERS) else None


# --- assembling and rendering -------------------------------------------------------------------
def _holds(condition: dict[str, Any], facts: dict[str, Any]) -> bool:
    """`{ui: streamlit}` or `{ui: [streamlit, fastapi]}`: every key must match."""
    for key, wanted in condition.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if facts.get(key) not in options:
            return False
    return True


def _fmt(text: str, answers: dict[str, Any]) -> str:
    return text.format(**answers)


def project_context(template: Template, answers: dict[str, Any]) -> dict[str, Any]:
    """What the files are rendered with: the answers plus `_genai` (packages, README text…)."""
    spec = template.spec
    dependencies: list[str] = []
    extras: dict[str, list[str]] = {}
    for entry in spec["packages"]:
        if _holds(entry.get("when") or {}, answers):
            dependencies += entry.get("dependencies") or []
            for extra, reqs in (entry.get("extras") or {}).items():
                extras.setdefault(extra, []).extend(reqs)
    service = next((s for s in spec["service"] if _holds(s.get("when") or {}, answers)), None)
    readme = spec["readme"]
    run = [{"cmd": _fmt(step["cmd"], answers), "what": step.get("what", "")}
           for step in readme.get("run") or [] if _holds(step.get("when") or {}, answers)]
    record = {"template": template.info.id, "template_version": template.version,
              "generator": f"genai-roadmap {__version__}", "answers": answers}
    if spec.get("acceptance"):
        from genai_roadmap import acceptance

        try:
            checks = acceptance.fill_answers(spec["acceptance"], answers)
        except acceptance.AcceptanceError as exc:
            raise TemplateError(f"template '{template.info.id}': {exc}") from None
        record["acceptance"] = [check.as_data() for check in checks]
    genai = {
        "template": template.info.id,
        "title": template.info.title,
        "dependencies": dependencies,
        "extras": extras,
        "scripts": {_fmt(k, answers): _fmt(v, answers) for k, v in spec["scripts"].items()},
        "service": {"port": service["port"], "command": [_fmt(c, answers) for c in service["command"]],
                    "install": _install_extras([service.get("extra"), answers.get("provider")], extras)}
        if service else None,
        "goal": readme["goal"].strip(),
        "how": _fmt(readme.get("how", ""), answers).strip(),
        "run": run,
        # extra lines for the base .env.example: the variables this project reads besides the provider's
        "env": [{"name": v["name"], "value": str(v.get("value", "")), "help": v.get("help", "")}
                for v in spec["env"] if _holds(v.get("when") or {}, answers)],
        "ideas": readme.get("ideas") or [],
        "sources": template.info.sources,
        "record": record,
    }
    return {**answers, "_genai": genai, "_copy_without_render": spec["copy_without_render"]}


def _install_extras(wanted: list[str | None], extras: dict[str, list[str]]) -> str:
    """`[ui,openai]` for `pip install .[ui,openai]`: the service's extra and the provider's SDK."""
    chosen = [name for name in wanted if name and name in extras]
    return f"[{','.join(chosen)}]" if chosen else ""


def _facts(template: Template, answers: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """What `only_if` conditions see: the answers, `service`, and the template's `flags` (true)."""
    flags = {flag: True for flag in template.spec["flags"]}
    return {**flags, **answers, "service": context["_genai"]["service"] is not None}


def _condition(only_if: dict[str, dict], rel: str) -> dict | None:
    """The `only_if` condition for a file: its exact path, else the first glob that matches it."""
    if rel in only_if:
        return only_if[rel]
    return next((cond for pattern, cond in only_if.items() if fnmatch.fnmatchcase(rel, pattern)), None)


# Left behind in a template folder by running tools there; never part of a generated project.
_JUNK = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".DS_Store"}


def plan(template: Template, answers: dict[str, Any]) -> list[tuple[str, Path]]:
    """(path in the generated project, source file) for every file, later layers winning."""
    context = project_context(template, answers)
    facts = _facts(template, answers, context)
    chosen: dict[str, Path] = {}
    for layer in template.layers:
        if not layer.is_dir():
            continue
        for source in sorted(p for p in layer.rglob("*") if p.is_file()):
            rel = source.relative_to(layer).as_posix()
            if set(rel.split("/")) & _JUNK or rel.endswith((".pyc", ".pyo")):
                continue
            condition = _condition(template.spec["only_if"], rel)
            if condition is not None and not _holds(condition, facts):
                continue
            chosen[rel] = source
    chosen["LICENSE"] = template.spec["licenses"] / f"{answers['license']}.txt"
    if not chosen["LICENSE"].is_file():
        raise TemplateError(f"no license text for '{answers['license']}' in {template.spec['licenses']}")
    return sorted(chosen.items())


def output_path(rel: str, answers: dict[str, Any]) -> str:
    return rel.replace("{{cookiecutter.package_name}}", answers["package_name"]).replace(
        "{{cookiecutter.project_slug}}", answers["project_slug"])


def render_project(template: Template, answers: dict[str, Any], work: Path) -> Path:
    """Render into `work/out/<slug>` with cookiecutter, the user's config and replay out of the way."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter
    from jinja2 import TemplateError as JinjaError

    import glob

    source = work / "template"
    project = source / PROJECT_DIR
    verbatim = []  # files with no Jinja in them: copied, not parsed (most of a template; saves time)
    for rel, src in plan(template, answers):
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        data = src.read_bytes()
        if not any(marker in data for marker in (b"{{", b"{%", b"{#")):
            verbatim.append(glob.escape(rel))
    context = project_context(template, answers)
    context["_copy_without_render"] = [*context["_copy_without_render"], *verbatim]
    (source / "cookiecutter.json").write_text(json.dumps(context, indent=2), encoding="utf-8")
    out = work / "out"
    try:
        rendered = cookiecutter(
            str(source), no_input=True, extra_context={k: str(v) for k, v in answers.items()},
            replay=False, overwrite_if_exists=False, output_dir=str(out), accept_hooks=False,
            # A dict here means: no config file at all (not ~/.cookiecutterrc, not
            # COOKIECUTTER_CONFIG), and replay/clone dirs inside our temporary directory.
            default_config={"replay_dir": str(work / "replay"), "cookiecutters_dir": str(work / "clones")},
        )
    except (CookiecutterException, JinjaError) as exc:
        raise TemplateError(f"template '{template.info.id}' failed to render: {exc}") from None
    result = Path(rendered).resolve()
    if result.parent != out.resolve():
        raise TemplateError(f"template '{template.info.id}' rendered outside its output directory")
    _check_rendered(template, result)
    return result


def _check_rendered(template: Template, project: Path) -> None:
    """Nothing outside the project, and no Jinja marker left in a rendered file (a template bug)."""
    verbatim = template.spec["copy_without_render"]
    for path in project.rglob("*"):
        if not path.resolve().is_relative_to(project):
            raise TemplateError(f"template '{template.info.id}' wrote outside the project: {path}")
        rel = path.relative_to(project).as_posix()
        if not path.is_file() or any(fnmatch.fnmatch(rel, pattern) for pattern in verbatim):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: copied as it is
        if "{{" in text or "{%" in text:
            raise TemplateError(f"template '{template.info.id}' left an unrendered marker in {rel}")


# --- git ----------------------------------------------------------------------------------------
FALLBACK_AUTHOR = ("genai-roadmap", "genai-roadmap@localhost")


def enclosing_repo(path: Path) -> Path | None:
    """The git work tree `path` would be inside, if any (without needing GitPython)."""
    for candidate in [path, *path.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


def git_commit(project: Path, message: str) -> str:
    """`git init` and a first commit; returns the short commit id. Raises GenaiError with the reason."""
    try:
        import git
    except ImportError as exc:  # GitPython raises ImportError when no git executable is found
        raise GenaiError(f"git is not installed or not on PATH ({str(exc).splitlines()[0]})") from None
    try:
        try:
            repo = git.Repo.init(project, initial_branch="main")
        except git.GitCommandError:  # git older than 2.28 has no --initial-branch
            repo = git.Repo.init(project)
        reader = repo.config_reader()
        name = reader.get_value("user", "name", "") or ""
        email = reader.get_value("user", "email", "") or ""
        env = {}
        if not (name and email):
            env = {"GIT_AUTHOR_NAME": FALLBACK_AUTHOR[0], "GIT_AUTHOR_EMAIL": FALLBACK_AUTHOR[1],
                   "GIT_COMMITTER_NAME": FALLBACK_AUTHOR[0], "GIT_COMMITTER_EMAIL": FALLBACK_AUTHOR[1]}
        repo.git.add("--all")
        with repo.git.custom_environment(**env):
            repo.git.commit("--no-verify", "-q", "-m", message)
        return repo.head.commit.hexsha[:7]
    except git.GitError as exc:
        raise GenaiError(f"git failed: {str(exc).strip().splitlines()[-1]}") from None
