"""Command line: compare strategies on a question, benchmark them on a question set, save results."""

from __future__ import annotations

import argparse
{%- if cookiecutter.ui == "fastapi" %}
import os
{%- endif %}

from .config import add_provider_option, console_main, fail, load_dotenv
from .playground import Comparison, benchmark, compare, make_provider, save, scoreboard
from .providers import ProviderError
from .strategies import StrategyError, expected_answer, load_questions, load_strategies, with_samples

ANSWER_WIDTH = 32
SCOREBOARD_COLUMNS = ["title", "accuracy", "correct", "graded", "latency_ms", "calls", "prompt_tokens",
                      "completion_tokens"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.project_slug }}",
        description="Compare prompting strategies side by side: zero-shot, few-shot, chain-of-thought "
                    "and self-consistency.",
        epilog='example: {{ cookiecutter.project_slug }} compare "What is 3 + 4 * 5?" '
               "--save results.csv",
    )
    parser.add_argument("--templates", metavar="DIR",
                        help="a folder of strategy YAML files (default: the bundled templates)")
    add_provider_option(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("compare", help="run one question through every strategy")
    one.add_argument("question", nargs="+")
    one.add_argument("--expected", help="the right answer (known for the sample questions)")
    one.add_argument("--show-prompts", action="store_true", help="also print each prompt and reply")
    many = commands.add_parser("benchmark", help="all sample questions through every strategy, with accuracy")
    many.add_argument("--questions", metavar="FILE", help="a YAML list of {question, expected}")
    for command in (one, many):
        command.add_argument("--strategies", metavar="A,B", help="only these strategies, in this order")
        command.add_argument("--samples", type=int, metavar="N", help="samples for self-consistency")
        command.add_argument("--save", metavar="FILE", help="also write the results to FILE (.json or .csv)")
    commands.add_parser("strategies", help="list the strategies and their settings")
    commands.add_parser("questions", help="list the sample questions and their expected answers")
{%- if cookiecutter.ui == "fastapi" %}
    serve = commands.add_parser("serve", help="the web page and JSON API (FastAPI)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
{%- endif %}
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
{%- if cookiecutter.ui == "fastapi" %}
    if args.command == "serve":
        return serve(args)
{%- endif %}
    try:
        if args.command == "questions":
            for q in load_questions():
                print(f"- {q.question}  (expected: {q.expected})")
            return 0
        names = [n.strip() for n in args.strategies.split(",")] if getattr(args, "strategies", None) else None
        strategies = load_strategies(args.templates, names)
        if args.command == "strategies":
            for s in strategies:
                print(f"{s.name:18} samples={s.samples} temperature={s.temperature:g}  {s.description}")
            return 0
        if args.samples is not None:
            strategies = with_samples(strategies, args.samples)
        provider = make_provider(args.provider)
        if args.command == "compare":
            question = " ".join(args.question)
            expected = args.expected or expected_answer(question, load_questions())
            comparisons = [compare(question, strategies, provider, expected)]
            print_comparison(comparisons[0], args.show_prompts)
        else:
            comparisons = benchmark(load_questions(args.questions), strategies, provider)
            for comparison in comparisons:
                print_comparison(comparison, False)
                print()
            print(render_table(scoreboard(comparisons), SCOREBOARD_COLUMNS))
        if args.save:
            print(f"saved {save(args.save, comparisons)}")
        return 0
    except (StrategyError, ProviderError, ValueError) as exc:
        return fail(str(exc))


def print_comparison(comparison: Comparison, show_prompts: bool) -> None:
    expected = f"   (expected: {comparison.expected})" if comparison.expected else ""
    print(f"Q: {comparison.question}{expected}")
    if show_prompts:
        for result in comparison.results:
            print(f"\n=== {result.title}")
            for message in result.messages:
                print(f"[{message.role}] {message.content}")
            for number, output in enumerate(result.outputs, 1):
                print(f"--- reply {number}:\n{output}")
        print()
    rows = [{"strategy": r.title, "answer": _short(r.answer), "correct": _mark(r.correct),
             "votes": ", ".join(f"{a}×{n}" for a, n in r.votes.items()) if len(r.outputs) > 1 else "",
             "latency": f"{r.latency_ms:.1f} ms", "tokens in/out": f"{r.prompt_tokens}/{r.completion_tokens}"}
            for r in comparison.results]
    print(render_table(rows, ["strategy", "answer", "correct", "votes", "latency", "tokens in/out"]))


def render_table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table with a header line; columns as wide as their longest cell."""
    grid = [columns] + [["" if row.get(c) is None else str(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    text = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in grid]
    return "\n".join([text[0], "-+-".join("-" * width for width in widths), *text[1:]])


def _mark(correct: bool | None) -> str:
    return "" if correct is None else "yes" if correct else "no"


def _short(text: str) -> str:
    return text if len(text) <= ANSWER_WIDTH else text[:ANSWER_WIDTH - 1] + "…"
{%- if cookiecutter.ui == "fastapi" %}


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    # The service reads its settings from the environment.
    if args.provider:
        os.environ["LLM_PROVIDER"] = args.provider
    if args.templates:
        os.environ["PLAYGROUND_TEMPLATES"] = args.templates
    uvicorn.run("{{ cookiecutter.package_name }}.api:app", host=args.host, port=args.port)
    return 0
{%- endif %}


if __name__ == "__main__":
    raise SystemExit(main())
