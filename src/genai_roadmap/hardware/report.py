"""The one core function behind `genai hw`: hardware (detected, from GENAI_HW_FILE, or a --gpu
preset), then either an estimate for one model and task, or what fits for every task.

Returns plain dataclasses; render/hardware.py turns them into text or JSON.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from genai_roadmap.errors import UsageError
from genai_roadmap.hardware import catalog, detect
from genai_roadmap.hardware import estimate as est
from genai_roadmap.hardware.catalog import ModelSpec

if TYPE_CHECKING:  # plan.py itself is imported only when --plan asks for it
    from genai_roadmap.hardware import plan as plan_mod

COMFORTABLE = 0.8
"""A run "fits comfortably" when it needs at most 80% of the device: room for the desktop, another
process, a longer prompt than planned or a framework that needs more than our estimate."""
RECOMMEND_QUANTS = {"inference": ("bf16", "q8_0", "q4_k_m"), "qlora": ("nf4",), "lora": ("bf16",), "full": ("bf16",)}
PICKS_PER_TASK = 3
APPLE_SYSTEM_RESERVE_GIB = 6
"""Unified memory to leave to macOS and apps when raising Metal's limit (a cautious rule of thumb)."""
CLOUD_GPUS = ("t4", "l4", "a100-40gb", "a100-80gb", "h100-80gb")  # smallest first, as presets.yaml lists them
CACHE_SCHEMA = 1
MAX_GPUS = 64
"""--gpus and the GPUs of a hardware file: at most 64 (eight 8-GPU nodes; beyond that the estimate's
single-node assumptions — NVLink, one CPU RAM for offload — no longer hold)."""
CPU_GFLOPS_PER_CORE = 12.5
"""Sustained training throughput of one CPU core in PyTorch (fp32/bf16 matmuls with AVX2/AVX-512):
an assumption, about a quarter of an AVX2 core's FMA peak (2 FMA units × 8 fp32 lanes × 2 FLOPs ×
~3 GHz ≈ 96 GFLOP/s) after memory stalls and non-matmul work. Real speed varies 2–3× either way."""
TRAIN_FLOPS_PER_PARAM_TOKEN = {"full": 6, "lora": 4, "qlora": 4}
"""FLOPs per parameter per token: 2 forward + 4 backward for full training (Kaplan et al. 2020, "6ND");
LoRA freezes the base weights, so backward computes activation gradients only (2) and skips weight
gradients. Gradient checkpointing adds one more forward (2)."""
EXAMPLES_PER_ESTIMATE = 1000


@dataclass
class Device:
    id: str  # gpu0, gpu1…, apple, cpu
    kind: str  # cuda | rocm | apple | cpu
    name: str
    memory_gib: float  # what a model may use on it
    total_gib: float | None = None  # Apple: all of the unified memory, of which Metal grants memory_gib
    cores: int | None = None  # CPU: physical cores, for the training-time estimate

    @property
    def label(self) -> str:
        return f"{self.name} ({self.memory_gib:g} GiB)"


@dataclass
class DeviceFit:
    device: Device
    total_gib: float
    fits: bool
    verdict: str  # comfortable | tight | no | too-slow (training on a CPU)
    headroom_gib: float
    max_context: int
    note: str | None = None


@dataclass
class DeviceShare:
    device: Device
    needs_gib: float
    limit_gib: float  # what the run may use on it (vLLM: gpu_memory_utilization of it)
    fits: bool


@dataclass
class GroupFit:
    """The run split over several GPUs with one strategy."""

    strategy: str
    shares: list[DeviceShare]
    estimate: est.Estimate  # the busiest device's breakdown
    hypothetical: bool  # copies of a GPU (--gpus beyond what was detected, or a --gpu preset)
    ram_gib: float | None = None  # this machine's RAM, which CPU offload needs
    max_context: int = 0  # the longest context at which every device fits

    @property
    def offload_fits(self) -> bool:
        return self.ram_gib is None or self.estimate.cpu_offload_gib <= self.ram_gib

    @property
    def fits(self) -> bool:
        return all(share.fits for share in self.shares) and self.offload_fits

    @property
    def per_device_gib(self) -> float:
        return max(share.needs_gib for share in self.shares)


