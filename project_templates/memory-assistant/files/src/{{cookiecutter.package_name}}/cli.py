"""Command line: chat, say one thing, inspect what is remembered about a user, forget it."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from .assistant import Assistant, Turn, memory_line
from .config import command_parser, fail, load_dotenv
from .memory import KINDS, MemoryBank
from .offline import offline_brain
from .providers import ProviderError, get_provider
from .store import data_dir, open_store


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("An assistant that remembers you across sessions.", "chat --user alice")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where memories are kept (default: $MEMORY_DIR, else .memory)")
    chat = commands.add_parser("chat", help="a conversation (one session) in the terminal")
    say = commands.add_parser("say", help="one message, as a session of its own")
    say.add_argument("message", nargs="+")
    for command in (chat, say):
        command.add_argument("--user", required=True, help="who is talking (memories are per user)")
        command.add_argument("--show-memory", action="store_true",
                             help="also print what was learned and recalled")
    show = commands.add_parser("memories", help="what is remembered about a user")
    show.add_argument("--user", required=True)
    show.add_argument("--kind", choices=KINDS)
    show.add_argument("--search", metavar="TEXT", help="rank memories by similarity to TEXT")
    show.add_argument("--json", action="store_true")
    forget = commands.add_parser("forget", help="delete memories of a user")
    forget.add_argument("--user", required=True)
    what = forget.add_mutually_exclusive_group(required=True)
    what.add_argument("--id", type=int, nargs="+", help="these memories (ids from `memories`)")
    what.add_argument("--kind", choices=KINDS, help="every memory of this kind")
    what.add_argument("--matching", metavar="TEXT", help="every memory whose text contains TEXT")
    what.add_argument("--all", action="store_true", help="everything about the user")
    commands.add_parser("users", help="the users with memories")
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        provider = get_provider(args.provider, brain=offline_brain)
        store = open_store(args.data_dir)
    except ProviderError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot use the data directory {data_dir(args.data_dir)}: {exc}")
    try:
        bank = MemoryBank(store, provider)
        if args.command == "users":
            print("\n".join(store.users()) or "(no users yet)")
            return 0
        if args.command == "memories":
            return show_memories(bank, args.user, args.kind, args.search, args.json)
        if args.command == "forget":
            count = bank.forget(args.user, ids=args.id or (), kind=args.kind, matching=args.matching,
                                everything=args.all)
            print(f"forgot {count} memor{'y' if count == 1 else 'ies'} of {args.user}")
            return 0
        assistant = Assistant(bank, args.user)
        if args.command == "say":
            report(assistant.reply(" ".join(args.message)), args.show_memory)
            return 0
        return chat(assistant, args.show_memory)
    except ProviderError as exc:
        return fail(str(exc))
    finally:
        store.close()


def chat(assistant: Assistant, show_memory: bool) -> int:
    if sys.stdin.isatty():
        print(f"Talking with {assistant.user} (session {assistant.session}). Ctrl-D or /quit ends it.")
    for line in sys.stdin:
        message = line.strip()
        if message in ("/quit", "/exit"):
            break
        if message:
            report(assistant.reply(message), show_memory)
    return 0


def report(turn: Turn, show_memory: bool) -> None:
    print(turn.answer)
    if not show_memory:
        return
    for what, memory in turn.learned:
        print(f"  {what}: {memory_line(memory)}")
    for memory in turn.recalled:
        print(f"  recalled: {memory_line(memory)}")
    if turn.digest:
        print(f"  compressed old episodes into: {memory_line(turn.digest)}")


def show_memories(bank: MemoryBank, user: str, kind: str | None, search: str | None, as_json: bool) -> int:
    if search:
        ranked = bank.search(user, search, k=20, kinds=[kind] if kind else KINDS)
    else:
        ranked = [(memory, None) for memory in bank.memories(user, kind)]
    if as_json:
        rows = [{**asdict(m), "embedding": None, **({"score": round(s, 3)} if s is not None else {})}
                for m, s in ranked]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not ranked:
        print(f"nothing remembered about {user}" + (f" matching '{search}'" if search else ""))
        return 0
    for memory, score in ranked:
        shown = f"{score:.2f}  " if score is not None else ""
        print(f"#{memory.id:<4} {shown}{memory.kind:<10} {memory.when:<16}  {memory.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
