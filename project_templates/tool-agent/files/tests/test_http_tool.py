from __future__ import annotations

import json
import threading

import httpx
import pytest

from {{ cookiecutter.package_name }} import http_tool
from {{ cookiecutter.package_name }}.tools import ToolError

API = "https://api.example.test"


@pytest.fixture(autouse=True)
def no_configured_api(monkeypatch):
    monkeypatch.setenv("WEATHER_API_URL", "")  # empty means: the offline stub
    monkeypatch.delenv("WEATHER_API_KEY", raising=False)


def test_without_a_url_the_offline_stub_answers():
    weather = http_tool.weather_tool().func
    paris = weather(city="Paris")
    assert paris["city"] == "Paris" and paris["temperature"] == 18.0 and paris["conditions"] == "light rain"
    assert weather(city="paris", units="imperial")["temperature"] == 64.4
    assert weather(city="Sao Paulo")["city"] == "São Paulo"
    with pytest.raises(ToolError, match="404: unknown city 'Atlantis'"):
        weather(city="Atlantis")


def test_requests_go_to_the_configured_endpoint_with_the_key(monkeypatch):
    seen = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"city": request.url.params["city"], "temperature": 3.0})

    monkeypatch.setenv("WEATHER_API_KEY", "secret-token")
    tool = http_tool.weather_tool("https://api.example.test/v1/", transport=httpx.MockTransport(api))
    assert tool.func(city="Oslo", units="metric") == {"city": "Oslo", "temperature": 3.0}
    request = seen[0]
    assert str(request.url) == "https://api.example.test/v1/weather?city=Oslo&units=metric"
    assert request.headers["authorization"] == "Bearer secret-token"


@pytest.mark.parametrize("failure,message", [
    (lambda request: httpx.Response(503, json={"error": "maintenance"}), "503: maintenance"),
    (lambda request: httpx.Response(500, text="boom"), "500: boom"),
])
def test_http_errors_become_tool_errors(failure, message):
    tool = http_tool.weather_tool(API, transport=httpx.MockTransport(failure))
    with pytest.raises(ToolError, match=message):
        tool.func(city="Oslo")


def test_timeouts_and_unreachable_hosts_become_tool_errors():
    def slow(request):
        raise httpx.ReadTimeout("too slow", request=request)

    def down(request):
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(ToolError, match="did not answer within"):
        http_tool.weather_tool(API, transport=httpx.MockTransport(slow)).func(city="Oslo")
    with pytest.raises(ToolError, match="cannot reach https://api.example.test/weather"):
        http_tool.weather_tool(API, transport=httpx.MockTransport(down)).func(city="Oslo")


def test_a_post_endpoint_sends_the_arguments_as_json():
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json={"received": json.loads(request.content), "method": request.method})

    schema = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    tool = http_tool.rest_tool("create_ticket", "Open a ticket.", schema, "https://tickets.test", "/tickets",
                               "POST", transport=httpx.MockTransport(echo))
    assert tool.func(title="Printer on fire") == {"received": {"title": "Printer on fire"}, "method": "POST"}


def test_the_stub_serves_real_http_on_localhost():
    server = http_tool.serve_stub(port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        tool = http_tool.weather_tool(f"http://127.0.0.1:{server.server_port}")
        assert tool.func(city="Tokyo")["conditions"] == "humid and cloudy"
        with pytest.raises(ToolError, match="unknown city"):
            tool.func(city="Gotham")
    finally:
        server.shutdown()
        server.server_close()


def test_stub_routes():
    assert http_tool.stub_response("GET", "/weather", {})[0] == 400
    assert http_tool.stub_response("GET", "/weather", {"city": "Paris", "units": "kelvin"})[0] == 400
    assert http_tool.stub_response("DELETE", "/weather", {"city": "Paris"})[0] == 404
