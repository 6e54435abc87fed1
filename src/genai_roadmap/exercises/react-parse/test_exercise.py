from exercise import parse_step
from genai_check import expect


def test_action():
    reply = "Thought: I need the population.\nAction: search[population of Lyon]\n"
    expect(parse_step(reply), {"type": "action", "tool": "search", "input": "population of Lyon"}, "an Action step")
    expect(parse_step("Action: clock[]"), {"type": "action", "tool": "clock", "input": ""}, "an Action with empty input")


def test_final():
    reply = "Thought: I know it now.\nFinal Answer: About 520,000 people."
    expect(parse_step(reply), {"type": "final", "answer": "About 520,000 people."}, "a Final Answer step")


def test_malformed():
    try:
        parse_step("Thought: hmm, let me think")
    except ValueError:
        return
    raise AssertionError("a reply with neither Action nor Final Answer should raise ValueError")
