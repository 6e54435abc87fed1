from __future__ import annotations

import json
import threading

import pytest

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.http_tool import serve_stub
{%- if cookiecutter.framework == "plain" %}
from {{ cookiecutter.package_name }}.providers import FakeProvider
{%- endif %}


@pytest.fixture(autouse=True)
def no_configured_api(monkeypatch):
    monkeypatch.setenv("WEATHER_API_URL", "")  # set, so a .env file cannot fill it in: the offline stub


def test_ask(capsys):
    assert main(["ask", "What is 17 * 23 and what's the weather API say for Paris?"]) == 0
    out = capsys.readouterr().out
    assert "17 * 23 = 391" in out and "Paris: 18.0°C and light rain" in out


def test_ask_with_a_transcript(capsys, tmp_path):
    saved = tmp_path / "run.jsonl"
    question = ["What", "is", "2 ** 10", "in", "python?"]
    assert main(["ask", *question, "--transcript", "--save-transcript", str(saved)]) == 0
    out = capsys.readouterr().out
    assert 'run_python({"code": "2 ** 10"}) -> {"stdout": "", "value": "1024"}' in out
    assert out.rstrip().endswith("2 ** 10 = 1024 (computed in Python).")
    events = [json.loads(line) for line in saved.read_text().splitlines()]
    assert [e["event"] for e in events] == ["question", "model", "tool", "model", "answer"]


def test_a_run_that_gives_up_exits_1(capsys, monkeypatch):
{%- if cookiecutter.framework == "langchain" %}
    from langchain_core.messages import AIMessage

    from test_langchain_agent import Scripted

    teleport = AIMessage("", tool_calls=[{"id": "1", "name": "teleport", "args": {}}])
    stubborn = Scripted(responses=[teleport] * 3 + [AIMessage("")])
    monkeypatch.setattr(cli, "chat_model", lambda *args, **kwargs: stubborn)
{%- else %}
    stubborn = FakeProvider(replies=['{"tool_calls": [{"name": "teleport"}]}'] * 10)
    monkeypatch.setattr(cli, "get_provider", lambda *args, **kwargs: stubborn)
{%- endif %}
    assert main(["ask", "Beam me up"]) == 1
    assert "error: I could not complete this after" in capsys.readouterr().err


def test_tools_are_listed_with_their_schemas(capsys):
    assert main(["tools"]) == 0
    assert "get_weather(city: string, units?: metric|imperial)" in capsys.readouterr().out
    assert main(["tools", "--json"]) == 0
    assert [spec["name"] for spec in json.loads(capsys.readouterr().out)][0] == "calculator"


def test_call_one_tool(capsys):
    assert main(["call", "calculator", '{"expression": "2 ** 10"}']) == 0
    assert capsys.readouterr().out.strip() == "1024"
    assert main(["call", "get_weather", '{"town": "Paris"}']) == 1
    assert "'city' is a required property" in capsys.readouterr().err
    assert main(["call", "calculator", "{not json"]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_the_api_url_option_reaches_a_real_http_server(capsys):
    server = serve_stub(port=0)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        assert main(["--api-url", url, "ask", "What's the weather in Sydney?"]) == 0
        assert "Sydney: 16.0°C and clear" in capsys.readouterr().out
    finally:
        server.shutdown()
        server.server_close()


def test_errors_exit_1(capsys):
    assert main(["--provider", "nonsense", "ask", "hi"]) == 1
    assert "unknown provider" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(run_into_closed_pipe):
    # `tool-agent tools | head`: the reader leaves early; no BrokenPipeError traceback
    proc = run_into_closed_pipe("tools")
    assert proc.stderr == "" and proc.returncode == 1
