from __future__ import annotations

import importlib.util

import pytest

from {{ cookiecutter.package_name }}.models import chat_model, is_offline
from {{ cookiecutter.package_name }}.providers import ProviderError


def test_fake_is_the_offline_stand_in():
    assert is_offline(chat_model("fake"))


def test_an_unknown_provider_is_refused():
    with pytest.raises(ProviderError, match="unknown provider 'nonsense'"):
        chat_model("nonsense")


@pytest.mark.parametrize("provider,package", [("openai", "langchain_openai"),
                                              ("anthropic", "langchain_anthropic"),
                                              ("ollama", "langchain_ollama")])
def test_a_provider_without_its_langchain_package_says_how_to_install_it(provider, package):
    if importlib.util.find_spec(package):
        pytest.skip(f"{package} is installed")
    with pytest.raises(ProviderError, match=rf"pip install -e '\.\[{provider}\]'"):
        chat_model(provider)
