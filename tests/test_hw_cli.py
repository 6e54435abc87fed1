"""`genai hw` end to end through the installed script: output, JSON contract, bad input, the
hardware guidance the docs promise, and the hardware line in `genai next`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import DATA, GENAI

HW = DATA / "hw"
RTX4070 = {"GENAI_HW_FILE": str(HW / "rtx4070.json")}
ROADMAP = str(HW / "finetune-roadmap.yaml")


def test_help_has_an_example(genai):
    r = genai("hw", "--help")
    assert r.code == 0 and "Example: genai hw" in r.out


def test_without_a_model_it_shows_the_hardware_and_what_fits(genai):
    r = genai("hw", env=RTX4070)
    assert r.code == 0, r
    assert "NVIDIA GeForce RTX 4070" in r.out and "compute 8.9" in r.out and "AVX2" in r.out
    assert "What fits" in r.out
    for task in ("inference", "qlora", "lora", "full"):
        assert task in r.out


def test_json_envelope(genai):
    data = genai("hw", "--json", env=RTX4070).json()
    assert data["schema"] == "genai.hw/1"
    assert {"hardware", "devices", "estimate", "recommendations", "cache_file"} <= set(data)
    hw = data["hardware"]
    assert {"gpus", "ram_total_gib", "cpu", "unified_memory"} <= set(hw)
    assert {"vendor", "name", "vram_total_gib", "vram_free_gib"} <= set(hw["gpus"][0])
    assert data["estimate"] is None
    rec = data["recommendations"][0]
    assert {"task", "device", "picks", "advice"} <= set(rec)
    assert {"model", "quant", "total_gib", "verdict", "max_context"} <= set(rec["picks"][0])


def test_json_estimate_has_the_promised_fields(genai):
    data = genai("hw", "--model", "llama-3.1-8b", "--task", "qlora", "--context", "1024", "--json", env=RTX4070).json()
    e = data["estimate"]
    assert {"model", "task", "quant", "context", "batch", "total_gib", "breakdown", "fits", "max_context"} <= set(e)
    assert (e["model"], e["task"], e["quant"], e["context"], e["batch"]) == ("llama-3.1-8b", "qlora", "nf4", 1024, 1)
    assert set(e["breakdown"]) == {"weights_gib", "kv_cache_gib", "activations_gib", "gradients_gib", "optimizer_gib",
                                   "adapter_gib", "overhead_gib", "comm_buffers_gib"}
    assert e["total_gib"] == pytest.approx(sum(e["breakdown"].values()), abs=0.01)
    gpu = e["fits"][0]
    assert (gpu["device"], gpu["fits"]) == ("gpu0", True) and gpu["max_context"] == e["max_context"] > 1024
    assert data["recommendations"] == []


def test_text_estimate_shows_the_breakdown_and_the_verdict(genai):
    r = genai("hw", "--model", "mistral-7b", env=RTX4070)
    assert r.code == 0, r
    for word in ("weights", "KV cache", "8 kv heads", "runtime overhead", "total", "fits comfortably"):
        assert word in r.out, word


def test_when_it_does_not_fit_it_says_what_to_try(genai):
    r = genai("hw", "--model", "llama-3.3-70b", "--task", "lora", env=RTX4070)
    assert r.code == 0 and "does not fit" in r.out and "It does not fit. Try:" in r.out
    assert "--task qlora" in r.out or "cloud GPU" in r.out


def test_on_a_mac_it_offers_to_raise_metals_limit(genai):
    r = genai("hw", "--gpu", "m3-max-36gb", "--model", "qwen2.5-32b", "--quant", "q5_k_m", "--context", "16384",
              env={"GENAI_HW_SOURCES": ""})
    assert "does not fit" in r.out and "sudo sysctl iogpu.wired_limit_mb=" in r.out and "-ngl" not in r.out


def test_a_config_json_path_works_as_model(genai):
    data = genai("hw", "--model", str(HW / "configs" / "phi-1_5.json"), "--task", "lora", "--json",
                 env=RTX4070).json()
    assert data["estimate"]["params_b"] == pytest.approx(1.418, abs=0.01)


def test_gpu_preset_replaces_the_gpus_but_not_the_cache(genai, genai_home):
    data = genai("hw", "--gpu", "RTX 4090", "--json", env=RTX4070).json()
    assert [g["name"] for g in data["hardware"]["gpus"]] == ["NVIDIA GeForce RTX 4090 24 GB"]
    cache = json.loads((genai_home / "cache" / "hardware.json").read_text())
    assert cache["hardware"]["gpus"][0]["name"] == "NVIDIA GeForce RTX 4070"  # the real machine


def test_list_models(genai):
    data = genai("hw", "--list-models", "--json").json()
    assert len(data["models"]) >= 20
    assert "llama-3.1-8b" in genai("hw", "--list-models").out


# --- the guidance our documents give ---------------------------------------------------------------
def estimate_on(genai, gpu: str, model: str, *args: str) -> dict:
    r = genai("hw", "--gpu", gpu, "--model", model, *args, "--json", env={"GENAI_HW_SOURCES": ""})
    assert r.code == 0, r
    return r.json()["estimate"]["fits"][0]


@pytest.mark.parametrize("model", ["mistral-7b", "llama-2-7b", "qwen2.5-7b", "deepseek-r1-distill-qwen-7b"])
def test_a_12gb_rtx_4070_runs_7b_models_at_4_bit_comfortably(genai, model):
    fit = estimate_on(genai, "rtx-4070", model, "--quant", "q4_k_m")
    assert fit["verdict"] == "comfortable" and fit["max_context"] >= 4096  # Llama 2's own maximum


@pytest.mark.parametrize("model", ["llama-2-13b", "qwen2.5-14b", "gemma-2-27b", "qwen2.5-32b", "codellama-34b"])
def test_a_24gb_rtx_4090_runs_13b_to_34b_models_at_4_bit(genai, model):
    fit = estimate_on(genai, "rtx-4090", model, "--quant", "q4_k_m")
    assert fit["fits"], fit


def test_a_70b_model_does_not_fit_a_4090_even_at_4_bit(genai):
    assert not estimate_on(genai, "rtx-4090", "llama-3.3-70b", "--quant", "q4_k_m")["fits"]


def test_the_free_colab_t4_fine_tunes_a_7b_model_with_qlora(genai):
    assert estimate_on(genai, "t4", "mistral-7b", "--task", "qlora")["fits"]


# --- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("args, option", [
    (["--context", "-5"], "--context"),
    (["--context", "0"], "--context"),
    (["--lora-rank", "0"], "--lora-rank"),
    (["--batch", "0"], "--batch"),
    (["--quant", "q9_k"], "--quant"),
    (["--quant", "q4_k_m", "--task", "qlora"], "--quant"),
    (["--task", "pretrain"], "--task"),
    (["--gpu", "rtx-9090"], "--gpu"),
    (["--lora-targets", "mlp"], "--lora-targets"),
])
def test_impossible_values_exit_2_naming_the_option(genai, args, option):
    r = genai("hw", "--model", "mistral-7b", *args, env=RTX4070)
    assert r.code == 2 and option in r.err and "Traceback" not in r.err, r


def test_an_unknown_model_lists_close_matches(genai):
    r = genai("hw", "--model", "qwen2.5-8b", env=RTX4070)
    assert r.code == 2 and "unknown model 'qwen2.5-8b'" in r.err and "qwen2.5-" in r.err, r


def test_a_malformed_config_json_names_the_file_and_the_field(genai):
    broken = HW / "configs" / "broken-config.json"
    r = genai("hw", "--model", str(broken), env=RTX4070)
    assert r.code == 1 and str(broken) in r.err and "num_hidden_layers" in r.err, r


def test_a_missing_config_json_is_a_usage_error(genai, tmp_path):
    r = genai("hw", "--model", str(tmp_path / "nope" / "config.json"), env=RTX4070)
    assert r.code == 2 and "no such file" in r.err


def test_json_has_no_colour_codes(genai):
    assert "\x1b[" not in genai("hw", "--json", env={**RTX4070, "FORCE_COLOR": "1"}).out


# --- genai next ----------------------------------------------------------------------------------
def test_next_suggests_genai_hw_before_any_detection(genai):
    r = genai("next", "-r", ROADMAP, "-n", "1")
    assert r.code == 0 and "Hardware:" in r.out and "genai hw --task qlora" in r.out
    assert genai("next", "-r", ROADMAP, "-n", "1", "--json").json()["hardware_advice"].endswith("genai hw --task qlora")


def test_next_uses_the_last_detection(genai):
    genai("hw", env=RTX4070)
    r = genai("next", "-r", ROADMAP, "-n", "1")
    assert "On your NVIDIA GeForce RTX 4070" in r.out and "QLoRA fits up to" in r.out
    local = genai("next", "-r", ROADMAP, "--phase", "local", "--json").json()["hardware_advice"]
    assert "runs up to" in local and "q4_k_m" in local


def test_next_on_a_machine_without_a_gpu_points_to_colab(genai):
    genai("hw", env={"GENAI_HW_FILE": str(HW / "cpu-only.json")})
    advice = genai("next", "-r", ROADMAP, "-n", "1", "--json").json()["hardware_advice"]
    assert "No GPU for fine-tuning" in advice and "Colab" in advice


def test_next_says_nothing_for_items_that_do_not_need_hardware(genai):
    genai("hw", env=RTX4070)
    r = genai("next", "-r", ROADMAP, "--phase", "theory")  # "Explorations in attention": not "lora"
    assert r.code == 0 and "Hardware:" not in r.out
    assert genai("next", "-r", ROADMAP, "--phase", "theory", "--json").json()["hardware_advice"] is None


def test_a_damaged_cache_is_treated_as_no_detection(genai, genai_home):
    (genai_home / "cache").mkdir(parents=True)
    (genai_home / "cache" / "hardware.json").write_text("{not json")
    r = genai("next", "-r", ROADMAP, "-n", "1")
    assert r.code == 0 and "genai hw --task qlora" in r.out


@pytest.mark.parametrize("args", [["--help"], ["next", "-r", ROADMAP]])
def test_next_and_help_never_import_the_hardware_modules(args, genai_home):
    # -X importtime lists every module the real console script imports, submodules included
    proc = subprocess.run([sys.executable, "-X", "importtime", GENAI, *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120"}, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "genai_roadmap.cli" in loaded
    # only the standard-library advice line (the last `genai hw` result), never detection or estimates
    hardware = {m for m in loaded if m.startswith("genai_roadmap.hardware") or m in ("psutil", "pynvml")}
    assert hardware <= {"genai_roadmap.hardware", "genai_roadmap.hardware.advice"}, hardware