@dataclass
class EstimateReport:
    estimate: est.Estimate  # one device
    fits: list[DeviceFit]
    max_context: int
    suggestions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    group: GroupFit | None = None
    cpu_training: str | None = None  # the run fits in RAM but trains on the CPU: how slow


@dataclass
class Pick:
    model: ModelSpec
    quant: str
    total_gib: float
    verdict: str
    max_context: int


@dataclass
class Recommendation:
    task: str
    device: Device | None
    picks: list[Pick]
    advice: list[str]


@dataclass
class HwReport:
    hardware: detect.Hardware
    devices: list[Device]
    estimate: EstimateReport | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    models: list[ModelSpec] = field(default_factory=list)
    cache_file: str | None = None
    plan: "plan_mod.Plan | None" = None
    emitted: str | None = None  # --emit: the config file's text, printed as is


# --- devices -------------------------------------------------------------------------------------
def devices_of(hw: detect.Hardware) -> list[Device]:
    devices = []
    for gpu in hw.gpus:
        if gpu.vendor == "apple":
            share = hw.unified_memory.gpu_share_gib if hw.unified_memory else gpu.vram_total_gib
            total = hw.unified_memory.total_gib if hw.unified_memory else None
            devices.append(Device("apple", "apple", gpu.name, share, total))
        else:
            kind = {"nvidia": "cuda", "amd": "rocm"}.get(gpu.vendor, "gpu")
            devices.append(Device(f"gpu{gpu.index}", kind, gpu.name, gpu.vram_total_gib))
    if hw.unified_memory is None:
        ram = hw.ram_available_gib or hw.ram_total_gib
        if ram:
            devices.append(Device("cpu", "cpu", f"CPU RAM ({hw.cpu.name or 'CPU'})", ram,
                                  cores=hw.cpu.cores or hw.cpu.threads or os.cpu_count()))
    return devices


def apply_preset(hw: detect.Hardware, name: str, count: int = 1) -> detect.Hardware:
    preset = catalog.find_preset(name)
    hw = replace(hw, gpus=[], unified_memory=None, notes=list(hw.notes))
    if preset.vendor == "apple":
        total = preset.unified_memory_gib or 16
        share = detect.metal_gpu_share_gib(total)
        hw.unified_memory = detect.UnifiedMemory(preset.name, total, share)
        hw.gpus = [detect.GPU("apple", f"{preset.name} GPU", share)]
        hw.ram_total_gib = total
    else:
        hw.gpus = [detect.GPU(preset.vendor, preset.name, preset.vram_gib or 0, None, index,
                              compute_capability=preset.compute_capability) for index in range(count)]
    hw.source = f"preset: {preset.id} (--gpu); CPU and RAM {hw.source}"
    return hw


# --- fitting -------------------------------------------------------------------------------------
def device_total(estimate: est.Estimate, device: Device) -> float:
    """The estimate on this device: no CUDA context on a CPU or through Metal."""
    context = estimate.breakdown.overhead_detail["cuda_context_gib"]
    return estimate.total_gib - (context if device.kind in ("cpu", "apple") else 0)


