"""The HTTP API tool: a REST endpoint called with httpx, and an offline stub that answers for it.

`rest_tool` turns any endpoint into a tool whose JSON Schema you declare. `weather_tool` is the
example the agent uses: `GET {base}/weather?city=Paris&units=metric`. The base URL comes from
`--api-url` or `WEATHER_API_URL` (and `WEATHER_API_KEY` is sent as a bearer token if set).
Without one, requests go to a stub through `httpx.MockTransport` — nothing leaves the machine —
and `serve_stub` serves the very same stub over real HTTP on localhost.
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from .tools import Tool, ToolError

STUB_URL = "http://weather.stub"
TIMEOUT_SECONDS = 10.0
WEATHER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "minLength": 1, "description": "City name in English, e.g. Paris"},
        "units": {"type": "string", "enum": ["metric", "imperial"], "default": "metric",
                  "description": "metric: °C and km/h; imperial: °F and mph"},
    },
    "required": ["city"],
    "additionalProperties": False,
}


class RestEndpoint:
    """One REST endpoint: the tool's arguments go in the query string (GET) or a JSON body."""

    def __init__(self, base_url: str, path: str, method: str = "GET", *, api_key: str | None = None,
                 transport: httpx.BaseTransport | None = None, timeout: float = TIMEOUT_SECONDS):
        headers = {"Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.url = base_url.rstrip("/") + path
        self.method = method.upper()
        self.timeout = timeout
        self.client = httpx.Client(transport=transport, headers=headers, timeout=timeout)

    def __call__(self, **arguments: Any) -> Any:
        query = self.method == "GET"
        try:
            response = self.client.request(self.method, self.url, params=arguments if query else None,
                                           json=None if query else arguments)
        except httpx.TimeoutException:
            raise ToolError(f"{self.url} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise ToolError(f"cannot reach {self.url}: {exc}") from None
        try:
            body = response.json()
        except ValueError:
            body = response.text[:2000]
        if response.is_error:
            detail = body.get("error", body) if isinstance(body, dict) else body
            raise ToolError(f"the API answered {response.status_code}: {detail}")
        return body


def rest_tool(name: str, description: str, parameters: dict[str, Any], base_url: str, path: str,
              method: str = "GET", **options: Any) -> Tool:
    """A tool for a REST endpoint, with a JSON Schema you declare for its arguments."""
    return Tool(name, description, parameters, RestEndpoint(base_url, path, method, **options))


def weather_tool(base_url: str | None = None, transport: httpx.BaseTransport | None = None) -> Tool:
    """`get_weather`: the configured weather API, or the offline stub when none is configured."""
    base_url = base_url or os.environ.get("WEATHER_API_URL") or None
    if base_url is None:
        base_url, transport = STUB_URL, transport or httpx.MockTransport(_stub_handler)
    return rest_tool(
        "get_weather",
        "Current weather for a city from the weather API: temperature, conditions, wind and humidity.",
        WEATHER_SCHEMA, base_url, "/weather", api_key=os.environ.get("WEATHER_API_KEY"), transport=transport,
    )


# --- the stub -----------------------------------------------------------------------------------
@cache
def _cities() -> dict[str, dict[str, Any]]:
    text = (resources.files(__package__) / "data" / "weather.json").read_text(encoding="utf-8")
    return json.loads(text)["cities"]


def _key(city: str) -> str:
    plain = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def stub_response(method: str, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """(status, JSON body) of the stub weather API for one request."""
    if method != "GET" or path.rstrip("/") != "/weather":
        return 404, {"error": f"no route {method} {path}; try GET /weather?city=Paris"}
    city = query.get("city", "").strip()
    units = query.get("units", "metric")
    if not city:
        return 400, {"error": "the 'city' query parameter is required"}
    if units not in ("metric", "imperial"):
        return 400, {"error": f"units must be metric or imperial, not '{units}'"}
    found = _cities().get(_key(city))
    if found is None:
        return 404, {"error": f"unknown city '{city}'"}
    weather = {**found, "units": units, "source": "stub"}
    if units == "imperial":
        weather["temperature"] = round(found["temperature"] * 9 / 5 + 32, 1)
        weather["wind_speed"] = round(found["wind_speed"] / 1.609, 1)
    return 200, weather


def _stub_handler(request: httpx.Request) -> httpx.Response:
    status, body = stub_response(request.method, request.url.path, dict(request.url.params))
    return httpx.Response(status, json=body)


class _StubRequestHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        status, body = stub_response("GET", url.path, query)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # quiet; the CLI prints its own line
        pass


def serve_stub(host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    """The stub weather API as a local HTTP server (call `serve_forever()` on it; port 0 = any)."""
    return ThreadingHTTPServer((host, port), _StubRequestHandler)
