"""`genai new`: start a portfolio project from a template (rendering itself lives in scaffold.py)."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from genai_roadmap import files
from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.scaffold import (
    Ask,
    Template,
    TemplateInfo,
    enclosing_repo,
    git_commit,
    list_templates,
    load_template,
    output_path,
    parse_sets,
    plan,
    project_context,
    render_project,
    resolve_answers,
)

__all__ = ["NewResult", "list_templates", "new_project"]


@dataclass
class NewResult:
    template: TemplateInfo
    version: str
    dest: Path
    answers: dict[str, Any]
    files: list[str]
    dry_run: bool = False
    git: str = ""  # what happened with git, in words
    git_ok: bool = False
    started: list[tuple[str, str, str]] = field(default_factory=list)  # roadmap id, item id, status before
    next_steps: list[tuple[str, str]] = field(default_factory=list)  # command, what it does
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def check_dest(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise GenaiError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise GenaiError(f"{dest} already exists and is not empty; nothing was written",
                         hint="choose another DEST, or add --force to write into it (same-named files are replaced)")


def new_project(name: str, dest: Path | None, sets: list[str], *, no_input: bool, ask: Ask | None,
                git: bool = True, dry_run: bool = False, force: bool = False, roadmap: str | None = None,
                step: Callable[[str], None] = lambda text: None) -> NewResult:
    """Resolve the template and answers, render, commit, move into DEST, mark the roadmap item."""
    started_at = time.perf_counter()
    template = load_template(name)
    given = parse_sets(template, sets)
    if dest is not None:
        check_dest(dest, force)
    if not no_input and ask is None:
        raise UsageError("genai new asks questions, and this is not a terminal",
                         hint="pass --no-input to take the defaults, with --set KEY=VALUE for the answers you want "
                              "to change (see them with: genai new " + name + " --dry-run --no-input)")
    answers = resolve_answers(template, given, None if no_input else ask)
    dest = (dest or Path(answers["project_slug"])).expanduser().absolute()
    if dest.is_symlink() and dest.is_dir():
        dest = dest.resolve()  # a link to a directory: the project goes into the directory it names
    check_dest(dest, force)
    result = NewResult(template.info, template.version, dest, answers,
                       [output_path(rel, answers) for rel, _ in plan(template, answers)], dry_run=dry_run)
    result.next_steps = _next_steps(template, answers, dest)
    if dry_run:
        result.seconds = time.perf_counter() - started_at
        return result
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".genai-new-") as tmp:
        step(f"Rendering {template.info.id}…")
        project = render_project(template, answers, Path(tmp))
        result.git, result.git_ok = _commit_step(project, dest, git, template, step)
        step(f"Moving into {dest}…")
        _move_into(project, dest)
    step("Updating your progress…")
    result.started, warning = _start_roadmap_items(roadmap, template.info.id, dest)
    if warning:
        result.warnings.append(warning)
    result.seconds = time.perf_counter() - started_at
    return result


def _commit_step(project: Path, dest: Path, git: bool, template: Template, step) -> tuple[str, bool]:
    if not git:
        return "no git repository (--no-git)", False
    outer = enclosing_repo(dest.parent)
    if outer is not None:
        return f"no new git repository: {dest} is inside the repository at {outer}", False
    step("Creating the git repository and first commit…")
    try:
        sha = git_commit(project, f"Start {template.info.id} project from genai-roadmap template "
                                  f"{template.info.id} {template.version}")
    except GenaiError as exc:
        shutil.rmtree(project / ".git", ignore_errors=True)
        return f"no git repository: {exc.message} (create one later with: git init)", False
    return f"git repository with a first commit ({sha})", True


def _move_into(project: Path, dest: Path) -> None:
    if dest.is_dir() and not any(dest.iterdir()):
        dest.rmdir()
    if not dest.exists():
        files.move_atomic(project, dest)
        return
    # --force into a non-empty directory: everything is rendered already, so only copying is left.
    shutil.copytree(project, dest, dirs_exist_ok=True)


def _next_steps(template: Template, answers: dict[str, Any], dest: Path) -> list[tuple[str, str]]:
    try:
        shown = dest.relative_to(Path.cwd())
    except ValueError:
        shown = dest
    steps = [
        (f"cd {shown}", "go to the project"),
        ("python -m venv .venv && . .venv/bin/activate", "a virtual environment for it"),
        ("python -m pip install -e '.[test]'", "install it with its test tools"),
        ("python -m pytest", "run its tests (offline, no API key needed)"),
    ]
    context = project_context(template, answers)
    steps += [(step["cmd"], step["what"]) for step in context["_genai"]["run"]]
    return steps


def _start_roadmap_items(roadmap_name: str | None, template_id: str, dest: Path) -> tuple[list, str | None]:
    """Mark pending items of the roadmap that use this template as in progress, with the project path."""
    from genai_roadmap import progress, state
    from genai_roadmap.selection import select

    try:
        rm, _ = select(roadmap_name)
    except GenaiError as exc:
        return [], f"your progress was not updated: {exc.message}"
    items = [item for item in rm.items if item.template == template_id]
    started = []
    if not items:
        return started, None
    with state.update_state() as current:
        prog = progress.Progress(rm, current)
        for item in items:
            before = prog.status(item)
            if before in progress.FINISHED:
                continue
            record = state.set_status(current, rm.id, item.id, "in_progress")
            record["project_dir"] = str(dest)
            started.append((rm.id, item.id, before))
    return started, None
