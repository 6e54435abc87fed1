"""The index: what was ingested (a manifest of files, content hashes and chunks) and hybrid search.

Search is hybrid: a keyword ranking (BM25{{ ", bm25s" if cookiecutter.framework != "plain" }}) and a vector ranking
({%- if cookiecutter.framework == "langchain" %} LangChain's {{ "Chroma" if cookiecutter.vector_store == "chroma" else "FAISS" }} vector store{% elif cookiecutter.framework == "llamaindex" %} a LlamaIndex VectorStoreIndex{% else %} cosine similarity in pure Python{% endif %}) fused by reciprocal rank
fusion: a chunk scores Σ 1 / (60 + rank) over the rankings it appears in. Keywords are exact
about rare words (names, numbers, error codes) that embeddings blur; embeddings find paraphrases
that share no word with the question. A hit's `score` is that sum scaled so that 1.0 means
"first in both rankings".

Everything lives in one directory (default `.index/`): `manifest.json`, plus the vector store's
own files{{ " (`chroma/`)" if cookiecutter.framework == "langchain" and cookiecutter.vector_store == "chroma" }}{{ " (`faiss/`)" if cookiecutter.framework == "langchain" and cookiecutter.vector_store == "faiss" }}{{ " (`llamaindex/`)" if cookiecutter.framework == "llamaindex" }}.
"""

from __future__ import annotations

import json
{%- if cookiecutter.framework == "plain" %}
import math
{%- endif %}
import os
{%- if cookiecutter.framework == "llamaindex" or (cookiecutter.framework == "langchain" and cookiecutter.vector_store == "faiss") %}
import shutil
{%- endif %}
{%- if cookiecutter.framework == "plain" %}
from collections import Counter
{%- endif %}
from dataclasses import dataclass
from pathlib import Path
{%- if cookiecutter.framework == "llamaindex" %}
from typing import Any
{%- endif %}

from .chunking import Chunk
from .providers import Provider, tokens

SCHEMA_VERSION = 1
RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the top ranks' lead
CANDIDATES = 20  # how many chunks each ranking proposes before fusion
VECTOR_STORE = "{{ cookiecutter.vector_store if cookiecutter.framework == 'langchain' else 'json' }}"


class StoreError(RuntimeError):
    """The index cannot be used as it is (e.g. built with other embeddings, or damaged)."""


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused, 0..1 (1.0: first in both rankings)
    keyword_rank: int | None  # 1-based rank in the BM25 ranking, None when BM25 did not find it
    vector_rank: int | None  # 1-based rank in the vector ranking


def searchable(chunk: Chunk) -> str:
    """What is embedded and keyword-indexed: the chunk under its heading, so a chunk about
    "the leave" is still found for "parental leave"."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def fuse(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several rankings of ids, best first, scores scaled to 0..1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            scores[key] = scores.get(key, 0.0) + 1 / (k + rank)
    best_possible = len(rankings) / (k + 1)
    return sorted(((key, score / best_possible) for key, score in scores.items()),
                  key=lambda pair: (-pair[1], pair[0]))
{%- if cookiecutter.framework == "langchain" %}


class ProviderEmbeddings:
    """The project's provider as a LangChain `Embeddings`: offline, the fake provider's feature
    hashing; with LLM_PROVIDER=openai or ollama, the provider's embedding model."""

    def __new__(cls, provider: Provider):
        from langchain_core.embeddings import Embeddings

        class _Embeddings(Embeddings):
            def embed_documents(self, texts: list[str]) -> list[list[float]]:
                return provider.embed(list(texts)) if texts else []

            def embed_query(self, text: str) -> list[float]:
                return provider.embed([text])[0]

        return _Embeddings()
{%- endif %}


