"""Command line: `{{ cookiecutter.project_slug }} build "TASK" --workspace DIR`.

Exit codes: 0 the change was approved and applied, 1 the run failed (nothing applied),
3 the change was rejected (nothing applied), 2 a usage error.
"""

from __future__ import annotations

import argparse
{% if cookiecutter.memory == "pgvector" -%}
import os
{% endif -%}
import sys
from pathlib import Path

from .approval import choose_hook
from .config import add_provider_option, console_main, fail, load_dotenv
{%- if cookiecutter.framework == "langgraph" %}
from .offline import SKILLS
{%- else %}
from .offline import DESCRIPTION, SKILLS, offline_brain
{%- endif %}
from .orchestrator import LOG_DIR, MAX_ITERATIONS, Team
{%- if cookiecutter.framework == "langgraph" %}
from .providers import ProviderError
{%- else %}
from .providers import ProviderError, get_provider
{%- endif %}
from .sandbox import MEMORY_MB, TEST_TIMEOUT, make_sandbox
from .tracing import TRACING, make_tracing
from .transcript import Transcript
from .workspace import WorkspaceError

EXIT = {"applied": 0, "failed": 1, "rejected": 3}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.project_slug }}",
        description="Planner, coder, tester and reviewer agents that change code in a sandbox, "
                    "with your approval.",
        epilog='example: {{ cookiecutter.project_slug }} build "add a function slugify with tests" '
               "--workspace ../demo --yes",
    )
    add_provider_option(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="plan, code, test, fix, review, then ask to apply")
    build.add_argument("task", help="what to build, in plain language")
    build.add_argument("--workspace", required=True, metavar="DIR",
                       help="the folder to change (created if missing)")
    build.add_argument("--yes", action="store_true", help="approve in advance: apply without asking")
    build.add_argument("--max-iterations", type=int, default=MAX_ITERATIONS, metavar="N",
                       help=f"code → test cycles allowed (default {MAX_ITERATIONS})")
    build.add_argument("--sandbox", metavar="KIND",
                       help="{{ 'docker (used only if available) or subprocess' if cookiecutter.sandbox == 'docker' else 'subprocess' }}; "
                            "default: $CODING_AGENTS_SANDBOX, else {{ cookiecutter.sandbox }}")
    build.add_argument("--timeout", type=float, default=TEST_TIMEOUT, metavar="SECONDS",
                       help=f"time limit of one test run (default {TEST_TIMEOUT})")
    build.add_argument("--memory-mb", type=int, default=MEMORY_MB, help=f"in MB (default {MEMORY_MB})")
    build.add_argument("--log-dir", metavar="DIR",
                       help=f"where the transcript and patch go (default: WORKSPACE/{LOG_DIR})")
    build.add_argument("--quiet", action="store_true", help="do not print the agents' messages")
    build.add_argument("--tracing", metavar="KIND", help=f"{TRACING} (this project's) or none")
{%- if cookiecutter.memory == "pgvector" %}
    build.add_argument("--no-memory", action="store_true",
                       help="do not read or write the memory of past tasks ($DATABASE_URL)")
{%- endif %}
    commands.add_parser("tasks", help="the tasks the offline (fake) team can do")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    if args.command == "tasks":
        for skill in SKILLS:
            print(f'- "{skill.example}"')
        print("Any other task needs a real model: --provider openai, anthropic or ollama.")
        return 0
    workspace = Path(args.workspace)
    log_dir = Path(args.log_dir) if args.log_dir else workspace / LOG_DIR
    tracing = None
    try:
{%- if cookiecutter.framework == "langgraph" %}
        from .chat import ChatProvider, chat_model

        provider = ChatProvider(chat_model(args.provider))
        model = provider.describe()
{%- else %}
        provider = get_provider(args.provider, brain=offline_brain)
        model = DESCRIPTION if provider.name == "fake" else provider.name
{%- endif %}
        sandbox, why = make_sandbox(args.sandbox, args.timeout, args.memory_mb)
        if workspace.exists() and not workspace.is_dir():
            return fail(f"{workspace} is not a folder")
        tracing = make_tracing(log_dir, args.tracing)
{%- if cookiecutter.memory == "pgvector" %}
        memory, memory_why = (None, "off") if args.no_memory else open_memory()
        print(f"provider: {model} · sandbox: {why} · tracing: {tracing.describe()} · "
              f"memory: {memory_why}")
{%- else %}
        print(f"provider: {model} · sandbox: {why} · tracing: {tracing.describe()}")
{%- endif %}
        transcript = Transcript(echo=None if args.quiet else print)
        team = Team(provider, sandbox, choose_hook(args.yes), args.max_iterations, transcript, tracing
                    {%- if cookiecutter.memory == "pgvector" %},
                    memory{% endif %})
        outcome = team.build(args.task, workspace, log_dir)
    except (ProviderError, WorkspaceError, ValueError) as exc:
        return fail(str(exc))
    finally:
        if tracing is not None:
            tracing.shutdown()
    print()
    for change in outcome.changes:
        print(f"  {change.status:8} {change.path}")
    print(f"{outcome.status}: {outcome.reason}")
    print("saved: " + ", ".join(str(p) for p in outcome.saved))
    if outcome.status != "applied":
        print(f"the workspace was not changed; the patch is in {outcome.saved[-1]}", file=sys.stderr)
    return EXIT[outcome.status]
{%- if cookiecutter.memory == "pgvector" %}


def open_memory():
    """The pgvector memory when DATABASE_URL is set, else none (and say why)."""
    from .memory import MemoryError, PgVectorMemory

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None, "off (set DATABASE_URL; docker compose up -d starts a database)"
    try:
        return PgVectorMemory(url), "pgvector"
    except MemoryError as exc:
        raise ValueError(str(exc)) from None
{%- endif %}
