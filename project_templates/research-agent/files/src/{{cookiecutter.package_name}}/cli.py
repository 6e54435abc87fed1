"""Command line: research a task into a report, try the search tool, list the bundled corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import add_provider_option, console_main, fail, load_dotenv
{%- if cookiecutter.framework in ("langgraph", "autogen") %}
from .configuration import MAX_STEPS
from .providers import ProviderError
from .report import Report
{%- else %}
from .offline import offline_brain
from .providers import ProviderError, get_provider
from .react import MAX_STEPS
{%- endif %}
from .search import BACKENDS, SearchError, describe, load_corpus, make_search
{%- if cookiecutter.framework == "plain" %}
from .supervisor import Event, Supervisor
{%- endif %}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.project_slug }}",
        description="A supervisor and its sub-agents (searcher, reader, writer) research a task "
                    "and write a structured report.",
        epilog="example: {{ cookiecutter.project_slug }} research "
               '"Research the top 5 AI startups in 2025"',
    )
    add_provider_option(parser)
    parser.add_argument("--search", choices=BACKENDS,
                        help="search backend (default: $SEARCH_BACKEND, else offline)")
    parser.add_argument("--corpus", metavar="DIR", help="offline search over this folder of Markdown files")
    commands = parser.add_subparsers(dest="command", required=True)
    research = commands.add_parser("research", help="research a task and print the report")
    research.add_argument("task", nargs="+")
    research.add_argument("--format", choices=("markdown", "json"), default="markdown")
    research.add_argument("--out", metavar="FILE", help="also write the report to FILE (.md or .json)")
    research.add_argument("--max-steps", type=int, default=MAX_STEPS, metavar="N",
                          help=f"the searcher's step budget (default {MAX_STEPS})")
    research.add_argument("--trace", action="store_true", help="print what each agent does, as it happens")
    search = commands.add_parser("search", help="run the search tool alone")
    search.add_argument("query", nargs="+")
    search.add_argument("-k", type=int, default=5, help="how many results (default 5)")
    commands.add_parser("corpus", help="list the documents of the offline corpus")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "corpus":
            for document in load_corpus(args.corpus):
                print(f"{document.published or '----------'}  {document.title}\n            {document.url}")
            return 0
        backend = make_search(args.search, args.corpus)
        if args.command == "search":
            print(f"({describe(backend)})", file=sys.stderr)
            for n, result in enumerate(backend.search(" ".join(args.query), args.k), 1):
                print(f"[{n}] {result.title} ({result.score:g})\n    {result.url}\n    {result.snippet}")
            return 0
        if args.max_steps < 1:
            return fail("--max-steps must be at least 1")
{%- if cookiecutter.framework in ("langgraph", "autogen") %}
        report = research_report(" ".join(args.task), args.provider, backend, args.max_steps, args.trace)
{%- else %}
        supervisor = Supervisor(get_provider(args.provider, brain=offline_brain), backend,
                                max_steps=args.max_steps, on_event=print_event if args.trace else None)
        report = supervisor.run(" ".join(args.task)).report
{%- endif %}
    except (ProviderError, SearchError, ValueError) as exc:
        return fail(str(exc))
    text = report.to_json() if args.format == "json" else report.to_markdown()
    print(text, end="" if text.endswith("\n") else "\n")
    if args.out:
        out = Path(args.out)
        saved = report.to_json() + "\n" if out.suffix == ".json" else report.to_markdown()
        out.write_text(saved, encoding="utf-8")
        print(f"saved {out}", file=sys.stderr)
    if not report.findings:
        # The report says so too; the exit status lets a script tell "nothing found" from an answer.
        print("no findings: nothing the team read answers this task", file=sys.stderr)
        return 1
    return 0


{%- if cookiecutter.framework == "autogen" %}
def research_report(task: str, provider: str | None, backend, max_steps: int, trace: bool) -> Report:
    """Make the AutoGen team for this provider and backend, run it, return its report."""
    from .clients import is_offline, model_client
    from .configuration import Configuration
    from .offline_client import NAME as OFFLINE_NAME
    from .team import research

    client = model_client(provider)
    if trace:
        name = OFFLINE_NAME if is_offline(client) else type(client).__name__
        print_event("team", f"model: {name}, search: {backend.name}")
    report, _ = research(task, client, backend, config=Configuration(max_steps=max_steps),
                         offline_model=is_offline(client), on_log=print_event if trace else None)
    return report


def print_event(agent: str, text: str) -> None:
    print(f"[{agent}] {text}", file=sys.stderr)
{%- elif cookiecutter.framework == "langgraph" %}
def research_report(task: str, provider: str | None, backend, max_steps: int, trace: bool) -> Report:
    """Build the graph for this provider and backend, run it, return its report."""
    from .graph import build_graph, research
    from .models import chat_model, is_offline
    from .offline_model import NAME as OFFLINE_NAME

    model = chat_model(provider)
    graph = build_graph(model, backend, offline_model=is_offline(model))
    if trace:
        name = OFFLINE_NAME if is_offline(model) else type(model).__name__
        print_event("team", f"model: {name}, search: {backend.name}")
    state = research(task, graph, config={"configurable": {"max_steps": max_steps}},
                     on_log=print_event if trace else None)
    return state["report"]


def print_event(agent: str, text: str) -> None:
    print(f"[{agent}] {text}", file=sys.stderr)
{%- else %}
def print_event(event: Event) -> None:
    print(f"[{event.agent}] {event.text}", file=sys.stderr)
{%- endif %}


if __name__ == "__main__":
    raise SystemExit(main())
