from exercise import extract_json
from genai_check import expect


def test_plain():
    expect(extract_json('{"answer": 42}'), {"answer": 42}, "a reply that is only JSON")


def test_fenced_with_prose():
    reply = 'Sure! Here it is:\n```json\n{"name": "Ada", "tags": ["math", "{x}"]}\n```\nAnything else?'
    expect(extract_json(reply), {"name": "Ada", "tags": ["math", "{x}"]}, "JSON inside prose and a fence")


def test_skips_broken_braces():
    expect(extract_json("Use {curly} braces: {\"ok\": true}"), {"ok": True}, "the first brace is not JSON")


def test_none():
    try:
        extract_json("no json here")
    except ValueError:
        return
    raise AssertionError("extract_json('no json here') should raise ValueError")
