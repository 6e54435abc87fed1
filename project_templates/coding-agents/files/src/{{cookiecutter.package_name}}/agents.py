"""The four agents: each is a model with its own system prompt and a reply format it must keep.

- planner:  task + workspace → a plan (JSON: summary, steps, files)
- coder:    task + plan + files (+ test failures or review comments) → complete files
- tester:   task + plan + files → pytest tests (the orchestrator runs them in the sandbox)
- reviewer: task + diff + test result → a verdict (JSON: approve or changes, with comments)

Files travel in one plain format, easy for any model to write and for us to parse:

    FILE: package/module.py
    ```python
    ...the complete content...
    ```

and `DELETE: path` removes a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .providers import Provider, reply_json, system, user
from .sandbox import RunResult
from .tracing import Tracing
from .transcript import Transcript
from .workspace import check_path

FILE_BLOCK = re.compile(r"^FILE:\s*`?([^\s`]+)`?\s*\n```[\w+.-]*\n(.*?)^```[ \t]*$", re.M | re.S)
DELETE_LINE = re.compile(r"^DELETE:\s*`?([^\s`]+)`?\s*$", re.M)
MAX_CONTEXT_CHARS = 40_000

FORMAT_RULES = """Reply with complete files in exactly this format, one block per file:

FILE: relative/path.py
```python
<the whole file>
```

Write DELETE: relative/path on its own line to remove a file. Paths are relative to the workspace root;
never write outside it. No other text is needed."""

PLANNER_SYSTEM = """You are the planner of a team of coding agents (planner, coder, tester, reviewer).
Turn the task into a short plan for a small Python change: the steps and the files to create or edit.
Reply with JSON only: {"summary": "...", "steps": ["...", ...], "files": ["path", ...]}.
If the task cannot be done, reply with an empty list of steps and say why in the summary."""

CODER_SYSTEM = f"""You are the coder of a team of coding agents. Implement the plan in the workspace:
small, readable Python with docstrings and type hints, the standard library only. Do not write the
tests, the tester does; when tests fail, fix the code (or a test, only if it is clearly wrong).
{FORMAT_RULES}"""

TESTER_SYSTEM = f"""You are the tester of a team of coding agents. Write pytest tests under tests/ for the
task: the normal cases, the edge cases and the errors the task implies. Import the code the way the
plan's files say (the workspace root is on sys.path). They will be run with: python -m pytest -q
{FORMAT_RULES}"""

REVIEWER_SYSTEM = """You are the reviewer of a team of coding agents. Read the task, the diff and the
test result. Approve only if the change does the task, is tested, and is clear and safe.
Reply with JSON only: {"verdict": "approve" or "changes", "comments": ["...", ...]}."""


@dataclass
class Plan:
    summary: str
    steps: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        steps = "\n".join(f"{i}. {s}" for i, s in enumerate(self.steps, 1))
        return f"{self.summary}\n{steps}\nFiles: {', '.join(self.files)}"


@dataclass
class Review:
    approved: bool
    comments: list[str] = field(default_factory=list)


def parse_files(reply: str) -> dict[str, str | None]:
    """path → new content, or None for a deleted file. Paths are checked to stay in the workspace."""
    files: dict[str, str | None] = {check_path(path): body for path, body in FILE_BLOCK.findall(reply)}
    files.update({check_path(path): None for path in DELETE_LINE.findall(reply)})
    return files


def describe_files(files: dict[str, str], limit: int = MAX_CONTEXT_CHARS) -> str:
    """The workspace as the agents see it: every file in the reply format, up to `limit` characters."""
    if not files:
        return "(the workspace is empty)"
    parts, used = [], 0
    for path, content in files.items():
        block = f"FILE: {path}\n```\n{content}\n```"
        if used + len(block) > limit:
            rest = list(files)[len(parts):]
            parts.append(f"(… {len(rest)} more files not shown: {', '.join(rest)})")
            break
        parts.append(block)
        used += len(block)
    return "\n\n".join(parts)


class Agent:
    def __init__(self, name: str, system_prompt: str, provider: Provider, transcript: Transcript,
                 tracing: Tracing | None = None):
        self.name = name
        self.system_prompt = system_prompt
        self.provider = provider
        self.transcript = transcript
        self.tracing = tracing or Tracing()

    def ask(self, prompt: str) -> str:
        with self.tracing.span(f"agent.{self.name}", agent=self.name, prompt_chars=len(prompt)) as span:
            reply = self.provider.complete([system(self.system_prompt), user(prompt)], max_tokens=4000)
            span["reply_chars"] = len(reply)
        self.transcript.add(self.name, "message", reply)
        return reply


class Planner(Agent):
    def __init__(self, provider: Provider, transcript: Transcript, tracing: Tracing | None = None):
        super().__init__("planner", PLANNER_SYSTEM, provider, transcript, tracing)

    def plan(self, task: str, files: dict[str, str], lessons: list[str] | None = None) -> Plan:
        prompt = f"Task: {task}\n\nThe workspace:\n{describe_files(files)}"
        if lessons:  # from the memory of past tasks
            prompt += "\n\nLessons from similar past tasks:\n" + "\n".join(f"- {text}" for text in lessons)
        data = reply_json(self.ask(prompt))
        return Plan(str(data.get("summary", "")), [str(s) for s in data.get("steps", [])],
                    [str(f) for f in data.get("files", [])])


class Coder(Agent):
    def __init__(self, provider: Provider, transcript: Transcript, tracing: Tracing | None = None):
        super().__init__("coder", CODER_SYSTEM, provider, transcript, tracing)

    def write(self, task: str, plan: Plan, files: dict[str, str],
              feedback: str = "") -> dict[str, str | None]:
        prompt = f"Task: {task}\n\nPlan:\n{plan.as_text()}\n\nThe workspace:\n{describe_files(files)}"
        if feedback:
            prompt += f"\n\n{feedback}\n\nFix the code so that the tests pass and the comments are addressed."
        return parse_files(self.ask(prompt))


class Tester(Agent):
    def __init__(self, provider: Provider, transcript: Transcript, tracing: Tracing | None = None):
        super().__init__("tester", TESTER_SYSTEM, provider, transcript, tracing)

    def write_tests(self, task: str, plan: Plan, files: dict[str, str]) -> dict[str, str | None]:
        prompt = f"Task: {task}\n\nPlan:\n{plan.as_text()}\n\nThe workspace:\n{describe_files(files)}"
        return parse_files(self.ask(prompt))


class Reviewer(Agent):
    def __init__(self, provider: Provider, transcript: Transcript, tracing: Tracing | None = None):
        super().__init__("reviewer", REVIEWER_SYSTEM, provider, transcript, tracing)

    def review(self, task: str, patch: str, tests: RunResult) -> Review:
        data = reply_json(self.ask(f"Task: {task}\n\nTest result: {tests.summary}\n\nThe diff:\n{patch}"))
        verdict = str(data.get("verdict", "")).strip().lower()
        comments = [str(c) for c in data.get("comments", [])]
        return Review(verdict in ("approve", "approved", "lgtm"), comments)
