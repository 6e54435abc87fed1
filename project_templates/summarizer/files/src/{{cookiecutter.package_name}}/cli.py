"""Command line: summarize a file with one or every strategy, or score the strategies with ROUGE."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from .config import command_parser, console_main, fail, load_dotenv
from .evaluate import Score, averages, bundled_dataset, evaluate
from .offline import offline_summary
from .providers import ProviderError, get_provider
from .rouge import METRICS, rouge
from .strategies import DEFAULT_STRATEGY, STRATEGIES, SUMMARY_WORDS, Summarizer
from .text import CHUNK_WORDS


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        "Summarize long texts with map-reduce, refine or tree; score with ROUGE.",
        "summarize article.txt --strategy all")
    parser.add_argument("--chunk-words", type=int, default=CHUNK_WORDS, help="words per chunk")
    parser.add_argument("--words", type=int, default=SUMMARY_WORDS, help="summary length in words")
    summarize = commands.add_parser("summarize", help="summarize a text file")
    summarize.add_argument("file", metavar="FILE")
    summarize.add_argument("--strategy", choices=[*STRATEGIES, "all"], default=DEFAULT_STRATEGY)
    summarize.add_argument("--reference", metavar="FILE", help="a reference summary to score against")
    evaluate_cmd = commands.add_parser("evaluate", help="ROUGE of every strategy on the bundled articles")
    evaluate_cmd.add_argument("--json", action="store_true", help="print every score as JSON")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        provider = get_provider(args.provider, brain=offline_summary)
        summarizer = Summarizer(provider, args.chunk_words, args.words)
        if args.command == "evaluate":
            return report(evaluate(summarizer, bundled_dataset()), args.json)
        try:
            text = Path(args.file).read_text(encoding="utf-8")
            reference = Path(args.reference).read_text(encoding="utf-8") if args.reference else None
        except OSError as exc:
            return fail(f"cannot read {exc.filename}: {exc.strerror}")
        for strategy in STRATEGIES if args.strategy == "all" else (args.strategy,):
            summary = summarizer.run(strategy, text)
            calls = (f"{summary.calls} calls to the offline stand-in: extractive, no model"
                     if provider.name == "fake" else f"{summary.calls} model calls")
            print(f"== {strategy} ({calls})\n{summary.text}")
            if reference:
                print("   " + "  ".join(f"{m} {v:.3f}" for m, v in rouge(summary.text, reference).items()))
        return 0
    except ProviderError as exc:
        return fail(str(exc))


def report(scores: list[Score], as_json: bool) -> int:
    if as_json:
        print(json.dumps({"scores": [asdict(s) for s in scores], "averages": averages(scores)}, indent=2))
        return 0

    def line(document: str, strategy: str, calls: str, words: str, values: list[str]) -> str:
        return f"{document:<20} {strategy:<11} {calls:>5} {words:>5}  " + "  ".join(f"{v:>7}" for v in values)

    print(line("document", "strategy", "calls", "words", list(METRICS)))
    for s in scores:
        values = [f"{s.rouge[m]:.3f}" for m in METRICS]
        print(line(s.document, s.strategy, str(s.calls), str(s.words), values))
    for strategy, means in averages(scores).items():
        print(line("mean", strategy, "", "", [f"{means[m]:.3f}" for m in METRICS]))
    return 0
