"""Command line: ask the agent, list its tools, call one tool yourself, serve the stub weather API."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

{% if cookiecutter.framework == "langchain" -%}
from .config import command_parser, console_main, fail, load_dotenv
from .http_tool import serve_stub
from .langchain_agent import LangChainToolAgent, chat_model
from .offline import OFFLINE
from .providers import ProviderError
{%- else -%}
from .agent import ToolAgent
from .config import command_parser, console_main, fail, load_dotenv
from .http_tool import serve_stub
from .offline import OFFLINE, offline_brain
from .providers import ProviderError, get_provider
{%- endif %}
from .tools import ToolError
from .toolset import default_toolbox


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        "An agent that calls tools (a calculator, a weather API, a Python sandbox) to answer.",
        "ask \"What is 17 * 23 and what's the weather API say for Paris?\"")
    parser.add_argument("--api-url", metavar="URL",
                        help="base URL of the weather API (default: $WEATHER_API_URL, else the offline stub)")
    ask = commands.add_parser("ask", help="answer a question with tools")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--transcript", action="store_true", help="print every model turn, call and result")
    ask.add_argument("--save-transcript", metavar="FILE", help="write the transcript as JSON lines")
    tools = commands.add_parser("tools", help="list the tools and their JSON Schemas")
    tools.add_argument("--json", action="store_true", help="the specs exactly as the model sees them")
    call = commands.add_parser("call", help="call one tool yourself: NAME '{\"arg\": ...}'")
    call.add_argument("name")
    call.add_argument("arguments", nargs="?", default="{}", help="a JSON object (default: {})")
    stub = commands.add_parser("serve-stub", help="serve the offline weather API over HTTP on localhost")
    stub.add_argument("--host", default="127.0.0.1")
    stub.add_argument("--port", type=int, default=8765)
    return parser


@console_main
def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    args = build_parser().parse_args(argv)
    if args.command == "serve-stub":
        return serve(args.host, args.port)
    toolbox = default_toolbox(args.api_url)
    if args.command == "tools":
        return list_tools(toolbox.specs(), args.json)
    if args.command == "call":
        return call_tool(toolbox, args.name, args.arguments)
    try:
{%- if cookiecutter.framework == "langchain" %}
        agent = LangChainToolAgent(toolbox, chat_model(args.provider))
{%- else %}
        agent = ToolAgent(toolbox, get_provider(args.provider, brain=offline_brain))
{%- endif %}
        run = agent.ask(" ".join(args.question))
    except ProviderError as exc:
        return fail(str(exc))
    if args.transcript:
        print(run.render(), end="\n\n")
    if args.save_transcript:
        Path(args.save_transcript).write_text(run.transcript_jsonl(), encoding="utf-8")
    if not run.ok:
        return fail(run.answer)
    print(run.answer)
    # the offline stand-in saying it cannot answer is not an answer
    return 1 if run.answer.startswith(OFFLINE) else 0


def list_tools(specs: list[dict], as_json: bool) -> int:
    if as_json:
        print(json.dumps(specs, indent=2, ensure_ascii=False))
        return 0
    for spec in specs:
        params = spec["parameters"]
        signature = ", ".join(f"{name}{'' if name in params.get('required', []) else '?'}: {_type(prop)}"
                              for name, prop in params["properties"].items())
        print(f"{spec['name']}({signature})\n    {spec['description']}")
    return 0


def _type(prop: dict) -> str:
    """`string`, `metric|imperial`, …: a parameter's type in one word for the listing."""
    if "enum" in prop:
        return "|".join(map(str, prop["enum"]))
    return str(prop.get("type", "any"))


def call_tool(toolbox, name: str, raw: str) -> int:
    try:
        arguments = json.loads(raw)
    except ValueError as exc:
        return fail(f"the arguments are not valid JSON: {exc}")
    try:
        result = toolbox.invoke(name, arguments)
    except ToolError as exc:
        return fail(str(exc))
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    return 0


def serve(host: str, port: int) -> int:
    try:
        server = serve_stub(host, port)
    except OSError as exc:
        return fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    print(f"stub weather API on http://{host}:{server.server_port}/weather?city=Paris (Ctrl-C stops it)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
