"""`genai hw --plan`: the cheapest cloud configurations (card, count, strategy) that fit a run.

Prices live in prices.yaml (dated, each with its source); a user file (GENAI_PRICES_FILE) replaces
the offers it names. That file is input from outside, so it is read as hostile: bounded size,
finite non-negative numbers only, known cards, no control characters, and every problem named
as FILE:LINE:COLUMN: FIELD.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from genai_roadmap.errors import GenaiError
from genai_roadmap.hardware import catalog
from genai_roadmap.hardware import estimate as est
from genai_roadmap.hardware.catalog import ModelSpec

PRICES_FILE = Path(__file__).resolve().parent / "prices.yaml"
MAX_PRICES_BYTES = 64 * 1024
MAX_OFFERS = 200
MAX_USD_PER_HOUR = 1000.0  # per GPU; anything above is a typo, not a price
MAX_COUNT = 64  # GPUs in one configuration (same bound as --gpus)
PLAN_ROWS = 8
SIMPLEST_FIRST = ("ddp", "zero2", "fsdp", "zero3", "zero3-offload", "pp", "tp")
"""Among strategies that fit, the plan proposes the simplest: replication before sharding, and CPU
offload (slow) last. For inference a layer split needs no fast interconnect; vLLM prefers tp."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Offer:
    gpu: str  # a preset id
    provider: str
    usd_per_hour: float | None  # per GPU
    counts: tuple[int, ...]
    free: bool
    note: str | None
    source: str
    as_of: str
    host_ram_gib: float | None = None  # CPU RAM of the machine, when the offer states it


@dataclass(frozen=True)
class PriceTable:
    prices_as_of: str
    offers: tuple[Offer, ...]
    file: str  # where it came from
    overridden_by: str | None = None


@dataclass
class PlanOption:
    gpu: str
    gpu_name: str
    memory_gib: float
    count: int
    strategy: str | None
    per_device_gib: float
    usd_per_hour: float  # all GPUs together
    free: bool
    provider: str
    source: str
    as_of: str
    note: str | None = None
    cpu_offload_gib: float = 0.0  # CPU RAM the offloaded states need


@dataclass
class Plan:
    options: list[PlanOption]
    prices_as_of: str
    price_file: str
    overridden_by: str | None
    unpriced: list[str]  # cards with no price, left out


# --- the price file ------------------------------------------------------------------------------
_FIELDS = {"gpu": "str", "provider": "str", "usd_per_hour": "price", "counts": "counts", "free": "bool",
           "note": "str", "source": "str", "as_of": "str", "host_ram_gib": "gib"}
_REQUIRED = ("gpu", "usd_per_hour")


def _why(value: Any, kind: str) -> str | None:
    if kind == "str":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return "expected text"
        if _CONTROL.search(str(value)):
            return "control characters are not allowed"
        return None if len(str(value)) <= 300 else "longer than 300 characters"
    if kind == "price":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "expected a number of US dollars per GPU-hour"
        if not math.isfinite(value):
            return f"expected a finite number, got {value!r}"
        if value < 0 or value > MAX_USD_PER_HOUR:
            return f"expected 0 to {MAX_USD_PER_HOUR:g} dollars per GPU-hour, got {value!r}"
        return None
    if kind == "gib":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and 0 < value <= 1e5
        return None if ok else f"expected a finite number of GiB above 0, got {value!r}"
    if kind == "counts":
        ok = isinstance(value, list) and 0 < len(value) <= 16 and all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_COUNT for v in value)
        return None if ok else f"expected a list of GPU counts from 1 to {MAX_COUNT}"
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    raise AssertionError(kind)