class Index:
    def __init__(self, directory: str | Path, provider: Provider):
        self.directory = Path(directory)
        self.provider = provider
        self.file = self.directory / "manifest.json"
        self.embedder = getattr(provider, "embedder", provider.name)  # see embeddings.py
        self.files: dict[str, dict] = {}  # key (absolute path or upload name) → source, hash, chunks
        if self.file.exists():
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                if data.get("schema_version") != SCHEMA_VERSION:
                    raise ValueError(f"schema_version {data.get('schema_version')!r}")
                built_with = data["embedder"]
                self.files = data["files"]
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"{self.file}: not an index this version can read ({exc}): "
                                 f"delete {self.directory} and ingest again") from None
            if self.files and built_with != self.embedder:
                raise StoreError(f"the index was built with {built_with} embeddings, not {self.embedder}: "
                                 f"delete {self.directory} and ingest again")
        self._chunks = {c["id"]: Chunk(**{k: c[k] for k in ("id", "source", "page", "section", "text")})
                        for entry in self.files.values() for c in entry["chunks"]}
        self._vectors = None

    # -- what is in it ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._chunks)

    def sources(self) -> list[str]:
        return sorted({entry["source"] for entry in self.files.values()})

    def digest(self, key: str) -> str | None:
        entry = self.files.get(key)
        return entry["hash"] if entry else None

    def chunks(self) -> list[Chunk]:
        return list(self._chunks.values())

    # -- changing it --------------------------------------------------------------------------

    def put(self, key: str, source: str, digest: str, chunks: list[Chunk]) -> None:
        """Replace whatever `key` had with these chunks (embedded now)."""
        self.drop(key)
        # Ids are unique across files with the same name in different folders.
        chunks = [Chunk(f"{key}#{c.id.split('#', 1)[-1]}", c.source, c.page, c.section, c.text)
                  for c in chunks]
        records = [c.to_dict() for c in chunks]
        if chunks:
            self._add_vectors(chunks, records)
        self.files[key] = {"source": source, "hash": digest, "chunks": records}
        self._chunks.update({c.id: c for c in chunks})

    def drop(self, key: str) -> None:
        entry = self.files.pop(key, None)
        if entry:
            ids = [c["id"] for c in entry["chunks"]]
            for chunk_id in ids:
                self._chunks.pop(chunk_id, None)
            self._delete_vectors(ids)

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._save_vectors()
        data = {"schema_version": SCHEMA_VERSION, "embedder": self.embedder, "files": self.files}
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.file)  # a crash mid-write never leaves half a manifest

    # -- searching it -------------------------------------------------------------------------

    def search(self, question: str, k: int = 4) -> list[Hit]:
        if not self._chunks:
            return []
        keyword = self.keyword_ranking(question, CANDIDATES)
        vector = self.vector_ranking(question, CANDIDATES)
        keyword_rank = {key: rank for rank, key in enumerate(keyword, 1)}
        vector_rank = {key: rank for rank, key in enumerate(vector, 1)}
        return [Hit(self._chunks[key], round(score, 4), keyword_rank.get(key), vector_rank.get(key))
                for key, score in fuse([keyword, vector])[:k]]
{%- if cookiecutter.framework != "plain" %}

    def keyword_ranking(self, question: str, k: int) -> list[str]:
        """Chunk ids by BM25 score (bm25s), only those sharing a word with the question."""
        import bm25s

        ids = list(self._chunks)
        wanted = tokens(question)
        if not wanted:
            return []
        retriever = bm25s.BM25()
        # Our own tokens (lower-cased, stemmed, no stop words) on both sides keep BM25 and the
        # offline reader in agreement about what a "word" is. An empty chunk gets a placeholder.
        retriever.index([tokens(searchable(self._chunks[i])) or ["\x00"] for i in ids], show_progress=False)
        found, scores = retriever.retrieve([wanted], k=min(k, len(ids)), show_progress=False)
        return [ids[int(doc)] for doc, score in zip(found[0], scores[0], strict=True) if score > 0]

