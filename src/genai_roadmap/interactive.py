"""Interactive prompts (questionary), used only when stdin and stdout are a terminal.

Every prompt has a flag twin; callers check `interactive()` and otherwise ask for the flag.
"""

from __future__ import annotations

import sys

from genai_roadmap.errors import GenaiError
from genai_roadmap.terminal import raw_streams, sanitize


def _ask(prompt):
    # The prompt draws with its own escape codes, so it writes to the unguarded streams; every
    # user-supplied string it shows went through `sanitize` first.
    with raw_streams():
        return prompt.ask()


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def checklist(title: str, choices: list[tuple[str, str, bool]]) -> set[str]:
    """Ask which of (value, label, ticked) are done; returns the ticked values."""
    import questionary

    answer = _ask(questionary.checkbox(
        sanitize(title),
        choices=[questionary.Choice(sanitize(label), value=value, checked=ticked) for value, label, ticked in choices],
        instruction="(space ticks, enter saves, ctrl-c cancels)",
    ))
    if answer is None:  # ctrl-c / escape: questionary returns None instead of raising
        raise GenaiError("cancelled; nothing was changed")
    return set(answer)


def ask_template_question(question, default):
    """Ask one `genai new` question (a scaffold.Question), checking the answer before accepting it."""
    import questionary

    message = sanitize(question.prompt + (f"  ({question.help})" if question.help else ""))
    if question.type == "choice":
        prompt = questionary.select(message, choices=list(question.choices), default=str(default),
                                    instruction="(arrows move, enter picks)")
    else:
        prompt = questionary.text(message, default="" if default is None else str(default),
                                  validate=question.is_valid)
    answer = _ask(prompt)
    if answer is None:  # ctrl-c / escape
        raise GenaiError("cancelled; nothing was written")
    return answer


def reveal(message: str) -> bool:
    """Wait for Enter before showing what comes next (a quiz answer); False on ctrl-c.

    A text prompt rather than "press any key", which cannot tell ctrl-c from a key; the learner may
    type an attempt before pressing Enter.
    """
    import questionary

    return _ask(questionary.text(sanitize(message))) is not None


def grade(title: str, choices: list[tuple[str, str, str]]) -> str | None:
    """Pick one of (value, label, shortcut key) with arrows or the key; None on ctrl-c.

    Keys that are no choice are ignored: the question stays until a valid answer is given.
    """
    import questionary

    return _ask(questionary.select(
        sanitize(title),
        choices=[questionary.Choice(sanitize(label), value=value, shortcut_key=key) for value, label, key in choices],
        use_shortcuts=True, use_jk_keys=False, instruction="(arrows or a key, enter picks, ctrl-c stops)",
    ))


def free_text(title: str) -> str | None:
    """One line of text (a note); None on ctrl-c."""
    import questionary

    return _ask(questionary.text(sanitize(title)))