def fit_on(spec: ModelSpec, settings: est.Settings, estimate: est.Estimate, device: Device) -> DeviceFit:
    total = device_total(estimate, device)
    if device.kind == "cpu" and settings.task != "inference":
        fits = total <= device.memory_gib
        ctx = est.max_context(spec, settings, device.memory_gib + est.CUDA_CONTEXT_GIB) if fits else 0
        note = cpu_training_time(spec, settings, device) if fits else "fine-tuning does not fit in RAM either"
        return DeviceFit(device, total, fits, "slow" if fits else "no", device.memory_gib - total, ctx, note)
    limit = device.memory_gib * estimate.usable_fraction  # vLLM: only its gpu_memory_utilization share
    fits = total <= limit
    verdict = "comfortable" if total <= COMFORTABLE * limit else ("tight" if fits else "no")
    offset = est.CUDA_CONTEXT_GIB if device.kind in ("cpu", "apple") else 0
    note = None
    if device.kind == "apple" and settings.quant.family in ("bnb", "gptq"):
        note = "bitsandbytes/GPTQ need CUDA; on a Mac use MLX (mlx-lm) 4-bit models instead"
    elif device.kind == "cpu" and settings.quant.family != "gguf":
        note = "on a CPU use a GGUF file with llama.cpp or Ollama (e.g. --quant q4_k_m)"
    return DeviceFit(device, total, fits, verdict, limit - total, est.max_context(spec, settings, limit + offset), note)


def cpu_training_time(spec: ModelSpec, settings: est.Settings, device: Device) -> str:
    """An honest, rough time for training on this CPU (see CPU_GFLOPS_PER_CORE)."""
    per_token = TRAIN_FLOPS_PER_PARAM_TOKEN[settings.task] + (2 if settings.grad_checkpointing else 0)
    flops = per_token * spec.params * settings.context * EXAMPLES_PER_ESTIMATE
    cores = device.cores or 1
    hours = flops / (cores * CPU_GFLOPS_PER_CORE * 1e9) / 3600
    when = f"{hours:.0f} hours" if hours >= 2 else f"{hours * 60:.0f} minutes"
    return (f"fits in RAM, but training on a CPU is slow: roughly {when} per {EXAMPLES_PER_ESTIMATE:,} examples of "
            f"{settings.context:,} tokens ({per_token} × {spec.params / 1e9:.2f}B params × tokens FLOPs at an "
            "assumed "
            f"{CPU_GFLOPS_PER_CORE:g} GFLOP/s per core × {cores} cores; shorter examples are proportionally faster)")


def _default_framework(task: str, quant: str | None) -> str:
    if task != "inference":
        return "transformers"
    if quant is None:
        return "llama.cpp"
    return "llama.cpp" if est.resolve_quant(quant, task).family == "gguf" else "transformers"


def resolve_framework(framework: str | None, task: str, quant: str | None) -> tuple[str, str | None]:
    """(framework, quant) with the defaults per task and framework; UsageError for a mismatch."""
    if framework is None:
        return _default_framework(task, quant), quant
    name = framework.strip().lower()
    name = est.FRAMEWORK_ALIASES.get(name, name)
    if name not in est.FRAMEWORKS:
        raise UsageError(f"--framework must be one of {', '.join(est.FRAMEWORKS)}, got '{framework}'")
    if task == "inference" and name not in est.INFERENCE_FRAMEWORKS:
        raise UsageError(f"--framework {name} is for fine-tuning; for inference use "
                         f"{', '.join(est.INFERENCE_FRAMEWORKS)}", hint="or pick a training task: --task lora")
    if task != "inference" and name not in est.TRAINING_FRAMEWORKS:
        raise UsageError(f"--framework {name} runs models, it does not fine-tune them; for --task {task} use "
                         f"{', '.join(est.TRAINING_FRAMEWORKS)}")
    if quant is None and task == "inference":
        quant = "q4_k_m" if name in ("llama.cpp", "ollama") else "bf16"
    if quant is not None:
        family = est.resolve_quant(quant, task).family
        if name in ("llama.cpp", "ollama") and family not in ("gguf", "float"):
            raise UsageError(f"--framework {name} runs GGUF files: use --quant q4_k_m, q8_0… (or f16/bf16)")
        if name == "vllm" and family == "gguf":
            raise UsageError("--framework vllm: GGUF support in vLLM is experimental; use --quant bf16, fp8, "
                             "awq-4bit or gptq-4bit", hint="or --framework llama.cpp / ollama for GGUF files")
    return name, quant


