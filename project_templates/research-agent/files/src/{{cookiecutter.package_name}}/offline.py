"""The offline brain of the `fake` provider: it plays every role of the research team by rules,
speaking the same text protocols a real model is asked for, so the whole system runs without a key.

- supervisor: reads the progress lines and delegates search → read → write, then FINISH;
- searcher: searches for the task's topic, reads the top results one per step, then gives its
  Final Answer; after a failed read it moves on to the next result;
- reader: keeps the sentences that share the most words with the topic (numbers count extra),
  if they share enough of them;
- writer: builds the JSON report from the findings, and turns the team's notes and claims that
  only the company itself makes ("according to", "says", "not independently verified") into
  open questions.

A real model does all of this with judgment; the rules only make the plumbing visible and testable.
"""

from __future__ import annotations

import json
import re

from .providers import Message
from .providers.fake import overlap

READS = 5
RELEVANT = 0.3  # the share of the topic's words a sentence must contain to be worth keeping
RESULT_LINE = re.compile(r"^(?:Observation: )?\[\d+\] .* — (\S+)$", re.M)
DOCUMENT = re.compile(r"<document[^>]*>\n(.*?)\n</document>", re.S)
SENTENCE = re.compile(r"(?<=[.!?])\s+")
FILLER = re.compile(r"^(?:please\s+)?(?:research|investigate|find out about|find sources on|find|search for|"
                    r"look up|report on|summari[sz]e|tell me about|what are|who are)\s+", re.I)
HEDGES = ("according to", " says", "said", "not been independently verified", "unclear", "has not said",
          "no date")


def topic(task: str) -> str:
    """The subject of a task: "Research the top 5 AI startups in 2025" → "the top 5 AI startups in 2025"."""
    return FILLER.sub("", task.strip()).rstrip(".?!") or task


def _task(messages: list[Message]) -> str:
    first_user = next((m.content for m in messages if m.role == "user"), "")
    match = re.search(r"^Task:\s*(.+)$", first_user, re.M)
    return match.group(1).strip() if match else first_user.strip()


def offline_brain(messages: list[Message]) -> str:
    role = messages[0].content if messages and messages[0].role == "system" else ""
    for name, act in (("supervisor", supervise), ("searcher", search_step), ("reader", read_document),
                      ("writer", write_report)):
        if role.startswith(f"You are the {name}"):
            return act(messages)
    return "I don't know."


def supervise(messages: list[Message]) -> str:
    progress = messages[-1].content

    def count(label: str) -> int:
        match = re.search(rf"{label}: (\d+)", progress)
        return int(match.group(1)) if match else 0

    if "report: written" in progress:
        return "FINISH"
    if count("not yet given to the reader"):
        return "Delegate: reader | extract the facts from the new sources"
    if count("sources read") == 0 and count("searcher runs") < 2:
        return f"Delegate: searcher | find sources on {topic(_task(messages))}"
    return "Delegate: writer | write the report from the findings"


def search_step(messages: list[Message]) -> str:
    subject = topic(_task(messages))
    searched, tried, read, found = [], [], [], []
    for reply, observation in zip(messages[2::2], messages[3::2], strict=False):  # (action, its result)
        action = re.search(r"Action: (\w+)\[(.*)\]", reply.content)
        if not action:
            continue
        tool, argument = action.groups()
        ok = not observation.content.startswith("Observation: Error")
        if tool == "search":
            searched.append(argument)
            found += RESULT_LINE.findall(observation.content)
        elif tool == "read":
            tried.append(argument)
            read += [argument] if ok else []
    if not searched:
        return f"Thought: I need sources about {subject}.\nAction: search[{subject}]"
    unread = [url for url in dict.fromkeys(found) if url not in tried]
    if not found and len(searched) < 2:
        shorter = " ".join(subject.split()[-3:])
        return f"Thought: No results; I will try fewer words.\nAction: search[{shorter}]"
    if unread and len(read) < READS:
        return f"Thought: The next result looks relevant; I will read it.\nAction: read[{unread[0]}]"
    return (f"Thought: I have read {len(read)} sources, enough for the report.\n"
            f"Final Answer: read {len(read)} sources on {subject}.")


def _score(subject: str, sentence: str) -> float:
    return overlap(subject, sentence) + (0.1 if re.search(r"\d", sentence) else 0.0)


def read_document(messages: list[Message]) -> str:
    prompt = messages[-1].content
    match = DOCUMENT.search(prompt)
    if not match:
        return "NONE"
    subject = topic(_task(messages))
    sentences = [s.strip() for s in SENTENCE.split(" ".join(match.group(1).split())) if s.strip()]
    ranked = sorted(range(len(sentences)), key=lambda i: -_score(subject, sentences[i]))
    chosen = sorted(i for i in ranked[:3] if overlap(subject, sentences[i]) >= RELEVANT)
    return "\n".join(f"- {sentences[i]}" for i in chosen) or "NONE"


def write_report(messages: list[Message]) -> str:
    prompt = next(m.content for m in messages if m.role == "user")
    task = _task(messages)
    subject = topic(task)
    findings = [{"claim": claim, "sources": [u.strip() for u in urls.split(",")]}
                for claim, urls in re.findall(r"^\[\d+\] (.+)\n\s+sources: (.+)$", prompt, re.M)]
    notes = re.findall(r"^- (.+)$", prompt.split("Notes from the team:")[1], re.M) \
        if "Notes from the team:" in prompt else []
    best = sorted(findings, key=lambda f: -overlap(subject, f["claim"]))[:2]
    urls = {url for f in findings for url in f["sources"]}
    counted = f"{len(urls)} source{'' if len(urls) == 1 else 's'}"
    summary = (f"The team read {counted} on {subject} and kept {len(findings)} findings. "
               + " ".join(f["claim"] for f in best)).strip()
    hedged = [f["claim"] for f in findings if any(h in f["claim"].lower() for h in HEDGES)]
    questions = notes + [f"Can an independent source confirm this? {claim}" for claim in hedged[:3]]
    if not findings:
        questions.append(f"Which sources cover {subject}? The search found nothing usable.")
    title = subject[:1].upper() + subject[1:]
    return json.dumps({"title": f"Research report: {title}", "summary": summary, "findings": findings,
                       "open_questions": questions}, indent=2)
