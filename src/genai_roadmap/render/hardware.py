"""`genai hw` in two views: rich tables for people, the `genai.hw/1` JSON envelope for scripts."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from genai_roadmap.hardware.estimate import Breakdown
from genai_roadmap.hardware.report import (
    Device,
    DeviceFit,
    EstimateReport,
    GroupFit,
    HwReport,
    Recommendation,
)
from genai_roadmap.render.core import console, emit_json
from genai_roadmap.render.core import escape as _markup_escape

if TYPE_CHECKING:
    from rich.console import Console

VERDICT = {"comfortable": "[green]fits comfortably[/]", "tight": "[yellow]fits, tight[/]", "no": "[red]does not fit[/]",
           "too-slow": "[dim]too slow for training[/]", "slow": "[yellow]fits in RAM, slow (CPU)[/]"}
COMPONENTS = (("weights_gib", "weights"), ("kv_cache_gib", "KV cache"), ("activations_gib", "activations"),
              ("gradients_gib", "gradients"), ("optimizer_gib", "optimizer states"), ("adapter_gib", "LoRA adapter"),
              ("overhead_gib", "runtime overhead"), ("comm_buffers_gib", "communication buffers"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(text: str) -> str:
    """Markup-escaped, with control characters (escape sequences from a hostile GPU name or config) shown as ?."""
    return _markup_escape(_CONTROL.sub("?", str(text)))
DETAIL_KEYS = {"weights_gib": "weights", "kv_cache_gib": "kv_cache", "activations_gib": "activations",
               "optimizer_gib": "optimizer", "adapter_gib": "adapter"}


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


# --- JSON ----------------------------------------------------------------------------------------
def _device_json(device: Device | None) -> dict[str, Any] | None:
    if device is None:
        return None
    return {"id": device.id, "kind": device.kind, "name": device.name, "memory_gib": _r(device.memory_gib)}


def _fit_json(fit: DeviceFit) -> dict[str, Any]:
    return {"device": fit.device.id, "name": fit.device.name, "memory_gib": _r(fit.device.memory_gib),
            "needs_gib": _r(fit.total_gib), "fits": fit.fits, "verdict": fit.verdict,
            "headroom_gib": _r(fit.headroom_gib), "max_context": fit.max_context, "note": fit.note}


def _breakdown_json(breakdown: Breakdown) -> dict[str, float]:
    return {key: _r(value, 3) for key, value in breakdown.as_dict().items()}


def _estimate_json(report: EstimateReport) -> dict[str, Any]:
    e = report.estimate
    s, spec = e.settings, e.model
    return {
        "model": spec.id, "model_name": spec.name, "hf_repo": spec.hf_repo, "params_b": _r(spec.params_b, 3),
        "task": s.task, "quant": s.quant.name, "bits_per_weight": s.quant.bits, "context": s.context,
        "batch": s.batch, "grad_checkpointing": s.grad_checkpointing if s.task != "inference" else None,
        "lora_rank": s.lora_rank if s.task in ("lora", "qlora") else None,
        "lora_targets": s.lora_targets if s.task in ("lora", "qlora") else None,
        "optimizer": s.optimizer if s.task != "inference" else None, "runtime": s.runtime,
        "total_gib": _r(e.total_gib, 3), "breakdown": _breakdown_json(e.breakdown),
        "overhead_detail": {key: _r(value, 3) for key, value in e.breakdown.overhead_detail.items()},
        "details": e.details, "adapter_params": e.adapter_params,
        "fits": [_fit_json(fit) for fit in report.fits], "max_context": report.max_context,
        "suggestions": report.suggestions, "notes": report.notes,
        "framework": s.framework, **_split_json(report), "cpu_training": report.cpu_training,
    }


def _split_json(report: EstimateReport) -> dict[str, Any]:
    """Per-device figures: the group when the run is split, else the single estimate on one device."""
    group = report.group
    if group is None:
        e = report.estimate
        return {"devices": 1, "strategy": e.settings.strategy, "per_device_gib": _r(e.total_gib, 3),
                "per_device_breakdown": None, "device_split": None, "comm_buffers": [],
                "cpu_offload_gib": _r(e.cpu_offload_gib), "usable_fraction": e.usable_fraction}
    e = group.estimate
    return {"devices": len(group.shares), "strategy": group.strategy, "per_device_gib": _r(group.per_device_gib, 3),
            "per_device_breakdown": _breakdown_json(e.breakdown), "hypothetical_devices": group.hypothetical,
            "device_split": [{"device": sh.device.id, "name": sh.device.name, "memory_gib": _r(sh.device.memory_gib),
                              "limit_gib": _r(sh.limit_gib), "needs_gib": _r(sh.needs_gib), "fits": sh.fits}
                             for sh in group.shares],
            "split_fits": group.fits, "offload_fits_ram": group.offload_fits, "split_max_context": group.max_context,
            "comm_buffers": e.comm_detail, "cpu_offload_gib": _r(e.cpu_offload_gib),
            "usable_fraction": e.usable_fraction}


def _plan_json(report: HwReport) -> dict[str, Any] | None:
    p = report.plan
    if p is None:
        return None
    return {"prices_as_of": p.prices_as_of, "price_file": p.price_file, "overridden_by": p.overridden_by,
            "unpriced": p.unpriced,
            "options": [{"gpu": o.gpu, "gpu_name": o.gpu_name, "memory_gib": _r(o.memory_gib), "count": o.count,
                         "strategy": o.strategy, "per_device_gib": _r(o.per_device_gib),
                         "usd_per_hour": _r(o.usd_per_hour, 3),
                         "free": o.free, "provider": o.provider, "source": o.source, "prices_as_of": o.as_of,
                         "note": o.note, "cpu_offload_gib": _r(o.cpu_offload_gib)} for o in p.options]}


def _recommendation_json(rec: Recommendation) -> dict[str, Any]:
    return {"task": rec.task, "device": _device_json(rec.device), "advice": rec.advice,
            "picks": [{"model": p.model.id, "model_name": p.model.name, "params_b": _r(p.model.params_b, 3),
                       "quant": p.quant, "total_gib": _r(p.total_gib), "verdict": p.verdict,
                       "max_context": p.max_context} for p in rec.picks]}


def hw_json(report: HwReport) -> None:
    payload: dict[str, Any] = {
        "hardware": report.hardware.to_dict(),
        "devices": [_device_json(d) for d in report.devices],
        "estimate": _estimate_json(report.estimate) if report.estimate else None,
        "recommendations": [_recommendation_json(r) for r in report.recommendations],
        "cache_file": report.cache_file,
    }
    plan = _plan_json(report)
    if plan is not None:
        payload["plan"] = plan["options"]
        payload["plan_prices"] = {k: v for k, v in plan.items() if k != "options"}
    if report.models:
        payload["models"] = [{"id": m.id, "name": m.name, "hf_repo": m.hf_repo, "params_b": m.params_b,
                              "layers": m.layers, "hidden": m.hidden, "heads": m.heads, "kv_heads": m.kv_heads,
                              "head_dim": m.head_dim, "vocab": m.vocab, "intermediate": m.intermediate,
                              "experts": m.experts, "active_experts": m.active_experts,
                              "max_context": m.max_context} for m in report.models]
    emit_json("hw", payload)


# --- text ----------------------------------------------------------------------------------------
def _gib(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} GiB"


def _hardware_text(out: Console, report: HwReport) -> None:
    from rich.table import Table

    hw = report.hardware
    out.print(f"[bold]Hardware[/]  [dim]{_escape(hw.source)}[/]")
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Device", "Name", "Memory", "Free", "Details"):
        table.add_column(column)
    for gpu in hw.gpus:
        if gpu.vendor == "apple" and hw.unified_memory:
            um = hw.unified_memory
            table.add_row("apple", _escape(um.chip), f"{um.total_gib:.1f} GiB unified",
                          f"GPU may use {um.gpu_share_gib:.1f}", "Metal")
            continue
        details = [f"driver {gpu.driver_version}" if gpu.driver_version else "",
                   f"CUDA {gpu.cuda_version}" if gpu.cuda_version else "",
                   f"compute {gpu.compute_capability}" if gpu.compute_capability else ""]
        table.add_row(f"gpu{gpu.index}", _escape(gpu.name), _gib(gpu.vram_total_gib), _gib(gpu.vram_free_gib),
                      ", ".join(d for d in details if d))
    cpu = hw.cpu
    features = [f"{cpu.cores} cores" if cpu.cores else "", f"{cpu.threads} threads" if cpu.threads else "",
                "AVX2" if cpu.avx2 else ("no AVX2" if cpu.avx2 is False and cpu.arch != "arm64" else ""),
                "AVX-512" if cpu.avx512 else ""]
    table.add_row("cpu", _escape(cpu.name or "CPU"), f"RAM {_gib(hw.ram_total_gib)}", _gib(hw.ram_available_gib),
                  ", ".join(f for f in features if f))
    if hw.disk_free_gib is not None:
        table.add_row("disk", "free space for model files", _gib(hw.disk_free_gib), "", "")
    out.print(table)
    if not any(g.vendor != "apple" for g in hw.gpus) and not hw.unified_memory:
        out.print("[dim]No GPU found (checked nvidia-ml-py, nvidia-smi, amd-smi, rocm-smi). "
                  "Try another card with: genai hw --gpu rtx-4090[/]")
    for note in hw.notes:
        out.print(f"[dim]{_escape(note)}[/]")


def _recommendations_text(out: Console, report: HwReport) -> None:
    from rich.table import Table

    out.print("\n[bold]What fits[/]  [dim]largest catalog models per task, default context "
              "(4096 for inference, 2048 for training), batch 1[/]")
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Task", "Device", "Model", "Quant", "Needs", "", "Max context"):
        table.add_column(column, justify="right" if column in ("Needs", "Max context") else "left")
    advice_lines = []
    for rec in report.recommendations:
        device = rec.device.id if rec.device else "–"
        if not rec.picks:
            table.add_row(rec.task, device, "[red]nothing in the catalog fits[/]", "", "", "", "")
        for index, pick in enumerate(rec.picks):
            table.add_row(rec.task if index == 0 else "", device if index == 0 else "", _escape(pick.model.name),
                          pick.quant, f"{pick.total_gib:.1f} GiB", VERDICT[pick.verdict], f"{pick.max_context:,}")
        if rec.advice:
            advice_lines.append((rec.task, rec.advice))
    out.print(table)
    for task, advice in advice_lines:
        out.print(f"\n[bold]{task}[/]: bigger models need more than this machine has. Try:")
        for line in advice:
            out.print(f"  • {_escape(line)}")
    if any(r.device and r.device.kind == "cpu" for r in report.recommendations):
        out.print("\n[dim]On a CPU, speed rather than memory is the limit: 1B–8B models at q4_k_m answer at a "
                  "usable pace; bigger ones fit but are slow.[/]")
    out.print("\n[dim]Details for one model: genai hw --model llama-3.1-8b --task qlora   ·   "
              "all models: genai hw --list-models[/]")


def _estimate_text(out: Console, report: EstimateReport) -> None:
    from rich.table import Table

    e = report.estimate
    s, spec = e.settings, e.model
    parts = [s.task, s.framework, s.quant.name, f"context {s.context:,}", f"batch {s.batch}"]
    if s.task != "inference":
        parts.append("gradient checkpointing " + ("on" if s.grad_checkpointing else "off"))
        parts.append(s.optimizer)
    if s.task in ("lora", "qlora"):
        parts.append(f"LoRA rank {s.lora_rank} on {s.lora_targets}")
    out.print(f"\n[bold]{_escape(spec.name)}[/] [dim]({spec.params_b:.2f}B)[/]  " + " · ".join(parts))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Component")
    table.add_column("GiB", justify="right")
    table.add_column("How", style="dim")
    values = e.breakdown.as_dict()
    for key, label in COMPONENTS:
        if values[key] == 0 and key not in ("weights_gib", "overhead_gib"):
            continue
        how = e.details.get(DETAIL_KEYS.get(key, ""), "")
        if key == "overhead_gib":
            detail = e.breakdown.overhead_detail
            how = ", ".join(f"{name.removesuffix('_gib').replace('_', ' ')} {value:.2f}"
                            for name, value in detail.items() if value)
        table.add_row(label, f"{values[key]:.2f}", _escape(how))
    table.add_row("[bold]total[/]", f"[bold]{e.total_gib:.2f}[/]", "")
    out.print(table)
    out.print()
    fits = Table(show_edge=False, pad_edge=False)
    for column in ("Device", "Memory", "Needs", "Verdict", "Longest context that fits"):
        fits.add_column(column, justify="right" if column in ("Memory", "Needs") else "left")
    for fit in report.fits:
        headroom = f" [dim]({fit.headroom_gib:+.1f} GiB)[/]" if fit.verdict != "too-slow" else ""
        verdict = VERDICT[fit.verdict] + headroom
        fits.add_row(_escape(f"{fit.device.id} {fit.device.name}"), _gib(fit.device.memory_gib), _gib(fit.total_gib),
                     verdict, f"{fit.max_context:,}" if fit.max_context else "–")
    out.print(fits)
    for fit in report.fits:
        if fit.note:
            out.print(f"[dim]{_escape(fit.device.id)}: {_escape(fit.note)}[/]")
    if report.group:
        _group_text(out, report.group)
    if report.cpu_training:
        out.print(f"\n[bold]Training on this CPU:[/] {_escape(report.cpu_training)}.")
        if report.suggestions:
            out.print("[bold]Faster:[/]")
    elif report.suggestions:
        out.print("\n[bold]It does not fit. Try:[/]")
    for line in report.suggestions:
        out.print(f"  • {_escape(line)}")
    for note in report.notes:
        out.print(f"[dim]{_escape(note)}.[/]")


def _group_text(out: Console, group: GroupFit) -> None:
    from rich.table import Table

    e = group.estimate
    s = e.settings
    names = {sh.device.name for sh in group.shares}
    what = f"{len(group.shares)} × {next(iter(names))}" if len(names) == 1 else f"{len(group.shares)} GPUs"
    out.print(f"\n[bold]Split over {_escape(what)}[/] with [bold]{group.strategy}[/] ({s.framework})"
              + ("  [dim](hypothetical: copies of one GPU)[/]" if group.hypothetical else ""))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Per device")
    table.add_column("GiB", justify="right")
    values = e.breakdown.as_dict()
    values["comm_buffers_gib"] = round(e.breakdown.comm_buffers_gib, 3)
    for key, label in COMPONENTS:
        if values.get(key, 0) == 0 and key not in ("weights_gib", "overhead_gib"):
            continue
        table.add_row(label, f"{values[key]:.2f}")
    table.add_row("[bold]busiest device[/]", f"[bold]{group.per_device_gib:.2f}[/]")
    out.print(table)
    shares = Table(show_edge=False, pad_edge=False)
    for column in ("Device", "Memory", "May use", "Needs", "Verdict"):
        shares.add_column(column, justify="left" if column in ("Device", "Verdict") else "right")
    for sh in group.shares:
        comfortable = sh.needs_gib <= 0.8 * sh.limit_gib
        verdict = VERDICT["comfortable" if comfortable else "tight"] if sh.fits else VERDICT["no"]
        shares.add_row(_escape(f"{sh.device.id} {sh.device.name}"), _gib(sh.device.memory_gib), _gib(sh.limit_gib),
                       _gib(sh.needs_gib), verdict)
    out.print(shares)
    if e.comm_detail:
        out.print("[dim]Communication buffers assumed:[/]")
        for line in e.comm_detail:
            out.print(f"[dim]  • {_escape(line)}[/]")
    if group.max_context:
        out.print(f"[dim]Longest context at which every device fits: {group.max_context:,} tokens.[/]")
    if e.cpu_offload_gib and not group.offload_fits:
        out.print(f"[red]The offloaded states need {e.cpu_offload_gib:.0f} GiB of CPU RAM; this machine has "
                  f"{group.ram_gib:.0f} GiB.[/]")
    if e.single_device_gib:
        out.print(f"[dim]On one device the same run needs {e.single_device_gib:.1f} GiB.[/]")


def _plan_text(out: Console, report: HwReport) -> None:
    from rich.table import Table

    p = report.plan
    if p is None:
        return
    out.print(f"\n[bold]Cheapest GPUs that fit[/]  [dim]prices as of {_escape(p.prices_as_of)}"
              + (f", yours from {_escape(p.overridden_by)}" if p.overridden_by else "") + "[/]")
    if not p.options:
        out.print("[red]No configuration in the price table fits[/] (up to 8 GPUs of each card); "
                  "try --task qlora, a shorter --context, or a smaller model.")
    else:
        table = Table(show_edge=False, pad_edge=False)
        for column in ("GPU", "Count", "Strategy", "Per GPU", "$/hour", "Where"):
            table.add_column(column, justify="right" if column in ("Count", "Per GPU", "$/hour") else "left")
        for o in p.options:
            price = "free" if o.free else f"${o.usd_per_hour:.2f}"
            strategy = (o.strategy or "–") + (f" ({o.cpu_offload_gib:.0f} GiB RAM)" if o.cpu_offload_gib else "")
            table.add_row(_escape(o.gpu_name), str(o.count), strategy, f"{o.per_device_gib:.1f} GiB", price,
                          _escape(o.provider))
        out.print(table)
    if p.unpriced:
        out.print(f"[dim]No price for: {_escape(', '.join(p.unpriced))} (add one with GENAI_PRICES_FILE).[/]")
    out.print("[dim]Prices change: check the provider before you rent. Sources per row: --json; "
              "your own prices: GENAI_PRICES_FILE (docs/hardware.md).[/]")


def _models_text(out: Console, report: HwReport) -> None:
    from rich.table import Table

    # The id is what users type: it is never cut or wrapped. On a narrow terminal the wide numeric
    # columns go first, then the display name wraps.
    id_width = max((len(m.id) for m in report.models), default=2)
    columns = ["Id", "Model", "Params", "Layers", "Hidden", "Heads/KV", "Vocab", "Context"]
    if out.width < 100:
        columns = ["Id", "Model", "Params", "Context"] if out.width >= id_width + 40 else ["Id", "Params"]
    table = Table(show_edge=False, pad_edge=False, title="Model catalog", title_justify="left")
    for column in columns:
        if column == "Id":
            table.add_column(column, no_wrap=True, min_width=id_width)
        else:
            table.add_column(column, justify="left" if column == "Model" else "right",
                             overflow="fold", no_wrap=column != "Model")
    for m in report.models:
        params = f"{m.params_b:.2f}B" + (f" ({m.experts}×{m.active_experts})" if m.experts > 1 else "")
        cells = {"Id": _escape(m.id), "Model": _escape(m.name), "Params": params, "Layers": str(m.layers),
                 "Hidden": str(m.hidden), "Heads/KV": f"{m.heads}/{m.kv_heads}", "Vocab": f"{m.vocab:,}",
                 "Context": f"{m.max_context:,}"}
        table.add_row(*(cells[c] for c in columns))
    out.print(table)
    out.print("[dim]--model also takes an alias (e.g. llama3.1:8b), a Hub repo id, or a path to any config.json[/]")


def hw_text(report: HwReport) -> None:
    if report.emitted is not None:
        sys.stdout.write(report.emitted)
        return
    out = console()
    if report.models:
        _models_text(out, report)
        return
    _hardware_text(out, report)
    if report.estimate:
        _estimate_text(out, report.estimate)
        _plan_text(out, report)
    else:
        _recommendations_text(out, report)
