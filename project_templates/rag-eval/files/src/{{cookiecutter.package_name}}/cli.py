"""Command line: ask, evaluate one retrieval configuration, compare them all, read the traces."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from .config import add_provider_option, fail, load_dotenv
from .corpus import CorpusError, load_corpus, load_eval_set
from .evaluation import Judge, Report, evaluate, format_comparison, format_report
from .offline import offline_brain
from .providers import ProviderError, get_provider
from .rag import TOP_K, RagPipeline, index_dir
from .rerank import RERANKERS, get_reranker
from .retrieval import CONFIGS, DEFAULT_CONFIG, VECTOR_WEIGHT
from .tracing import format_summary, make_tracer, read_traces, summarize, trace_log_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.project_slug }}",
        description="Hybrid-search RAG (BM25 + vectors, reranking, HyDE) with RAGAS-style evaluation.",
        epilog='example: {{ cookiecutter.project_slug }} ask "What does error E-104 mean?" && '
               "{{ cookiecutter.project_slug }} compare",
    )
    add_provider_option(parser)
    parser.add_argument("--docs", metavar="DIR", help="a folder of .md/.txt documents (default: bundled)")
    parser.add_argument("--reranker", choices=RERANKERS, help="default: $RERANKER, else overlap")
    parser.add_argument("--vector-weight", type=float, default=VECTOR_WEIGHT, metavar="W",
                        help=f"share of the vector ranking in the fusion, 0..1 (default {VECTOR_WEIGHT:g})")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer a question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--config", choices=list(CONFIGS), default=DEFAULT_CONFIG)
    ask.add_argument("-k", type=int, default=TOP_K, help=f"passages given to the model (default {TOP_K})")
    ask.add_argument("--contexts", action="store_true", help="print the retrieved passages and their ranks")

    for name, what in (("eval", "score one configuration on the eval set"),
                       ("compare", "score several configurations side by side")):
        sub = commands.add_parser(name, help=what)
        if name == "eval":
            sub.add_argument("--config", choices=list(CONFIGS), default=DEFAULT_CONFIG)
        else:
            sub.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated (default: all)")
        sub.add_argument("-k", type=int, default=TOP_K)
        sub.add_argument("--eval-set", metavar="FILE",
                         help="JSON lines of question/ground_truth (default: bundled)")
        sub.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
        sub.add_argument("--judge-provider", metavar="NAME",
                         help="the judge's provider (default: $JUDGE_PROVIDER, else the answering one)")
        if name == "eval":
            sub.add_argument("--ragas", action="store_true",
                             help="also score with the RAGAS library (extra: pip install -e '.[ragas]')")
        out = "eval-results.json" if name == "eval" else "eval-comparison.json"
        sub.add_argument("--out", metavar="FILE", default=out,
                         help="where to write the JSON results (default: %(default)s)")

    serve = commands.add_parser("serve", help="run the FastAPI service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    traces = commands.add_parser("traces", help="summarise the trace log: requests, errors, latency per step")
    traces.add_argument("--log", metavar="FILE", help="default: $RAG_TRACE_LOG or .index/traces.jsonl")
    traces.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    if args.command in ("serve", "traces"):  # neither builds the pipeline
        return serve(args) if args.command == "serve" else show_traces(args)
    try:
        pipeline = RagPipeline(load_corpus(args.docs), get_provider(args.provider, brain=offline_brain),
                               get_reranker(args.reranker), make_tracer(command=args.command),
                               args.vector_weight, index_dir())
        if args.command == "ask":
            return ask(pipeline, args)
        items = load_eval_set(args.eval_set)[:args.limit]
        judge_name = args.judge_provider or os.environ.get("JUDGE_PROVIDER")
        judge = None
        if judge_name:
            judge = Judge(get_provider(judge_name, brain=offline_brain), pipeline.provider)
        if args.command == "eval":
            report = evaluate(pipeline, items, args.config, args.k, judge)
            print(format_report(report))
            data = report.to_dict()
            if args.ragas:
                from .ragas_eval import format_ragas, ragas_evaluate

                ragas_report = ragas_evaluate(pipeline, items, args.config, args.k)
                print(format_ragas(ragas_report))
                data["ragas"] = ragas_report.to_dict()
            return write(args.out, data)
        names = [c.strip() for c in args.configs.split(",") if c.strip()]
        unknown = [c for c in names if c not in CONFIGS]
        if unknown or not names:
            return fail(f"unknown config(s) {', '.join(unknown)}: use {', '.join(CONFIGS)}")
        reports: list[Report] = [evaluate(pipeline, items, name, args.k, judge) for name in names]
        print(format_comparison(reports))
        return write(args.out, {"configs": [r.to_dict() for r in reports]})
    except (CorpusError, ProviderError, ValueError) as exc:
        return fail(str(exc))


def ask(pipeline: RagPipeline, args: argparse.Namespace) -> int:
    answer = pipeline.ask(" ".join(args.question), args.config, args.k)
    print(answer.text)
    if args.contexts:
        if answer.hypothetical:
            print(f"\nHyDE hypothetical answer: {answer.hypothetical}")
        print(f"\ncontexts ({answer.config}):")
        for hit in answer.hits:
            ranks = ", ".join(f"{name} #{rank}" for name, rank in sorted(hit.ranks.items()))
            print(f"  {hit.score:8.4f}  {hit.passage.label}  ({ranks})")
    print(f"trace {answer.trace_id} · {answer.latency_ms:.0f} ms")
    return 1 if answer.text.startswith("I don't know") else 0  # no answer in the documents


def show_traces(args: argparse.Namespace) -> int:
    summary = summarize(read_traces(args.log or trace_log_path()))
    print(json.dumps(summary, indent=2) if args.json else format_summary(summary))
    return 0


def write(path: str, data: dict) -> int:
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.provider:
        os.environ["LLM_PROVIDER"] = args.provider  # the service reads its settings from the environment
    if args.reranker:
        os.environ["RERANKER"] = args.reranker
    uvicorn.run("{{ cookiecutter.package_name }}.api:app", host=args.host, port=args.port)
    return 0
