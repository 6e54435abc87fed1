"""The `genai` command line: thin Typer commands. Each parses its options, calls one use-case
function in `commands/` and hands the result to one renderer in `render/` (text, or `--json`).
Errors become messages and exit codes in one place, `GenaiGroup.invoke`.

Heavy libraries (cookiecutter, git, questionary, hardware probes) are imported inside the
commands that use them, so `genai --help` and `genai next` start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from genai_roadmap import __version__
from genai_roadmap.errors import EXIT_ERROR, GenaiError, UsageError


class GenaiGroup(TyperGroup):
    """The app's command group: the one place errors become messages and exit codes.

    It lives inside the app (not in `main`) so that `typer.testing.CliRunner` sees the same
    stderr and exit code as the console script.
    """

    def invoke(self, ctx):
        from genai_roadmap import terminal

        terminal.guard_streams()
        try:
            return super().invoke(ctx)
        except GenaiError as exc:
            if _debugging():
                raise
            _report(exc)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # the reader went away (`genai … | head`): not an error
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # the environment, not the user's input: name the path, say what to do
            if _debugging():
                raise
            _report(_environment_fault(exc))
            raise typer.Exit(EXIT_ERROR) from None


def _help_type(self, ctx):
    # Typer ≥0.16 shows Python types (`<bool>`, `<list[str]>`) in help; show what click would:
    # nothing for flags and arguments (their name says it), the metavar for options taking a value.
    if isinstance(self, typer.core.TyperArgument) or getattr(self, "is_flag", False):
        return None
    if self.type_descriptor.annotation is bool:
        return None
    if self.metavar:
        return self.metavar
    bare = self.bare_type()
    return {"str": "TEXT", "int": "INTEGER", "float": "NUMBER"}.get(bare, bare.upper())


if hasattr(typer.core, "_TyperParameter") and hasattr(typer.core._TyperParameter, "display_type_rich"):
    for _param_class in (typer.core._TyperParameter, typer.core.TyperOption):
        _param_class.display_type_rich = _help_type

app = typer.Typer(
    cls=GenaiGroup,
    name="genai",
    help="Study companion for learning Generative AI: roadmaps, progress, hardware checks, starter projects.\n\n"
    "Start with: genai next",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
roadmap_app = typer.Typer(cls=GenaiGroup, help="List, inspect, switch, add and validate roadmaps.", no_args_is_help=True)
state_app = typer.Typer(cls=GenaiGroup, help="Look after the progress file.", no_args_is_help=True)
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
    from genai_roadmap.commands import checklist
    from genai_roadmap.render import core as render

    result = checklist.next_items(roadmap, count, phase)
    render.next_json(result) if json else render.next_text(result)


@app.command("check")
def check_command(
    items: Optional[List[str]] = typer.Argument(None, metavar="ITEM", help="Item ids, aliases, id prefixes or title words."),
    undo: bool = typer.Option(False, "--undo", help="Mark back to pending."),
    skip: bool = typer.Option(False, "--skip", help="Mark as skipped (counts as finished)."),
    start: bool = typer.Option(False, "--start", help="Mark as in progress."),
    note: Optional[str] = typer.Option(None, "--note", help="Attach a note to the items."),
    roadmap: Optional[str] = RoadmapOption,
) -> None:
    """Tick items off (or --undo, --skip, --start them). With no ITEM on a terminal, pick from a checklist.

    Example: genai check p0-linear-algebra p0-calculus --note "3Blue1Brown series"
    """
    from genai_roadmap import interactive
    from genai_roadmap.commands import checklist
    from genai_roadmap.render import core as render

    chosen = [flag for flag, on in (("undo", undo), ("skip", skip), ("start", start)) if on]
    if len(chosen) > 1:
        raise UsageError("use only one of --undo, --skip, --start")
    if items:
        result = checklist.check(roadmap, items, chosen[0] if chosen else "done", note)
    else:
        if not interactive.interactive():
            raise UsageError("missing argument ITEM: name the items to check (e.g. genai check ITEM), "
                             "or run on a terminal to pick them from a checklist")
        if chosen or note:
            raise UsageError("--undo, --skip, --start and --note need ITEM arguments")
        result = _pick_interactively(roadmap)
    render.check_text(result)


def _pick_interactively(name: Optional[str]):
    from genai_roadmap import interactive
    from genai_roadmap.commands import checklist

    listed = checklist.current_checklist(name)
    ticked = interactive.checklist(f"{listed.phase.title}: which are done?", listed.choices)
    return checklist.check_selection(listed.roadmap, listed.phase, ticked)


@app.command("status")
def status_command(
    phase: Optional[str] = typer.Argument(None, metavar="[PHASE]", help="Show this phase's checklist (id, number or title)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Progress per phase with bars; with PHASE, that phase's checklist.

    Example: genai status   ·   genai status 2
    """
    from genai_roadmap.commands import checklist
    from genai_roadmap.render import core as render

    result = checklist.status(roadmap, phase)
    render.status_json(result) if json else render.status_text(result)


