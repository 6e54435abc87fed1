"""The `genai` command line: thin commands that parse options, call one function in actions.py and
hand its result to a renderer in render.py.

Heavy libraries (cookiecutter, git, questionary, hardware probes) are imported inside the
commands that use them, so `genai --help` and `genai next` start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from genai_roadmap import __version__
from genai_roadmap.errors import EXIT_ERROR, GenaiError, RoadmapError, UsageError

app = typer.Typer(
    name="genai",
    help="Study companion for learning Generative AI: roadmaps, progress, hardware checks, starter projects.\n\n"
    "Start with: genai next",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
roadmap_app = typer.Typer(help="List, inspect, switch, add and validate roadmaps.", no_args_is_help=True)
state_app = typer.Typer(help="Look after the progress file.", no_args_is_help=True)
app.add_typer(roadmap_app, name="roadmap")
app.add_typer(state_app, name="state")

_debug = False

RoadmapOption = typer.Option(
    None, "--roadmap", "-r", metavar="ID|PATH",
    help="Roadmap id or path to a roadmap YAML file (default: the active roadmap).",
)
JsonOption = typer.Option(False, "--json", help="Print JSON for scripts instead of text.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genai-roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors (or set GENAI_DEBUG=1)."),
) -> None:
    global _debug
    _debug = debug


@app.command("next")
def next_command(
    count: int = typer.Option(3, "--count", "-n", help="How many items to show."),
    phase: Optional[str] = typer.Option(None, "--phase", "-p", help="Only this phase (id, number or title)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """What to do now: the next items not done, in roadmap order, respecting dependencies.

    Example: genai next -n 5 --phase p1-ml-foundations
    """
    from genai_roadmap import actions, render

    result = actions.next_items(roadmap, count, phase)
    render.next_json(result) if json else render.next_text(result)


@app.command("check")
def check_command(
    items: Optional[List[str]] = typer.Argument(None, metavar="ITEM...", help="Item ids, aliases, id prefixes or title words."),
    undo: bool = typer.Option(False, "--undo", help="Mark back to pending."),
    skip: bool = typer.Option(False, "--skip", help="Mark as skipped (counts as finished)."),
    start: bool = typer.Option(False, "--start", help="Mark as in progress."),
    note: Optional[str] = typer.Option(None, "--note", help="Attach a note to the items."),
    roadmap: Optional[str] = RoadmapOption,
) -> None:
    """Tick items off (or --undo, --skip, --start them). With no ITEM on a terminal, pick from a checklist.

    Example: genai check p0-linear-algebra p0-calculus --note "3Blue1Brown series"
    """
    from genai_roadmap import actions, prompts, render

    chosen = [flag for flag, on in (("undo", undo), ("skip", skip), ("start", start)) if on]
    if len(chosen) > 1:
        raise UsageError("use only one of --undo, --skip, --start")
    if items:
        result = actions.check(roadmap, items, chosen[0] if chosen else "done", note)
    else:
        if not prompts.interactive():
            raise UsageError("missing argument ITEM: name the items to check (e.g. genai check ITEM), "
                             "or run on a terminal to pick them from a checklist")
        if chosen or note:
            raise UsageError("--undo, --skip, --start and --note need ITEM arguments")
        result = _pick_interactively(roadmap)
    render.check_text(result)


def _pick_interactively(name: Optional[str]):
    from genai_roadmap import actions, progress, prompts

    rm, current = actions.select(name)
    prog = progress.Progress(rm, current)
    phase = progress.current_phase(prog)
    choices = [(item.id, f"{item.title}  ({item.id})", prog.status(item) == "done") for item in phase.items]
    ticked = prompts.checklist(f"{phase.title}: which are done?", choices)
    return actions.check_selection(rm, phase, ticked)


@app.command("status")
def status_command(
    phase: Optional[str] = typer.Argument(None, metavar="[PHASE]", help="Show this phase's checklist (id, number or title)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Progress per phase with bars; with PHASE, that phase's checklist.

    Example: genai status   ·   genai status 2
    """
    from genai_roadmap import actions, render

    result = actions.status(roadmap, phase)
    render.status_json(result) if json else render.status_text(result)


