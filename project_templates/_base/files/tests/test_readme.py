"""The README renders as prose: no Python reprs or template markers leaked from generation."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
LEAKS = {
    "a Python dict or OrderedDict repr": re.compile(r"OrderedDict\(|\{'[^']*': |\[\('"),
    "an unrendered template marker": re.compile(r"[{]([{]|[%]|[#])|cookie[c]utter\."),
    "a None or empty-list value": re.compile(r"(?<![\w`])(None|\[\])(?![\w`])"),
}


def test_the_readme_has_no_reprs_or_template_markers():
    text = README.read_text(encoding="utf-8")
    found = [f"line {number}: {what}: {line.strip()[:120]}"
             for number, line in enumerate(text.splitlines(), 1)
             for what, pattern in LEAKS.items() if pattern.search(line)]
    assert not found, "\n".join(found)


def test_the_readme_documents_every_provider():
    text = README.read_text(encoding="utf-8")
    for provider in ("fake", "openai", "anthropic", "ollama"):
        assert f"`{provider}`" in text
    assert "LLM_PROVIDER=ollama" in text
