"""`genai hw` treats its inputs as hostile (issue #9): GENAI_HW_FILE and config.json numbers that are not
numbers, too many GPUs, escape sequences in names, the catalog at 80 columns, and a CPU-only machine
that can train a small model slowly rather than "not at all"."""

from __future__ import annotations

import json

import pytest

from conftest import DATA

HW = DATA / "hw"
CPU_ONLY = {"GENAI_HW_FILE": str(HW / "cpu-only.json")}


def _hw_file(tmp_path, text: str) -> dict:
    file = tmp_path / "hw.json"
    file.write_text(text, encoding="utf-8")
    return {"GENAI_HW_FILE": str(file)}


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_vram_that_is_not_a_size_is_refused_naming_file_and_field(genai, tmp_path, value):
    env = _hw_file(tmp_path, '{"gpus": [{"name": "x", "vram_total_gib": %s}]}' % value)
    r = genai("hw", env=env)
    assert r.code == 1 and f"{env['GENAI_HW_FILE']}: gpus[0].vram_total_gib: expected a finite number" in r.err, r
    assert "Traceback" not in r.err


def test_a_hardware_file_lists_at_most_64_gpus(genai, tmp_path):
    gpus = [{"name": f"g{i}", "vram_total_gib": 24} for i in range(65)]
    env = _hw_file(tmp_path, json.dumps({"gpus": gpus}))
    r = genai("hw", env=env)
    assert r.code == 1 and "gpus: 65 GPUs; a hardware file may list at most 64" in r.err, r
    env = _hw_file(tmp_path, json.dumps({"gpus": gpus[:64]}))
    assert genai("hw", "--json", env=env).code == 0


@pytest.mark.parametrize("value, shown", [("1e400", "got inf"), ("NaN", "got nan"), ("1e12", "got 1000000000000.0"),
                                          ('"4096"', "got '4096'")])
def test_a_config_json_with_an_impossible_size_is_refused_where_it_enters(genai, tmp_path, value, shown):
    config = tmp_path / "config.json"
    config.write_text('{"hidden_size": %s, "num_hidden_layers": 2, "num_attention_heads": 2, "vocab_size": 100}'
                      % value, encoding="utf-8")
    r = genai("hw", "--model", str(config), env=CPU_ONLY)
    assert r.code == 1 and f"{config}: field 'hidden_size' must be a whole number" in r.err, r
    assert shown in r.err
    assert "Traceback" not in r.err


def test_control_characters_in_names_never_reach_the_terminal(genai, tmp_path):
    env = _hw_file(tmp_path, json.dumps({"gpus": [{"name": "evil\u001b]0;pwned\u0007\u001b[2J\u009b31m",
                                                   "vram_total_gib": 12, "driver_version": "1\u001b[5m"}],
                                         "cpu": {"name": "cpu\u001b[31m"}}))
    config = tmp_path / "m" / "config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"_name_or_path": "my\u001b[31mmodel\u009b", "hidden_size": 64,
                                  "num_hidden_layers": 2, "num_attention_heads": 2, "vocab_size": 100}))
    for args in ((), ("--json",), ("--model", str(config)), ("--model", str(config), "--json")):
        r = genai("hw", *args, env=env)
        assert r.code == 0, r
        assert not any(ch in r.out for ch in ("\u001b", "\u0007", "\u009b")), args
    assert "evil?]0;pwned??[2J?31m" in genai("hw", env=env).out


@pytest.mark.parametrize("columns", ["80", "60", "40"])
def test_list_models_never_cuts_a_model_id(genai, columns):
    from genai_roadmap.hardware import catalog

    r = genai("hw", "--list-models", env={"COLUMNS": columns})
    assert r.code == 0
    lines = r.out.splitlines()
    for spec in catalog.catalog():
        assert any(line.split("│")[0].strip() == spec.id for line in lines), (spec.id, columns)
    assert "…" not in r.out


def test_a_small_model_trains_on_a_cpu_only_machine_slowly_not_never(genai):
    r = genai("hw", "--model", "qwen2.5-0.5b", "--task", "lora", env=CPU_ONLY)
    assert r.code == 0, r
    assert "It does not fit" not in r.out
    assert "fits in RAM" in r.out and "slow" in r.out and "per 1,000 examples" in r.out
    assert "Colab" in r.out or "cloud GPU" in r.out
    e = genai("hw", "--model", "qwen2.5-0.5b", "--task", "lora", "--json", env=CPU_ONLY).json()["estimate"]
    cpu = next(f for f in e["fits"] if f["device"] == "cpu")
    assert (cpu["fits"], cpu["verdict"]) == (True, "slow") and "hours" in e["cpu_training"]


def test_a_model_too_big_for_ram_still_does_not_fit_on_the_cpu(genai):
    r = genai("hw", "--model", "llama-3.3-70b", "--task", "full", env=CPU_ONLY)
    assert r.code == 0 and "It does not fit" in r.out