@app.command("path")
def path_command(json: bool = JsonOption) -> None:
    """Print every location genai uses (state, backups, cache, roadmaps, templates).

    Example: genai path --json
    """
    from genai_roadmap import paths
    from genai_roadmap.render import core as render

    locations = paths.all_locations()
    render.paths_json(locations) if json else render.paths_text(locations)


@app.command("hw")
def hw_command(
    model: Optional[str] = typer.Option(None, "--model", "-m", metavar="ID|CONFIG",
                                        help="Catalog id or alias (llama-3.1-8b, qwen2.5:7b…), or a path to a config.json."),
    task: Optional[str] = typer.Option(None, "--task", "-t", metavar="inference|lora|qlora|full",
                                       help="What to run (default with --model: inference)."),
    quant: Optional[str] = typer.Option(None, "--quant", "-q", metavar="FORMAT",
                                        help="bf16, fp16, int8, nf4, q8_0, q4_k_m… (default per task: "
                                             "q4_k_m, bf16, nf4, bf16)."),
    context: Optional[int] = typer.Option(None, "--context", "-c", metavar="N",
                                          help="Tokens per sequence (default 4096 for inference, 2048 for training)."),
    batch: int = typer.Option(1, "--batch", "-b", metavar="N", help="Sequences per step."),
    grad_checkpointing: bool = typer.Option(True, "--grad-checkpointing/--no-grad-checkpointing",
                                            help="Recompute activations in backward (training)."),
    lora_rank: int = typer.Option(16, "--lora-rank", metavar="R", help="LoRA rank."),
    lora_targets: str = typer.Option("all", "--lora-targets", metavar="all|attention|qv",
                                     help="Which linear layers get LoRA adapters."),
    optimizer: str = typer.Option("adamw", "--optimizer", metavar="adamw|adamw-8bit|sgd", help="Optimizer (training)."),
    gpu: Optional[str] = typer.Option(None, "--gpu", metavar="NAME",
                                      help="Pretend to have this GPU: t4, rtx-4070, rtx-4090, a100-80gb, m2-max…"),
    list_models: bool = typer.Option(False, "--list-models", help="List the model catalog and exit."),
    framework: Optional[str] = typer.Option(None, "--framework", metavar="NAME",
                                            help="transformers, unsloth, torchtune, axolotl, llama.cpp, ollama, vllm "
                                                 "(default: transformers to train, llama.cpp for GGUF)."),
    gpus: Optional[int] = typer.Option(None, "--gpus", metavar="N", help="Split the run over N GPUs (1-64)."),
    strategy: Optional[str] = typer.Option(None, "--strategy", metavar="NAME",
                                           help="ddp, fsdp, zero2, zero3, zero3-offload (training); tp, pp (inference)."),
    plan: bool = typer.Option(False, "--plan", help="The cheapest cloud GPUs (card, count, strategy) that fit."),
    emit: Optional[str] = typer.Option(None, "--emit", metavar="accelerate|deepspeed",
                                       help="Print an Accelerate YAML or DeepSpeed JSON config for the strategy."),
    json: bool = JsonOption,
) -> None:
    """Your GPU, RAM and CPU, and which models and tasks fit them, with a memory breakdown per model.

    Example: genai hw --model llama-3.1-70b --task lora --gpus 8 --strategy fsdp
    """
    from genai_roadmap.commands import hw as report
    from genai_roadmap.render import hardware as hw_render

    if emit and json:
        raise UsageError("--emit prints a config file; leave out --json")
    result = report.hw_report(model, task, quant, context, batch, grad_checkpointing, lora_rank, lora_targets,
                              optimizer, gpu, list_models, framework, gpus, strategy, plan, emit)
    hw_render.hw_json(result) if json else hw_render.hw_text(result)


