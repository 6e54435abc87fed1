"""One line of hardware advice for `genai next`, read from the last `genai hw` detection.

`genai next` must stay fast, so this module imports only the standard library (and paths.py): it
never detects anything itself, it reads the cache `genai hw` writes (paths.hardware_cache_file()).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

FINETUNE_TEMPLATES = {"finetune-api", "dpo-pipeline"}
# \b-bounded so that "exploration" does not read as "lora"
FINETUNE_PATTERN = re.compile(r"fine[- ]?tun|\bq?lora\b|\bpeft\b|\bdpo\b|\brlhf\b|\bsft\b|instruction[- ]tun")
LOCAL_PATTERN = re.compile(r"ollama|llama\.cpp|\blocal (?:llms?|models?)\b|run (?:it |models? |llms? )?locally|"
                           r"quanti[sz]|\bgguf\b|\bvllm\b")


def item_kind(item_id: str, title: str, template: str | None = None) -> str | None:
    """'finetune', 'local' or None: whether an item needs to know what the machine can run."""
    text = f"{item_id} {title}".lower().replace("_", " ")
    if (template or "") in FINETUNE_TEMPLATES or FINETUNE_PATTERN.search(text):
        return "finetune"
    if LOCAL_PATTERN.search(text):
        return "local"
    return None


def read_cache() -> dict[str, Any] | None:
    from genai_roadmap import paths

    try:
        data = json.loads(paths.hardware_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("summary"), dict) else None


def _pick(summary: dict, task: str) -> dict | None:
    tasks = summary.get("tasks") if isinstance(summary.get("tasks"), dict) else {}
    pick = tasks.get(task)
    return pick if isinstance(pick, dict) and pick.get("model") else None


def advice_line(kind: str, cache: dict[str, Any] | None) -> str:
    if cache is None:
        if kind == "finetune":
            return "Before you fine-tune, check which models your GPU can train: genai hw --task qlora"
        return "Before you run a model locally, check which models fit your machine: genai hw --task inference"
    summary = cache["summary"]
    checked = str(cache.get("detected_at") or "")[:10]
    device = summary.get("device")
    when = f" (checked {checked})" if checked else ""
    if kind == "finetune":
        qlora, lora = _pick(summary, "qlora"), _pick(summary, "lora")
        if not qlora:
            return (f"No GPU for fine-tuning on this machine{when}: the free Colab T4 runs QLoRA of 7B–8B models "
                    "(genai hw --gpu t4 --task qlora)")
        also = f"; LoRA up to {lora['model']}" if lora else ""
        return f"On your {device}{when}: QLoRA fits up to {qlora['model']} ({qlora['quant']}){also}. Details: genai hw"
    local = _pick(summary, "inference")
    if not local:
        return f"Nothing in the model catalog fits this machine{when}; see: genai hw --task inference"
    where = device or "CPU (no GPU found)"
    return f"On your {where}{when}: runs up to {local['model']} at {local['quant']}. Details: genai hw --task inference"


def advice_for(items: Iterable[Any]) -> str | None:
    """The advice line for the first fine-tuning or local-model item among `items`, else None."""
    for item in items:
        kind = item_kind(getattr(item, "id", ""), getattr(item, "title", ""), getattr(item, "template", None))
        if kind:
            return advice_line(kind, read_cache())
    return None
