"""Command line: prepare the data, run (or dry-run) the pipeline, work the DPO loss, audit, cards."""

from __future__ import annotations

import argparse

from . import losses
from .config import command_parser, fail, load_dotenv
from .pipeline import STAGE_NAMES, PipelineError, describe, run, worked_example
from .preferences import prepare, report, write
from .providers import ProviderError
from .stages import PipelineConfig, load_pipeline
from .tuning.hf import TrainingUnavailable
from .tuning.records import DataError
from .tuning.settings import ConfigError, with_tiny_model

DATA_DIR = "build/data"


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        "SFT → reward model → DPO → best-of-n with TRL: data preparation, stage configs, a pipeline runner. "
        "--provider is the judge of `audit`.", "run --dry-run")
    parser.add_argument("--configs", metavar="DIR",
                        help="folder of pipeline.yaml, sft.yaml, reward.yaml, dpo.yaml (default: configs/)")
    parser.add_argument("--data-dir", default=DATA_DIR, help=f"where prepared data goes (default {DATA_DIR})")
    commands.add_parser("prepare", help="validate, de-duplicate and split the pairs; write each stage's data")
    pipe = commands.add_parser("run", help="run the stages (train extra), or --dry-run to show them")
    pipe.add_argument("--dry-run", action="store_true", help="check configs and data, show each stage")
    pipe.add_argument("--stage", action="append", choices=STAGE_NAMES, help="only this stage (repeatable)")
    pipe.add_argument("--tiny", action="store_true", help="a tiny random model on the CPU (smoke test)")
    pipe.add_argument("--max-steps", type=int, metavar="N", help="stop each stage after N optimizer steps")
    pipe.add_argument("--force", action="store_true", help="run stages again even if they are done")
    loss = commands.add_parser("loss", help="the DPO loss worked out by hand on given log-probs")
    loss.add_argument("--logps", nargs=4, type=float, metavar=("PI_W", "PI_L", "REF_W", "REF_L"),
                      help="policy chosen, policy rejected, reference chosen, reference rejected "
                           "(default: the pairs in data/worked_example.json)")
    loss.add_argument("--beta", type=float, help="default: dpo.yaml's")
    loss.add_argument("--loss-type", choices=losses.LOSS_TYPES, help="default: dpo.yaml's")
    audit = commands.add_parser("audit", help="does a judge model (--provider) agree with the labels?")
    audit.add_argument("--limit", type=int, metavar="N", help="only the first N training pairs")
    cards = commands.add_parser("cards", help="write the Hub dataset card, model card and a blog-post draft")
    cards.add_argument("--out", default="build/hub")
    cards.add_argument("--dataset-repo",
                       default="your-name/{{ cookiecutter.project_slug }}-preferences")
    cards.add_argument("--model-repo", default="your-name/{{ cookiecutter.project_slug }}-dpo")
    cards.add_argument("--push", action="store_true", help="upload to the Hub (hub extra and HF_TOKEN)")
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        config = load_pipeline(args.configs)
        if getattr(args, "tiny", False):
            config = with_tiny_model(config)
        return COMMANDS[args.command](args, config)
    except (ConfigError, DataError, PipelineError, ProviderError, TrainingUnavailable) as exc:
        return fail(str(exc))


def run_prepare(args: argparse.Namespace, config: PipelineConfig) -> int:
    prepared = prepare(config.data)
    print("\n".join(report(prepared)))
    paths = write(prepared, args.data_dir)
    print(f"wrote {len(paths)} files under {args.data_dir}/ (pairs/, sft/, reward/, dpo/)")
    return 0


def run_pipeline(args: argparse.Namespace, config: PipelineConfig) -> int:
    prepared = prepare(config.data)
    if args.dry_run:
        print(describe(config, prepared, args.data_dir, args.stage))
        return 0
    manifest = run(config, prepared, args.data_dir, only=args.stage, force=args.force,
                   max_steps=args.max_steps)
    print(f"manifest: {manifest.path}")
    return 0


def run_loss(args: argparse.Namespace, config: PipelineConfig) -> int:
    dpo = config.stages["dpo"].dpo
    assert dpo is not None
    beta, loss_type = args.beta or dpo.beta, args.loss_type or dpo.loss_type
    if args.logps:
        lines = losses.worked_example(losses.LogProbs(*args.logps), beta, loss_type, dpo.label_smoothing)
    else:
        lines = worked_example(beta, loss_type, dpo.label_smoothing)
    print("\n".join(lines))
    return 0


def run_audit(args: argparse.Namespace, config: PipelineConfig) -> int:
    from .judge import audit, judge_provider, summary

    pairs = prepare(config.data).train
    judgements = audit(judge_provider(args.provider), pairs[: args.limit] if args.limit else pairs)
    print("\n".join(summary(judgements)))
    return 0


def run_cards(args: argparse.Namespace, config: PipelineConfig) -> int:
    from .cards import HubError, push, write_cards

    paths = write_cards(config, prepare(config.data), args.out, args.dataset_repo, args.model_repo,
                        "{{ cookiecutter.license | lower | replace("-or-later", "") }}")
    for path in paths:
        print(f"wrote {path}")
    if args.push:
        try:
            for url in push(args.out, config, args.dataset_repo, args.model_repo):
                print(f"pushed {url}")
        except HubError as exc:
            return fail(str(exc))
    return 0


COMMANDS = {"prepare": run_prepare, "run": run_pipeline, "loss": run_loss, "audit": run_audit,
            "cards": run_cards}


if __name__ == "__main__":
    raise SystemExit(main())
