"""The RAG pipeline: ingest (find → hash → load → chunk → embed → index) and ask (retrieve →
prompt → answer with the citations the answer itself points at).

The model sees numbered passages and is told to cite them as [1], [2]; the citations returned are
exactly the passages the answer cites, best-ranked first. An answer that cites nothing is matched
to the passage it shares most words with. "I cannot answer" comes back as `answered=False` with no
citations.
{%- if cookiecutter.framework == "langchain" %}
The generation step is a LangChain chain (prompt | chat model | output parser); any LangChain chat
model can be passed as `llm`, and by default the project's provider is wrapped as one.
{%- endif %}
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import CHUNK_SIZE, chunk_sections
from .documents import discover, file_hash, load, sample_folder
from .embeddings import with_embeddings
from .index import Hit, Index, StoreError
{%- if cookiecutter.framework != "langchain" %}
from .providers import Provider, get_provider, system, tokens, user
{%- else %}
from .providers import Provider, get_provider, tokens
{%- endif %}
from .reader import CANNOT_ANSWER, DESCRIPTION, read

DEFAULT_INDEX = ".index"
TOP_K = 4
MAX_QUESTION = 2000
SYSTEM_PROMPT = (
    "You answer questions about the user's documents using only the numbered passages inside "
    "<context>. After each statement, cite the passage it comes from as [1], [2] and so on. If the "
    f"passages do not contain the answer, reply exactly: {CANNOT_ANSWER}"
)
PROMPT_TEMPLATE = "<context>\n{context}\n</context>\n\nQuestion: {question}"
MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
REFUSAL = re.compile(r"cannot answer|can't answer|don't know|do not know|not (?:contain|mention)", re.I)


class NothingFound(RuntimeError):
    """The index is empty, so there is nothing to answer from."""


@dataclass
class Citation:
    source: str
    page: int | None
    section: str | None
    score: float
    snippet: str


@dataclass
class Answer:
    question: str
    text: str
    answered: bool
    model: str
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Hit] = field(default_factory=list)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks: dict[str, int] = field(default_factory=dict)  # source → chunks, for what was (re)indexed
    total_chunks: int = 0
    total_sources: int = 0


def index_dir() -> Path:
    return Path(os.environ.get("RAG_INDEX_DIR") or DEFAULT_INDEX)


def default_provider(name: str | None = None) -> Provider:
    """The chosen provider (the offline fake gets the extractive reader as its brain), with a
    local embedding model when EMBEDDINGS=fastembed."""
    return with_embeddings(get_provider(name, brain=read))


class RagPipeline:
    def __init__(self, index: Index | None = None, provider: Provider | None = None, llm=None,
                 chunk_size: int = CHUNK_SIZE):
        self.provider = provider or (index.provider if index is not None else default_provider())
        self.index = index if index is not None else Index(index_dir(), self.provider)
        self.llm = llm
        self.chunk_size = chunk_size

    @property
    def model(self) -> str:
        if self.llm is not None:
            return type(self.llm).__name__
        return DESCRIPTION if self.provider.name == "fake" else self.provider.name

    # -- ingest -------------------------------------------------------------------------------

    def ingest(self, paths: list[str | Path] | None = None) -> IngestReport:
        """Index files and folders (default: the bundled samples). A file whose content hash is
        unchanged is skipped; files that were indexed from disk and are gone are dropped."""
        report = IngestReport()
        for path, source in discover(list(paths) if paths else [sample_folder()]):
            key = str(path)
            digest = file_hash(path)
            if self.index.digest(key) == digest:
                report.unchanged.append(source)
                continue
            (report.updated if self.index.digest(key) else report.added).append(source)
            report.chunks[source] = self._put(key, source, digest, path)
        for key in list(self.index.files):
            if Path(key).is_absolute() and not Path(key).exists():
                report.removed.append(self.index.files[key]["source"])
                self.index.drop(key)
        self.index.save()
        report.total_chunks, report.total_sources = len(self.index), len(self.index.sources())
        return report

    def ingest_upload(self, path: Path, name: str) -> int:
        """Index an uploaded file under its (already sanitised) name; a re-upload replaces it."""
        count = self._put(f"upload:{name}", name, file_hash(path), path, source_override=name)
        self.index.save()
        return count

    def _put(self, key: str, source: str, digest: str, path: Path, source_override: str | None = None) -> int:
        chunks = chunk_sections(load(path, source_override or source), self.chunk_size)
        self.index.put(key, source, digest, chunks)
        return len(chunks)

    # -- ask ----------------------------------------------------------------------------------

    def retrieve(self, question: str, k: int = TOP_K) -> list[Hit]:
        return self.index.search(question, k)

    def ask(self, question: str, k: int = TOP_K) -> Answer:
        question = " ".join(question.split())[:MAX_QUESTION]
        if not len(self.index):
            raise NothingFound("the index is empty: run `ingest` first")
        hits = self.retrieve(question, k)
        context = "\n\n".join(f"[{n}] {hit.chunk.where}\n{hit.chunk.text}" for n, hit in enumerate(hits, 1))
        reply = self.generate(question, context).strip()
        if not reply or reply.startswith(CANNOT_ANSWER) or REFUSAL.search(reply) and not MARKER.search(reply):
            return Answer(question, CANNOT_ANSWER, False, self.model, [], hits)
        cited = cited_hits(reply, hits)
        text = " ".join(MARKER.sub("", reply).split())
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        return Answer(question, text, True, self.model, [citation(h) for h in cited], hits)

    def generate(self, question: str, context: str) -> str:
{%- if cookiecutter.framework == "langchain" %}
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        prompt = ChatPromptTemplate.from_messages([("system", SYSTEM_PROMPT), ("human", PROMPT_TEMPLATE)])
        llm = self.llm if self.llm is not None else provider_chat_model(self.provider)
        chain = prompt | llm | StrOutputParser()
        return chain.invoke({"context": context, "question": question})
{%- else %}
        prompt = PROMPT_TEMPLATE.format(context=context, question=question)
        return self.provider.complete([system(SYSTEM_PROMPT), user(prompt)])
{%- endif %}
{%- if cookiecutter.framework == "langchain" %}


def provider_chat_model(provider: Provider):
    """The project's provider as a LangChain runnable: chat messages in, the reply text out."""
    from langchain_core.runnables import RunnableLambda

    from .providers import Message

    roles = {"system": "system", "human": "user", "ai": "assistant"}

    def complete(prompt_value) -> str:
        messages = [Message(roles.get(m.type, "user"), str(m.content)) for m in prompt_value.to_messages()]
        return provider.complete(messages)

    return RunnableLambda(complete, name=f"{provider.name}-provider")
{%- endif %}


def cited_hits(reply: str, hits: list[Hit]) -> list[Hit]:
    """The passages the reply cites by number, best-ranked first; without numbers, the passage
    that shares the most words with the reply."""
    numbers = {int(n) for group in MARKER.findall(reply) for n in re.split(r"\s*,\s*", group)}
    cited = [hit for n, hit in enumerate(hits, 1) if n in numbers]
    if cited or not hits:
        return cited
    words = set(tokens(reply))
    best = max(hits, key=lambda hit: len(words & set(tokens(hit.chunk.text))))
    return [best] if words & set(tokens(best.chunk.text)) else []


def citation(hit: Hit) -> Citation:
    chunk = hit.chunk
    snippet = chunk.text if len(chunk.text) <= 240 else chunk.text[:239] + "…"
    return Citation(chunk.source, chunk.page, chunk.section, hit.score, snippet)


__all__ = ["Answer", "Citation", "IngestReport", "NothingFound", "RagPipeline", "StoreError", "index_dir",
           "default_provider"]
