"""Command line: ingest documents, ask questions, serve the API."""

from __future__ import annotations

import argparse

from .config import command_parser, fail, load_dotenv, serve
from .documents import DocumentError, sample_documents
from .providers import ProviderError, get_provider
from .rag import DEFAULT_INDEX, RagPipeline, index_dir
from .store import StoreError, open_store


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("Ask questions about your documents; answers cite their pages.",
                                      'ingest && %(prog)s ask "How many vacation days do I get?"')
    parser.add_argument("--index", metavar="DIR",
                        help=f"index directory (default: $RAG_INDEX_DIR or {DEFAULT_INDEX})")
    ingest = commands.add_parser("ingest", help="index documents (default: the bundled samples)")
    ingest.add_argument("paths", nargs="*", metavar="FILE", help=".pdf, .txt or .md files")
    ask = commands.add_parser("ask", help="answer a question from the indexed documents")
    ask.add_argument("question", nargs="+")
    ask.add_argument("-k", type=int, default=4, help="how many chunks to retrieve (default 4)")
    serve = commands.add_parser("serve", help="run the FastAPI service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve("{{ cookiecutter.package_name }}.api:app", args.host, args.port,
                     RAG_INDEX_DIR=args.index, LLM_PROVIDER=args.provider)
    try:
        pipeline = RagPipeline(open_store(args.index or index_dir()), get_provider(args.provider))
        if args.command == "ingest":
            for path in args.paths or sample_documents():
                print(f"{path}: {pipeline.ingest(path)} chunks")
            print(f"index: {len(pipeline.store)} chunks from {len(pipeline.store.sources())} documents")
            return 0
        answer = pipeline.ask(" ".join(args.question), args.k)
        print(answer.text)
        for citation in answer.citations:
            print(f"  [{citation.source} p.{citation.page}] similarity {citation.score:.2f}")
        print(f"confidence: {answer.confidence:.2f}")
        return 0
    except (DocumentError, ProviderError, StoreError) as exc:
        return fail(str(exc))