@app.command("new")
def new_command(
    template: Optional[str] = typer.Argument(None, metavar="TEMPLATE", help="Template id (see: genai new --list)."),
    dest: Optional[Path] = typer.Argument(None, metavar="[DEST]", help="Where to create it (default: ./PROJECT-SLUG)."),
    list_templates: bool = typer.Option(False, "--list", help="List the templates and exit."),
    no_input: bool = typer.Option(False, "--no-input", help="Ask nothing: defaults, changed with --set."),
    sets: Optional[List[str]] = typer.Option(None, "--set", metavar="KEY=VALUE", help="Answer a question (repeatable)."),
    no_git: bool = typer.Option(False, "--no-git", help="Do not create a git repository."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the answers and files; write nothing."),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty DEST (same-named files are replaced)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = typer.Option(False, "--json", help="With --list: print JSON for scripts."),
) -> None:
    """Start a portfolio project from a template: a small working app whose tests pass offline.

    Example: genai new rag-chatbot my-rag --no-input --set provider=openai
    """
    from genai_roadmap import interactive
    from genai_roadmap.commands import new
    from genai_roadmap.render import core as render

    if list_templates:
        infos = new.list_templates()
        render.new_list_json(infos) if json else render.new_list_text(infos)
        return
    if template is None:
        raise UsageError("missing argument TEMPLATE (see them with: genai new --list)")
    if json:
        raise UsageError("--json goes with --list")
    ask = interactive.ask_template_question if not no_input and interactive.interactive() else None
    with render.steps() as step:
        result = new.new_project(template, dest, sets or [], no_input=no_input, ask=ask, git=not no_git,
                                      dry_run=dry_run, force=force, roadmap=roadmap, step=step)
    render.new_text(result)


@app.command("verify")
def verify_command(
    item: Optional[str] = typer.Argument(None, metavar="[ITEM]",
                                         help="The project item (default: the one project item in progress)."),
    directory: Optional[Path] = typer.Option(None, "--dir", metavar="DIR",
                                             help="The project's folder (default: where genai new made it)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Run a project's tests and acceptance checks offline; record the evidence. Exit 1 when not verified.

    Uses the project's .venv, else an environment genai creates once under the cache dir.

    Example: genai verify p9-sql-agent
    """
    from genai_roadmap.commands import verify
    from genai_roadmap.render import core as render
    from genai_roadmap.render import verify as render_verify

    with render.steps() as step:
        result = verify.verify(item, directory, roadmap, step=step)
    render_verify.verify_json(result) if json else render_verify.verify_text(result)
    if not result.verified:
        raise typer.Exit(EXIT_ERROR)


# --- roadmap ------------------------------------------------------------------------------------
@roadmap_app.command("list")
def roadmap_list(json: bool = JsonOption) -> None:
    """List bundled and added roadmaps; * marks the active one.

    Example: genai roadmap list
    """
    from genai_roadmap.commands import roadmaps
    from genai_roadmap.render import core as render

    summaries = roadmaps.list_roadmaps()
    render.roadmap_list_json(summaries) if json else render.roadmap_list_text(summaries)


@roadmap_app.command("show")
def roadmap_show(
    roadmap_id: Optional[str] = typer.Argument(None, metavar="[ID|PATH]", help="Default: the active roadmap."),
    json: bool = JsonOption,
) -> None:
    """Show a roadmap's phases and items (--json: the whole roadmap as data).

    Example: genai roadmap show llm-systems
    """
    from genai_roadmap.commands import roadmaps
    from genai_roadmap.render import core as render

    rm, prog = roadmaps.show_roadmap(roadmap_id)
    render.roadmap_show_json(rm, prog) if json else render.roadmap_show_text(rm, prog)


@roadmap_app.command("use")
def roadmap_use(roadmap_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Make ID the active roadmap for every command.

    Example: genai roadmap use llm-engineer
    """
    from genai_roadmap.commands import roadmaps
    from genai_roadmap.render import core as render

    rm = roadmaps.use_roadmap(roadmap_id)
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
    from genai_roadmap.commands import roadmaps
    from genai_roadmap.render import core as render

    rm = roadmaps.add_roadmap(file, force, use)
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
    from genai_roadmap.commands import roadmaps
    from genai_roadmap.render import core as render

    result = roadmaps.validate(file)
    render.validate_json(result) if json else render.validate_text(result)
    if not result.valid:
        raise typer.Exit(EXIT_ERROR)


@roadmap_app.command("check-links")
def roadmap_check_links(
    roadmap_id: Optional[str] = typer.Argument(None, metavar="[ID|PATH]", help="Roadmap id or file (default: the active roadmap)."),
    timeout: float = typer.Option(10.0, "--timeout", metavar="S", help="Seconds to wait for each link."),
    jobs: int = typer.Option(8, "--jobs", "-j", metavar="N", help="Links checked at once."),
    json: bool = JsonOption,
) -> None:
    """Check every resource link of a roadmap (for roadmap authors): broken, redirected and slow ones.

    Only this command touches the network. Exit 1 when a link is broken or the network is out of reach.

    Example: genai roadmap check-links my-roadmap.yaml --jobs 4
    """
    from genai_roadmap.commands import links
    from genai_roadmap.render import core as render

    with render.progress_bar("Checking links") as advance:
        report = links.check_links(roadmap_id, timeout, jobs, progress=advance)
    render.links_json(report) if json else render.links_text(report)
    if not report.passed:
        raise typer.Exit(EXIT_ERROR)


# --- state --------------------------------------------------------------------------------------
@state_app.command("repair")
def state_repair(
    reset: bool = typer.Option(False, "--reset", help="With no usable backup, start a fresh file (the damaged one is kept)."),
) -> None:
    """Restore a damaged progress file from its backup; the damaged file is always kept.

    Example: genai state repair
    """
    from genai_roadmap.commands import repair
    from genai_roadmap.render import core as render

    render.message(repair.repair(reset))


# --- study: quiz, stats, notes, export / import, config -----------------------------------------
config_app = typer.Typer(help="Read and change settings (config.toml beside the progress file).", no_args_is_help=True)
app.add_typer(config_app, name="config")


@app.command("quiz")
def quiz_command(
    phase: Optional[str] = typer.Option(None, "--phase", "-p", help="Only questions in this phase or checking its items."),
    count: Optional[int] = typer.Option(None, "--count", "-n", help="How many questions (default: the quiz-size setting, 5)."),
    answers: Optional[str] = typer.Option(None, "--answers", metavar="A,B,...",
                                          help="Answer without prompts, one per question: knew, partly, didnt (or k, p, d)."),
    list_only: bool = typer.Option(False, "--list", help="Show what would be asked, due first; change nothing."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Quiz yourself on the roadmap's questions: due reviews first, then new ones (spaced repetition, FSRS).

    On a terminal: the question, a key to reveal the model answer, then knew it / partly / didn't.
    Without one: --answers, or one answer per line on stdin.

    Example: genai quiz -n 2 --answers knew,didnt
    """
    from genai_roadmap import interactive
    from genai_roadmap.commands import quiz
    from genai_roadmap.render import study as render_study

    if json and answers is None and not list_only and interactive.interactive():
        raise UsageError("--json goes with --answers or --list (JSON output and prompts do not mix)")
    grades = quiz.flag_answers(answers)
    plan = quiz.plan(roadmap, phase, count)
    if list_only:
        render_study.quiz_plan_json(plan) if json else render_study.quiz_plan_text(plan)
        return
    if not plan.cards:
        render_study.quiz_plan_json(plan) if json else render_study.quiz_summary(quiz.Session(plan))
        return
    if grades is None:
        grades = quiz.piped_answers(interactive.interactive())
    if grades is None:
        session = quiz.run(plan, _ask_on_terminal, render_study.quiz_answered)
    else:
        session = quiz.answer_all(plan, grades, None if json else render_study.quiz_transcript)
    render_study.quiz_json(session) if json else render_study.quiz_summary(session)


def _ask_on_terminal(card, number: int, total: int) -> Optional[str]:
    from genai_roadmap import interactive
    from genai_roadmap.commands import quiz
    from genai_roadmap.render import study as render_study

    render_study.quiz_question(card, number, total)
    if not interactive.reveal("Your answer (optional), then Enter to see the model answer:"):
        return None
    render_study.quiz_reveal(card)
    return interactive.grade("How did you do?", quiz.GRADE_CHOICES)


@app.command("stats")
def stats_command(
    hours_per_week: Optional[float] = typer.Option(None, "--hours-per-week", metavar="H",
                                                   help="Hours of study a week, for this run (default: the setting)."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Hours done against the estimates, your pace, an ETA per phase and overall, items per week, a streak.

    Example: genai stats --hours-per-week 8
    """
    from genai_roadmap.commands import stats
    from genai_roadmap.render import study as render_study

    result = stats.compute(roadmap, hours_per_week)
    render_study.stats_json(result) if json else render_study.stats_text(result)


@app.command("note")
def note_command(
    item: str = typer.Argument(..., metavar="ITEM", help="Item id, alias, id prefix or title words."),
    text: Optional[str] = typer.Argument(None, metavar="TEXT", help="The note (asked on a terminal, or read from stdin)."),
    roadmap: Optional[str] = RoadmapOption,
) -> None:
    """Append a dated note to an item; genai show lists them, genai export carries them.

    Example: genai note p0-linear-algebra "3Blue1Brown's series made eigenvectors click"
    """
    from genai_roadmap import interactive
    from genai_roadmap.commands import notes
    from genai_roadmap.render import study as render_study

    if text is None:
        if interactive.interactive():
            text = interactive.free_text("Note:")
            if text is None:
                raise GenaiError("cancelled; nothing was changed")
        elif not sys.stdin.isatty():
            text = sys.stdin.read()
        else:
            raise UsageError('missing argument TEXT: genai note ITEM "text" (or pipe the text in)')
    render_study.note_text(notes.add_note(roadmap, item, text))


@app.command("show")
def show_command(
    item: str = typer.Argument(..., metavar="ITEM", help="Item id, alias, id prefix or title words."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Everything about one item: details, resources, your notes, and its quiz record.

    Example: genai show p3-multi-head-self-attention
    """
    from genai_roadmap.commands import show
    from genai_roadmap.render import study as render_study

    detail = show.show_item(roadmap, item)
    render_study.show_json(detail) if json else render_study.show_text(detail)


@app.command("export")
def export_command(
    fmt: str = typer.Option("md", "--format", "-f", metavar="md|json|csv|html",
                            help="md: a checklist for a README; json: a full backup (genai import reads it); csv; "
                                 "html: a self-contained map of your progress for a browser."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    no_notes: bool = typer.Option(False, "--no-notes", help="Leave your notes out (md, csv and html; json always keeps them)."),
    roadmap: Optional[str] = RoadmapOption,
) -> None:
    """Export your progress: a Markdown checklist (phases, ticks, dates, links), JSON / CSV, or an HTML map.

    Example: genai export --format md -o PROGRESS.md   ·   genai export --format html -o map.html
    """
    from genai_roadmap.commands import export
    from genai_roadmap.render import study as render_study

    render_study.export_text(export.export(roadmap, fmt, not no_notes, output, force))


@app.command("view")
def view_command(
    no_notes: bool = typer.Option(False, "--no-notes", help="Leave your notes out of the page."),
    no_open: bool = typer.Option(False, "--no-open", help="Only write the page and print its path."),
    roadmap: Optional[str] = RoadmapOption,
    json: bool = JsonOption,
) -> None:
    """Open a map of your progress in the browser: phases, items, dependencies, next steps and charts.

    The page (the same as genai export --format html) is written to the cache directory; without a
    browser, on CI or off a terminal its path is printed instead.

    Example: genai view --roadmap llm-systems
    """
    from genai_roadmap.commands import export
    from genai_roadmap.render import study as render_study

    result = export.view(roadmap, notes=not no_notes, open_browser=not no_open)
    render_study.view_json(result) if json else render_study.view_text(result)


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A JSON export (genai export --format json)."),
    json: bool = JsonOption,
) -> None:
    """Restore a JSON export into your progress, merging record by record: newer data always wins.

    Example: genai import genai-backup.json
    """
    from genai_roadmap.commands import importing
    from genai_roadmap.render import study as render_study

    result = importing.import_file(file)
    render_study.import_json(result) if json else render_study.import_text(result)


@config_app.command("get")
def config_get(key: str = typer.Argument(..., metavar="KEY"), json: bool = JsonOption) -> None:
    """Print a setting (its default when not set; exit 1 when it has neither).

    Example: genai config get hours-per-week
    """
    from genai_roadmap import paths
    from genai_roadmap.commands import config
    from genai_roadmap.render import config as render_config

    entry = config.get(key, required=not json)
    render_config.get_json(entry, paths.config_file()) if json else render_config.get_text(entry)


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(key: str = typer.Argument(..., metavar="KEY"), value: str = typer.Argument(..., metavar="VALUE")) -> None:
    """Change a setting; only its line of the file is rewritten.

    Example: genai config set hours-per-week 10
    """
    from genai_roadmap import paths
    from genai_roadmap.commands import config
    from genai_roadmap.render import config as render_config

    render_config.changed(config.set_value(key, value), paths.config_file())


@config_app.command("unset")
def config_unset(key: str = typer.Argument(..., metavar="KEY")) -> None:
    """Remove a setting from the file (its default applies again).

    Example: genai config unset hours-per-week
    """
    from genai_roadmap import paths
    from genai_roadmap.commands import config
    from genai_roadmap.render import config as render_config

    render_config.changed(config.unset(key), paths.config_file())


@config_app.command("list")
def config_list(json: bool = JsonOption) -> None:
    """Every setting with its value, default and what it accepts.

    Example: genai config list
    """
    from genai_roadmap.commands import config
    from genai_roadmap.render import config as render_config

    listing = config.listing()
    render_config.list_json(listing) if json else render_config.list_text(listing)


# --- exercise -----------------------------------------------------------------------------------
exercise_app = typer.Typer(cls=GenaiGroup, no_args_is_help=True,
                           help="Small coding exercises that check themselves (rustlings for GenAI); solving one "
                                "verifies its roadmap item.")
app.add_typer(exercise_app, name="exercise")
ExerciseDirOption = typer.Option(None, "--dir", metavar="DIR",
                                 help="The exercise workspace (default: where the exercise was started, else "
                                      "the data directory's exercises/).")
ExerciseIdArgument = typer.Argument(None, metavar="[ID]", help="Exercise id (default: the current exercise).")


@exercise_app.command("list")
def exercise_list(
    roadmap: Optional[str] = typer.Option(None, "--roadmap", "-r", metavar="ID", help="Only this roadmap's exercises."),
    directory: Optional[Path] = ExerciseDirOption,
    json: bool = JsonOption,
) -> None:
    """Every exercise with its roadmap item and status (new, started, solved).

    Example: genai exercise list -r llm-systems --json
    """
    from genai_roadmap.commands import exercise
    from genai_roadmap.render import exercise as render

    result = exercise.list_exercises(directory, roadmap)
    render.list_json(result) if json else render.list_text(result)


@exercise_app.command("start")
def exercise_start(exercise_id: Optional[str] = ExerciseIdArgument, directory: Optional[Path] = ExerciseDirOption) -> None:
    """Write the exercise's files into the workspace (files already there are kept, never overwritten).

    Example: genai exercise start softmax --dir ~/genai-exercises
    """
    from genai_roadmap.commands import exercise
    from genai_roadmap.render import exercise as render

    render.start_text(exercise.start(exercise_id, directory))


@exercise_app.command("check")
def exercise_check(exercise_id: Optional[str] = ExerciseIdArgument, directory: Optional[Path] = ExerciseDirOption,
                   json: bool = JsonOption) -> None:
    """Run the exercise's tests on your file and explain the first failure; exit 1 until it passes.

    A pass verifies the exercise's roadmap item and marks it done.

    Example: genai exercise check softmax
    """
    from genai_roadmap.commands import exercise
    from genai_roadmap.render import exercise as render

    result = exercise.check(exercise_id, directory)
    render.check_json(result) if json else render.check_text(result)
    if not result.passed:
        raise typer.Exit(EXIT_ERROR)


@exercise_app.command("hint")
def exercise_hint(exercise_id: Optional[str] = ExerciseIdArgument) -> None:
    """The next hint for an exercise: hint 1 first, then 2, … (remembered between runs).

    Example: genai exercise hint bpe-merge
    """
    from genai_roadmap.commands import exercise
    from genai_roadmap.render import exercise as render

    render.hint_text(exercise.hint(exercise_id))


@exercise_app.command("watch")
def exercise_watch(exercise_id: Optional[str] = ExerciseIdArgument, directory: Optional[Path] = ExerciseDirOption,
                   timeout: Optional[float] = typer.Option(None, "--timeout", metavar="S",
                                                           help="Stop watching after S seconds (default: until Ctrl-C).")) -> None:
    """Check now and on every save; when an exercise passes, start the next one. Ctrl-C stops.

    Example: genai exercise watch
    """
    from genai_roadmap.commands import exercise
    from genai_roadmap.render import exercise as render

    if timeout is not None and not 0 < timeout <= 86_400:
        raise UsageError("--timeout must be between 0 and 86400 seconds")
    render.watch_end(exercise.watch(exercise_id, directory, render.watch_event, timeout=timeout))


# --- entry point --------------------------------------------------------------------------------
def _debugging() -> bool:
    return _debug or bool(os.environ.get("GENAI_DEBUG"))


def _report(exc: GenaiError) -> None:
    from genai_roadmap.render.core import Painter

    paint = Painter(sys.stderr)
    paint.line(f"{paint('genai: error:', 'red')} {exc.message}")
    for problem in exc.problems:
        paint.line(f"  {problem}")
    if exc.hint:
        paint.line(paint(exc.hint, "dim"))


def _environment_fault(exc: OSError) -> GenaiError:
    """A sentence for a file-system fault (read-only dir, full disk, a directory in a file's place)."""
    import errno

    reason = exc.strerror or str(exc)
    path = exc.filename
    if path is None:
        return GenaiError(f"cannot write the output: {reason}",
                          hint="free some disk space" if exc.errno == errno.ENOSPC else None)
    where = f"{path}" + (f" -> {exc.filename2}" if exc.filename2 else "")
    hints = {
        errno.EACCES: f"check the permissions of {path}, or set GENAI_HOME to a directory you can write",
        errno.EPERM: f"check the permissions of {path}, or set GENAI_HOME to a directory you can write",
        errno.EROFS: "the file system is read-only: set GENAI_HOME to a writable directory",
        errno.ENOSPC: "free some disk space and try again",
        errno.EISDIR: f"{path} is a directory where a file belongs: move it aside",
        errno.ENOTDIR: f"a file stands where a directory belongs in {path}: move it aside",
    }
    return GenaiError(f"cannot use {where}: {reason}", hint=hints.get(exc.errno))


def main() -> None:
    """Console-script entry point: runs the app, then makes sure its output reached stdout."""
    try:
        app()
    except SystemExit as exc:
        _finish(exc.code)
    except KeyboardInterrupt:
        sys.stderr.write("genai: interrupted\n")
        _finish(130)
    except Exception as exc:
        if _debugging():
            raise
        # A bug: say so plainly, traceback on request.
        sys.stderr.write(f"genai: internal error: {type(exc).__name__}: {exc}\n"
                         "Run again with --debug to see the traceback, and please report it.\n")
        _finish(EXIT_ERROR)
    _finish(0)


def _finish(code: int | str | None) -> None:
    """Exit with `code` once stdout is flushed; a reader that went away (`| head`) is no error."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        sys.stderr.write(f"genai: error: cannot write the output: {exc.strerror or exc}\n")
        code = code or EXIT_ERROR
    sys.exit(code)


def _silence_stdout() -> None:
    # Point stdout at devnull so the interpreter's own flush at exit cannot fail a second time.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
