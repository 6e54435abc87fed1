"""`genai hw --emit accelerate|deepspeed`: the launch configuration for the strategy the estimate used.

The keys are those `accelerate config` writes (accelerate.commands.config.config_args.ClusterConfig)
and those of DeepSpeed's JSON config (deepspeed.runtime.config, zero_optimization). Bucket sizes
are the ones estimate.py assumes (ZERO_BUCKET_ELEMENTS), so the memory figure and the config agree.
"""

from __future__ import annotations

from genai_roadmap.errors import UsageError
from genai_roadmap.hardware import estimate as est

EMITS = ("accelerate", "deepspeed")
ZERO_STAGE = {"zero2": 2, "zero3": 3, "zero3-offload": 3}


def _mixed_precision(settings: est.Settings) -> str:
    return {"bf16": "bf16", "fp16": "fp16"}.get(settings.quant.name, "bf16" if settings.quant.family == "bnb" else "no")


def deepspeed_config(settings: est.Settings) -> dict:
    """A DeepSpeed JSON config; "auto" values are filled in by Accelerate/Trainer from the training script."""
    stage = ZERO_STAGE[settings.strategy or ""]
    bucket = int(est.ZERO_BUCKET_ELEMENTS)
    zero: dict = {"stage": stage, "overlap_comm": True, "contiguous_gradients": True, "reduce_bucket_size": bucket}
    if stage == 2:
        zero.update(allgather_partitions=True, allgather_bucket_size=bucket, reduce_scatter=True)
    else:
        zero.update(stage3_prefetch_bucket_size=bucket, stage3_param_persistence_threshold=int(1e5),
                    stage3_max_live_parameters=int(1e9), stage3_max_reuse_distance=int(1e9),
                    stage3_gather_16bit_weights_on_model_save=True)
    if settings.strategy == "zero3-offload":
        zero["offload_optimizer"] = {"device": "cpu", "pin_memory": True}
        zero["offload_param"] = {"device": "cpu", "pin_memory": True}
    precision = _mixed_precision(settings)
    return {
        "bf16": {"enabled": precision == "bf16"},
        "fp16": {"enabled": precision == "fp16"},
        "zero_optimization": zero,
        "gradient_accumulation_steps": "auto",
        "gradient_clipping": "auto",
        "train_batch_size": "auto",
        "train_micro_batch_size_per_gpu": "auto",
        "steps_per_print": 100,
        "wall_clock_breakdown": False,
    }


def accelerate_config(settings: est.Settings) -> dict:
    """An Accelerate config (the YAML `accelerate config` writes) for the strategy."""
    n, strategy = settings.devices, settings.strategy
    config: dict = {"compute_environment": "LOCAL_MACHINE", "debug": False, "downcast_bf16": "no",
                    "machine_rank": 0, "main_training_function": "main",
                    "mixed_precision": _mixed_precision(settings), "num_machines": 1, "num_processes": n,
                    "rdzv_backend": "static", "same_network": True, "tpu_env": [], "tpu_use_cluster": False,
                    "tpu_use_sudo": False, "use_cpu": False}
    if strategy is None or n == 1 and strategy not in ZERO_STAGE:
        config["distributed_type"] = "NO"
    elif strategy == "ddp":
        config.update(distributed_type="MULTI_GPU", gpu_ids="all")
    elif strategy == "fsdp":
        config.update(distributed_type="FSDP", fsdp_config={
            "fsdp_auto_wrap_policy": "TRANSFORMER_BASED_WRAP", "fsdp_backward_prefetch": "BACKWARD_PRE",
            "fsdp_cpu_ram_efficient_loading": True, "fsdp_forward_prefetch": False, "fsdp_offload_params": False,
            "fsdp_sharding_strategy": "FULL_SHARD", "fsdp_state_dict_type": "SHARDED_STATE_DICT",
            "fsdp_sync_module_states": True, "fsdp_use_orig_params": True,
            "fsdp_activation_checkpointing": bool(settings.grad_checkpointing)})
    else:
        stage = ZERO_STAGE[strategy]
        offload = "cpu" if strategy == "zero3-offload" else "none"
        config.update(distributed_type="DEEPSPEED", deepspeed_config={
            "gradient_accumulation_steps": 1, "gradient_clipping": 1.0, "offload_optimizer_device": offload,
            "offload_param_device": offload, "zero3_init_flag": stage == 3, "zero3_save_16bit_model": stage == 3,
            "zero_stage": stage})
    return config


def emit(kind: str, settings: est.Settings) -> str:
    """The file's text; UsageError when the run has nothing for that tool to configure."""
    if kind not in EMITS:
        raise UsageError(f"--emit must be one of {', '.join(EMITS)}, got '{kind}'")
    if settings.task == "inference":
        raise UsageError(f"--emit {kind} configures training; inference runs in llama.cpp, Ollama or vLLM",
                         hint="use --task lora, qlora or full")
    if kind == "deepspeed":
        if settings.strategy not in ZERO_STAGE:
            raise UsageError("--emit deepspeed needs a ZeRO strategy: --strategy zero2, zero3 or zero3-offload",
                             hint="for ddp or fsdp use --emit accelerate")
        import json

        return json.dumps(deepspeed_config(settings), indent=2) + "\n"
    import yaml

    return yaml.safe_dump(accelerate_config(settings), sort_keys=True)
