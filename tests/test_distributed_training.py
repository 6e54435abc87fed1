"""The fine-tuning templates train under `accelerate launch`, on several processes, with no
distribution code of their own (issue #13): a generated finetune-api project, installed the
CPU-only way its README documents, runs its `--tiny` training as 2 processes on the CPU (gloo)
and both ranks train the same model to a finite, falling loss.

Why `--multi_gpu` on a machine without a GPU: `accelerate launch --cpu` always starts ONE process
(its simple launcher; several CPU processes need mpirun). `--multi_gpu` starts one process per
`--num_processes` with torch's elastic launcher; the project's tiny run asks the Trainer for the
CPU (`use_cpu`), so Accelerate sets up MULTI_CPU with the gloo backend. On a GPU machine the
same command trains with NCCL.

The install is the slow part (torch, transformers, trl, peft, datasets, accelerate: ~1.5 GB):
its time and the run's are printed (`pytest -s`).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

from conftest import run_genai

pytestmark = pytest.mark.slow

# The CPU wheel of torch: on this project's machines `torch==2.13.0` is a local CPU build. Elsewhere,
# point GENAI_TEST_TORCH at a CPU wheel, or pre-install one from https://download.pytorch.org/whl/cpu.
TORCH_CPU = os.environ.get("GENAI_TEST_TORCH", "torch==2.13.0")


def run(*args: str, cwd: Path | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_PROVIDER", "PYTHONPATH")}
    env["OMP_NUM_THREADS"] = "1"  # two processes share the cores
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


def test_tiny_training_runs_on_two_processes_under_accelerate_launch(tmp_path):
    project = tmp_path / "ddp-demo"
    made = run_genai("new", "finetune-api", str(project), "--no-input", "--no-git",
                     "--set", "project_slug=ddp-demo", env={"GENAI_HOME": str(tmp_path / "home")})
    assert made.code == 0, made
    readme = (project / "README.md").read_text()
    assert "--index-url https://download.pytorch.org/whl/cpu" in readme
    assert "accelerate launch --config_file accelerate.yaml -m ddp_demo.cli train" in readme

    env_dir = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    started = time.perf_counter()
    # The README's CPU-only path: torch's CPU wheel first, then the train extra finds torch satisfied.
    for step in ([TORCH_CPU, "hatchling>=1.27", "editables>=0.5"],
                 ["--no-build-isolation", "-e", f"{project}[train]"]):
        proc = run(*pip, *step)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    installed = time.perf_counter() - started
    listed = run(str(python), "-m", "pip", "list", "--format", "json")
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert not {n for n in names if n.startswith(("nvidia-", "triton"))}, "the CPU path pulled CUDA packages"
    assert {"torch", "transformers", "trl", "peft", "accelerate", "datasets"} <= names
    cuda = run(str(python), "-c", "import torch; print(torch.version.cuda)")
    assert cuda.stdout.strip() == "None"

    accelerate = python.parent / "accelerate"
    started = time.perf_counter()
    launch = run(str(accelerate), "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
                 "--mixed_precision", "no", "--dynamo_backend", "no",
                 "-m", "ddp_demo.cli", "train", "--tiny", "--max-steps", "6", cwd=project)
    ran = time.perf_counter() - started
    sys.stderr.write(f"\nfinetune-api CPU install of .[train]: {installed:.0f} s; "
                     f"2-process tiny training: {ran:.0f} s\n")
    assert launch.returncode == 0, launch.stdout[-3000:] + launch.stderr[-3000:]
    lines = re.findall(r"^rank (\d) of 2: trained 6 steps, loss (\S+) -> (\S+) \(mean (\S+)\)", launch.stdout,
                       re.M)
    assert sorted(rank for rank, *_ in lines) == ["0", "1"], launch.stdout
    for _, first, last, mean in lines:
        assert all(math.isfinite(float(x)) for x in (first, last, mean))
        assert float(last) < float(first)  # it learned: the loss fell
    metrics = json.loads((project / "build" / "adapter" / "metrics.json").read_text())
    assert metrics["processes"] == 2 and metrics["steps"] == 6
    assert (project / "build" / "adapter" / "adapter_model.safetensors").exists()
