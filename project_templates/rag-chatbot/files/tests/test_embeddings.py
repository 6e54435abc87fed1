from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.embeddings import FastEmbedProvider, with_embeddings
from {{ cookiecutter.package_name }}.index import Index, StoreError
from {{ cookiecutter.package_name }}.providers import FakeProvider, ProviderError
from {{ cookiecutter.package_name }}.rag import RagPipeline


class StandInModel:
    """fastembed's TextEmbedding interface (model_name=..., .embed(texts) yields vectors)."""

    loaded: list[str] = []

    def __init__(self, model_name: str):
        StandInModel.loaded.append(model_name)

    def embed(self, texts):
        for text in texts:
            yield [float(len(text) % 5) + 1.0, float("vacation" in text.lower()), 0.5]


def test_the_provider_answers_and_the_local_model_embeds(tmp_path):
    provider = FastEmbedProvider(FakeProvider(replies=["Yes [1]."]), model="tiny", backend=StandInModel)
    assert StandInModel.loaded == []  # nothing is loaded until something is embedded
    rag = RagPipeline(Index(tmp_path, provider))
    rag.ingest()
    assert StandInModel.loaded == ["tiny"] and rag.index.embedder == "fastembed:tiny"
    assert provider.name == "fake" and rag.ask("How many vacation days?").text == "Yes."


def test_an_index_of_other_embeddings_is_refused(tmp_path):
    RagPipeline(Index(tmp_path, FakeProvider())).ingest()
    with pytest.raises(StoreError, match="built with fake embeddings, not fastembed:tiny"):
        Index(tmp_path, FastEmbedProvider(FakeProvider(), model="tiny", backend=StandInModel))


def test_the_choice_comes_from_the_environment(monkeypatch):
    fake = FakeProvider()
    assert with_embeddings(fake) is fake
    with pytest.raises(ProviderError, match="unknown EMBEDDINGS 'bert'"):
        with_embeddings(fake, "bert")
    monkeypatch.setitem(__import__("sys").modules, "fastembed", None)  # as if the extra were missing
    with pytest.raises(ProviderError, match=r"pip install -e '\.\[fastembed\]'"):
        with_embeddings(fake, "fastembed")
