from __future__ import annotations

import io

from {{ cookiecutter.package_name }}.agents import Review
from {{ cookiecutter.package_name }}.approval import (
    Proposal,
    approve_all,
    ask_in_terminal,
    choose_hook,
)
from {{ cookiecutter.package_name }}.sandbox import RunResult
from {{ cookiecutter.package_name }}.workspace import Change

PROPOSAL = Proposal("add slugify", [Change("added", "textkit/slugify.py")], "+++ b/textkit/slugify.py\n",
                    RunResult(["pytest"], 0, "5 passed in 0.1s", 0.1), Review(True, ["nice"]))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_summary_shows_files_tests_and_review():
    summary = PROPOSAL.summary()
    assert "added    textkit/slugify.py" in summary and "Tests: 5 passed in 0.1s" in summary
    assert "Reviewer: approved\n  - nice" in summary


def test_yes_approves_and_no_terminal_rejects():
    assert choose_hook(yes=True) is approve_all and approve_all(PROPOSAL).approved
    decision = choose_hook(yes=False, stdin=io.StringIO())(PROPOSAL)
    assert not decision.approved and "--yes" in decision.reason


def test_a_terminal_asks_and_can_show_the_diff():
    answers, shown = iter(["d", "y"]), []
    decision = ask_in_terminal(lambda prompt: next(answers), shown.append)(PROPOSAL)
    assert decision.approved and shown[-1] == PROPOSAL.patch
    assert not ask_in_terminal(lambda prompt: "", shown.append)(PROPOSAL).approved  # Enter means no


def test_end_of_input_means_no():
    def closed(prompt):
        raise EOFError

    assert not ask_in_terminal(closed, lambda text: None)(PROPOSAL).approved
    assert choose_hook(yes=False, stdin=Terminal()).__name__ == "hook"
