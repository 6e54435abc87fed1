"""The fine-tuning templates train under `accelerate launch`, on several processes, with no
distribution code of their own (issue #13): generated finetune-api and dpo-pipeline projects,
installed the CPU-only way their READMEs document (no CUDA package comes along), run their `--tiny`
training as 2 processes on the CPU (gloo); both ranks train, to a finite, falling loss.

Why `--multi_gpu` on a machine without a GPU: `accelerate launch --cpu` always starts ONE process
(its simple launcher; several CPU processes need mpirun). `--multi_gpu` starts one process per
`--num_processes` with torch's elastic launcher; the project's tiny run asks the Trainer for the
CPU (`use_cpu`), so Accelerate sets up MULTI_CPU with the gloo backend. On a GPU machine the
same command trains with NCCL.

The install is the slow part (torch, transformers, trl, peft, datasets, accelerate: ~1.5 GB):
its time and each run's are printed (`pytest -s`).
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


@pytest.fixture(scope="module")
def trained_env(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """Both fine-tuning templates generated and installed into one venv the README's CPU-only way."""
    root = tmp_path_factory.mktemp("distributed")
    projects = {}
    for template in ("finetune-api", "dpo-pipeline"):
        slug = f"{template}-ddp"
        made = run_genai("new", template, str(root / slug), "--no-input", "--no-git", "--set",
                         f"project_slug={slug}", env={"GENAI_HOME": str(root / "home")})
        assert made.code == 0, made
        readme = (root / slug / "README.md").read_text()
        assert "--index-url https://download.pytorch.org/whl/cpu" in readme
        assert f"accelerate launch --config_file accelerate.yaml -m {slug.replace('-', '_')}.cli" in readme
        projects[template] = root / slug
    env_dir = root / ".venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    started = time.perf_counter()
    # The README's CPU-only path: torch's CPU wheel first, then the train extra finds torch satisfied.
    editables = [arg for path in projects.values() for arg in ("-e", f"{path}[train]")]
    for step in ([TORCH_CPU, "hatchling>=1.27", "editables>=0.5"], ["--no-build-isolation", *editables]):
        proc = run(*pip, *step)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    sys.stderr.write(f"\nCPU-only install of both projects' .[train]: {time.perf_counter() - started:.0f} s\n")
    return python, projects


def launch(python: Path, project: Path, *command: str) -> subprocess.CompletedProcess:
    """`accelerate launch` with 2 processes, the way the generated README shows it."""
    module = project.name.replace("-", "_") + ".cli"
    started = time.perf_counter()
    proc = run(str(python.parent / "accelerate"), "launch", "--multi_gpu", "--num_processes", "2",
               "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no",
               "-m", module, *command, cwd=project)
    sys.stderr.write(f"{project.name} {' '.join(command)} on 2 processes: {time.perf_counter() - started:.0f} s\n")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def test_the_cpu_install_path_pulls_no_cuda(trained_env):
    python, _ = trained_env
    listed = run(str(python), "-m", "pip", "list", "--format", "json")
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert not {n for n in names if n.startswith(("nvidia-", "triton"))}, "the CPU path pulled CUDA packages"
    assert {"torch", "transformers", "trl", "peft", "accelerate", "datasets"} <= names
    assert run(str(python), "-c", "import torch; print(torch.version.cuda)").stdout.strip() == "None"


def test_finetune_api_trains_on_two_processes_under_accelerate_launch(trained_env):
    python, projects = trained_env
    proc = launch(python, projects["finetune-api"], "train", "--tiny", "--max-steps", "6")
    # Two processes share one stdout pipe, so one rank's line may start mid-way through the other's:
    # the lines are found wherever they start, not only at the start of a line.
    lines = re.findall(r"rank (\d) of 2: trained 6 steps, loss (\S+) -> (\S+) \(mean (\S+)\)", proc.stdout)
    assert sorted(rank for rank, *_ in lines) == ["0", "1"], proc.stdout
    for _, first, last, mean in lines:
        assert all(math.isfinite(float(x)) for x in (first, last, mean))
        assert float(last) < float(first)  # it learned: the loss fell
    adapter = projects["finetune-api"] / "build" / "adapter"
    metrics = json.loads((adapter / "metrics.json").read_text())
    assert metrics["processes"] == 2 and metrics["steps"] == 6
    assert (adapter / "adapter_model.safetensors").exists()


def test_dpo_pipeline_runs_its_four_stages_on_two_processes(trained_env):
    python, projects = trained_env
    proc = launch(python, projects["dpo-pipeline"], "run", "--tiny", "--max-steps", "3")
    for stage in ("sft", "reward", "dpo", "best_of_n"):  # each stage's line, once per process
        assert len(re.findall(rf"stage {stage}: done", proc.stdout)) == 2, proc.stdout  # both ranks (see above)
    manifest = json.loads((projects["dpo-pipeline"] / "build" / "runs" / "manifest.json").read_text())["stages"]
    assert [manifest[s]["metrics"]["steps"] for s in ("sft", "reward", "dpo")] == [3, 3, 3]
    assert all(math.isfinite(v) for s in ("sft", "reward", "dpo") for v in manifest[s]["metrics"].values())
    assert manifest["best_of_n"]["metrics"]["reward_best"] >= manifest["best_of_n"]["metrics"]["reward_first"]