{%- endif %}
{%- if cookiecutter.framework == "langchain" %}

    def vector_ranking(self, question: str, k: int) -> list[str]:
        store = self._store()
        if store is None:
            return []
        results = store.similarity_search_with_score(question, k=min(k, len(self._chunks)))
        return [doc.metadata["chunk_id"] for doc, _ in results
                if doc.metadata.get("chunk_id") in self._chunks]

    # -- the LangChain vector store -----------------------------------------------------------

    def _embeddings(self):
        return ProviderEmbeddings(self.provider)

    @staticmethod
    def _metadata(chunk: Chunk) -> dict:
        # Vector stores take no None values: leave missing page or section out.
        data = {"chunk_id": chunk.id, "source": chunk.source, "page": chunk.page, "section": chunk.section}
        return {key: value for key, value in data.items() if value is not None}
{%- if cookiecutter.vector_store == "chroma" %}

    def _store(self):
        if self._vectors is None:
            import chromadb
            from chromadb.config import Settings
            from langchain_chroma import Chroma

            # A persistent local client with telemetry off; the embeddings are ours, so Chroma
            # never loads (or downloads) its default ONNX model.
            client = chromadb.PersistentClient(path=str(self.directory / "chroma"),
                                               settings=Settings(anonymized_telemetry=False))
            self._vectors = Chroma("chunks", embedding_function=self._embeddings(), client=client,
                                   collection_metadata={"hnsw:space": "cosine"})
        return self._vectors

    def _add_vectors(self, chunks: list[Chunk], records: list[dict]) -> None:
        self._store().add_texts([searchable(c) for c in chunks],
                                metadatas=[self._metadata(c) for c in chunks], ids=[c.id for c in chunks])

    def _delete_vectors(self, ids: list[str]) -> None:
        if ids:
            self._store().delete(ids=ids)

    def _save_vectors(self) -> None:
        pass  # Chroma's persistent client writes as it goes
{%- else %}

    def _store(self):
        """The FAISS store (langchain-community), loaded from `faiss/` or made on the first add."""
        if self._vectors is None and (self.directory / "faiss" / "index.faiss").exists():
            from langchain_community.vectorstores import FAISS

            # The pickle in faiss/ is one this project wrote itself; never load an index you
            # did not build (pickle runs code).
            self._vectors = FAISS.load_local(str(self.directory / "faiss"), self._embeddings(),
                                             allow_dangerous_deserialization=True, normalize_L2=True)
        return self._vectors

    def _add_vectors(self, chunks: list[Chunk], records: list[dict]) -> None:
        from langchain_community.vectorstores import FAISS

        texts, ids = [searchable(c) for c in chunks], [c.id for c in chunks]
        metadatas = [self._metadata(c) for c in chunks]
        store = self._store()
        if store is None:
            # Euclidean distance between unit vectors ranks exactly as cosine similarity does.
            self._vectors = FAISS.from_texts(texts, self._embeddings(), metadatas=metadatas, ids=ids,
                                             normalize_L2=True)
        else:
            store.add_texts(texts, metadatas=metadatas, ids=ids)

    def _delete_vectors(self, ids: list[str]) -> None:
        store = self._store()
        if store is not None and ids:
            store.delete(ids=[i for i in ids if i in store.index_to_docstore_id.values()])

    def _save_vectors(self) -> None:
        folder = self.directory / "faiss"
        if self._vectors is not None and self._chunks:
            self._vectors.save_local(str(folder))
        elif not self._chunks and folder.exists():
            shutil.rmtree(folder)
            self._vectors = None
{%- endif %}
{%- elif cookiecutter.framework == "llamaindex" %}

    def vector_ranking(self, question: str, k: int) -> list[str]:
        index = self._store()
        if index is None:
            return []
        found = index.as_retriever(similarity_top_k=min(k, len(self._chunks))).retrieve(question)
        return [hit.node.node_id for hit in found if hit.node.node_id in self._chunks]

    # -- the LlamaIndex vector index ----------------------------------------------------------

    def _store(self):
        """The VectorStoreIndex, loaded from `llamaindex/` or made on the first add."""
        folder = self.directory / "llamaindex"
        if self._vectors is None and (folder / "docstore.json").exists():
            from llama_index.core import StorageContext, load_index_from_storage

            self._vectors = load_index_from_storage(StorageContext.from_defaults(persist_dir=str(folder)),
                                                    embed_model=provider_embedding(self.provider))
        return self._vectors

    def _add_vectors(self, chunks: list[Chunk], records: list[dict]) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.core.schema import TextNode

        nodes = [TextNode(id_=c.id, text=searchable(c), metadata={"source": c.source}) for c in chunks]
        index = self._store()
        if index is None:
            self._vectors = VectorStoreIndex(nodes, embed_model=provider_embedding(self.provider))
        else:
            index.insert_nodes(nodes)

    def _delete_vectors(self, ids: list[str]) -> None:
        index = self._store()
        if index is not None and ids:
            index.delete_nodes(ids)

    def _save_vectors(self) -> None:
        folder = self.directory / "llamaindex"
        if self._vectors is not None and self._chunks:
            self._vectors.storage_context.persist(persist_dir=str(folder))
        elif not self._chunks and folder.exists():
            shutil.rmtree(folder)
            self._vectors = None


