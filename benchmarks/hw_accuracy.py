"""How close `genai hw`'s memory estimates are to published measurements.

Reads tests/data/hw/measured.csv (one published peak-memory figure per row, with its source) and
prints, per row, the estimate, the measurement and the error; then the share of rows within ±15%
and every row where the estimate says "fits" but the measurement ran out of memory.

A table per framework follows (transformers, unsloth, torchtune, litgpt, vllm, ollama): each must keep
≥ 80% of its measured rows within ±15% and no false "fits" (tests/test_hw_multi.py enforces it).
Multi-GPU rows (columns devices, strategy) compare the busiest device's share with a per-GPU figure.

Run: python benchmarks/hw_accuracy.py   (offline; no GPU needed)
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "hw"
MEASURED = DATA / "measured.csv"
TOLERANCE = 0.15

sys.path.insert(0, str(ROOT / "src"))

from genai_roadmap.hardware import estimate as est  # noqa: E402
from genai_roadmap.hardware.catalog import find_model, spec_from_config  # noqa: E402

GB = 1e9
GIB = 1024 ** 3


@dataclass
class Row:
    id: str
    source: str
    outcome: str  # fits | oom
    role: str  # calibration (a constant was fitted on it) | check (held out)
    device_gib: float
    framework: str
    usable_fraction: float  # vLLM: gpu_memory_utilization
    measured_gib: float | None
    estimate_gib: float  # the part of the estimate the measurement covers
    total_gib: float  # the whole estimate, what "fits" is judged on

    @property
    def error(self) -> float | None:
        return None if self.measured_gib is None else (self.estimate_gib - self.measured_gib) / self.measured_gib

    @property
    def predicted_fit(self) -> bool:
        return self.total_gib <= self.device_gib * self.usable_fraction

    @property
    def false_fit(self) -> bool:
        return self.outcome == "oom" and self.predicted_fit

    @property
    def false_no_fit(self) -> bool:
        return self.outcome == "fits" and not self.predicted_fit


def _model(name: str):
    return spec_from_config(DATA / name) if name.endswith(".json") else find_model(name)


def evaluate(path: Path = MEASURED) -> list[Row]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            task = raw["task"]
            settings = est.Settings(
                task=task, quant=est.resolve_quant(raw["quant"], task), context=int(raw["context"]),
                batch=int(raw["batch"] or 1), grad_checkpointing=raw["grad_checkpointing"] == "yes",
                lora_rank=int(raw["lora_rank"] or 16), lora_targets=raw["lora_targets"] or "all",
                optimizer=raw["optimizer"] or "adamw",
                framework=est.FRAMEWORK_ALIASES.get(raw["framework"], raw["framework"]) or "transformers",
                devices=int(raw.get("devices") or 1), strategy=raw.get("strategy") or None,
            )
            estimate = est.estimate(_model(raw["model"]), settings)
            measured = None
            if raw["measured"] and raw["outcome"] == "fits":
                measured = float(raw["measured"]) * (GB if raw["unit"] == "GB" else GIB) / GIB
            rows.append(Row(raw["id"], raw["source"], raw["outcome"], raw["role"], float(raw["device_gib"]),
                            settings.framework, estimate.usable_fraction, measured,
                            est.comparable_gib(estimate, raw["measure"]), estimate.total_gib))
    return rows


def summary(rows: list[Row]) -> dict:
    measured = [r for r in rows if r.error is not None]
    within = [r for r in measured if abs(r.error) <= TOLERANCE]
    held_out = [r for r in measured if r.role == "check"]
    worst = sorted(measured, key=lambda r: abs(r.error), reverse=True)[:5]
    return {
        "rows": len(rows), "measured": len(measured), "within": len(within),
        "share_within": len(within) / len(measured) if measured else 0.0,
        "held_out": len(held_out), "held_out_within": sum(abs(r.error) <= TOLERANCE for r in held_out),
        "median_abs_error": sorted(abs(r.error) for r in measured)[len(measured) // 2] if measured else 0.0,
        "oom_rows": sum(r.outcome == "oom" for r in rows),
        "false_fits": [r for r in rows if r.false_fit], "false_no_fits": [r for r in rows if r.false_no_fit],
        "worst": worst,
    }


def main() -> None:
    rows = evaluate()
    print(f"{'row':34} {'estimate':>9} {'measured':>9} {'error':>7}  fit?  (* = a constant was fitted on this row)")
    for r in rows:
        measured = f"{r.measured_gib:8.2f}G" if r.measured_gib is not None else "      OOM"
        error = f"{r.error:+7.1%}" if r.error is not None else "       "
        verdict = "fits" if r.predicted_fit else "no"
        flag = "  ← FALSE FIT" if r.false_fit else ("  ← says no, but it ran" if r.false_no_fit else "")
        mark = "*" if r.role == "calibration" else " "
        print(f"{r.id:33}{mark} {r.estimate_gib:8.2f}G {measured} {error}  {verdict}{flag}")
    s = summary(rows)
    print(f"\n{s['within']}/{s['measured']} measured rows within ±{TOLERANCE:.0%}: {s['share_within']:.0%} "
          f"(target ≥ 80%); held-out rows only: {s['held_out_within']}/{s['held_out']}; "
          f"median |error| {s['median_abs_error']:.1%}")
    print("worst: " + ", ".join(f"{r.id} {r.error:+.1%}" for r in s["worst"]))
    print(f"out-of-memory rows: {s['oom_rows']}; estimated to fit (false fits): {len(s['false_fits'])}"
          + "".join(f"\n  {r.id}" for r in s["false_fits"]))
    print(f"rows that ran but are estimated not to fit: {len(s['false_no_fits'])}"
          + "".join(f"\n  {r.id}" for r in s["false_no_fits"]))
    print(f"\n{'framework':13} {'rows':>4} {'measured':>8} {'within':>7} {'share':>6} {'median|err|':>11} "
          f"{'OOM rows':>8} {'false fits':>10}")
    for framework in sorted({r.framework for r in rows}):
        f = summary([r for r in rows if r.framework == framework])
        print(f"{framework:13} {f['rows']:4} {f['measured']:8} {f['within']:7} {f['share_within']:6.0%} "
              f"{f['median_abs_error']:11.1%} {f['oom_rows']:8} {len(f['false_fits']):10}")


if __name__ == "__main__":
    main()
