"""Command line: ask one question, chat, or list the FAQ."""

from __future__ import annotations

import argparse
import sys

from .bot import FaqBot
from .config import command_parser, console_main, fail, load_dotenv
from .knowledge import FaqError, load_faq
from .offline import offline_answer
from .providers import Message, ProviderError, get_provider


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser("Answer questions from an FAQ with an LLM.",
                                      'ask "How do I reset my password?"')
    parser.add_argument("--faq", metavar="FILE",
                        help="FAQ file (.json, or Q:/A: text); default: the bundled one")
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--sources", action="store_true", help="also print the FAQ entries used")
    commands.add_parser("chat", help="a conversation in the terminal")
    commands.add_parser("list", help="print the FAQ's questions")
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        faq = load_faq(args.faq)
        if args.command == "list":
            for entry in faq:
                print(f"- {entry.question}")
            return 0
        bot = FaqBot(faq, get_provider(args.provider, brain=offline_answer))
        if args.command == "ask":
            answer = bot.ask(" ".join(args.question))
            print(answer.text)
            if args.sources:
                for entry in answer.sources:
                    print(f"  source: {entry.question}")
            return 0 if answer.known else 1
        return chat(bot)
    except (FaqError, ProviderError) as exc:
        return fail(str(exc))


def chat(bot: FaqBot) -> int:
    history: list[Message] = []
    print("Ask a question (Ctrl-D to quit).")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        answer = bot.ask(question, history)
        print(answer.text)
        history += [Message("user", question), Message("assistant", answer.text)]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