def provider_embedding(provider: Provider):
    """The project's provider as a LlamaIndex embedding model: offline, the fake provider's feature
    hashing; with LLM_PROVIDER=openai or ollama, the provider's embedding model."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class ProviderEmbedding(BaseEmbedding):
        _provider: Any = PrivateAttr()

        def __init__(self, wrapped: Provider):
            super().__init__(model_name=wrapped.name)
            self._provider = wrapped

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._provider.embed([query])[0]

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._provider.embed([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._provider.embed(list(texts))

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return ProviderEmbedding(provider)
{%- else %}

    def keyword_ranking(self, question: str, k: int) -> list[str]:
        """Chunk ids by BM25 score, only those sharing a word with the question."""
        ids = list(self._chunks)
        scores = bm25_scores(tokens(question), [tokens(searchable(self._chunks[i])) for i in ids])
        ranked = sorted((pair for pair in zip(ids, scores, strict=True) if pair[1] > 0),
                        key=lambda pair: (-pair[1], pair[0]))
        return [key for key, _ in ranked[:k]]

    def vector_ranking(self, question: str, k: int) -> list[str]:
        (query,) = self.provider.embed([question])
        scored = [(c["id"], cosine(query, c["vector"]))
                  for entry in self.files.values() for c in entry["chunks"]]
        return [key for key, _ in sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:k]]

    # -- vectors live in the manifest, next to their chunks -----------------------------------

    def _add_vectors(self, chunks: list[Chunk], records: list[dict]) -> None:
        vectors = self.provider.embed([searchable(c) for c in chunks])
        for record, vector in zip(records, vectors, strict=True):
            record["vector"] = vector

    def _delete_vectors(self, ids: list[str]) -> None:
        pass  # they went with their manifest entry

    def _save_vectors(self) -> None:
        pass


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


def bm25_scores(query: list[str], documents: list[list[str]], k1: float = 1.5,
                b: float = 0.75) -> list[float]:
    """Okapi BM25 of every document for the query:

        score(q, d) = Σ over the query's terms t of
                      idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))
        idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))

    k1 sets how fast repeated terms stop adding score; b how much long documents are penalised.
    """
    counts = [Counter(doc) for doc in documents]
    n = len(documents)
    avgdl = sum(len(doc) for doc in documents) / n if n else 0.0
    df = Counter(term for doc in counts for term in doc)
    idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    scores = []
    for doc, count in zip(documents, counts, strict=True):
        norm = k1 * (1 - b + b * len(doc) / avgdl) if avgdl else k1
        scores.append(sum(idf[t] * count[t] * (k1 + 1) / (count[t] + norm) for t in set(query) if count[t]))
    return scores
{%- endif %}
