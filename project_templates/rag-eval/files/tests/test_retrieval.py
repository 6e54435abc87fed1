from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.corpus import load_corpus
from {{ cookiecutter.package_name }}.prompts import HYDE_SYSTEM
from {{ cookiecutter.package_name }}.providers import FakeProvider
from {{ cookiecutter.package_name }}.rerank import OverlapReranker
from {{ cookiecutter.package_name }}.retrieval import CONFIGS, Retriever, reciprocal_rank_fusion


@pytest.fixture(scope="module")
def passages():
    return load_corpus()


@pytest.fixture
def retriever(passages):
    return Retriever(passages, FakeProvider(), OverlapReranker(), vector_weight=0.5)


def test_reciprocal_rank_fusion_adds_weighted_inverse_ranks():
    fused = dict(reciprocal_rank_fusion({"a": [1, 2], "b": [2, 3]}, {"a": 0.5, "b": 0.5}, k=60))
    assert fused[2] == pytest.approx(0.5 / 62 + 0.5 / 61)
    assert fused[1] == pytest.approx(0.5 / 61) and fused[3] == pytest.approx(0.5 / 62)
    only_b = reciprocal_rank_fusion({"a": [1, 2], "b": [2, 3]}, {"a": 0.0, "b": 1.0})
    assert [index for index, _ in only_b][:2] == [2, 3]


@pytest.mark.parametrize("config", list(CONFIGS))
def test_every_config_finds_the_error_code(retriever, config):
    result = retriever.retrieve("What does error E-104 mean?", config, k=3)
    assert len(result.hits) == 3 and result.hits[0].passage.id == "troubleshooting.md#1"
    assert (result.hypothetical is not None) == CONFIGS[config].hyde


def test_hits_remember_each_retrievers_rank(retriever):
    bm25_only = retriever.retrieve("Storm Watch", "bm25", k=2).hits
    assert all(set(h.ranks) == {"bm25"} for h in bm25_only)
    hybrid = retriever.retrieve("Storm Watch", "hybrid", k=2).hits
    assert hybrid[0].ranks == {"bm25": 1, "vector": 1}


def test_hyde_searches_with_a_hypothetical_answer(passages):
    llm = FakeProvider(replies=["Up to three units can be stacked for 30 kWh."])
    retriever = Retriever(passages, llm, OverlapReranker(), vector_weight=0.5)
    result = retriever.retrieve("How many batteries can I combine?", "hybrid+rerank+hyde", k=4)
    assert llm.calls[0][0].content == HYDE_SYSTEM and result.hypothetical.startswith("Up to three units")
    assert "overview.md#3" in [h.passage.id for h in result.hits]


def test_the_reranker_decides_the_final_order(passages):
    class Reverse:
        name = "reverse"

        def score(self, question, candidates):
            return [float(i) for i in range(len(candidates))]

    retriever = Retriever(passages, FakeProvider(), Reverse())
    fused = retriever.retrieve("What does error E-104 mean?", "hybrid", k=12).hits
    reranked = retriever.retrieve("What does error E-104 mean?", "hybrid+rerank", k=3).hits
    assert [h.passage.id for h in reranked] == [h.passage.id for h in fused[::-1][:3]]


def test_embeddings_are_cached_per_provider(passages, tmp_path):
    class Counting(FakeProvider):
        texts = 0

        def embed(self, texts):
            Counting.texts += len(texts)
            return super().embed(texts)

    Retriever(passages, Counting(), OverlapReranker(), cache_dir=tmp_path)
    assert Counting.texts == len(passages) and (tmp_path / "embeddings-fake.json").exists()
    Retriever(passages, Counting(), OverlapReranker(), cache_dir=tmp_path)
    assert Counting.texts == len(passages)  # the second index embedded nothing


def test_the_weight_is_a_share(passages):
    with pytest.raises(ValueError, match="between 0 and 1"):
        Retriever(passages, FakeProvider(), OverlapReranker(), vector_weight=1.5)
