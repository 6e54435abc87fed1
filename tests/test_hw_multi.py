"""`genai hw` beyond one GPU and one framework: --framework, --gpus/--strategy (mixed sizes too),
--plan with its price file, --emit accelerate|deepspeed, and the accuracy of each framework against
the published rows in tests/data/hw/measured.csv."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import DATA

from genai_roadmap.errors import GenaiError, UsageError
from genai_roadmap.hardware import catalog, emit, plan
from genai_roadmap.hardware import estimate as est

HW = DATA / "hw"
EIGHT_A100 = {"GENAI_HW_FILE": str(HW / "8xa100-80gb.json")}
TWO_GPUS = {"GENAI_HW_FILE": str(HW / "two-gpus.json")}
CPU_ONLY = {"GENAI_HW_FILE": str(HW / "cpu-only.json")}
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import hw_accuracy  # noqa: E402

TORCHTUNE_70B_LORA_8GPU_GIB = 27.6  # torchtune README, "Memory and training speed": Llama 3.1 70B LoRA, 8x A100


def settings(task="lora", quant=None, framework="transformers", **kw) -> est.Settings:
    return est.Settings(task, est.resolve_quant(quant, task), kw.pop("context", 2048), framework=framework, **kw)


# --- accuracy per framework ----------------------------------------------------------------------
ROWS = hw_accuracy.evaluate()
FRAMEWORKS = sorted({r.framework for r in ROWS})


def test_every_user_framework_with_published_rows_is_measured():
    assert {"transformers", "unsloth", "torchtune", "axolotl", "vllm", "ollama"} <= set(FRAMEWORKS)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_each_framework_is_within_15_percent_and_never_says_fits_for_an_oom(framework):
    rows = [r for r in ROWS if r.framework == framework]
    measured = [r for r in rows if r.error is not None]
    within = [r for r in measured if abs(r.error) <= hw_accuracy.TOLERANCE]
    assert len(within) >= 0.8 * len(measured), [(r.id, round(r.error, 3)) for r in measured]
    assert not [r.id for r in rows if r.false_fit]


def test_multi_gpu_rows_are_checked_per_device():
    rows = {r.id: r for r in ROWS}
    fsdp = rows["torchtune-llama31-70b-lora-8gpu"]
    assert abs(fsdp.error) <= 0.05  # per GPU, not the 140 GiB the run needs on one device
    assert rows["vllm-llama31-8b-3090-29k"].false_fit is False  # the KV cache cannot hold 29k tokens in 90%


# --- frameworks ----------------------------------------------------------------------------------
def test_unsloth_fits_a_long_context_where_transformers_does_not():
    spec = catalog.find_model("llama-3.1-8b")
    s = settings("qlora", context=16384, lora_rank=32)
    hf, unsloth = est.estimate(spec, s), est.estimate(spec, settings("qlora", context=16384, lora_rank=32,
                                                                    framework="unsloth"))
    assert unsloth.total_gib < 16 < hf.total_gib


def test_vllm_may_use_only_its_memory_share_and_ollama_counts_parallel_slots():
    spec = catalog.find_model("llama-3.1-8b")
    vllm = est.estimate(spec, settings("inference", "bf16", framework="vllm", context=8192))
    assert vllm.usable_fraction == est.VLLM_GPU_MEMORY_UTILIZATION == 0.9
    one = est.estimate(spec, settings("inference", "q4_k_m", framework="ollama", context=2048))
    four = est.estimate(spec, settings("inference", "q4_k_m", framework="ollama", context=2048, ollama_parallel=4))
    assert four.breakdown.kv_cache_gib == pytest.approx(4 * one.breakdown.kv_cache_gib)
    q8 = est.estimate(spec, settings("inference", "q4_k_m", framework="ollama", context=2048, kv_cache_type="q8_0"))
    assert q8.breakdown.kv_cache_gib == pytest.approx(one.breakdown.kv_cache_gib * 34 / 64)


def test_framework_appears_in_the_json(genai):
    e = genai("hw", "--model", "llama-3.1-8b", "--framework", "vllm", "--json", env=TWO_GPUS).json()["estimate"]
    assert (e["framework"], e["quant"], e["usable_fraction"]) == ("vllm", "bf16", 0.9)
    assert e["strategy"] == "tp" and e["devices"] == 2  # both detected GPUs, vLLM's default split


@pytest.mark.parametrize("args, says", [
    (("--framework", "vllm", "--task", "lora"), "runs models"),
    (("--framework", "unsloth"), "is for fine-tuning"),
    (("--framework", "ollama", "--quant", "nf4"), "GGUF"),
    (("--framework", "vllm", "--quant", "q4_k_m"), "experimental"),
    (("--framework", "deepspeed"), "--framework must be one of"),
    (("--task", "lora", "--strategy", "tp", "--gpus", "2"), "not a training strategy"),
    (("--task", "lora", "--framework", "torchtune", "--strategy", "zero2", "--gpus", "2"), "does not do"),
    (("--task", "lora", "--strategy", "fsdp", "--gpus", "1"), "--gpus 2 or more"),
    (("--task", "lora", "--gpus", "0"), "from 1 to 64"),
    (("--task", "lora", "--gpus", "65"), "from 1 to 64"),
])
def test_impossible_combinations_are_usage_errors(genai, args, says):
    r = genai("hw", "--model", "llama-3.1-8b", *args, env=EIGHT_A100)
    assert r.code == 2 and says in r.err, r


# --- several GPUs --------------------------------------------------------------------------------
def test_done_when_70b_lora_fsdp_on_8_gpus_is_within_15_percent_of_torchtune(genai):
    data = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--gpus", "8", "--strategy", "fsdp", "--json",
                 env=EIGHT_A100).json()
    e = data["estimate"]
    assert (e["devices"], e["strategy"], e["framework"]) == (8, "fsdp", "transformers")
    assert e["per_device_gib"] == pytest.approx(TORCHTUNE_70B_LORA_8GPU_GIB, rel=0.15)
    assert e["per_device_gib"] < e["total_gib"] / 4  # sharded, not replicated
    assert len(e["device_split"]) == 8 and all(d["fits"] for d in e["device_split"])
    assert any("all-gather" in line for line in e["comm_buffers"])


def test_text_shows_the_per_device_breakdown_and_the_buffers(genai):
    r = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--gpus", "8", env=EIGHT_A100)
    assert r.code == 0, r
    assert "Split over 8 × NVIDIA A100-SXM4-80GB with fsdp" in r.out
    assert "communication buffers" in r.out and "Communication buffers assumed" in r.out and "all-gather" in r.out
    assert "On one device the same run needs" in r.out


def test_strategies_shard_what_the_zero_paper_says():
    spec = catalog.find_model("llama-3.1-8b")
    full = settings("full", "bf16")
    one = est.estimate(spec, full).breakdown
    ddp, z2, z3, off = (est.estimate(spec, settings("full", "bf16", devices=4, strategy=s)).breakdown
                        for s in ("ddp", "zero2", "zero3", "zero3-offload"))
    assert ddp.weights_gib == one.weights_gib and ddp.optimizer_gib == one.optimizer_gib
    assert ddp.comm_buffers_gib == pytest.approx(one.gradients_gib)  # DDP buckets copy the gradients
    assert z2.weights_gib == one.weights_gib and z2.optimizer_gib == pytest.approx(one.optimizer_gib / 4)
    assert z2.gradients_gib == pytest.approx(one.gradients_gib / 4)
    assert z3.weights_gib == pytest.approx(one.weights_gib / 4)
    assert off.weights_gib == off.optimizer_gib == off.gradients_gib == 0
    assert est.estimate(spec, settings("full", "bf16", devices=4, strategy="zero3-offload")).cpu_offload_gib \
        == pytest.approx(one.weights_gib + one.gradients_gib + one.optimizer_gib)


def test_mixed_gpu_sizes_layer_split_in_proportion_and_shards_wait_for_the_smallest(genai):
    e = genai("hw", "--model", "qwen2.5-32b", "--quant", "q6_k", "--json", env=TWO_GPUS).json()["estimate"]
    assert e["strategy"] == "pp" and e["devices"] == 2
    small, big = e["device_split"]
    assert small["memory_gib"] == 12 and big["needs_gib"] > small["needs_gib"]  # more layers on the 24 GiB card
    assert e["split_fits"] is True  # 25 GiB of weights: neither card alone, both together
    assert not any(f["fits"] for f in e["fits"] if f["device"].startswith("gpu"))
    e = genai("hw", "--model", "qwen2.5-7b", "--task", "lora", "--json", env=TWO_GPUS).json()["estimate"]
    assert e["strategy"] == "fsdp"
    assert e["device_split"][0]["needs_gib"] == e["device_split"][1]["needs_gib"]
    assert e["split_fits"] is (e["per_device_gib"] <= 12)


# --- --plan --------------------------------------------------------------------------------------
def test_plan_lists_free_options_first_with_dated_prices(genai):
    data = genai("hw", "--model", "llama-3.1-8b", "--task", "qlora", "--plan", "--json", env=CPU_ONLY).json()
    rows = data["plan"]
    assert rows and rows[0]["free"] is True and rows[0]["gpu"] == "t4"
    for row in rows:
        assert {"gpu", "count", "strategy", "per_device_gib", "usd_per_hour", "prices_as_of"} <= set(row)
        assert row["per_device_gib"] <= row["memory_gib"]
    paid = [r["usd_per_hour"] for r in rows if not r["free"]]
    assert paid == sorted(paid)
    assert data["plan_prices"]["prices_as_of"]
    r = genai("hw", "--model", "llama-3.1-8b", "--task", "qlora", "--plan", env=CPU_ONLY)
    assert "prices as of 2026-06" in r.out and "Kaggle" in r.out


def test_plan_for_a_70b_run_needs_several_cards_and_a_strategy(genai):
    rows = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--plan", "--json", env=CPU_ONLY).json()["plan"]
    assert rows and all(r["count"] > 1 and r["strategy"] for r in rows)


def test_a_user_price_file_replaces_the_prices_it_names(genai, tmp_path):
    mine = tmp_path / "prices.yaml"
    mine.write_text("prices_as_of: '2031-01'\noffers:\n  - gpu: a100-40gb\n    usd_per_hour: 0.5\n"
                    "    provider: my lab\n", encoding="utf-8")
    data = genai("hw", "--model", "llama-3.1-8b", "--task", "lora", "--plan", "--json",
                 env={**CPU_ONLY, "GENAI_PRICES_FILE": str(mine)}).json()
    row = next(r for r in data["plan"] if r["gpu"] == "a100-40gb")
    assert (row["usd_per_hour"], row["provider"]) == (0.5, "my lab")
    assert data["plan_prices"]["overridden_by"] == str(mine) and data["plan_prices"]["prices_as_of"] == "2031-01"


@pytest.mark.parametrize("body, where", [
    ("offers:\n  - gpu: t4\n    usd_per_hour: .nan\n", ":3:19: offers[0].usd_per_hour: expected a finite number"),
    ("offers:\n  - gpu: t4\n    usd_per_hour: .inf\n", ":3:19: offers[0].usd_per_hour: expected a finite number"),
    ("offers:\n  - gpu: t4\n    usd_per_hour: -1\n", ":3:19: offers[0].usd_per_hour: expected 0 to 1000"),
    ("offers:\n  - gpu: t4\n    usd_per_hour: 1e400\n", ":3:19: offers[0].usd_per_hour"),
    ("offers:\n  - gpu: rtx-9999\n    usd_per_hour: 1\n", ":2:10: offers[0].gpu: unknown GPU"),
    ("offers:\n  - gpu: t4\n    usd_per_hour: 1\n    counts: [0]\n", ":4:13: offers[0].counts"),
    ("offers:\n  - gpu: t4\n    usd_per_hour: 1\n    provider: \"a\\e[31m\"\n", ":4:15: offers[0].provider: control"),
    ("offers: {}\n", "offers: expected a mapping with a list"),
])
def test_a_hostile_price_file_is_refused_with_file_line_and_field(tmp_path, monkeypatch, body, where):
    file = tmp_path / "p.yaml"
    file.write_text(body, encoding="utf-8")
    monkeypatch.setenv("GENAI_PRICES_FILE", str(file))
    with pytest.raises(GenaiError) as info:
        plan.price_table()
    assert f"{file}{where}" in info.value.message if where.startswith(":") else where in info.value.message


def test_a_huge_price_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    file = tmp_path / "p.yaml"
    file.write_text("offers: []\n" + "#" * (plan.MAX_PRICES_BYTES + 1), encoding="utf-8")
    monkeypatch.setenv("GENAI_PRICES_FILE", str(file))
    with pytest.raises(GenaiError, match="the limit is"):
        plan.price_table()


def test_the_built_in_price_table_names_a_source_and_date_for_every_offer():
    table = plan.price_table()
    assert table.prices_as_of and {"t4", "l4", "a10g", "rtx-4090", "a100-40gb", "a100-80gb", "h100-80gb"} \
        <= {o.gpu for o in table.offers}
    for offer in table.offers:
        assert offer.source and offer.as_of
        assert offer.usd_per_hour is None or offer.source.startswith("https://")


# --- --emit --------------------------------------------------------------------------------------
def test_emit_accelerate_fsdp_has_the_keys_accelerate_reads(genai):
    import yaml

    r = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--gpus", "8", "--strategy", "fsdp",
              "--emit", "accelerate", env=EIGHT_A100)
    assert r.code == 0, r
    config = yaml.safe_load(r.out)
    assert (config["distributed_type"], config["num_processes"], config["mixed_precision"]) == ("FSDP", 8, "bf16")
    assert config["fsdp_config"]["fsdp_sharding_strategy"] == "FULL_SHARD"
    assert {"compute_environment", "machine_rank", "num_machines", "use_cpu"} <= set(config)


def test_emit_deepspeed_zero3_offload_matches_the_estimate(genai):
    r = genai("hw", "--model", "llama-3.1-8b", "--task", "full", "--gpus", "4", "--strategy", "zero3-offload",
              "--emit", "deepspeed", env=EIGHT_A100)
    assert r.code == 0, r
    config = json.loads(r.out)
    zero = config["zero_optimization"]
    assert zero["stage"] == 3 and zero["offload_param"]["device"] == zero["offload_optimizer"]["device"] == "cpu"
    assert zero["reduce_bucket_size"] == int(est.ZERO_BUCKET_ELEMENTS) and config["bf16"]["enabled"] is True
    assert {"train_micro_batch_size_per_gpu", "gradient_accumulation_steps"} <= set(config)


@pytest.mark.parametrize("strategy, kind, expect", [
    ("ddp", "accelerate", "MULTI_GPU"), ("zero2", "accelerate", "DEEPSPEED"), ("zero2", "deepspeed", 2),
])
def test_emit_each_strategy(strategy, kind, expect):
    s = settings("lora", devices=2, strategy=strategy)
    text = emit.emit(kind, s)
    if kind == "accelerate":
        import yaml

        config = yaml.safe_load(text)
        assert config["distributed_type"] == expect
        if expect == "DEEPSPEED":
            assert config["deepspeed_config"]["zero_stage"] == 2
    else:
        assert json.loads(text)["zero_optimization"]["stage"] == expect


def test_emit_refuses_what_it_cannot_configure(genai):
    with pytest.raises(UsageError, match="needs a ZeRO strategy"):
        emit.emit("deepspeed", settings("lora", devices=2, strategy="fsdp"))
    with pytest.raises(UsageError, match="configures training"):
        emit.emit("accelerate", settings("inference", "q4_k_m", framework="llama.cpp"))
    r = genai("hw", "--model", "llama-3.1-8b", "--task", "lora", "--emit", "accelerate", "--json", env=EIGHT_A100)
    assert r.code == 2 and "leave out --json" in r.err


@pytest.mark.parametrize("strategy", ["ddp", "fsdp", "zero2", "zero3-offload"])
def test_accelerate_itself_loads_the_emitted_config(tmp_path, strategy):
    config_args = pytest.importorskip("accelerate.commands.config.config_args")
    file = tmp_path / "accelerate.yaml"
    file.write_text(emit.emit("accelerate", settings("lora", devices=2, strategy=strategy)), encoding="utf-8")
    config = config_args.load_config_from_file(str(file))
    assert config.num_processes == 2
    assert str(config.distributed_type).split(".")[-1] in ("MULTI_GPU", "FSDP", "DEEPSPEED")


def test_a_run_no_single_gpu_holds_suggests_the_fewest_80gb_gpus(genai):
    r = genai("hw", "--model", "llama-3.1-70b", "--task", "full", env={"GENAI_HW_FILE": str(HW / "rtx4070.json")})
    assert r.code == 0 and "It does not fit" in r.out
    flat = " ".join(r.out.split())
    assert "several GPUs: 16 × 80 GB with fsdp" in flat and "--gpus 16 --gpu a100-80gb" in flat and "--plan" in flat


def test_vllm_fits_only_within_its_share_of_the_card():
    from genai_roadmap.hardware import report

    spec = catalog.find_model("llama-3.1-8b")
    s = settings("inference", "bf16", framework="vllm", context=8192)
    e = est.estimate(spec, s)
    card = report.Device("gpu0", "cuda", "test card", e.total_gib / 0.95)  # fits in 100%, not in 90%
    fit = report.fit_on(spec, s, e, card)
    assert not fit.fits and fit.headroom_gib < 0
    transformers = settings("inference", "bf16", context=8192)
    assert report.fit_on(spec, transformers, est.estimate(spec, transformers), card).fits


def test_zero_offload_on_one_gpu_needs_the_cpu_ram_it_offloads_to(genai):
    env = {"GENAI_HW_FILE": str(HW / "rtx4070.json")}  # 12 GiB GPU, 31 GiB RAM
    e = genai("hw", "--model", "llama-3.1-8b", "--task", "full", "--strategy", "zero3-offload", "--json",
              env=env).json()["estimate"]
    assert (e["devices"], e["strategy"]) == (1, "zero3-offload")
    assert e["device_split"][0]["fits"] is True and e["cpu_offload_gib"] > 100
    assert e["offload_fits_ram"] is False and e["split_fits"] is False
    e = genai("hw", "--model", "qwen2.5-1.5b", "--task", "full", "--strategy", "zero3-offload", "--json",
              env=env).json()["estimate"]
    assert e["split_fits"] is True and e["per_device_gib"] < e["total_gib"]


@pytest.mark.parametrize("strategy", ["zero2", "zero3", "zero3-offload"])
def test_deepspeed_itself_accepts_the_emitted_zero_section(strategy):
    zero_config = pytest.importorskip("deepspeed.runtime.zero.config")
    constants = pytest.importorskip("deepspeed.runtime.constants")
    config = json.loads(emit.emit("deepspeed", settings("full", "bf16", devices=2, strategy=strategy)))
    zero = zero_config.DeepSpeedZeroConfig(**config["zero_optimization"])  # strict: unknown keys raise
    assert zero.stage == emit.ZERO_STAGE[strategy]
    assert (zero.offload_param is not None) is (strategy == "zero3-offload")
    known = {getattr(constants, name) for name in ("TRAIN_BATCH_SIZE", "TRAIN_MICRO_BATCH_SIZE_PER_GPU",
                                                   "GRADIENT_ACCUMULATION_STEPS", "GRADIENT_CLIPPING",
                                                   "STEPS_PER_PRINT", "WALL_CLOCK_BREAKDOWN")}
    assert known | {"bf16", "fp16", "zero_optimization"} >= set(config)


def test_a_split_reports_the_longest_context_every_device_holds(genai):
    e = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--json", env=EIGHT_A100).json()["estimate"]
    longest = e["split_max_context"]
    assert 2048 < longest < 131072
    at = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--context", str(longest), "--json",
               env=EIGHT_A100).json()["estimate"]
    over = genai("hw", "--model", "llama-3.1-70b", "--task", "lora", "--context", str(longest + 1), "--json",
                 env=EIGHT_A100).json()["estimate"]
    assert at["split_fits"] is True and over["split_fits"] is False
