"""How fast is `genai hw`? Medians against `genai --version` (the CLI's floor) in the same run.

Measured: `genai hw` detecting this machine (whatever GPU tools it has; none is required),
`genai hw` with GENAI_HW_FILE (no detection), and `genai hw --model llama-3.1-8b --task qlora`
(an estimate with max-context searches on every device), a 70B LoRA split over 8 GPUs, `--plan` (every
card and count in the price table) and `--emit accelerate`.

Run: python benchmarks/bench_hw.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_next import median_seconds  # noqa: E402  (same warm-up-then-median timing)

HW_FILE = ROOT / "tests" / "data" / "hw" / "rtx4070.json"
EIGHT = ROOT / "tests" / "data" / "hw" / "8xa100-80gb.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    genai = shutil.which("genai", path=str(Path(sys.executable).parent)) or shutil.which("genai")
    if not genai:
        sys.exit("install the project first: pip install .")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "GENAI_HOME": home}
        env.pop("GENAI_HW_FILE", None)
        cases = [
            ("genai --version", [genai, "--version"], env),
            ("genai hw (detect)", [genai, "hw"], env),
            ("genai hw (GENAI_HW_FILE)", [genai, "hw"], {**env, "GENAI_HW_FILE": str(HW_FILE)}),
            ("genai hw --model … --task qlora", [genai, "hw", "--model", "llama-3.1-8b", "--task", "qlora"], env),
            ("genai hw … --gpus 8 --strategy fsdp",
             [genai, "hw", "--model", "llama-3.1-70b", "--task", "lora", "--gpus", "8", "--strategy", "fsdp"],
             {**env, "GENAI_HW_FILE": str(EIGHT)}),
            ("genai hw … --plan", [genai, "hw", "--model", "llama-3.1-70b", "--task", "lora", "--plan"],
             {**env, "GENAI_HW_FILE": str(HW_FILE)}),
            ("genai hw … --emit accelerate",
             [genai, "hw", "--model", "llama-3.1-70b", "--task", "lora", "--gpus", "8", "--emit", "accelerate"],
             {**env, "GENAI_HW_FILE": str(EIGHT)}),
        ]
        results = [(name, median_seconds({name: command}, args.runs, case_env)[name])
                   for name, command, case_env in cases]
    floor = results[0][1]
    print(f"median of {args.runs} runs each")
    for name, seconds in results:
        print(f"{name:34} {seconds * 1000:7.1f} ms   {seconds / floor:4.2f}× genai --version")


if __name__ == "__main__":
    main()
