"""Interactive prompts (questionary), used only when stdin and stdout are a terminal.

Every prompt has a flag twin; callers check `interactive()` and otherwise ask for the flag.
"""

from __future__ import annotations

import sys

from genai_roadmap.errors import GenaiError


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def checklist(title: str, choices: list[tuple[str, str, bool]]) -> set[str]:
    """Ask which of (value, label, ticked) are done; returns the ticked values."""
    import questionary

    answer = questionary.checkbox(
        title,
        choices=[questionary.Choice(label, value=value, checked=ticked) for value, label, ticked in choices],
        instruction="(space ticks, enter saves, ctrl-c cancels)",
    ).ask()
    if answer is None:  # ctrl-c / escape: questionary returns None instead of raising
        raise GenaiError("cancelled; nothing was changed")
    return set(answer)