@app.command("path")
def path_command(json: bool = JsonOption) -> None:
    """Print every location genai uses (state, backups, cache, roadmaps, templates).

    Example: genai path --json
    """
    from genai_roadmap import paths, render

    locations = paths.all_locations()
    render.paths_json(locations) if json else render.paths_text(locations)


# --- roadmap ------------------------------------------------------------------------------------
@roadmap_app.command("list")
def roadmap_list(json: bool = JsonOption) -> None:
    """List bundled and added roadmaps; * marks the active one.

    Example: genai roadmap list
    """
    from genai_roadmap import actions, render

    summaries = actions.list_roadmaps()
    render.roadmap_list_json(summaries) if json else render.roadmap_list_text(summaries)


@roadmap_app.command("show")
def roadmap_show(
    roadmap_id: Optional[str] = typer.Argument(None, metavar="[ID|PATH]", help="Default: the active roadmap."),
    json: bool = JsonOption,
) -> None:
    """Show a roadmap's phases and items (--json: the whole roadmap as data).

    Example: genai roadmap show llm-systems
    """
    from genai_roadmap import actions, render

    rm, prog = actions.show_roadmap(roadmap_id)
    render.roadmap_show_json(rm, prog) if json else render.roadmap_show_text(rm, prog)


@roadmap_app.command("use")
def roadmap_use(roadmap_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Make ID the active roadmap for every command.

    Example: genai roadmap use llm-engineer
    """
    from genai_roadmap import actions, render

    rm = actions.use_roadmap(roadmap_id)
    render.message(f"Active roadmap: {rm.id} ({rm.title})")


@roadmap_app.command("add")
def roadmap_add(
    file: Path = typer.Argument(..., metavar="FILE", help="A roadmap YAML file."),
    force: bool = typer.Option(False, "--force", help="Replace an added roadmap with the same id."),
    use: bool = typer.Option(False, "--use", help="Also make it the active roadmap."),
) -> None:
    """Validate FILE and add it to your roadmaps (a copy is kept in the data directory).

    Example: genai roadmap add my-roadmap.yaml --use
    """
    from genai_roadmap import actions, render

    rm = actions.add_roadmap(file, force, use)
    render.message(f"Added roadmap {rm.id} ({len(rm.items)} items) as {rm.path}"
                   + ("; it is now active" if use else f"; switch to it with: genai roadmap use {rm.id}"))


@roadmap_app.command("validate")
def roadmap_validate(
    file: Path = typer.Argument(..., metavar="FILE"),
    json: bool = JsonOption,
) -> None:
    """Check a roadmap file; every problem is printed as FILE:LINE:COLUMN: FIELD: message.

    Example: genai roadmap validate my-roadmap.yaml
    """
    from genai_roadmap import actions, render

    result = actions.validate(file)
    render.validate_json(result) if json else render.validate_text(result)
    if not result.valid:
        raise typer.Exit(EXIT_ERROR)


# --- state --------------------------------------------------------------------------------------
@state_app.command("repair")
def state_repair(
    reset: bool = typer.Option(False, "--reset", help="With no usable backup, start a fresh file (the damaged one is kept)."),
) -> None:
    """Restore a damaged progress file from its backup; the damaged file is always kept.

    Example: genai state repair
    """
    from genai_roadmap import render, state

    render.message(state.repair(reset))


# --- entry point --------------------------------------------------------------------------------
def _report(exc: GenaiError) -> None:
    err = sys.stderr
    colour = err.isatty() and not os.environ.get("NO_COLOR")
    red, dim, reset = ("\033[31m", "\033[2m", "\033[0m") if colour else ("", "", "")
    err.write(f"{red}genai: error:{reset} {exc.message}\n")
    if isinstance(exc, RoadmapError):
        for problem in exc.problems:
            err.write(f"  {problem}\n")
    if exc.hint:
        err.write(f"{dim}{exc.hint}{reset}\n")


def main() -> None:
    """Console-script entry point: the one place errors become messages and exit codes."""
    try:
        app()
    except GenaiError as exc:
        if _debug or os.environ.get("GENAI_DEBUG"):
            raise
        _report(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("genai: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, traceback on request
        if _debug or os.environ.get("GENAI_DEBUG"):
            raise
        sys.stderr.write(f"genai: internal error: {type(exc).__name__}: {exc}\n"
                         "Run again with --debug to see the traceback, and please report it.\n")
        sys.exit(EXIT_ERROR)
