"""The fine-tuning helpers that run without torch: records, settings and estimates."""

from __future__ import annotations

import dataclasses

import pytest

from {{ cookiecutter.package_name }}.tuning import estimate, records
from {{ cookiecutter.package_name }}.tuning.records import Curation, DataError, Record
from {{ cookiecutter.package_name }}.tuning.settings import (
    ConfigError,
    LoraSettings,
    ModelSettings,
    TrainingSettings,
    check_targets,
    load_yaml,
    section,
    with_tiny_model,
)


@dataclasses.dataclass(frozen=True)
class Recipe:
    model: ModelSettings


def test_jsonl_round_trip_and_line_numbered_errors(tmp_path):
    path = records.write_jsonl(tmp_path / "d" / "x.jsonl", [{"a": "1"}, {"a": "é"}])
    (tmp_path / "d" / "x.jsonl").write_text(path.read_text() + "\n\n")  # blank lines are skipped
    assert [(r.line, r.data["a"]) for r in records.read_jsonl(path)] == [(1, "1"), (2, "é")]
    (tmp_path / "bad.jsonl").write_text('{"a": 1}\n{"a": \n')
    with pytest.raises(DataError, match=r"bad.jsonl:2: not valid JSON"):
        records.read_jsonl(tmp_path / "bad.jsonl")
    (tmp_path / "list.jsonl").write_text("[1, 2]\n")
    with pytest.raises(DataError, match="JSON object"):
        records.read_jsonl(tmp_path / "list.jsonl")
    with pytest.raises(DataError, match="cannot read"):
        records.read_jsonl(tmp_path / "missing.jsonl")


def test_missing_text_and_normalize():
    assert records.missing_text({"a": "x", "b": "y"}, ["a", "b"]) is None
    assert "'b'" in records.missing_text({"a": "x", "b": "  "}, ["a", "b"])
    assert "'a'" in records.missing_text({"a": 3}, ["a"])
    assert records.normalize("  Hello,   WORLD!! ") == records.normalize("hello world") == "hello world"


def test_dedup_keeps_the_first_and_names_it():
    rows = [Record(1, {"q": "Hi there"}), Record(2, {"q": "hi, THERE"}), Record(3, {"q": "other"})]
    curation = records.dedup(Curation(rows), key=lambda r: records.normalize(r.data["q"]))
    assert [r.line for r in curation.kept] == [1, 3]
    assert [(r.line, why) for r, why in curation.dropped] == [(2, "duplicate: same as line 1")]
    assert curation.reasons() == {"duplicate": 1}