def _settings(task: str, quant: str | None, context: int | None, spec: ModelSpec, batch: int, gc: bool,
              rank: int, targets: str, optimizer: str, framework: str = "transformers") -> est.Settings:
    ctx = context if context is not None else min(est.DEFAULT_CONTEXT[task], spec.max_context)
    return est.Settings(task, est.resolve_quant(quant, task), ctx, batch, gc, rank, targets, optimizer, framework)


def _suggestions(spec: ModelSpec, settings: est.Settings, best: Device | None) -> list[str]:
    """What to try when the run does not fit the best device, each with its own estimate."""
    ideas: list[tuple[str, est.Settings]] = []
    task = settings.task
    if task == "inference":
        for quant in ("q8_0", "q4_k_m", "q3_k_s", "q2_k"):
            if est.QUANTS[quant].bits < settings.quant.bits:
                ideas.append((f"--quant {quant}", replace(settings, quant=est.QUANTS[quant])))
    if task == "full":
        ideas.append(("--optimizer adamw-8bit", replace(settings, optimizer="adamw-8bit")))
        ideas.append(("--task lora", replace(settings, task="lora", quant=est.QUANTS["bf16"])))
    if task in ("full", "lora"):
        ideas.append(("--task qlora", replace(settings, task="qlora", quant=est.QUANTS["nf4"])))
    if task != "inference" and not settings.grad_checkpointing:
        ideas.append(("--grad-checkpointing", replace(settings, grad_checkpointing=True)))
    if settings.batch > 1:
        ideas.append(("--batch 1", replace(settings, batch=1)))
    lines = []
    if best is not None:
        for flag, option in ideas:
            total = device_total(est.estimate(spec, option), best)
            if total <= best.memory_gib:
                lines.append(f"{flag}: {total:.1f} GiB, fits {best.name}")
        offset = est.CUDA_CONTEXT_GIB if best.kind in ("cpu", "apple") else 0
        ctx = est.max_context(spec, settings, best.memory_gib + offset)
        if 0 < ctx < settings.context:
            lines.append(f"--context {ctx}: the longest context that fits {best.name}")
        needs = device_total(est.estimate(spec, settings), best)
        if best.kind == "apple" and best.total_gib and needs + APPLE_SYSTEM_RESERVE_GIB <= best.total_gib:
            lines.append(f"let Metal use more of the {best.total_gib:g} GiB (macOS 14+): "
                         f"sudo sysctl iogpu.wired_limit_mb={int((needs + 1) * 1024)}")
        elif task == "inference" and best.kind != "apple":
            lines.append("offload some layers to the CPU: llama.cpp -ngl N, or Ollama (automatic); slower, but it runs")
    else:
        lines.append("no GPU here: the free Colab T4 (15 GiB) runs QLoRA of 7B–8B models (try: --gpu t4)")
    for flag, option in [("", settings)] + ideas:
        cloud = _smallest_cloud_gpu(spec, option)
        if cloud:
            lines.append(f"a cloud GPU: {cloud}" + (f" with {flag}" if flag else ""))
            break
    if _smallest_cloud_gpu(spec, settings) is None:  # as asked, no single cloud GPU holds it
        lines.append(_several_gpus(spec, settings))
    return lines


def _several_gpus(spec: ModelSpec, settings: est.Settings) -> str:
    """The fewest 80 GB GPUs the run fits on, with the framework's default strategy, as a command to try."""
    strategy = _default_strategy(settings)
    for count in (2, 4, 8, 16, 32, 64):
        split = est.estimate(spec, replace(settings, devices=count, strategy=strategy))
        if split.total_gib <= 80 * split.usable_fraction:
            return (f"several GPUs: {count} × 80 GB with {strategy} ({split.total_gib:.1f} GiB each; try "
                    f"--gpus {count} --gpu a100-80gb), or the cheapest configuration: --plan")
    return "more GPUs than one machine holds: a smaller model, --task qlora, or a shorter --context"


