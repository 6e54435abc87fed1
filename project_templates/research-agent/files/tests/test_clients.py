from __future__ import annotations

import importlib.util

import pytest

from {{ cookiecutter.package_name }}.clients import is_offline, model_client
from {{ cookiecutter.package_name }}.providers import ProviderError


def test_fake_is_the_offline_stand_in():
    assert is_offline(model_client("fake"))


def test_an_unknown_provider_is_refused():
    with pytest.raises(ProviderError, match="unknown provider 'nonsense'"):
        model_client("nonsense")


@pytest.mark.parametrize("provider,module", [("openai", "openai"), ("anthropic", "anthropic"),
                                             ("ollama", "ollama")])
def test_a_provider_without_its_autogen_extra_says_how_to_install_it(provider, module):
    if importlib.util.find_spec(module):
        pytest.skip(f"{module} is installed")
    with pytest.raises(ProviderError, match=rf"pip install -e '\.\[{provider}\]'"):
        model_client(provider)
