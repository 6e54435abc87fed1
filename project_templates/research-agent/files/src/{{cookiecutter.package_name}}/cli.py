"""Command line: research a task into a report, try the search tool, list the bundled corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import add_provider_option, fail, load_dotenv
from .offline import offline_brain
from .providers import ProviderError, get_provider
from .react import MAX_STEPS
from .search import BACKENDS, SearchError, load_corpus, make_search
from .supervisor import Event, Supervisor


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


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "corpus":
            for document in load_corpus(args.corpus):
                print(f"{document.published or '----------'}  {document.title}\n            {document.url}")
            return 0
        backend = make_search(args.search, args.corpus)
        if args.command == "search":
            for n, result in enumerate(backend.search(" ".join(args.query), args.k), 1):
                print(f"[{n}] {result.title} ({result.score:g})\n    {result.url}\n    {result.snippet}")
            return 0
        if args.max_steps < 1:
            return fail("--max-steps must be at least 1")
        supervisor = Supervisor(get_provider(args.provider, brain=offline_brain), backend,
                                max_steps=args.max_steps, on_event=print_event if args.trace else None)
        research = supervisor.run(" ".join(args.task))
    except (ProviderError, SearchError, ValueError) as exc:
        return fail(str(exc))
    report = research.report
    text = report.to_json() if args.format == "json" else report.to_markdown()
    print(text, end="" if text.endswith("\n") else "\n")
    if args.out:
        out = Path(args.out)
        saved = report.to_json() + "\n" if out.suffix == ".json" else report.to_markdown()
        out.write_text(saved, encoding="utf-8")
        print(f"saved {out}", file=sys.stderr)
    return 0


def print_event(event: Event) -> None:
    print(f"[{event.agent}] {event.text}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
