"""Settings come from the environment; a local `.env` file (git-ignored) may fill in what is unset.

Nothing here writes a key anywhere: `.env.example` documents the variables.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def load_dotenv(path: str | Path = ".env") -> None:
    """Put KEY=VALUE lines of `path` into the environment, never overriding what is already set."""
    file = Path(path)
    if not file.is_file():
        return
    for line in file.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.split(" #", 1)[0].strip().strip("'\"")
        if key.strip() and value:
            os.environ.setdefault(key.strip(), value)


def command_parser(description: str, example: str):
    """The project's command-line parser with the shared --provider option, and its subcommands."""
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.project_slug }}", description=description,
                                     epilog=f"example: %(prog)s {example}")
    add_provider_option(parser)
    return parser, parser.add_subparsers(dest="command", required=True)


def add_provider_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provider", metavar="NAME",
        help="fake (offline), openai, anthropic or ollama; default: $LLM_PROVIDER, else "
             "{{ cookiecutter.provider }}",
    )


def fail(message: str) -> int:
    """Print one line saying what went wrong and return the exit code for errors."""
    print(f"error: {message}", file=sys.stderr)
    return 1


def serve(app: str, host: str, port: int, **settings: str | None) -> int:
    """Run an ASGI app ("package.module:app") with uvicorn. The app reads its settings from the
    environment, so the command line's options (`settings`, when given) are put there first."""
    import uvicorn

    for name, value in settings.items():
        if value:
            os.environ[name] = value
    uvicorn.run(app, host=host, port=port)
    return 0
