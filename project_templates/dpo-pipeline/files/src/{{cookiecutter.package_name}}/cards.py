"""Hugging Face Hub release files: a dataset card, a model card and a technical blog-post draft.

`cards` writes them under build/hub/ with the dataset's splits; nothing leaves the machine unless
you add --push (which needs `pip install -e '.[hub]'` and a write token in HF_TOKEN). The cards
carry the YAML metadata the Hub reads (license, task, tags, base model, data files) and the
numbers this pipeline produced: curation counts, hyperparameters per stage, and the metrics of
every stage that has run (from runs/manifest.json).
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import yaml

from .pipeline import PLAN, Manifest, worked_example
from .preferences import Prepared, report
from .stages import DpoSettings, PipelineConfig
from .tuning import records


class HubError(RuntimeError):
    """Pushing to the Hub is not possible here (no library, no token) or failed."""


def _front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def _size_category(n: int) -> str:
    return "n<1K" if n < 1000 else "1K<n<10K" if n < 10_000 else "10K<n<100K"


def dataset_card(prepared: Prepared, repo: str, license_id: str) -> str:
    kept = len(prepared.train) + len(prepared.eval)
    meta = {"license": license_id, "language": ["en"], "task_categories": ["text-generation"],
            "tags": ["dpo", "rlhf", "preference", "trl"], "size_categories": [_size_category(kept)],
            "configs": [{"config_name": "default", "data_files": [
                {"split": name, "path": f"data/{name}.jsonl"} for name in ("train", "test")]}]}
    dropped = prepared.curation.summary()
    return _front_matter(meta) + f"""
# {repo.split("/")[-1]}

Preference pairs for training assistants with DPO or a reward model: each row has a `prompt`, the
`chosen` (preferred) response and the `rejected` one. The pairs favour answers that are correct,
honest about what the model cannot know, safe, and concise.

## Data

| split | pairs |
|---|---:|
| train | {len(prepared.train)} |
| test | {len(prepared.eval)} |

Every pair of one prompt is in the same split, so test prompts are unseen in training.

## Curation

{prepared.total} pairs were collected; {kept} were kept. Dropped: {dropped}. Checks: required
fields, chosen ≠ rejected, exact duplicates (case and punctuation folded), contradictions (the
same pair with the preference reversed: both dropped) and length.

## Use

```python
from datasets import load_dataset
pairs = load_dataset("{repo}")
```

Directly usable by TRL's `DPOTrainer` and `RewardTrainer` (standard preference format).

## Limitations

Small and written by hand for teaching: it shows the format and the pipeline, not a benchmark.
"""


def model_card(config: PipelineConfig, manifest: Manifest, repo: str, dataset_repo: str,
               license_id: str) -> str:
    meta = {"license": license_id, "base_model": config.model.name, "library_name": "peft",
            "datasets": [dataset_repo], "tags": ["trl", "sft", "dpo", "lora", "rlhf"],
            "pipeline_tag": "text-generation"}
    dpo = config.stages["dpo"].dpo or DpoSettings()
    rows = []
    for stage in (stage for stage in PLAN if stage.name in config.stages):  # the training stages
        settings = config.stages[stage.name]
        lora, training = settings.lora, settings.training
        ran = manifest.stages.get(stage.name, {}).get("metrics")
        results = ", ".join(f"{k} {v:.4g}" for k, v in ran.items()) if ran else "not run yet"
        rows.append(f"| {stage.name} | {stage.trainer} | r={lora.r}, alpha={lora.alpha} "
                    f"| {training.learning_rate:g} | {training.epochs:g} | {results} |")
    table = "\n".join(rows)
    return _front_matter(meta) + f"""
# {repo.split("/")[-1]}

