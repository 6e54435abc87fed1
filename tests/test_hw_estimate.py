"""The memory model (hardware/estimate.py) and the catalog, against hand-computed values and
published numbers; and the accuracy target on the measured table (benchmarks/hw_accuracy.py)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace

import pytest

from conftest import DATA
from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.hardware import catalog
from genai_roadmap.hardware import estimate as est
from genai_roadmap.hardware.catalog import ModelSpec

GIB = 1024 ** 3
ROOT = DATA.parents[1]


def settings(task="inference", quant=None, context=1024, **kw) -> est.Settings:
    return est.Settings(task, est.resolve_quant(quant, task), context, **kw)


def model(name: str) -> ModelSpec:
    return catalog.find_model(name)


# --- catalog -------------------------------------------------------------------------------------
def test_catalog_has_twenty_popular_models_with_their_sources():
    specs = catalog.catalog()
    assert len(specs) >= 20
    ids = {s.id for s in specs}
    for wanted in ("llama-3.2-1b", "llama-3.1-8b", "llama-3.3-70b", "mistral-7b", "mixtral-8x7b", "qwen2.5-0.5b",
                   "qwen2.5-72b", "gemma-2-9b", "phi-3-mini", "phi-3.5-mini", "deepseek-r1-distill-qwen-7b",
                   "tinyllama-1.1b", "smollm2-360m"):
        assert wanted in ids
    assert all(s.hf_repo and "/" in s.hf_repo for s in specs)


@pytest.mark.parametrize("spec", catalog.catalog(), ids=lambda s: s.id)
def test_architecture_numbers_add_up_to_the_published_parameter_count(spec):
    # A wrong layer count, width or vocab in models.yaml shows up as a wrong total.
    assert spec.computed_params() == pytest.approx(spec.params, rel=0.015)


def test_a_mistake_in_the_catalog_is_reported_with_file_line_and_field(tmp_path):
    broken = tmp_path / "models.yaml"
    text = catalog.CATALOG_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("    layers: 32\n", "    layers: thirty-two\n", 1), encoding="utf-8")
    with pytest.raises(GenaiError) as info:
        catalog._load_entries(broken, "models", catalog._MODEL_FIELDS)
    line = text.splitlines().index("    layers: 32") + 1
    message = info.value.message
    assert f"{broken}:{line}:13: models[" in message and ".layers: expected a whole number" in message


def test_models_are_found_by_alias_and_hub_repo_id():
    assert model("llama3.1:8b").id == "llama-3.1-8b"
    assert model("Qwen/Qwen2.5-7B-Instruct").id == "qwen2.5-7b"
    assert model("Mistral 7B").id == "mistral-7b"


def test_an_unknown_model_suggests_close_matches():
    with pytest.raises(UsageError) as info:
        model("llama-3.1-9b")
    assert "--model" in info.value.message and "llama-3.1-8b" in info.value.hint


def test_a_config_json_of_another_architecture_is_understood():
    octo = catalog.spec_from_config(DATA / "hw" / "configs" / "octocoder.json")
    assert (octo.kv_heads, octo.mlp, octo.tied_embeddings) == (1, "plain", True)  # multi-query, GELU MLP
    assert octo.params == pytest.approx(15.5e9, rel=0.01)  # "15.5B parameter models" (StarCoder card)
    falcon = catalog.spec_from_config(DATA / "hw" / "configs" / "falcon-40b.json")
    assert (falcon.heads, falcon.kv_heads, falcon.head_dim) == (128, 8, 64)


def test_a_config_json_without_a_needed_field_names_file_and_field():
    broken = DATA / "hw" / "configs" / "broken-config.json"
    with pytest.raises(GenaiError) as info:
        catalog.spec_from_config(broken)
    assert str(broken) in info.value.message and "num_hidden_layers" in info.value.message


# --- weights -------------------------------------------------------------------------------------
@pytest.mark.parametrize("quant, gib", [("q4_k_m", 4.58), ("q8_0", 7.95), ("bf16", 14.96)])
def test_gguf_weights_match_llama_cpp_file_sizes(quant, gib):
    # llama.cpp tools/quantize/README.md: Llama-3.1-8B sizes in GiB per quant type
    weights = est.estimate(model("llama-3.1-8b"), settings(quant=quant)).breakdown.weights_gib
    assert weights == pytest.approx(gib, abs=0.01)


def test_q4_0_weights_match_a_llama_cpp_load_log():
    # ollama/ollama#6279: "model params = 70.55 B; model size = 37.22 GiB (4.53 BPW)" for Llama 3.1 70B Q4_0
    weights = est.estimate(model("llama-3.3-70b"), settings(quant="q4_0")).breakdown.weights_gib
    assert weights == pytest.approx(37.22, rel=0.01)


def test_bitsandbytes_quantizes_the_blocks_and_keeps_embeddings_in_16_bit():
    spec = model("llama-2-7b")
    blocks = 32 * (4 * 4096 * 4096 + 3 * 4096 * 11008)
    assert spec.block_linear_params == blocks
    expected = blocks * 4.5 / 8 + (spec.params - blocks) * 2
    assert est.weight_bytes(spec, est.QUANTS["nf4"]) == pytest.approx(expected)
    assert est.weight_bytes(spec, est.QUANTS["nf4-dq"]) < est.weight_bytes(spec, est.QUANTS["nf4"])


def test_qlora_with_peft_keeps_the_unquantized_parameters_in_fp32():
    spec = model("llama-3.1-8b")
    e = est.estimate(spec, settings("qlora", context=512))
    blocks = spec.block_linear_params
    assert e.breakdown.weights_gib * GIB == pytest.approx(blocks * 4.5 / 8 + (spec.params - blocks) * 4)


# --- KV cache ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, tokens, gib", [
    # Hugging Face "Llama 3.1" blog, KV cache in fp16 for 1k / 16k / 128k tokens
    ("llama-3.1-8b", 1024, 0.125), ("llama-3.1-8b", 16000, 1.95), ("llama-3.1-8b", 128000, 15.62),
    ("llama-3.3-70b", 1024, 0.313), ("llama-3.3-70b", 16000, 4.88), ("llama-3.3-70b", 128000, 39.06),
])
def test_kv_cache_counts_key_value_heads_not_hidden_size(name, tokens, gib):
    kv = est.estimate(model(name), settings(quant="q4_k_m", context=tokens)).breakdown.kv_cache_gib
    assert kv == pytest.approx(gib, abs=0.006)


def test_kv_cache_of_a_multi_head_model_is_four_times_a_gqa_one():
    # Llama 2 7B: 32 kv heads; Mistral 7B: 8 kv heads, same layers and head dim
    mha = est.kv_bytes_per_token(model("llama-2-7b"))
    gqa = est.kv_bytes_per_token(model("mistral-7b"))
    assert (mha, gqa) == (2 * 32 * 32 * 128 * 2, 2 * 32 * 8 * 128 * 2)


# --- LoRA adapters -------------------------------------------------------------------------------
@pytest.mark.parametrize("name, params", [
    # LitGPT resource tables, "Trainable parameters" for rank 8 on query and value
    ("llama-2-7b", 4_194_304), ("llama-2-13b", 6_553_600), ("configs/phi-1_5.json", 1_572_864),
    ("configs/stablelm-base-alpha-3b.json", 2_097_152), ("configs/falcon-40b.json", 12_042_240),
])
def test_lora_adapter_sizes_match_published_trainable_parameters(name, params):
    spec = catalog.spec_from_config(DATA / "hw" / name) if name.endswith(".json") else model(name)
    assert est.adapter_params(spec, 8, "qv") == params


def test_lora_on_all_linear_layers_of_llama_3_1_8b():
    # per layer: q 4096+4096, k 4096+1024, v 4096+1024, o 4096+4096, gate/up 4096+14336, down 14336+4096
    per_layer = 8192 + 5120 + 5120 + 8192 + 3 * 18432
    assert est.adapter_params(model("llama-3.1-8b"), 16, "all") == 16 * per_layer * 32


# --- training ------------------------------------------------------------------------------------
def toy() -> ModelSpec:
    return ModelSpec(id="toy", name="toy", params=1_000_000_000, layers=10, hidden=1000, heads=10, kv_heads=5,
                     head_dim=100, vocab=10_000, intermediate=3000, max_context=8192)


def test_full_fine_tuning_costs_sixteen_bytes_per_parameter_before_activations():
    e = est.estimate(toy(), settings("full", context=1))
    b = e.breakdown
    assert (b.weights_gib + b.gradients_gib + b.optimizer_gib) * GIB == pytest.approx(16e9)
    eight_bit = est.estimate(toy(), settings("full", context=1, optimizer="adamw-8bit")).breakdown
    assert eight_bit.optimizer_gib * GIB == pytest.approx((2 + 4) * 1e9)


def test_activations_without_checkpointing_by_hand():
    spec = toy()
    e = est.estimate(spec, settings("lora", context=100, batch=2, grad_checkpointing=False))
    per_layer = 18 * 1000 + 4 * 1000 + 8 * 3000  # a·hidden + b·(heads × head dim) + c·intermediate
    expected = 200 * (10 * per_layer) + 200 * 10_000 * 18
    assert e.breakdown.activations_gib * GIB == pytest.approx(expected)


def test_gradient_checkpointing_keeps_layer_inputs_and_the_larger_of_logits_and_one_layer():
    spec = toy()
    e = est.estimate(spec, settings("lora", context=100, grad_checkpointing=True))
    expected = 100 * 10 * 2 * 1000 + max(100 * 10_000 * 18, 100 * (18 * 1000 + 4 * 1000 + 8 * 3000))
    assert e.breakdown.activations_gib * GIB == pytest.approx(expected)
    without = est.estimate(spec, settings("lora", context=100, grad_checkpointing=False))
    assert e.breakdown.activations_gib < without.breakdown.activations_gib


def test_qlora_keeps_more_activations_than_lora_but_far_smaller_weights():
    spec = model("llama-2-7b")
    lora = est.estimate(spec, settings("lora", context=1024, grad_checkpointing=False)).breakdown
    qlora = est.estimate(spec, settings("qlora", context=1024, grad_checkpointing=False)).breakdown
    assert qlora.weights_gib < lora.weights_gib / 2
    assert qlora.activations_gib > lora.activations_gib


def test_large_vocabularies_make_big_logits():
    # same-sized layers, 4× the vocabulary: the logits term grows, the rest does not
    small = est.estimate(toy(), settings("lora", context=2048)).breakdown.activations_gib
    big = est.estimate(replace(toy(), vocab=40_000), settings("lora", context=2048)).breakdown.activations_gib
    assert big / small > 3


def test_every_component_is_in_the_breakdown():
    b = est.estimate(model("llama-3.1-8b"), settings("qlora", context=2048)).breakdown
    assert set(b.as_dict()) == {"weights_gib", "kv_cache_gib", "activations_gib", "gradients_gib", "optimizer_gib",
                                "adapter_gib", "overhead_gib", "comm_buffers_gib"}
    assert b.overhead_gib == pytest.approx(sum(b.overhead_detail.values()))
    assert b.total_gib == pytest.approx(sum(b.as_dict().values()), abs=0.01)


# --- max context ---------------------------------------------------------------------------------
@pytest.mark.parametrize("task", ["inference", "qlora"])
def test_max_context_is_the_boundary(task):
    spec, s = model("llama-3.1-8b"), settings(task)
    longest = est.max_context(spec, s, 12.0)
    assert 0 < longest < spec.max_context
    assert est.estimate(spec, replace(s, context=longest)).total_gib <= 12.0
    assert est.estimate(spec, replace(s, context=longest + 1)).total_gib > 12.0


def test_max_context_is_zero_when_even_one_token_does_not_fit():
    assert est.max_context(model("llama-3.3-70b"), settings(quant="bf16"), 24.0) == 0


# --- options -------------------------------------------------------------------------------------
def test_quant_names_are_forgiving_but_checked_against_the_task():
    assert est.resolve_quant("Q4_K_M", "inference").name == "q4_k_m"
    assert est.resolve_quant("bfloat16", "lora").name == "bf16"
    with pytest.raises(UsageError, match="--quant"):
        est.resolve_quant("q5_k_x", "inference")
    with pytest.raises(UsageError, match="--task qlora"):
        est.resolve_quant("q4_k_m", "qlora")


# --- accuracy against published measurements -----------------------------------------------------
def load_benchmark():
    spec = importlib.util.spec_from_file_location("hw_accuracy", ROOT / "benchmarks" / "hw_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hw_accuracy"] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_the_measured_table_keeps_a_source_for_every_row():
    import csv

    with open(DATA / "hw" / "measured.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 40
    assert all(row["source"] and row["url"].startswith("https://") for row in rows)
    assert {row["outcome"] for row in rows} == {"fits", "oom"}


def test_estimates_meet_the_accuracy_target_and_never_fit_what_ran_out_of_memory():
    bench = load_benchmark()
    summary = bench.summary(bench.evaluate())
    assert summary["share_within"] >= 0.8, [(r.id, r.error) for r in summary["worst"]]
    assert summary["false_fits"] == [], [r.id for r in summary["false_fits"]]
    assert summary["held_out_within"] >= 0.8 * summary["held_out"]
