"""Command line: ask a question of the database, show its schema, save the sample database."""

from __future__ import annotations

import argparse

from .agent import Result, SqlAgent
from .config import command_parser, console_main, fail, load_dotenv
from .database import DatabaseError, describe_schema, open_readonly, write_sample
from .offline import EXAMPLES, offline_sql
from .providers import ProviderError, get_provider


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("Ask questions of a SQLite database in plain language (read-only).",
                                      'ask "What is the total revenue by country?"')
    parser.add_argument("--db", metavar="FILE", help="a SQLite file (default: the bundled sample shop)")
    ask = commands.add_parser("ask", help="turn a question into SQL and run it")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--show-sql", action="store_true", help="print the SQL and every attempt")
    commands.add_parser("schema", help="print the schema the model sees")
    init = commands.add_parser("init-db", help="save the sample database to a file")
    init.add_argument("path", metavar="FILE")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "init-db":
            print(f"wrote {write_sample(args.path)}")
            return 0
        conn = open_readonly(args.db)
        if args.command == "schema":
            print(describe_schema(conn))
            return 0
        agent = SqlAgent(conn, get_provider(args.provider, brain=offline_sql))
        result = agent.ask(" ".join(args.question))
    except (DatabaseError, ProviderError) as exc:
        return fail(str(exc))
    return report(result, args.show_sql)


def report(result: Result, show_sql: bool) -> int:
    if result.declined:
        examples = "; ".join(f'"{e}"' for e in EXAMPLES[:4])
        return fail(f"the offline stand-in (fake provider, no model) cannot answer this question: "
                    f"{result.declined}. It understands questions such as {examples}. For any question, "
                    "use a real model: LLM_PROVIDER=openai, anthropic or ollama")
    if show_sql or not result.ok:
        for number, attempt in enumerate(result.attempts, 1):
            print(f"-- attempt {number}: {attempt.sql or '(no SQL)'}")
            if attempt.error:
                print(f"--   error: {attempt.error}")
    if not result.ok:
        return fail(f"no valid query after {len(result.attempts)} attempt(s)")
    print(format_table(result.columns, result.rows))
    if result.truncated:
        print(f"(only the first {len(result.rows)} rows)")
    return 0


def format_table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[str(c) for c in columns]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