def load_prices(file: Path, known_gpus: set[str]) -> tuple[str | None, list[dict]]:
    """(prices_as_of, offers) of a price file; any problem raises GenaiError naming FILE:LINE:COLUMN: FIELD."""
    from genai_roadmap import files
    from genai_roadmap.problems import located
    from genai_roadmap.roadmap import parse_yaml

    try:
        text = files.read_text(file, MAX_PRICES_BYTES, "price file")
    except files.UnreadableFileError as exc:
        raise GenaiError(exc.message, problems=exc.problems,
                         hint="GENAI_PRICES_FILE names it; unset it to use the built-in prices") from None
    data, marks, problems = parse_yaml(text)

    def say(path: tuple, message: str) -> None:
        problems.append(located(marks, path, message))

    offers: list[dict] = []
    as_of = None
    if not problems:
        if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
            say(("offers",), "expected a mapping with a list under 'offers'")
        else:
            as_of = data.get("prices_as_of")
            if as_of is not None and _why(as_of, "str"):
                say(("prices_as_of",), _why(as_of, "str") or "")
            for key in data:
                if key not in ("prices_as_of", "offers"):
                    say((key,), f"unknown field '{key}'")
            if len(data["offers"]) > MAX_OFFERS:
                say(("offers",), f"{len(data['offers'])} offers; at most {MAX_OFFERS}")
            for index, entry in enumerate(data["offers"][:MAX_OFFERS]):
                path = ("offers", index)
                if not isinstance(entry, dict):
                    say(path, "expected a mapping")
                    continue
                for key in entry:
                    if key not in _FIELDS:
                        say(path + (key,), f"unknown field '{key}'")
                for key in _REQUIRED:
                    if key not in entry:
                        say(path, f"missing required field '{key}'")
                for key, kind in _FIELDS.items():
                    if key in entry and entry[key] is not None:
                        why = _why(entry[key], kind)
                        if why:
                            say(path + (key,), why)
                gpu = entry.get("gpu")
                if isinstance(gpu, str) and gpu not in known_gpus:
                    say(path + ("gpu",), f"unknown GPU '{_CONTROL.sub('?', gpu)[:40]}' "
                                         f"(one of: {', '.join(sorted(known_gpus))})")
                offers.append(entry)
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        first = problems[0].format(str(file))
        raise GenaiError(first if len(problems) == 1 else f"{file} has {len(problems)} problems; the first: {first}",
                         hint="see the price file's shape in docs/hardware.md (--plan)")
    return (str(as_of) if as_of is not None else None), offers


def _offer(entry: dict, default_as_of: str) -> Offer:
    price = entry.get("usd_per_hour")
    return Offer(str(entry["gpu"]), str(entry.get("provider") or "your price file"),
                 float(price) if price is not None else None, tuple(entry.get("counts") or (1,)),
                 bool(entry.get("free", price == 0)), entry.get("note"), str(entry.get("source") or "your price file"),
                 str(entry.get("as_of") or default_as_of),
                 float(entry["host_ram_gib"]) if entry.get("host_ram_gib") is not None else None)


def price_table() -> PriceTable:
    """The built-in prices, with the offers of GENAI_PRICES_FILE replacing those for the same card."""
    known = {p.id for p in catalog.presets() if p.vendor != "apple"}
    as_of, entries = load_prices(PRICES_FILE, known)
    offers = [_offer(e, as_of or "?") for e in entries]
    user = os.environ.get("GENAI_PRICES_FILE")
    if not user:
        return PriceTable(as_of or "?", tuple(offers), str(PRICES_FILE))
    path = Path(user).expanduser()
    user_as_of, user_entries = load_prices(path, known)
    mine = [_offer(e, user_as_of or "your file") for e in user_entries]
    replaced = {o.gpu for o in mine}
    merged = [o for o in offers if o.gpu not in replaced] + mine
    return PriceTable(user_as_of or as_of or "?", tuple(merged), str(PRICES_FILE), str(path))


# --- planning ------------------------------------------------------------------------------------
def _strategies(settings: est.Settings, count: int) -> list[str | None]:
    if count == 1:
        return [None]
    allowed = est.STRATEGIES_BY_FRAMEWORK.get(settings.framework, ())
    kind = est.INFER_STRATEGIES if settings.task == "inference" else est.TRAIN_STRATEGIES
    order = ("tp", "pp") if settings.runtime == "vllm" else SIMPLEST_FIRST
    return [s for s in order if s in allowed and s in kind]


def plan(spec: ModelSpec, settings: est.Settings, table: PriceTable | None = None) -> Plan:
    table = table or price_table()
    presets = {p.id: p for p in catalog.presets()}
    found: list[PlanOption] = []
    unpriced: list[str] = []
    for offer in table.offers:
        preset = presets.get(offer.gpu)
        if preset is None or not preset.vram_gib:
            continue
        if offer.usd_per_hour is None:
            unpriced.append(preset.name)
            continue
        # CPU offload is slow and needs the host's RAM: only when no count fits without it
        for offload in (False, True):
            best = None
            for count in sorted(set(offer.counts)):
                for strategy in _strategies(settings, count):
                    if (strategy == "zero3-offload") != offload:
                        continue
                    option = est.estimate(spec, replace(settings, devices=count, strategy=strategy))
                    if option.total_gib > preset.vram_gib * option.usable_fraction:
                        continue
                    if offload and offer.host_ram_gib is not None and option.cpu_offload_gib > offer.host_ram_gib:
                        continue
                    best = (count, strategy, option)
                    break
                if best:
                    break
            if best:
                count, strategy, option = best
                found.append(PlanOption(offer.gpu, preset.name, preset.vram_gib, count, strategy, option.total_gib,
                                        offer.usd_per_hour * count, offer.free, offer.provider, offer.source,
                                        offer.as_of, offer.note, option.cpu_offload_gib))
                break
    found.sort(key=lambda o: (not o.free, o.usd_per_hour, o.count, o.per_device_gib))
    return Plan(found[:PLAN_ROWS], table.prices_as_of, table.file, table.overridden_by, sorted(set(unpriced)))