def _smallest_cloud_gpu(spec: ModelSpec, settings: est.Settings) -> str | None:
    total = est.estimate(spec, settings).total_gib
    for preset in catalog.presets():
        if preset.id in CLOUD_GPUS and preset.vram_gib and total <= preset.vram_gib:
            return f"{preset.name} ({total:.1f} of {preset.vram_gib:g} GiB)"
    return None


FRAMEWORK_NOTES = {
    "llama.cpp": "estimated for llama.cpp (fp16 KV cache, 512-token micro-batch); Ollama adds its own margins: "
                 "--framework ollama",
    "ollama": "estimated as Ollama does before it loads a model (llm/memory.go): if this does not fit, Ollama "
              "moves layers to the CPU",
    "vllm": "estimated for vLLM: it reserves 90% of each GPU up front (gpu_memory_utilization) and fills the rest "
            "of that share with KV cache",
    "unsloth": "estimated for Unsloth (offloaded gradient checkpointing, fused loss); the checkpoints wait in CPU RAM",
    "torchtune": "estimated for torchtune (chunked cross-entropy, compiled)",
    "axolotl": "estimated for axolotl with transformers' Trainer defaults (its unsloth/liger options use less)",
}


def _shares(spec: ModelSpec, settings: est.Settings, group: list[Device]) -> tuple[est.Estimate, list[DeviceShare]]:
    """Every device's need when the run is split over the group with settings.strategy."""
    estimate = est.estimate(spec, replace(settings, devices=len(group)))
    b = estimate.breakdown
    shares = []
    if estimate.layer_split:
        # llama.cpp / Ollama / device_map="auto" give each device layers in proportion to its memory
        split = (b.weights_gib + b.kv_cache_gib) * len(group)
        fixed = estimate.total_gib - b.weights_gib - b.kv_cache_gib
        memory = sum(d.memory_gib for d in group)
        for device in group:
            need = split * device.memory_gib / memory + fixed
            limit = device.memory_gib * estimate.usable_fraction
            shares.append(DeviceShare(device, need, limit, need <= limit))
    else:
        for device in group:
            limit = device.memory_gib * estimate.usable_fraction
            shares.append(DeviceShare(device, estimate.total_gib, limit, estimate.total_gib <= limit))
    return estimate, shares


def _group_max_context(spec: ModelSpec, settings: est.Settings, group: list[Device]) -> int:
    """The longest context (up to the model's maximum) at which every device of the split fits; 0 if none."""
    def fits(context: int) -> bool:
        return all(share.fits for share in _shares(spec, replace(settings, context=context), group)[1])

    top = spec.max_context
    if not fits(1):
        return 0
    if fits(top):
        return top
    low, high = 1, top
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low


def _group_fit(spec: ModelSpec, settings: est.Settings, group: list[Device], hypothetical: bool,
               ram_gib: float | None = None) -> GroupFit:
    estimate, shares = _shares(spec, settings, group)
    return GroupFit(settings.strategy or "", shares, estimate, hypothetical, ram_gib,
                    _group_max_context(spec, settings, group))


