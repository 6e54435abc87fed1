"""How fast is `genai next`? Medians and ratios against yardsticks measured in the same run.

Yardsticks: a one-command Typer hello-world in this venv (the framework's floor) and
`cookiecutter --version`. Targets (issue #3): `genai next` on the largest bundled roadmap
≤ 1.2× the floor and faster than cookiecutter; on a generated 10,000-item roadmap ≤ 1.5× the floor.

Run in an environment where the project is installed as users get it (pip install .):
    python benchmarks/bench_next.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""


def generated_roadmap(path: Path, items: int, phases: int = 20) -> None:
    per_phase = items // phases
    lines = ["id: bench-10k", "title: Generated benchmark roadmap", "phases:"]
    for p in range(phases):
        lines += [f"  - id: phase-{p}", f"    title: Phase {p}", "    duration: Weeks 1–2", "    items:"]
        for i in range(per_phase):
            n = p * per_phase + i
            dep = f", depends_on: [item-{n - 1}]" if i % 5 == 4 else ""
            lines.append(f"      - {{id: item-{n}, title: 'Item {n}: a topic to study', kind: topic, est_hours: 2{dep}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def median_seconds(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, float]:
    """Median wall time of each command, run round-robin so that drift in machine load hits all alike."""
    for command in commands.values():
        subprocess.run(command, env=env, capture_output=True, check=True)  # warm-up (fills caches)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def editable_install() -> bool:
    """An editable install under PYTHONDONTWRITEBYTECODE recompiles every module on every run."""
    probe = "import genai_roadmap, sys; print('site-packages' in genai_roadmap.__file__)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
    return out != "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    genai = shutil.which("genai", path=str(bin_dir))
    cookiecutter = shutil.which("cookiecutter", path=str(bin_dir))
    if not genai:
        sys.exit("install the project first: pip install .")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "GENAI_HOME": str(tmp_path / "home")}
        hello = tmp_path / "hello.py"
        hello.write_text(HELLO)
        big = tmp_path / "bench-10k.yaml"
        generated_roadmap(big, 10_000)
        rows = [("typer hello-world (floor)", [sys.executable, str(hello)])]
        if cookiecutter:
            rows.append(("cookiecutter --version", [cookiecutter, "--version"]))
        rows += [
            ("genai --help", [genai, "--help"]),
            ("genai next (zero-to-hero)", [genai, "next"]),
            ("genai next --json (zero-to-hero)", [genai, "next", "--json"]),
            ("genai status (zero-to-hero)", [genai, "status"]),
            ("genai next (10,000 items)", [genai, "next", "--roadmap", str(big)]),
        ]
        results = median_seconds(dict(rows), args.runs, env)
    floor = results["typer hello-world (floor)"]
    print(f"median of {args.runs} round-robin runs each, after one warm-up run (python {sys.version.split()[0]})")
    if editable_install():
        print("note: genai_roadmap is not installed from a wheel here (editable or source checkout); figures "
              "include byte-compiling when PYTHONDONTWRITEBYTECODE is set. Measure with: pip install .")
    print(f"{'command':36} {'median ms':>10} {'× floor':>8}")
    for name, seconds in results.items():
        print(f"{name:36} {seconds * 1000:10.1f} {seconds / floor:8.2f}")
    targets = [("genai next (zero-to-hero)", 1.2), ("genai next (10,000 items)", 1.5)]
    print()
    for name, limit in targets:
        ratio = results[name] / floor
        print(f"target {name}: ≤ {limit}× floor -> {ratio:.2f}× {'OK' if ratio <= limit else 'MISSED'}")
    if "cookiecutter --version" in results:
        faster = results["genai next (zero-to-hero)"] < results["cookiecutter --version"]
        print(f"target genai next faster than cookiecutter --version -> {'OK' if faster else 'MISSED'}")


if __name__ == "__main__":
    main()
