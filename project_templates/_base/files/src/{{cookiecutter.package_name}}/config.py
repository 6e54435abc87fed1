"""Settings come from the environment; a local `.env` file (git-ignored) may fill in what is unset.

Nothing here writes a key anywhere: `.env.example` documents the variables.
"""

from __future__ import annotations

import argparse
import functools
import os
import select
import sys
from collections.abc import Callable
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


def console_main(main: Callable[[list[str] | None], int]) -> Callable[[list[str] | None], int]:
    """Wrap a console script's `main(argv) -> exit code` so that a reader which stops early
    (`… | head`, `… | less` then q) ends the output quietly instead of with a BrokenPipeError
    traceback, and Ctrl-C exits 130 without one.

    Decorate `main` in cli.py: `@console_main`.
    """

    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> int:
        try:
            try:
                return main(argv)
            finally:
                sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        except BrokenPipeError:
            if not _stdout_closed():
                raise  # some other pipe broke: that is a real error
            # Python's advice: point stdout at devnull so the flush at exit cannot fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except KeyboardInterrupt:
            print(file=sys.stderr)
            return 130

    run.pipe_safe = True  # tests/test_console.py looks for it
    return run


def _stdout_closed() -> bool:
    """True when nobody reads our stdout any more (the write end of a pipe reports an error)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an object without a descriptor
        return False
    if not hasattr(select, "poll"):  # Windows: no way to ask, and stdout is what broke there
        return True
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))


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
