"""The offline judge for the `fake` provider: word-overlap heuristics in place of a model's
reading, returned as the same JSON a real judge sends.

correctness: F1 overlap with the reference; completeness: the share of the reference's words the
answer contains; relevance: the share of the answer's words found in the question or reference;
conciseness: how close the answer's length is to the reference's. Other criteria use the F1.
"""

from __future__ import annotations

import json
import re

from .providers import Message, tokens


def _field(text: str, name: str) -> str:
    match = re.search(rf"^{name}: (.*)$", text, re.M)
    return match.group(1) if match else ""


def _ratios(question: str, reference: str, answer: str) -> dict[str, float]:
    ref, ans = set(tokens(reference)), set(tokens(answer))
    common = len(ref & ans)
    precision = common / len(ans) if ans else 0.0
    recall = common / len(ref) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    on_topic = len(ans & (ref | set(tokens(question)))) / len(ans) if ans else 0.0
    words, ref_words = len(answer.split()), len(reference.split()) or 1
    conciseness = min(words, ref_words) / max(words, ref_words) if words else 0.0
    return {"correctness": f1, "completeness": recall, "relevance": on_topic,
            "conciseness": conciseness, "_default": f1}


def offline_judge(messages: list[Message]) -> str:
    rules = messages[0].content
    scale_max = int(re.search(r"to (\d+) \(best\)", rules).group(1))
    criteria = re.findall(r"^- (\S+) \(weight", rules, re.M)
    text = messages[1].content
    ratios = _ratios(_field(text, "Question"), _field(text, "Reference answer"),
                     _field(text, "Candidate answer"))
    scores = {name: 1 + round(ratios.get(name, ratios["_default"]) * (scale_max - 1)) for name in criteria}
    return json.dumps({"scores": scores, "rationale": "offline heuristic: word overlap with the reference"})
