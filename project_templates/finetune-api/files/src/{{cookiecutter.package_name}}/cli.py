"""Command line: curate the data, plan or run training, evaluate before/after, generate, serve."""

from __future__ import annotations

import argparse
import os
import sys

from . import curate as curation
from .config import command_parser, fail, load_dotenv
from .generators import CHOICES, get_generator, prompt_messages, stand_in_note
from .providers import ProviderError
from .recipe import Recipe, load_recipe
from .security import new_key
from .tuning.hf import TrainingUnavailable
from .tuning.records import DataError
from .tuning.settings import ConfigError, with_tiny_model


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("Fine-tune a small model with LoRA/QLoRA, evaluate it, and serve it "
                                      "behind an API. --provider also takes fake-base, local and local-base.",
                                      "train --dry-run")
    parser.add_argument("--config", metavar="FILE",
                        help="training recipe (default: the bundled configs/train.yaml)")
    cur = commands.add_parser("curate", help="validate, de-duplicate, filter and split the dataset")
    cur.add_argument("--out", default="build/data", help="where train.jsonl and eval.jsonl go")
    train = commands.add_parser("train", help="fine-tune (train extra), or print the plan with --dry-run")
    train.add_argument("--dry-run", action="store_true", help="check config and data, print the plan")
    train.add_argument("--tiny", action="store_true", help="a tiny random model on the CPU (smoke test)")
    train.add_argument("--max-steps", type=int, metavar="N", help="stop after N optimizer steps")
    evaluate = commands.add_parser("eval", help="compare two models on the eval split")
    evaluate.add_argument("--before", default="fake-base", choices=CHOICES, help="default fake-base")
    evaluate.add_argument("--after", default="fake", choices=CHOICES, help="default fake")
    evaluate.add_argument("--adapter", metavar="DIR", help="adapter directory for local models")
    evaluate.add_argument("--limit", type=int, metavar="N", help="only the first N eval examples")
    evaluate.add_argument("--out", default="build/eval", help="where report.md and report.json go")
    generate = commands.add_parser("generate", help="answer one prompt (with --provider's model)")
    generate.add_argument("prompt", nargs="+")
    generate.add_argument("--adapter", metavar="DIR", help="adapter directory for local models")
    serve = commands.add_parser("serve", help="run the FastAPI service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    commands.add_parser("keygen", help="print a new random API key (put it in API_KEYS)")
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    if args.command == "keygen":
        print(new_key())
        return 0
    if args.command == "serve":
        return serve(args)
    try:
        recipe = load_recipe(args.config)
        return COMMANDS[args.command](args, recipe)
    except (ConfigError, DataError, ProviderError, TrainingUnavailable) as exc:
        return fail(str(exc))


def run_curate(args: argparse.Namespace, recipe: Recipe) -> int:
    curated = curation.curate(recipe.data)
    print("\n".join(curation.report(curated)))
    for path in curation.write(curated, args.out, recipe.data.system_prompt):
        print(f"wrote {path}")
    return 0


def run_train(args: argparse.Namespace, recipe: Recipe) -> int:
    if args.tiny:
        recipe = with_tiny_model(recipe)
    if args.dry_run:
        from .plan import make_plan, render

        print(render(make_plan(recipe)))
        return 0
    from .train import train

    result = train(recipe, max_steps=args.max_steps)
    # Every process of a multi-process launch prints its own line, so a launch shows all ranks ran.
    rank = f"rank {result.rank} of {result.world_size}: " if result.world_size > 1 else ""
    curve = f", loss {result.losses[0]:.4f} -> {result.losses[-1]:.4f}" if result.losses else ""
    print(f"{rank}trained {result.steps} steps{curve} (mean {result.loss:.4f}); "
          f"adapter in {result.output_dir}/")
    return 0


def run_eval(args: argparse.Namespace, recipe: Recipe) -> int:
    from .evaluation import compare, markdown, save

    curated = curation.curate(recipe.data)
    examples = curated.eval[: args.limit] if args.limit else curated.eval
    before = get_generator(args.before, adapter_dir=args.adapter, train=curated.train)
    after = get_generator(args.after, adapter_dir=args.adapter, train=curated.train)
    report = compare(before, after, examples, recipe.data.system_prompt, labels=(args.before, args.after))
    print(markdown(report), end="")
    for path in save(report, args.out):
        print(f"wrote {path}")
    return 0


def run_generate(args: argparse.Namespace, recipe: Recipe) -> int:
    model = get_generator(args.provider, adapter_dir=args.adapter, train=curation.curate(recipe.data).train)
    text = model.complete(prompt_messages(" ".join(args.prompt), recipe.data.system_prompt)).strip()
    note = stand_in_note(model, " ".join(args.prompt))
    if note:  # on stderr, so the answer alone can still be piped
        print(f"note: {note}", file=sys.stderr)
    print(text)
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.provider:  # the service reads its settings from the environment
        os.environ["LLM_PROVIDER"] = args.provider
    if not os.environ.get("API_KEYS"):
        print("note: API_KEYS is not set, so /generate will answer 503; "
              "export API_KEYS=$({{ cookiecutter.project_slug }} keygen)")
    uvicorn.run("{{ cookiecutter.package_name }}.api:app", host=args.host, port=args.port)
    return 0


COMMANDS = {"curate": run_curate, "train": run_train, "eval": run_eval, "generate": run_generate}


if __name__ == "__main__":
    raise SystemExit(main())
