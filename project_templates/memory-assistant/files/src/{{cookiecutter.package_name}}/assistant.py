"""One turn of the assistant: learn from the message, recall, answer, remember, compress.

For each message:
1. extract facts and preferences from it and store them (semantic and procedural memory,
   deduplicated);
2. recall: every preference, the user's profile of facts, and the `recall_k` episodes and
   digests of earlier sessions most similar to the message (vector search);
3. answer with all of that in the system prompt, plus this session's recent turns;
4. store the message as an episode (episodic memory, timestamped);
5. when there are more than `episode_budget` episodes, summarize the oldest into a digest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from .extraction import extract
from .memory import Memory, MemoryBank
from .providers import Message, Provider, system, user

RECALL_K = {{ cookiecutter.recall_k }}
EPISODE_BUDGET = {{ cookiecutter.episode_budget }}
HISTORY_TURNS = 6
SYSTEM_PROMPT = """You are a helpful personal assistant with a long-term memory of the user.
Use what you remember when it helps, say so when you don't remember something, and never invent
memories. Facts are written as told to the user ("You live in Lisbon" means the user does).

<preferences>
{preferences}
</preferences>

<memories>
{memories}
</memories>"""


@dataclass
class Turn:
    """What the assistant answered, and what memory did along the way."""

    answer: str
    learned: list[tuple[str, Memory]] = field(default_factory=list)  # ("added"|"updated", memory)
    recalled: list[Memory] = field(default_factory=list)
    digest: Memory | None = None


def memory_line(memory: Memory) -> str:
    """How a memory appears in the prompt: `[fact] …`, `[episode 2025-03-01 10:02] …`, `[digest …] …`."""
    label = {"semantic": "fact", "episodic": f"episode {memory.when}", "digest": f"digest {memory.when}"}
    return f"[{label.get(memory.kind, memory.kind)}] {memory.text}"


class Assistant:
    def __init__(self, bank: MemoryBank, user_id: str, provider: Provider | None = None,
                 recall_k: int = RECALL_K, episode_budget: int = EPISODE_BUDGET, session: str | None = None):
        self.bank = bank
        self.user = user_id
        self.provider = provider or bank.provider
        self.recall_k = recall_k
        self.episode_budget = episode_budget
        self.session = session or uuid.uuid4().hex[:8]
        self.history: list[Message] = []

    def build_messages(self, message: str) -> tuple[list[Message], list[Memory]]:
        """The prompt for `message` and the memories recalled into it."""
        preferences = [m.text for m in self.bank.memories(self.user, "procedural")]
        facts = self.bank.profile(self.user, message)
        earlier = [m for m, _ in self.bank.search(self.user, message, self.recall_k, ("episodic", "digest"),
                                                  skip_session=self.session)]
        prompt = SYSTEM_PROMPT.format(
            preferences="\n".join(f"- {text}" for text in preferences) or "(none yet)",
            memories="\n".join(memory_line(m) for m in [*facts, *earlier]) or "(nothing yet)",
        )
        return [system(prompt), *self.history[-2 * HISTORY_TURNS:], user(message)], [*facts, *earlier]

    def reply(self, message: str) -> Turn:
        message = message.strip()
        if not message:
            return Turn("Say something and I'll remember what matters.")
        turn = Turn("")
        found = extract(message, self.provider)
        for fact in found.facts:
            turn.learned.append(self.bank.remember(self.user, fact, "semantic"))
        for preference in found.preferences:
            turn.learned.append(self.bank.remember(self.user, preference, "procedural"))
        turn.learned = [(what, memory) for what, memory in turn.learned if what != "unchanged"]
        messages, turn.recalled = self.build_messages(message)
        turn.answer = self.provider.complete(messages).strip()
        self.bank.record_episode(self.user, message, self.session)
        self.history += [user(message), Message("assistant", turn.answer)]
        turn.digest = self.bank.compress(self.user, self.episode_budget)
        return turn
