"""Command line: ingest documents, ask questions, evaluate retrieval, serve the API.

Exit codes: 0 done, 1 error or no answer found in the documents, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from .config import command_parser, fail, load_dotenv, serve
from .documents import DocumentError
from .evaluation import EvalReport, EvalSetError, evaluate, evaluate_bundled, load_cases
from .index import Index, StoreError
from .providers import ProviderError
from .rag import DEFAULT_INDEX, Answer, IngestReport, NothingFound, RagPipeline, default_provider, index_dir

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        "Ask questions about your documents; answers cite their pages and sections.",
        'ingest docs/ && %(prog)s ask "How many vacation days do I get?"')
    parser.add_argument("--index", metavar="DIR",
                        help=f"index directory (default: $RAG_INDEX_DIR or {DEFAULT_INDEX})")
    ingest = commands.add_parser("ingest", help="index files and folders (default: the bundled samples)")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders: .pdf, .md, .txt, .html")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ask = commands.add_parser("ask", help="answer a question from the indexed documents")
    ask.add_argument("question", nargs="+")
    ask.add_argument("-k", type=int, default=4, choices=range(1, 21), metavar="K",
                     help="how many chunks to retrieve, 1-20 (default 4)")
    ask.add_argument("--json", action="store_true", help="print the answer and citations as JSON")
    evaluate_cmd = commands.add_parser("eval", help="hit@k and MRR on a question set with known sources")
    evaluate_cmd.add_argument("--cases", metavar="FILE",
                              help="your own JSONL question set, run against the index (default: the bundled "
                                   "set against a fresh index of the bundled documents)")
    evaluate_cmd.add_argument("-k", type=int, default=4, choices=range(1, 21), metavar="K",
                              help="cut-off for hit@k and MRR, 1-20 (default 4)")
    evaluate_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    serve_cmd = commands.add_parser("serve", help="run the FastAPI service")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except BrokenPipeError:
        # `… | head` closed the pipe: stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve("{{ cookiecutter.package_name }}.api:app", args.host, args.port,
                     RAG_INDEX_DIR=args.index, LLM_PROVIDER=args.provider)
    try:
        provider = default_provider(args.provider)
        if args.command == "eval" and not args.cases:
            return show_eval(evaluate_bundled(provider, args.k), args.json)
        pipeline = RagPipeline(Index(args.index or index_dir(), provider))
        if args.command == "ingest":
            return show_ingest(pipeline.ingest(args.paths), args.json)
        if args.command == "eval":
            return show_eval(evaluate(pipeline, load_cases(args.cases), args.k), args.json)
        return show_answer(pipeline.ask(" ".join(args.question), args.k), args.json)
    except (DocumentError, EvalSetError, NothingFound, ProviderError, StoreError) as exc:
        return fail(clean(str(exc)))


def clean(text: str) -> str:
    """Text from documents never reaches the terminal with control characters in it."""
    return CONTROL.sub(" ", text)


def show_ingest(report: IngestReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"schema": "ingest/1", **vars(report)}, ensure_ascii=False, indent=2))
        return 0
    for label, names in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for name in names:
            extra = f": {report.chunks[name]} chunks" if name in report.chunks else ""
            print(clean(f"{label} {name}{extra}"))
    if report.unchanged:
        print(f"unchanged: {len(report.unchanged)} file(s)")
    print(f"index: {report.total_chunks} chunks from {report.total_sources} documents")
    return 0


def answer_json(answer: Answer) -> dict:
    return {
        "schema": "ask/1",
        "question": answer.question,
        "answer": answer.text,
        "answered": answer.answered,
        "citations": [vars(c) for c in answer.citations],
        "model": answer.model,
        "retrieved": [{"source": h.chunk.source, "page": h.chunk.page, "section": h.chunk.section,
                       "score": h.score, "keyword_rank": h.keyword_rank, "vector_rank": h.vector_rank}
                      for h in answer.retrieved],
    }


def show_answer(answer: Answer, as_json: bool) -> int:
    if as_json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print(clean(answer.text))
        for c in answer.citations:
            place = c.source + (f" p.{c.page}" if c.page is not None else "")
            print(clean(f"  [{place}{' > ' + c.section if c.section else ''}] score {c.score:.2f}"))
        if answer.model.startswith("fake"):
            done = "quoted from the documents, not generated" if answer.answered else "no passage answers it"
            print(f"(offline extractive reader: {done}; set LLM_PROVIDER for a real model)")
    return 0 if answer.answered else 1


def show_eval(report: EvalReport, as_json: bool) -> int:
    if as_json:
        body = {"schema": "eval/1", "k": report.k, "model": report.model, "questions": len(report.cases),
                "hit_at_1": report.hit_at_1, f"hit_at_{report.k}": report.hit_at_k, "mrr": report.mrr,
                "answer_accuracy": report.answer_accuracy, "cases": [vars(c) for c in report.cases]}
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    for case in report.cases:
        rank = f"rank {case.rank}" if case.rank else f"not in top {report.k}"
        mark = "ok " if case.answer_correct else "-- "
        print(clean(f"{mark}{rank:>14}  {case.question}  [{case.expected}]"))
    print(f"{len(report.cases)} questions, k={report.k}: hit@1 {report.hit_at_1:.2f}  "
          f"hit@{report.k} {report.hit_at_k:.2f}  MRR {report.mrr:.2f}  "
          f"answers right {report.answer_accuracy:.2f}")
    return 0
