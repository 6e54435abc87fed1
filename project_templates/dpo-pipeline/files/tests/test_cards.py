from __future__ import annotations

import dataclasses
import json
import sys

import pytest
import yaml

from {{ cookiecutter.package_name }}.cards import HubError, push, write_cards
from {{ cookiecutter.package_name }}.preferences import prepare
from {{ cookiecutter.package_name }}.stages import load_pipeline


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def config(tmp_path):
    return dataclasses.replace(load_pipeline(), runs_dir=tmp_path / "runs")


def test_cards_carry_hub_metadata_and_this_run(config, tmp_path):
    (config.runs_dir).mkdir(parents=True)
    (config.runs_dir / "manifest.json").write_text(json.dumps(
        {"stages": {"dpo": {"status": "done", "metrics": {"train_loss": 0.61, "rewards/accuracies": 0.75}}}}))
    paths = write_cards(config, prepare(config.data), tmp_path / "hub", "me/prefs", "me/model", "mit")
    assert {p.name for p in paths} == {"train.jsonl", "test.jsonl", "README.md", "BLOG.md"}
    dataset = (tmp_path / "hub" / "dataset" / "README.md").read_text()
    meta = front_matter(dataset)
    assert meta["license"] == "mit" and meta["size_categories"] == ["n<1K"] and "dpo" in meta["tags"]
    assert meta["configs"][0]["data_files"][1] == {"split": "test", "path": "data/test.jsonl"}
    assert "| train | 20 |" in dataset and "2 contradiction" in dataset
    model = (tmp_path / "hub" / "model" / "README.md").read_text()
    assert front_matter(model)["base_model"] == "{{ cookiecutter.base_model }}"
    assert "rewards/accuracies 0.75" in model and "| sft | trl.SFTTrainer" in model
    blog = (tmp_path / "hub" / "BLOG.md").read_text()
    assert "## The DPO objective, by hand" in blog and "batch: mean loss" in blog
    assert len((tmp_path / "hub" / "dataset" / "data" / "test.jsonl").read_text().splitlines()) == 5


def test_nothing_is_pushed_without_a_token_or_the_library(config, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    with pytest.raises(HubError, match="HF_TOKEN"):
        push(tmp_path, config, "me/prefs", "me/model")
    monkeypatch.setenv("HF_TOKEN", "hf_test")
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)
    with pytest.raises(HubError, match=r"pip install -e '\.\[hub\]'"):
        push(tmp_path, config, "me/prefs", "me/model")
