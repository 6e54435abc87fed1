from __future__ import annotations

import importlib.util

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from {{ cookiecutter.package_name }}.chat import (
    OFFLINE_NAME,
    ChatProvider,
    OfflineChatModel,
    chat_model,
)
from {{ cookiecutter.package_name }}.providers import ProviderError, system, user


def test_fake_is_the_offline_team_and_says_so():
    provider = ChatProvider(chat_model("fake"))
    assert isinstance(provider.model, OfflineChatModel) and provider.name == "fake"
    assert provider.describe() == OFFLINE_NAME and "not an LLM" in OFFLINE_NAME


def test_the_offline_model_refuses_a_task_it_does_not_know():
    from {{ cookiecutter.package_name }}.agents import PLANNER_SYSTEM

    messages = [system(PLANNER_SYSTEM), user("Task: write a compiler")]
    reply = ChatProvider(OfflineChatModel()).complete(messages)
    assert '"steps": []' in reply and "Offline" in reply


def test_the_provider_passes_roles_to_the_chat_model_and_keeps_the_calls():
    provider = ChatProvider(FakeListChatModel(responses=["hello"]))
    assert provider.complete([system("be brief"), user("hi")]) == "hello"
    assert [m.role for m in provider.calls[0]] == ["system", "user"]


def test_a_failing_model_becomes_one_provider_error():
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):
            raise ConnectionError("connection refused")

    with pytest.raises(ProviderError, match="connection refused"):
        ChatProvider(Broken(responses=["x"]), name="ollama").complete([user("hi")])


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
