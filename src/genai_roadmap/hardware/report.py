"""The one core function behind `genai hw`: hardware (detected, from GENAI_HW_FILE, or a --gpu
preset), then either an estimate for one model and task, or what fits for every task.

Returns plain dataclasses; hardware/render.py turns them into text or JSON.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from genai_roadmap.errors import UsageError
from genai_roadmap.hardware import catalog, detect
from genai_roadmap.hardware import estimate as est
from genai_roadmap.hardware.catalog import ModelSpec

COMFORTABLE = 0.8
"""A run "fits comfortably" when it needs at most 80% of the device: room for the desktop, another
process, a longer prompt than planned or a framework that needs more than our estimate."""
RECOMMEND_QUANTS = {"inference": ("bf16", "q8_0", "q4_k_m"), "qlora": ("nf4",), "lora": ("bf16",), "full": ("bf16",)}
PICKS_PER_TASK = 3
APPLE_SYSTEM_RESERVE_GIB = 6
"""Unified memory to leave to macOS and apps when raising Metal's limit (a cautious rule of thumb)."""
CLOUD_GPUS = ("t4", "l4", "a100-40gb", "a100-80gb", "h100-80gb")  # smallest first, as presets.yaml lists them
CACHE_SCHEMA = 1


@dataclass
class Device:
    id: str  # gpu0, gpu1…, apple, cpu
    kind: str  # cuda | rocm | apple | cpu
    name: str
    memory_gib: float  # what a model may use on it
    total_gib: float | None = None  # Apple: all of the unified memory, of which Metal grants memory_gib

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
class EstimateReport:
    estimate: est.Estimate
    fits: list[DeviceFit]
    max_context: int
    suggestions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
            devices.append(Device("cpu", "cpu", f"CPU RAM ({hw.cpu.name or 'CPU'})", ram))
    return devices


def apply_preset(hw: detect.Hardware, name: str) -> detect.Hardware:
    preset = catalog.find_preset(name)
    hw = replace(hw, gpus=[], unified_memory=None, notes=list(hw.notes))
    if preset.vendor == "apple":
        total = preset.unified_memory_gib or 16
        share = detect.metal_gpu_share_gib(total)
        hw.unified_memory = detect.UnifiedMemory(preset.name, total, share)
        hw.gpus = [detect.GPU("apple", f"{preset.name} GPU", share)]
        hw.ram_total_gib = total
    else:
        hw.gpus = [detect.GPU(preset.vendor, preset.name, preset.vram_gib or 0, None, 0,
                              compute_capability=preset.compute_capability)]
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
        return DeviceFit(device, total, False, "too-slow", device.memory_gib - total, 0,
                         "fine-tuning on a CPU is impractically slow even when it fits in RAM")
    fits = total <= device.memory_gib
    verdict = "comfortable" if total <= COMFORTABLE * device.memory_gib else ("tight" if fits else "no")
    offset = est.CUDA_CONTEXT_GIB if device.kind in ("cpu", "apple") else 0
    note = None
    if device.kind == "apple" and settings.quant.family in ("bnb", "gptq"):
        note = "bitsandbytes/GPTQ need CUDA; on a Mac use MLX (mlx-lm) 4-bit models instead"
    elif device.kind == "cpu" and settings.quant.family != "gguf":
        note = "on a CPU use a GGUF file with llama.cpp or Ollama (e.g. --quant q4_k_m)"
    return DeviceFit(device, total, fits, verdict, device.memory_gib - total,
                     est.max_context(spec, settings, device.memory_gib + offset), note)


def _settings(task: str, quant: str | None, context: int | None, spec: ModelSpec, batch: int, gc: bool,
              rank: int, targets: str, optimizer: str) -> est.Settings:
    ctx = context if context is not None else min(est.DEFAULT_CONTEXT[task], spec.max_context)
    return est.Settings(task, est.resolve_quant(quant, task), ctx, batch, gc, rank, targets, optimizer)


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
    else:
        total = est.estimate(spec, settings).total_gib
        lines.append(f"several GPUs: {total:.0f} GiB split with FSDP or DeepSpeed ZeRO-3 "
                     f"(at least {int(total // 80) + 1} × 80 GB), or a smaller model")
    return lines


