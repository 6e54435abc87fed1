"""Command line: run the evaluation and write the leaderboard, or show the rubric."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .config import command_parser, console_main, fail, load_dotenv
from .evaluate import leaderboard, run, to_csv, to_json, to_table
from .judge import Judge
from .models import DEFAULT_MODELS, load_model
from .offline import offline_judge
from .providers import ProviderError, get_provider
from .rubric import DataError, load_items, load_rubric


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("Compare models with an LLM judge on a rubric; write a leaderboard.",
                                      "run --models fake:grounded fake:verbose --out results")
    parser.add_argument("--rubric", metavar="FILE", help="rubric JSON (default: the bundled one)")
    evaluate = commands.add_parser("run", help="answer, judge, rank")
    evaluate.add_argument("--models", nargs="+", metavar="SPEC", default=DEFAULT_MODELS,
                          help="provider:model, e.g. openai:gpt-4o-mini (default: the offline personas)")
    evaluate.add_argument("--items", metavar="FILE", help="evaluation set, JSON lines (default: bundled)")
    evaluate.add_argument("--out", metavar="DIR", default="results",
                          help="where leaderboard.json, leaderboard.csv and judgements.jsonl go")
    commands.add_parser("rubric", help="print the rubric the judge uses")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        rubric = load_rubric(args.rubric)
        if args.command == "rubric":
            print(f"{rubric.name} (scores 1-{rubric.scale_max})")
            for c in rubric.criteria:
                print(f"- {c.name} x{c.weight:g}: {c.description}")
            return 0
        items = load_items(args.items)
        models = {spec: load_model(spec) for spec in args.models}
        judge = Judge(get_provider(args.provider, brain=offline_judge), rubric)
    except (DataError, ProviderError) as exc:
        return fail(str(exc))
    try:
        results = run(models, items, judge)
    except ProviderError as exc:
        return fail(str(exc))
    rows = leaderboard(results, rubric)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "leaderboard.json").write_text(to_json(rows, rubric) + "\n", encoding="utf-8")
    (out / "leaderboard.csv").write_text(to_csv(rows), encoding="utf-8")
    (out / "judgements.jsonl").write_text("".join(json.dumps(vars(r)) + "\n" for r in results),
                                          encoding="utf-8")
    print(to_table(rows))
    print(f"\n{len(items)} items x {len(models)} models judged by {judge_name(judge.provider.name)}; "
          f"written to {out}/leaderboard.json, leaderboard.csv, judgements.jsonl")
    return 0


def judge_name(provider: str) -> str:
    if provider == "fake":
        return "the offline stand-in judge (word-overlap heuristics, no model)"
    return provider