def estimate_report(spec: ModelSpec, settings: est.Settings, devices: list[Device],
                    group: list[Device] | None = None, hypothetical: bool = False,
                    ram_gib: float | None = None) -> EstimateReport:
    single = replace(settings, devices=1, strategy=None)
    estimate = est.estimate(spec, single)
    fits = [fit_on(spec, single, estimate, device) for device in devices]
    usable = [f for f in fits if not (f.device.kind == "cpu" and settings.task != "inference" and not f.fits)]
    best = max(usable, key=lambda f: (f.fits and f.device.kind != "cpu", f.device.kind != "cpu", f.device.memory_gib),
               default=None)
    notes = []
    if settings.context > spec.max_context:
        notes.append(f"--context {settings.context} is longer than {spec.name}'s trained maximum "
                     f"({spec.max_context}); quality drops without RoPE scaling")
    if settings.framework in FRAMEWORK_NOTES and settings.framework != "llama.cpp":
        notes.append(FRAMEWORK_NOTES[settings.framework])
    elif settings.runtime == "llama.cpp":
        notes.append(FRAMEWORK_NOTES["llama.cpp"])
    else:
        stack = " + PEFT" if settings.task in ("lora", "qlora") else ""
        stack += " + bitsandbytes" if settings.quant.family == "bnb" else ""
        notes.append(f"estimated for Hugging Face transformers{stack} with SDPA attention")
    group_fit = _group_fit(spec, settings, group, hypothetical, ram_gib) \
        if group and (len(group) > 1 or settings.strategy) else None
    cpu_training = None
    if best is not None and best.device.kind == "cpu" and settings.task != "inference" and best.fits:
        cpu_training = best.note
    fitting = (best is not None and best.fits) or (group_fit is not None and group_fit.fits)
    suggestions = [] if fitting else _suggestions(spec, single, best.device if best else None)
    if cpu_training:
        suggestions = [s for s in _suggestions(spec, single, None) if "cloud" in s or "Colab" in s]
    # training on a CPU is a last resort: its context counts only when there is no GPU
    gpu_fits = [f for f in usable if f.device.kind != "cpu"] if settings.task != "inference" else usable
    longest = max((f.max_context for f in gpu_fits or usable), default=0)
    return EstimateReport(estimate, fits, longest, suggestions, notes, group_fit, cpu_training)


def _same_architecture(a: ModelSpec, b: ModelSpec) -> bool:
    return (a.layers, a.hidden, a.vocab, a.intermediate, a.experts) == (b.layers, b.hidden, b.vocab, b.intermediate,
                                                                          b.experts)


def recommend(task: str, devices: list[Device]) -> Recommendation:
    candidates = [d for d in devices if d.kind != "cpu" or task == "inference"]
    device = max(candidates, key=lambda d: (d.kind != "cpu", d.memory_gib), default=None)
    picks: list[Pick] = []
    if device is not None:
        for spec in reversed(catalog.catalog()):
            if len(picks) == PICKS_PER_TASK:
                break
            if any(_same_architecture(spec, p.model) for p in picks):
                continue
            for quant in RECOMMEND_QUANTS[task]:
                if device.kind == "cpu" and quant == "bf16":
                    continue
                settings = _settings(task, quant, None, spec, 1, True, 16, "all", "adamw")
                estimate = est.estimate(spec, settings)
                if device_total(estimate, device) > device.memory_gib:
                    continue
                fit = fit_on(spec, settings, estimate, device)
                if fit.fits:
                    picks.append(Pick(spec, quant, fit.total_gib, fit.verdict, fit.max_context))
                    break
    return Recommendation(task, device, picks, _advice(task, device, picks))


def _advice(task: str, device: Device | None, picks: list[Pick]) -> list[str]:
    if picks and picks[0].model.params_b >= 7:
        return []
    colab = "the free Colab T4 (15 GiB): QLoRA of 7B–8B models fits (genai hw --gpu t4)"
    advice = {
        "inference": ["a smaller quant: --quant q4_k_m or q3_k_s (GGUF, llama.cpp / Ollama)",
                      "CPU offload: llama.cpp -ngl N keeps some layers in RAM (Ollama does it for you)",
                      "a small model: Qwen2.5 0.5B–1.5B, Llama 3.2 1B/3B, SmolLM2"],
        "qlora": [colab, "a smaller model: Qwen2.5 1.5B or Llama 3.2 1B", "a cloud GPU: an L4 or A10G (24 GB)"],
        "lora": ["QLoRA instead of LoRA: --task qlora (4-bit base weights)", colab,
                 "a cloud GPU: an A100 40/80 GB"],
        "full": ["LoRA or QLoRA instead of full fine-tuning: --task lora / --task qlora",
                 "an 8-bit optimizer: --optimizer adamw-8bit", "DeepSpeed ZeRO-3 or FSDP with CPU offload",
                 "a cloud GPU: A100/H100 80 GB"],
    }[task]
    if device is None:
        return [a for a in advice if "Colab" in a or "cloud" in a] or advice
    return advice


