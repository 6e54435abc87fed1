"""Human-in-the-loop: nothing reaches the user's workspace until a person (or --yes) approves.

A hook gets the proposal (the task, the changed files, the patch, the last test run and the
review) and returns a decision:
- `ask_in_terminal` shows the change and asks y/N on a terminal ("d" shows the whole diff);
- `approve_all` is --yes, for scripts and CI that trust the tests and the reviewer;
- `reject_all` is what happens when nobody can be asked (no terminal and no --yes), and in tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from .agents import Review
from .sandbox import RunResult
from .workspace import Change


@dataclass
class Proposal:
    task: str
    changes: list[Change]
    patch: str
    tests: RunResult | None = None
    review: Review | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Task: {self.task}", "Changes:"]
        lines += [f"  {c.status:8} {c.path}" for c in self.changes]
        if self.tests is not None:
            lines.append(f"Tests: {self.tests.summary}")
        if self.review is not None:
            verdict = "approved" if self.review.approved else "asked for changes"
            lines.append(f"Reviewer: {verdict}" + "".join(f"\n  - {c}" for c in self.review.comments))
        return "\n".join(lines)


@dataclass
class Decision:
    approved: bool
    reason: str


ApprovalHook = Callable[[Proposal], Decision]
QUESTION = "Apply these changes to the workspace? [y/N, d = show the diff] "


def approve_all(proposal: Proposal) -> Decision:
    return Decision(True, "approved in advance (--yes)")


def reject_all(proposal: Proposal) -> Decision:
    return Decision(False, "rejected automatically")


def no_one_to_ask(proposal: Proposal) -> Decision:
    return Decision(False, "not applied: there is no terminal to ask for approval "
                           "(pass --yes to approve in advance)")


def ask_in_terminal(read: Callable[[str], str] = input,
                    write: Callable[[str], None] = print) -> ApprovalHook:
    def hook(proposal: Proposal) -> Decision:
        write(proposal.summary())
        while True:
            try:
                answer = read(QUESTION).strip().lower()
            except EOFError:
                answer = ""
            if answer == "d":
                write(proposal.patch)
                continue
            if answer in ("y", "yes"):
                return Decision(True, "approved in the terminal")
            return Decision(False, "rejected in the terminal")

    return hook


def choose_hook(yes: bool, stdin=None) -> ApprovalHook:
    """--yes approves; a terminal asks; anything else (a pipe, CI, tests) rejects."""
    if yes:
        return approve_all
    stream = stdin if stdin is not None else sys.stdin
    return ask_in_terminal() if stream is not None and stream.isatty() else no_one_to_ask
