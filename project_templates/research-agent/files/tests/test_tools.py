from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.retry import ToolError
from {{ cookiecutter.package_name }}.search import OfflineSearch
from {{ cookiecutter.package_name }}.tools import ResearchTools


def test_search_lists_numbered_results_with_their_urls():
    tools = ResearchTools(OfflineSearch(), k=2)
    text = tools.tools()["search"].run("warehouse robots")
    lines = text.splitlines()
    assert len(lines) == 4 and lines[0].startswith("[1] Helio Robotics") and " — https://" in lines[0]
    assert lines[1].startswith("    ")  # the snippet
    assert tools.search("zebra mango") == "No results for 'zebra mango'. Try other words."


def test_only_urls_from_the_results_are_read_and_remembered():
    tools = ResearchTools(OfflineSearch(), read_chars=60)
    url = "https://example.com/news/verdant-grid"
    with pytest.raises(ToolError, match="not among the search results"):
        tools.read(url)
    tools.search("Verdant Grid electricity")
    page = tools.tools()["read"].run(f" {url} ")
    assert page.startswith("Verdant Grid forecasts electricity demand for utilities (2025-02-27)\n")
    assert page.endswith(" …(cut)")
    assert list(tools.documents) == [url] and tools.documents[url].published == "2025-02-27"