# --- the cache `genai next` reads ----------------------------------------------------------------
def _summary(recommendations: list[Recommendation]) -> dict:
    tasks = {}
    device = None
    for rec in recommendations:
        device = device or (rec.device.label if rec.device and rec.device.kind != "cpu" else None)
        best = rec.picks[0] if rec.picks else None
        tasks[rec.task] = ({"model": best.model.name, "id": best.model.id, "params_b": round(best.model.params_b, 2),
                            "quant": best.quant} if best else None)
    return {"device": device, "tasks": tasks}


def write_cache(hw: detect.Hardware, recommendations: list[Recommendation]) -> str | None:
    """Best effort: the last detection and what it means, for `genai next` (see hardware/advice.py)."""
    from genai_roadmap import clock, files, paths

    target = paths.hardware_cache_file()
    payload = {"schema_version": CACHE_SCHEMA, "detected_at": clock.now_iso(),
               "hardware": hw.to_dict(), "summary": _summary(recommendations)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(target, json.dumps(payload, indent=2), fsync=False)
    except OSError:
        return None
    return str(target)


# --- the command ---------------------------------------------------------------------------------
def _default_strategy(settings: est.Settings) -> str:
    if settings.task == "inference":
        return "tp" if settings.runtime == "vllm" else "pp"
    return "ddp" if settings.framework == "unsloth" else "fsdp"


def _check_strategy(settings: est.Settings, strategy: str, count: int) -> None:
    kind = est.INFER_STRATEGIES if settings.task == "inference" else est.TRAIN_STRATEGIES
    if strategy not in kind:
        what = "inference" if settings.task == "inference" else "training"
        raise UsageError(f"--strategy {strategy} is not a {what} strategy; for --task {settings.task} use "
                         f"{', '.join(kind)}")
    allowed = est.STRATEGIES_BY_FRAMEWORK.get(settings.framework, ())
    if strategy not in allowed:
        raise UsageError(f"--framework {settings.framework} does not do --strategy {strategy}",
                         hint=f"it does: {', '.join(s for s in allowed if s in kind) or 'one device only'}")
    if count < 2 and strategy != "zero3-offload":
        raise UsageError(f"--strategy {strategy} splits a run over several GPUs: add --gpus 2 or more",
                         hint="on one GPU only --strategy zero3-offload (DeepSpeed ZeRO-Offload) changes anything")


def _gpu_group(hardware: detect.Hardware, devices: list[Device], gpus: int | None,
               preset: bool) -> tuple[list[Device], bool]:
    """The GPUs a split run uses, and whether they are hypothetical copies."""
    real = [d for d in devices if d.kind not in ("cpu", "apple")]
    if gpus is None:
        return (real, preset) if len(real) > 1 else ([], False)
    if not real:
        raise UsageError(f"--gpus {gpus}: no GPU here to count", hint="name one: --gpus 4 --gpu a100-80gb")
    if preset or gpus <= len(real):
        return real[:gpus], preset
    largest = max(real, key=lambda d: d.memory_gib)
    copies = [replace(largest, id=f"gpu{i}") for i in range(gpus)]
    return copies, True


def hw_report(model: str | None = None, task: str | None = None, quant: str | None = None,
              context: int | None = None, batch: int = 1, grad_checkpointing: bool = True, lora_rank: int = 16,
              lora_targets: str = "all", optimizer: str = "adamw", gpu: str | None = None,
              list_models: bool = False, framework: str | None = None, gpus: int | None = None,
              strategy: str | None = None, plan: bool = False, emit: str | None = None) -> HwReport:
    if context is not None and context < 1:
        raise UsageError(f"--context must be at least 1 token, got {context}")
    if context is not None and context > est.MAX_CONTEXT:
        raise UsageError(f"--context {context} is more than {est.MAX_CONTEXT:,} tokens")
    if batch < 1 or batch > 4096:
        raise UsageError(f"--batch must be from 1 to 4096, got {batch}")
    if lora_rank < 1 or lora_rank > 65536:
        raise UsageError(f"--lora-rank must be from 1 to 65536, got {lora_rank}")
    if gpus is not None and not 1 <= gpus <= MAX_GPUS:
        raise UsageError(f"--gpus must be from 1 to {MAX_GPUS}, got {gpus}")
    if task is not None and task not in est.TASKS:
        raise UsageError(f"--task must be one of {', '.join(est.TASKS)}, got '{task}'")
    if lora_targets not in est.LORA_TARGETS:
        raise UsageError(f"--lora-targets must be one of {', '.join(est.LORA_TARGETS)}, got '{lora_targets}'")
    if optimizer not in est.OPTIMIZERS:
        raise UsageError(f"--optimizer must be one of {', '.join(est.OPTIMIZERS)}, got '{optimizer}'")
    if strategy is not None and strategy not in est.TRAIN_STRATEGIES + est.INFER_STRATEGIES:
        raise UsageError(f"--strategy must be one of {', '.join(est.TRAIN_STRATEGIES + est.INFER_STRATEGIES)}, "
                         f"got '{strategy}'")
    if (plan or emit) and model is None:
        raise UsageError(f"--{'plan' if plan else 'emit'} needs a model: add --model ID (and --task)")
    if list_models:
        return HwReport(detect.Hardware(source="not detected (--list-models)"), [], models=catalog.catalog())
    spec = catalog.find_model(model) if model else None
    settings = None
    the_task = task or "inference"
    if spec is not None:
        name, quant = resolve_framework(framework, the_task, quant)
        settings = _settings(the_task, quant, context, spec, batch, grad_checkpointing, lora_rank, lora_targets,
                             optimizer, name)
    else:
        if quant is not None:
            est.resolve_quant(quant, the_task)  # a bad --quant is reported even without --model
        if framework is not None or gpus is not None or strategy is not None:
            raise UsageError("--framework, --gpus and --strategy describe one run: add --model ID")

    hw_file = os.environ.get("GENAI_HW_FILE")
    hardware = detect.load_hardware_file(Path(hw_file).expanduser()) if hw_file else detect.detect()
    real_devices = devices_of(hardware)
    cache_file = None
    cache_recs: list[Recommendation] = []
    if not emit:
        cache_recs = [recommend(t, real_devices) for t in est.TASKS]
        cache_file = write_cache(hardware, cache_recs)
    if gpu:
        hardware = apply_preset(hardware, gpu, gpus or 1)
    devices = devices_of(hardware)

    report = HwReport(hardware, devices, cache_file=cache_file)
    if spec is not None and settings is not None:
        group, hypothetical = _gpu_group(hardware, devices, gpus, bool(gpu))
        count = len(group) if group else 1
        if strategy is None and count > 1:
            strategy = _default_strategy(settings)
        if strategy is not None:
            _check_strategy(settings, strategy, count)
        settings = replace(settings, devices=count, strategy=strategy)
        if strategy and count == 1:  # ZeRO-Offload on one GPU: the best GPU, as a group of one
            gpus_here = [d for d in devices if d.kind not in ("cpu", "apple")]
            group = group or sorted(gpus_here, key=lambda d: -d.memory_gib)[:1]
        if emit:
            from genai_roadmap.hardware import emit as emit_mod

            report.emitted = emit_mod.emit(emit, settings)
            return report
        report.estimate = estimate_report(spec, settings, devices, group if (count > 1 or strategy) else None,
                                          hypothetical, hardware.ram_total_gib)
        if plan:
            from genai_roadmap.hardware import plan as plan_mod

            report.plan = plan_mod.plan(spec, replace(settings, devices=1, strategy=None))
    else:
        tasks = [task] if task else list(est.TASKS)
        report.recommendations = cache_recs if not gpu else [recommend(t, devices) for t in est.TASKS]
        report.recommendations = [r for r in report.recommendations if r.task in tasks]
    return report