def _smallest_cloud_gpu(spec: ModelSpec, settings: est.Settings) -> str | None:
    total = est.estimate(spec, settings).total_gib
    for preset in catalog.presets():
        if preset.id in CLOUD_GPUS and preset.vram_gib and total <= preset.vram_gib:
            return f"{preset.name} ({total:.1f} of {preset.vram_gib:g} GiB)"
    return None


def estimate_report(spec: ModelSpec, settings: est.Settings, devices: list[Device]) -> EstimateReport:
    estimate = est.estimate(spec, settings)
    fits = [fit_on(spec, settings, estimate, device) for device in devices]
    usable = [f for f in fits if not (f.device.kind == "cpu" and settings.task != "inference")]
    best = max(usable, key=lambda f: (f.device.kind != "cpu", f.device.memory_gib), default=None)
    notes = []
    if settings.context > spec.max_context:
        notes.append(f"--context {settings.context} is longer than {spec.name}'s trained maximum "
                     f"({spec.max_context}); quality drops without RoPE scaling")
    if settings.runtime == "llama.cpp":
        notes.append("inference in GGUF formats is estimated for llama.cpp / Ollama (fp16 KV cache)")
    else:
        stack = " + PEFT" if settings.task in ("lora", "qlora") else ""
        stack += " + bitsandbytes" if settings.quant.family == "bnb" else ""
        notes.append(f"estimated for Hugging Face transformers{stack} with SDPA attention")
    suggestions = [] if best and best.fits else _suggestions(spec, settings, best.device if best else None)
    return EstimateReport(estimate, fits, max((f.max_context for f in usable), default=0), suggestions, notes)


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
def hw_report(model: str | None = None, task: str | None = None, quant: str | None = None,
              context: int | None = None, batch: int = 1, grad_checkpointing: bool = True, lora_rank: int = 16,
              lora_targets: str = "all", optimizer: str = "adamw", gpu: str | None = None,
              list_models: bool = False) -> HwReport:
    if context is not None and context < 1:
        raise UsageError(f"--context must be at least 1 token, got {context}")
    if batch < 1:
        raise UsageError(f"--batch must be at least 1, got {batch}")
    if lora_rank < 1:
        raise UsageError(f"--lora-rank must be at least 1, got {lora_rank}")
    if task is not None and task not in est.TASKS:
        raise UsageError(f"--task must be one of {', '.join(est.TASKS)}, got '{task}'")
    if lora_targets not in est.LORA_TARGETS:
        raise UsageError(f"--lora-targets must be one of {', '.join(est.LORA_TARGETS)}, got '{lora_targets}'")
    if optimizer not in est.OPTIMIZERS:
        raise UsageError(f"--optimizer must be one of {', '.join(est.OPTIMIZERS)}, got '{optimizer}'")
    if list_models:
        return HwReport(detect.Hardware(source="not detected (--list-models)"), [], models=catalog.catalog())
    spec = catalog.find_model(model) if model else None
    settings = None
    if spec is not None:
        settings = _settings(task or "inference", quant, context, spec, batch, grad_checkpointing, lora_rank,
                             lora_targets, optimizer)
    elif quant is not None:
        est.resolve_quant(quant, task or "inference")  # a bad --quant is reported even without --model

    hw_file = os.environ.get("GENAI_HW_FILE")
    hardware = detect.load_hardware_file(Path(hw_file).expanduser()) if hw_file else detect.detect()
    real_devices = devices_of(hardware)
    cache_recs = [recommend(t, real_devices) for t in est.TASKS]
    cache_file = write_cache(hardware, cache_recs)
    if gpu:
        hardware = apply_preset(hardware, gpu)
    devices = devices_of(hardware)

    report = HwReport(hardware, devices, cache_file=cache_file)
    if spec is not None and settings is not None:
        report.estimate = estimate_report(spec, settings, devices)
    else:
        tasks = [task] if task else list(est.TASKS)
        report.recommendations = cache_recs if not gpu else [recommend(t, devices) for t in est.TASKS]
        report.recommendations = [r for r in report.recommendations if r.task in tasks]
    return report