def test_screening_drops_with_reasons_and_a_curated_set_reports_them():
    rows = [Record(1, {"q": "short"}), Record(2, {"q": "far too long " * 10})]
    curation = records.screen(Curation(rows), lambda r: records.too_long(len(r.data["q"]) // 4 + 1, 10))
    assert [r.line for r in curation.kept] == [1]
    assert curation.dropped_lines() == ["line 2: too long: ~33 tokens, over max_tokens 10"]
    curated = records.Curated(train=[1], eval=[], curation=curation, total=2)
    assert curated.report("rows") == ["2 rows read, 1 kept, 1 dropped (1 too long)",
                                      "  line 2: too long: ~33 tokens, over max_tokens 10"]
    with pytest.raises(DataError, match="no record is left"):
        records.split([], 0.2, seed=1)


def test_split_is_reproducible_and_keeps_groups_together():
    rows = [Record(i, {"p": f"prompt {i // 2}"}) for i in range(1, 21)]
    train, held = records.split(rows, 0.2, seed=7, group=lambda r: r.data["p"])
    assert len(held) == 4 and len(train) == 16
    assert (train, held) == records.split(rows, 0.2, seed=7, group=lambda r: r.data["p"])
    assert not {r.data["p"] for r in train} & {r.data["p"] for r in held}
    assert records.split(rows[:1], 0.5, seed=1) == (rows[:1], [])  # one record: it trains
    with pytest.raises(DataError, match="eval_fraction"):
        records.split(rows, 1.0, seed=1)


def test_chat_text_and_token_estimates():
    text = records.chat_text([records.message("user", "Hi")], add_generation_prompt=True)
    assert text == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    assert records.approx_tokens("") == 0 and records.approx_tokens("abcde") == 2
    assert records.summary([1, 2, 3, 4, 100]) == {"min": 1, "mean": 22, "p50": 3, "p95": 100, "max": 100}


def test_parameter_counts_match_the_published_sizes():
    qwen = estimate.CATALOG["Qwen/Qwen2.5-0.5B-Instruct"]
    mistral = estimate.CATALOG["mistralai/Mistral-7B-v0.1"]
    assert estimate.total_params(qwen) == pytest.approx(0.494e9, rel=0.01)
    assert estimate.total_params(mistral) == pytest.approx(7.24e9, rel=0.01)
    # r · (d_in + d_out) per layer: q and v of Mistral are 4096→4096 and 4096→1024
    assert estimate.lora_params(mistral, 8, ["q_proj", "v_proj"]) == 32 * 8 * (8192 + 5120)
    with pytest.raises(ValueError, match="unknown target"):
        estimate.lora_params(mistral, 8, ["qkv"])


def test_qlora_needs_far_less_memory_than_lora():
    arch = estimate.CATALOG["mistralai/Mistral-7B-v0.1"]
    targets = ["q_proj", "k_proj", "v_proj", "o_proj"]
    qlora = estimate.training_memory(arch, 16, targets, load_in_4bit=True)
    lora = estimate.training_memory(arch, 16, targets, load_in_4bit=False)
    assert 4 < qlora.total / estimate.GIB < 8 < 14 < lora.total / estimate.GIB < 20
    assert [item.name for item in qlora.items] == ["weights", "LoRA + AdamW", "activations", "CUDA context"]
    assert qlora.lines()[-1].startswith("total")
    assert estimate.human_count(6_553_600) == "6.55M"


def test_sections_are_checked_key_by_key(tmp_path):
    lora = section(LoraSettings, {"r": 8, "alpha": 16, "target_modules": ["q_proj"]}, "lora")
    assert lora.scaling == 2.0 and lora.target_modules == ("q_proj",)
    assert section(TrainingSettings, {"epochs": 2}, "training").epochs == 2.0
    for raw, message in [({"alhpa": 8}, "did you mean 'alpha'"), ({"r": "8"}, "r must be a whole number"),
                         ({"r": 0}, "at least 1"), ({"dropout": 1.5}, "below 1"),
                         ({"target_modules": "q_proj"}, "list of names")]:
        with pytest.raises(ConfigError, match=message):
            section(LoraSettings, raw, "lora")
    with pytest.raises(ConfigError, match="model needs: name"):
        section(ModelSettings, {}, "model")
    (tmp_path / "c.yaml").write_text("- not a mapping\n")
    with pytest.raises(ConfigError, match="mapping of sections"):
        load_yaml(tmp_path / "c.yaml")


def test_models_come_from_the_catalog_or_an_architecture_block():
    custom = section(ModelSettings, {"name": "me/my-model", "architecture": {
        "hidden_size": 64, "num_layers": 2, "num_heads": 4, "num_kv_heads": 4, "intermediate_size": 256,
        "vocab_size": 100}}, "model")
    assert custom.arch().hidden_size == 64
    with pytest.raises(ConfigError, match="no architecture known"):
        ModelSettings("me/unknown").arch()
    assert ModelSettings("me/unknown", tiny=True).arch() == estimate.TINY
    assert with_tiny_model(Recipe(ModelSettings("me/unknown"))).model.tiny
    with pytest.raises(ConfigError, match="not in the model"):
        check_targets(ModelSettings("me/x", tiny=True), LoraSettings(target_modules=("c_attn",)), "lora")