A LoRA adapter for [{config.model.name}](https://huggingface.co/{config.model.name}), trained in
three stages on [{dataset_repo}](https://huggingface.co/datasets/{dataset_repo}): supervised
fine-tuning on the preferred answers, a reward model, and Direct Preference Optimization
(beta {dpo.beta:g}, {dpo.loss_type} loss) against the frozen SFT model.

## Training

| stage | trainer | LoRA | learning rate | epochs | results |
|---|---|---|---:|---:|---|
{table}

## Use

```python
from peft import AutoPeftModelForCausalLM
from transformers import AutoTokenizer

model = AutoPeftModelForCausalLM.from_pretrained("{repo}")
tokenizer = AutoTokenizer.from_pretrained("{config.model.name}")
```

## Limitations

Trained on a small teaching dataset: expect the style of its answers, not new knowledge.
"""


def blog_post(config: PipelineConfig, prepared: Prepared, manifest: Manifest) -> str:
    dpo = config.stages["dpo"].dpo or DpoSettings()
    example = "\n".join(worked_example(dpo.beta, dpo.loss_type, dpo.label_smoothing))
    data = "\n".join(line.strip() for line in report(prepared))
    ran = [f"- **{name}**: " + ", ".join(f"{k} {v:.4g}" for k, v in entry.get("metrics", {}).items())
           for name, entry in manifest.stages.items()] or ["- (run the pipeline, then `cards` again)"]
    results = "\n".join(ran)
    return f"""# From SFT to DPO on a small open model: a pipeline you can rerun

*Draft written by the `cards` command from this run's numbers. Replace the prompts in italics.*

## Why preference tuning

*What did the base model get wrong that a preference dataset can fix?*

## The data

```
{data}
```

## The pipeline

1. **SFT** teaches {config.model.name} the answers marked `chosen`.
2. A **reward model** (the SFT model with a scalar head) learns score(chosen) > score(rejected).
3. **DPO** trains a new LoRA on the SFT model to prefer chosen over rejected relative to the
   frozen SFT model: no reward model or RL loop is needed to train it.

## The DPO objective, by hand

```
{example}
```

## Results

{results}

*Compare answers before and after DPO on the test prompts, and score them with the reward model.*

## What I would do next

*Bigger data, a sweep over beta, IPO vs sigmoid, a judge-based win rate.*
"""


def write_cards(config: PipelineConfig, prepared: Prepared, out_dir: str | Path, dataset_repo: str,
                model_repo: str, license_id: str) -> list[Path]:
    out = Path(out_dir)
    manifest = Manifest.load(config.runs_dir / "manifest.json")
    split_rows = {"train": prepared.train, "test": prepared.eval}
    paths = [records.write_jsonl(out / "dataset" / "data" / f"{name}.jsonl", [asdict(p) for p in pairs])
             for name, pairs in split_rows.items()]
    documents = {out / "dataset" / "README.md": dataset_card(prepared, dataset_repo, license_id),
                 out / "model" / "README.md": model_card(config, manifest, model_repo, dataset_repo,
                                                         license_id),
                 out / "BLOG.md": blog_post(config, prepared, manifest)}
    for path, text in documents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def push(out_dir: str | Path, config: PipelineConfig, dataset_repo: str, model_repo: str) -> list[str]:
    """Upload the dataset folder and, if DPO has run, the adapter with its card. Private repos."""
    token = os.environ.get("HF_TOKEN", "").strip()
    if not token:
        raise HubError("HF_TOKEN is not set: create a write token at huggingface.co/settings/tokens")
    try:
        from huggingface_hub import HfApi
    except ImportError:
        raise HubError("pushing needs huggingface_hub: pip install -e '.[hub]'") from None
    api, out, pushed = HfApi(token=token), Path(out_dir), []
    api.create_repo(dataset_repo, repo_type="dataset", private=True, exist_ok=True)
    api.upload_folder(folder_path=str(out / "dataset"), repo_id=dataset_repo, repo_type="dataset")
    pushed.append(f"https://huggingface.co/datasets/{dataset_repo}")
    adapter = config.output_dir("dpo") / "adapter"
    if adapter.is_dir():
        api.create_repo(model_repo, private=True, exist_ok=True)
        api.upload_folder(folder_path=str(adapter), repo_id=model_repo)
        api.upload_file(path_or_fileobj=str(out / "model" / "README.md"), path_in_repo="README.md",
                        repo_id=model_repo)
        pushed.append(f"https://huggingface.co/{model_repo}")
    return pushed
