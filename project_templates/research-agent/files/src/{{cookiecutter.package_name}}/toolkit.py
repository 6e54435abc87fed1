"""The searcher's tools as LangChain tools: `search` and `read`, over any search backend.

Each returns its text to the model and the raw results as the ToolMessage's `artifact`, so the
graph knows what was found and read without trusting the model to report it. `read` opens only
URLs that a search of this run returned: a model cannot send it to an address it made up.
Transient backend errors (timeouts, rate limits) are retried with backoff (`retry.py`); what still
fails goes back to the model as an error message it can work around.
"""

# No `from __future__ import annotations` here: LangChain reads the tools' signatures at runtime.
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from langchain_core.messages import AnyMessage, ToolMessage
from langchain_core.tools import BaseTool, ToolException, tool
from langgraph.prebuilt import InjectedState

from .configuration import READ_CHARS, RESULTS
from .retry import ToolError, with_retries
from .search import Document, SearchBackend, describe


def found_urls(messages: list[AnyMessage]) -> list[str]:
    """The URLs the searches of this conversation returned, in order."""
    urls: list[str] = []
    for message in messages:
        if isinstance(message, ToolMessage) and message.name == "search":
            urls += [item["url"] for item in message.artifact or [] if item.get("url") not in urls]
    return urls


def read_documents(messages: list[AnyMessage]) -> dict[str, Document]:
    """The documents this conversation's `read` calls returned, by URL."""
    return {message.artifact["url"]: Document(**message.artifact) for message in messages
            if isinstance(message, ToolMessage) and message.name == "read" and message.status != "error"
            and isinstance(message.artifact, dict)}


def make_tools(backend: SearchBackend, *, results: int = RESULTS, read_chars: int = READ_CHARS,
               sleep: Callable[[float], None] = time.sleep) -> list[BaseTool]:
    def call(action: Callable[[], Any]) -> Any:
        try:
            return with_retries(action, sleep=sleep)
        except ToolError as exc:
            raise ToolException(str(exc)) from exc

    @tool(response_format="content_and_artifact", description=(
        f"Search for sources: {describe(backend)}. Returns up to {results} results, each with a title, "
        "a URL and a snippet."))
    def search(query: str) -> tuple[str, list[dict]]:
        hits = call(lambda: backend.search(query, results))
        if not hits:
            return f"No results for '{query}'. Try other words.", []
        text = "\n".join(f"[{n}] {r.title} — {r.url}\n    {r.snippet}" for n, r in enumerate(hits, 1))
        return text, [asdict(r) for r in hits]

    @tool(response_format="content_and_artifact")
    def read(url: str, state: Annotated[dict, InjectedState]) -> tuple[str, dict]:
        """Read the text of a page that a search returned, by its URL."""
        url = url.strip()
        if url not in found_urls(state.get("messages", [])):
            raise ToolException(f"{url} is not among the search results; read only URLs a search returned")
        document = call(lambda: backend.read(url))
        text = document.text if len(document.text) <= read_chars else document.text[:read_chars] + " …(cut)"
        return f"{document.title} ({document.published or 'undated'})\n{text}", asdict(document)

    return [search, read]
