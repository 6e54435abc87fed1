"""The memory model: how many GiB a model needs for inference, LoRA, QLoRA or full fine-tuning.

Peak memory = weights + KV cache + activations + gradients + optimizer states + LoRA adapter +
runtime overhead, each computed from the architecture (ModelSpec) and the run's settings. Every
constant below says where it comes from; docs/hardware.md has the same table with links, and
benchmarks/hw_accuracy.py compares the result with published measurements
(tests/data/hw/measured.csv).

Frameworks (`--framework`), because learners use more than one:
- llama.cpp for GGUF formats (q4_k_m, q8_0, …): weights, an fp16 KV cache for the whole context,
  and a compute buffer sized by the 512-token micro-batch. Ollama runs llama.cpp but decides
  where layers go from its own estimate (llm/memory.go), which is what `ollama` models.
- vLLM: weights, its profile run's activations, and a KV cache that must hold one max_model_len
  sequence inside the `gpu_memory_utilization` share (90%) it reserves up front.
- Hugging Face transformers (+ PEFT, bitsandbytes) for everything else, including training;
  axolotl trains through transformers' Trainer and uses its constants. torchtune and Unsloth
  differ in how the loss is computed (LOGITS_BYTES) and, for Unsloth, offloaded checkpointing.
Training memory is dominated by activations and by the logits (vocab × tokens), so both are
modelled per token. Several devices (`distribute`) divide the parts a strategy shards and add the
communication buffers it allocates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from genai_roadmap.errors import UsageError
from genai_roadmap.hardware.catalog import ModelSpec

GIB = 1024 ** 3
TASKS = ("inference", "lora", "qlora", "full")
LORA_TARGETS = ("all", "attention", "qv")
OPTIMIZERS = ("adamw", "adamw-8bit", "sgd")
FRAMEWORKS = ("transformers", "unsloth", "torchtune", "axolotl", "llama.cpp", "ollama", "vllm")
TRAINING_FRAMEWORKS = ("transformers", "unsloth", "torchtune", "axolotl")
INFERENCE_FRAMEWORKS = ("llama.cpp", "ollama", "vllm", "transformers")
FRAMEWORK_ALIASES = {"hf": "transformers", "huggingface": "transformers", "llamacpp": "llama.cpp",
                     "llama-cpp": "llama.cpp", "trl": "transformers", "peft": "transformers"}
BENCHMARK_FRAMEWORKS = ("litgpt",)  # only for benchmark rows measured with LitGPT; not offered to users
TRAIN_STRATEGIES = ("ddp", "fsdp", "zero2", "zero3", "zero3-offload")
INFER_STRATEGIES = ("tp", "pp")
STRATEGIES_BY_FRAMEWORK = {
    "transformers": TRAIN_STRATEGIES + ("pp",),  # inference: device_map="auto" splits layers
    "axolotl": TRAIN_STRATEGIES,
    "torchtune": ("fsdp", "zero3-offload"),  # FSDP2 only; fsdp_cpu_offload=True is the offload variant
    "unsloth": ("ddp",),  # data parallel through accelerate/torchrun; no sharding
    "litgpt": ("ddp", "fsdp"),
    "llama.cpp": ("tp", "pp"),  # --split-mode row / layer
    "ollama": ("pp",),  # Ollama splits layers across GPUs
    "vllm": ("tp", "pp"),  # --tensor-parallel-size / --pipeline-parallel-size
}


@dataclass(frozen=True)
class QuantFormat:
    name: str
    bits: float  # bits per weight, scales and block metadata included
    family: str  # float | bnb | gptq | fp8 | gguf
    scope: str  # "all": every tensor (a GGUF file's average); "blocks": the blocks' linear layers only
    source: str


# Bits per weight. "blocks" formats quantize the transformer blocks' linear layers and keep the
# embeddings, LM head and norms in 16-bit (bitsandbytes' and GPTQ's behaviour in transformers);
# GGUF numbers are whole-file averages, so they apply to every parameter.
QUANTS: dict[str, QuantFormat] = {q.name: q for q in (
    QuantFormat("fp32", 32, "float", "all", "IEEE float32: 4 bytes"),
    QuantFormat("fp16", 16, "float", "all", "IEEE float16: 2 bytes"),
    QuantFormat("bf16", 16, "float", "all", "bfloat16: 2 bytes"),
    QuantFormat("fp8", 8.0, "fp8", "blocks", "FP8 E4M3 weights with one scale per tensor (transformers FP8)"),
    QuantFormat("int8", 8.0, "bnb", "blocks",
                "bitsandbytes LLM.int8(): int8 weights + one fp32 scale per row (Dettmers et al. 2022)"),
    QuantFormat("nf4", 4.5, "bnb", "blocks",
                "bitsandbytes NF4: 4 bits + one fp32 absmax per 64 weights = 4 + 32/64 (QLoRA paper, §3)"),
    QuantFormat("fp4", 4.5, "bnb", "blocks", "bitsandbytes FP4: same block layout as NF4"),
    QuantFormat("nf4-dq", 4.127, "bnb", "blocks",
                "NF4 with double quantization: 4 + 8/64 + 32/(64·256) = 4.127 (QLoRA paper, §3)"),
    QuantFormat("gptq-4bit", 4.156, "gptq", "blocks",
                "GPTQ/AWQ 4-bit, group size 128: 4 + (16-bit scale + 4-bit zero)/128"),
    QuantFormat("awq-4bit", 4.156, "gptq", "blocks", "AWQ 4-bit, group size 128 (same layout as GPTQ)"),
    # llama.cpp tools/quantize/README.md, measured on Llama-3.1-8B (bits/weight column).
    QuantFormat("q8_0", 8.5008, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 8.5008 bpw"),
    QuantFormat("q6_k", 6.5633, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 6.5633 bpw"),
    QuantFormat("q5_k_m", 5.7036, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 5.7036 bpw"),
    QuantFormat("q5_k_s", 5.5704, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 5.5704 bpw"),
    QuantFormat("q4_k_m", 4.8944, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 4.8944 bpw"),
    QuantFormat("q4_k_s", 4.6672, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 4.6672 bpw"),
    QuantFormat("q4_0", 4.5, "gguf", "all", "ggml block_q4_0: 16 bytes of nibbles + fp16 scale per 32 weights"),
    QuantFormat("iq4_xs", 4.4597, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 4.4597 bpw"),
    QuantFormat("q3_k_l", 4.2979, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 4.2979 bpw"),
    QuantFormat("q3_k_s", 3.6429, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 3.6429 bpw"),
    QuantFormat("q2_k", 3.1593, "gguf", "all", "llama.cpp quantize README, Llama-3.1-8B: 3.1593 bpw"),
)}
QUANT_ALIASES = {"float16": "fp16", "half": "fp16", "bfloat16": "bf16", "float32": "fp32", "8bit": "int8",
                 "int4": "nf4", "4bit": "nf4", "gptq": "gptq-4bit", "awq": "awq-4bit", "nf4_dq": "nf4-dq"}

DEFAULT_QUANT = {"inference": "q4_k_m", "lora": "bf16", "qlora": "nf4", "full": "bf16"}
TASK_QUANTS = {
    "inference": tuple(QUANTS),
    "lora": ("bf16", "fp16", "fp32", "int8"),
    "qlora": ("nf4", "nf4-dq", "fp4"),
    "full": ("bf16", "fp16", "fp32"),
}
# A context the learner is likely to use, not the model's maximum (a common complaint about other
# calculators); capped at the model's own maximum.
DEFAULT_CONTEXT = {"inference": 4096, "lora": 2048, "qlora": 2048, "full": 2048}
MAX_CONTEXT = 10_000_000  # tokens; beyond any model's context, so a typo cannot make the bisection meaningless

# --- constants (each documented in docs/hardware.md) ---------------------------------------------
KV_BYTES = 2  # fp16 keys and values: llama.cpp's default cache type and transformers' DynamicCache in bf16
CUDA_CONTEXT_GIB = 0.5
"""The CUDA context (kernels, cuBLAS/cuDNN handles) that nvidia-smi shows and
torch.cuda.max_memory_allocated does not: a few hundred MiB to ~1 GiB (PyTorch memory docs; USERS.md)."""
ALLOCATOR_SLACK = 0.05
"""PyTorch's caching allocator reserves more than it hands out (fragmentation); 5% of the memory that
changes during a step (activations, logits, KV cache) is a middle value of reserved/allocated ratios."""
QUANT_LOAD_BUFFERS = 2
"""bitsandbytes quantizes each weight on the GPU while loading and dequantizes it again for every
matmul: a 16-bit copy of the largest quantized matrix and its scratch space live next to the 4-bit
model. LitGPT's A100 inference table shows 4-bit peaks 0.5–0.9 GB above the quantized weights,
about twice the largest quantized matrix in 16-bit."""
KBIT_TRAINING_OTHER_BYTES = 4
"""PEFT's prepare_model_for_kbit_training (called by TRL's SFTTrainer for 4/8-bit models) casts
every parameter that is not quantized (embeddings, LM head, norms) to fp32 for stability."""
LLAMA_CPP_UBATCH = 512
"""llama.cpp's default micro-batch (n_ubatch): the compute buffer holds one micro-batch's intermediates."""
LOGITS_BYTES = {"transformers": 18, "axolotl": 18, "litgpt": 8, "torchtune": 2.5, "unsloth": 2}
"""Bytes per (token × vocab entry) at the loss. transformers: bf16 logits (2) + fp32 upcast (4) +
fp32 log-softmax kept for backward (4) + two fp32 gradients in backward (8) = 18. LitGPT: bf16
logits, bf16 cross-entropy (≈8). torchtune with torch.compile: bf16 logits kept in 8 chunks, each
upcast to fp32 only while its loss is computed (2 + 4/8 ≈ 2.5). Unsloth: bf16 logits, its Triton
cross-entropy neither upcasts nor keeps a log-softmax and writes the gradient in place (2)."""
UNSLOTH_BYTES_PER_HIDDEN = 52
"""Unsloth's offloaded gradient checkpointing moves each layer's input to CPU RAM, so what stays on the
GPU per token is one recomputed layer and the fused loss: ≈ 52 × hidden bytes. **Fitted** on the
two 80 GB rows of Unsloth's README context-length table (QLoRA rank 32, batch 1): the slope alone
gives 53.7 (Llama 3.1 8B) and 54.2 (Llama 3.3 70B) bytes per hidden unit; 52 puts the 8B row at
-1.4% and the 70B row at +5.3% once the fixed parts are counted."""
UNSLOTH_DEQUANT_BUFFERS = 1
"""Unsloth dequantizes 4-bit weights into one reusable 16-bit buffer (WEIGHT_BUFFER in
unsloth/kernels/utils.py) instead of a fresh tensor per matmul."""
UNSLOTH_OTHER_BYTES = 2
"""Unsloth keeps the embeddings and LM head of a 4-bit model in 16-bit (no fp32 upcast)."""
VLLM_GPU_MEMORY_UTILIZATION = 0.9
"""vLLM reserves this share of each GPU up front (engine argument gpu_memory_utilization, default
0.9) and fills what its weights and profile run leave with KV cache; a model fits if that KV cache
holds one max_model_len sequence (vLLM raises "max seq len … is larger than the maximum number of
tokens that can be stored in KV cache" otherwise)."""
VLLM_PROFILE_MIN_TOKENS = 2048
"""vLLM's profile run pushes max_num_batched_tokens through the model: max(max_model_len, 2048)
without chunked prefill (EngineArgs default in V0). V1's chunked prefill uses fewer (8192 or 2048),
so this is conservative for long contexts."""
VLLM_TP_BUFFERS_GIB = 1.8
"""Per-GPU NCCL and custom all-reduce buffers vLLM allocates with tensor parallelism: non_torch_memory
went from 1.79 GiB (TP=1) to 3.58 GiB (TP=2) for Llama 3 8B on H100 (vllm-project/vllm#10511)."""
OLLAMA_MIN_GPU_GIB = 457 / 1024
"""Ollama's MinimumMemory per CUDA/ROCm GPU (457 MiB, discover/gpu.go), added to its estimate."""
OLLAMA_BATCH = 512
"""Ollama's default num_batch; its graph estimate (fs/ggml GraphSize, llama branch) is
max(4·b·(1 + 4h + ctx·(1 + heads)), 4·b·(h + vocab)) bytes with b = min(ctx, num_batch)."""
KV_CACHE_TYPES = {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}
"""Bytes per KV element: llama.cpp/Ollama cache types (OLLAMA_KV_CACHE_TYPE, -ctk/-ctv); q8_0 and
q4_0 use ggml's 32-element blocks with an fp16 scale (34 and 18 bytes per block)."""
ACTIVATION_COEFFS = {"gated": (18.0, 4.0, 8.0), "plain": (9.5, 4.0, 4.0)}
"""Bytes saved for backward per token per layer = a·hidden + b·attn_kv + c·intermediate (16-bit,
flash/SDPA attention so no seq² term). The structure follows Korthikanti et al. 2022 ("Reducing
Activation Recomputation in Large Transformer Models", Table 2: activations ∝ tokens × hidden per
layer); c counts the MLP tensors a gated MLP keeps (gate, up, act, product: 4 × 2 bytes) or a plain
one (fc1 out, GELU out: 2 × 2 bytes); b counts K and V as attention sees them: transformers' SDPA
path and LitGPT repeat grouped K/V heads to every query head (repeat_kv) before attention, so
attn_kv is heads × head_dim even for GQA models. a was fitted to LitGPT's measured LoRA runs
(Llama 2 7B for gated, phi-1.5 and StableLM 3B for plain) and is checked against the other rows."""
QLORA_ACTIVATION_FACTOR = 1.22
"""QLoRA keeps ~22% more activation memory than the same LoRA run: LitGPT's table gives
(QLoRA − 4-bit inference)/(LoRA − bf16 inference) = 1.22–1.30 for four models."""
CHECKPOINT_BYTES_PER_HIDDEN = 2
"""With gradient checkpointing each layer keeps only its bf16 input (2 bytes × hidden per token) and
one layer's activations are recomputed at a time (Chen et al. 2016; transformers' implementation)."""
ADAPTER_BYTES = 4
"""PEFT keeps LoRA weights in fp32 (autocast_adapter_dtype=True), so adapter and gradient are 4 B each."""
OPTIMIZER_BYTES = {"adamw": 8, "adamw-8bit": 2, "sgd": 0}
"""AdamW keeps two fp32 moments (8 B/param); bitsandbytes 8-bit Adam keeps two int8 moments
(Dettmers et al. 2021, 8-bit Optimizers via Block-wise Quantization); plain SGD keeps none."""
MASTER_WEIGHT_BYTES = 4
"""Mixed-precision full fine-tuning keeps an fp32 master copy next to the 16-bit weights: 2 + 2 + 12
bytes per parameter with Adam (Rajbhandari et al. 2020, ZeRO, §3.1)."""


def resolve_quant(name: str | None, task: str) -> QuantFormat:
    if name is None:
        return QUANTS[DEFAULT_QUANT[task]]
    key = name.strip().lower().replace("-", "_") if name.lower().startswith("q") else name.strip().lower()
    key = QUANT_ALIASES.get(key, key)
    if key not in QUANTS:
        import difflib

        close = difflib.get_close_matches(key, list(QUANTS), n=3)
        maybe = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"--quant: unknown format '{name}'{maybe}", hint="formats: " + ", ".join(QUANTS))
    quant = QUANTS[key]
    if quant.name not in TASK_QUANTS[task]:
        advice = {"lora": "for 4-bit base weights use --task qlora", "qlora": "QLoRA trains on bitsandbytes 4-bit "
                  "weights: use --quant nf4 (GGUF files are for inference only)",
                  "full": "full fine-tuning updates 16- or 32-bit weights: use --quant bf16, or try --task qlora"}
        raise UsageError(f"--quant {quant.name} does not work with --task {task}",
                         hint=advice.get(task, "") + f" (formats for {task}: {', '.join(TASK_QUANTS[task])})")
    return quant


@dataclass
class Breakdown:
    """GiB per component; overhead_detail says what the overhead is made of."""

    weights_gib: float
    kv_cache_gib: float
    activations_gib: float
    gradients_gib: float
    optimizer_gib: float
    adapter_gib: float
    overhead_gib: float
    overhead_detail: dict[str, float] = field(default_factory=dict)
    comm_buffers_gib: float = 0.0  # several devices: all-gather/reduce buckets, NCCL buffers

    @property
    def total_gib(self) -> float:
        return (self.weights_gib + self.kv_cache_gib + self.activations_gib + self.gradients_gib
                + self.optimizer_gib + self.adapter_gib + self.overhead_gib + self.comm_buffers_gib)

    def as_dict(self) -> dict[str, float]:
        data = asdict(self)
        data.pop("overhead_detail")
        return {key: round(value, 3) for key, value in data.items()}


@dataclass
class Settings:
    task: str
    quant: QuantFormat
    context: int
    batch: int = 1
    grad_checkpointing: bool = True
    lora_rank: int = 16
    lora_targets: str = "all"
    optimizer: str = "adamw"
    framework: str = "transformers"
    devices: int = 1
    strategy: str | None = None  # None: one device
    ollama_parallel: int = 1
    kv_cache_type: str = "f16"

    @property
    def runtime(self) -> str:
        if self.task != "inference":
            return "transformers" if self.framework in ("transformers", "axolotl", "unsloth") else self.framework
        if self.framework in ("llama.cpp", "ollama", "vllm"):
            return self.framework
        return "llama.cpp" if self.quant.family == "gguf" else "transformers"

    @property
    def gguf_runtime(self) -> bool:
        return self.runtime in ("llama.cpp", "ollama")


@dataclass
class Estimate:
    """Peak memory on one device (the busiest one when the run is split over several)."""

    model: ModelSpec
    settings: Settings
    breakdown: Breakdown
    adapter_params: int
    details: dict[str, str]
    single_device_gib: float | None = None  # the same run on one device, when split over several
    cpu_offload_gib: float = 0.0  # CPU RAM the offloaded states need, all ranks together
    usable_fraction: float = 1.0  # vLLM may use only this share of each GPU
    comm_detail: list[str] = field(default_factory=list)
    layer_split: bool = False  # pp: devices hold layers in proportion to their memory

    @property
    def total_gib(self) -> float:
        return self.breakdown.total_gib


def quantized_params(spec: ModelSpec, quant: QuantFormat, framework: str = "transformers") -> int:
    """Parameters stored in the quantized format. transformers keeps the LM head in 16-bit
    (llm_int8_skip_modules); LitGPT quantizes every nn.Linear, the LM head included."""
    if quant.scope == "all":
        return spec.params
    head = spec.vocab * spec.hidden if framework == "litgpt" and not spec.tied_embeddings else 0
    return spec.block_linear_params + head


def weight_bytes(spec: ModelSpec, quant: QuantFormat, framework: str = "transformers", other_bytes: float = 2) -> float:
    """Quantized parameters at the format's bits per weight, the rest (embeddings, norms…) at other_bytes."""
    quantized = quantized_params(spec, quant, framework)
    return quantized * quant.bits / 8 + max(spec.params - quantized, 0) * other_bytes


def largest_quantized_matrix(spec: ModelSpec, framework: str = "transformers") -> int:
    sizes = [a * b for a, b, _ in spec.linear_shapes().values()]
    if framework == "litgpt" and not spec.tied_embeddings:
        sizes.append(spec.vocab * spec.hidden)
    return max(sizes)


def kv_bytes_per_token(spec: ModelSpec, element_bytes: float = KV_BYTES) -> float:
    """K and V, every layer, every kv head: 2 × layers × kv_heads × head_dim × bytes."""
    return 2 * spec.layers * spec.kv_heads * spec.head_dim * element_bytes


def adapter_params(spec: ModelSpec, rank: int, targets: str) -> int:
    """LoRA adds rank × (in + out) parameters per adapted matrix (Hu et al. 2021)."""
    wanted = {"qv": {"q", "v"}, "attention": {"q", "k", "v", "o"}}.get(targets)
    total = 0
    for name, (fan_in, fan_out, copies) in spec.linear_shapes().items():
        if wanted is None or name in wanted:
            total += rank * (fan_in + fan_out) * copies
    return total * spec.layers


def layer_activation_bytes(spec: ModelSpec) -> float:
    """Bytes one layer keeps for backward per token (see ACTIVATION_COEFFS)."""
    a, b, c = ACTIVATION_COEFFS[spec.mlp]
    return a * spec.hidden + b * spec.q_dim + c * spec.intermediate * spec.active_experts


def _inference(spec: ModelSpec, s: Settings, details: dict[str, str]) -> tuple[float, float]:
    """(KV cache, activations) in bytes for one inference run on one device."""
    tokens = s.context * s.batch
    element = KV_CACHE_TYPES.get(s.kv_cache_type, KV_BYTES) if s.gguf_runtime else KV_BYTES
    per_token = kv_bytes_per_token(spec, element)
    kv_tokens = tokens * (s.ollama_parallel if s.runtime == "ollama" else 1)
    kv = per_token * kv_tokens
    details["kv_cache"] = (f"2 (K,V) × {spec.layers} layers × {spec.kv_heads} kv heads × {spec.head_dim} head dim "
                           f"× {element:g} bytes ({s.kv_cache_type if s.gguf_runtime else 'fp16'}) = "
                           f"{per_token / 1024:.0f} KiB per token × {kv_tokens} tokens")
    if s.runtime == "ollama":
        ctx, b = kv_tokens, min(kv_tokens, OLLAMA_BATCH)
        activations = max(4 * b * (1 + 4 * spec.hidden + ctx * (1 + spec.heads)), 4 * b * (spec.hidden + spec.vocab))
        details["activations"] = f"Ollama's graph estimate for num_ctx {ctx} and num_batch {b} (fs/ggml GraphSize)"
    elif s.runtime == "llama.cpp":
        chunk = min(s.context, LLAMA_CPP_UBATCH) * s.batch
        # fp32 intermediates of one micro-batch, plus one layer's attention scores for it
        activations = chunk * 4 * (4 * spec.hidden + 3 * spec.intermediate * spec.active_experts) \
            + chunk * s.context * spec.heads * 4
        details["activations"] = f"llama.cpp compute buffer for a {chunk}-token micro-batch"
    elif s.runtime == "vllm":
        profile = max(tokens, VLLM_PROFILE_MIN_TOKENS)
        activations = profile * 2 * (2 * spec.hidden + 3 * spec.intermediate * spec.active_experts)
        details["activations"] = f"vLLM's profile run: {profile} tokens through one layer"
    else:
        # prefill pushes the whole prompt through one layer at a time (SDPA attention: no seq² term)
        activations = tokens * 2 * (2 * spec.hidden + 3 * spec.intermediate * spec.active_experts)
        details["activations"] = "prefill working memory of one layer for the whole prompt"
    return kv, activations


def estimate(spec: ModelSpec, settings: Settings) -> Estimate:
    """Peak memory of the run on one device; several devices: see distribute()."""
    s = settings
    tokens = s.context * s.batch
    hf_kbit = s.framework in ("transformers", "axolotl")
    kbit_training = s.task in ("lora", "qlora") and s.quant.family == "bnb" and hf_kbit
    other = KBIT_TRAINING_OTHER_BYTES if kbit_training else (UNSLOTH_OTHER_BYTES if s.framework == "unsloth" else 2)
    weights = weight_bytes(spec, s.quant, s.framework, other)
    if s.runtime == "ollama" and not spec.tied_embeddings:
        # Ollama counts the output matrix and leaves token_embd (a lookup table) out of its estimate
        weights -= spec.vocab * spec.hidden * s.quant.bits / 8
    kv = activations = gradients = optimizer = adapter = 0.0
    n_adapter = 0
    details: dict[str, str] = {}
    dynamic = 0.0  # memory that changes during a step, for the allocator's slack
    buffers = UNSLOTH_DEQUANT_BUFFERS if s.framework == "unsloth" else QUANT_LOAD_BUFFERS
    quant_buffers = buffers * largest_quantized_matrix(spec, s.framework) * 2 if s.quant.family == "bnb" else 0.0

    if s.task == "inference":
        kv, activations = _inference(spec, s, details)
        dynamic = kv + activations
    else:
        per_layer = layer_activation_bytes(spec)
        if s.task == "qlora":
            per_layer *= QLORA_ACTIVATION_FACTOR
        logits = tokens * spec.vocab * LOGITS_BYTES[s.framework]
        if s.grad_checkpointing and s.framework == "unsloth":
            activations = tokens * UNSLOTH_BYTES_PER_HIDDEN * spec.hidden
            details["activations"] = ("Unsloth's offloaded checkpointing: layer inputs wait in CPU RAM; "
                                      f"one recomputed layer and the fused loss stay ({UNSLOTH_BYTES_PER_HIDDEN} × "
                                      f"hidden bytes per token × {tokens} tokens)")
        elif s.grad_checkpointing:
            checkpoints = tokens * spec.layers * CHECKPOINT_BYTES_PER_HIDDEN * spec.hidden
            # the loss's buffers are gone before the first layer is recomputed
            activations = checkpoints + max(logits, tokens * per_layer)
            details["activations"] = (f"gradient checkpointing: {spec.layers} layer inputs + the larger of logits "
                                      f"({spec.vocab} vocab × {tokens} tokens) and one recomputed layer")
        else:
            activations = tokens * spec.layers * per_layer + logits
            details["activations"] = (f"{spec.layers} layers × {per_layer / 1024:.0f} KiB per token × {tokens} "
                                      "tokens "
                                      f"+ logits ({spec.vocab} vocab)")
        opt_bytes = OPTIMIZER_BYTES[s.optimizer]
        if s.task == "full":
            grad_bytes = 4 if s.quant.name == "fp32" else 2
            gradients = spec.params * grad_bytes
            master = MASTER_WEIGHT_BYTES if s.quant.name != "fp32" else 0
            optimizer = spec.params * (opt_bytes + master)
            details["optimizer"] = f"{s.optimizer}: {opt_bytes} B/param" + (f" + fp32 master copy {master} B/param"
                                                                            if master else "")
        else:
            n_adapter = adapter_params(spec, s.lora_rank, s.lora_targets)
            adapter = n_adapter * ADAPTER_BYTES
            gradients = n_adapter * ADAPTER_BYTES
            optimizer = n_adapter * opt_bytes
            details["adapter"] = f"rank {s.lora_rank} on {s.lora_targets} linear layers: {n_adapter / 1e6:.1f}M params"
        dynamic = activations

    allocator = ALLOCATOR_SLACK * dynamic if s.runtime in ("transformers", "torchtune", "vllm", "litgpt") else 0.0
    context = OLLAMA_MIN_GPU_GIB if s.runtime == "ollama" else CUDA_CONTEXT_GIB
    overhead = {"cuda_context_gib": context, "allocator_gib": allocator / GIB, "quant_buffers_gib": quant_buffers / GIB}
    if s.runtime == "ollama":
        # Ollama reserves one more layer (with its share of the KV cache) as a buffer
        layer = spec.block_linear_params / spec.layers * s.quant.bits / 8 + kv / spec.layers
        overhead["layer_buffer_gib"] = layer / GIB
    breakdown = Breakdown(
        weights_gib=weights / GIB, kv_cache_gib=kv / GIB, activations_gib=activations / GIB,
        gradients_gib=gradients / GIB, optimizer_gib=optimizer / GIB, adapter_gib=adapter / GIB,
        overhead_gib=sum(overhead.values()), overhead_detail=overhead,
    )
    details["weights"] = f"{spec.params / 1e9:.2f}B params at {s.quant.name} ({s.quant.bits:g} bits/weight" + (
        f", embeddings and LM head in {'fp32' if kbit_training else '16-bit'})" if s.quant.scope == "blocks" else ")")
    if s.runtime == "ollama" and not spec.tied_embeddings:
        details["weights"] += "; token_embd stays on the CPU, as Ollama counts it"
    result = Estimate(spec, s, breakdown, n_adapter, details)
    if s.runtime == "vllm":
        result.usable_fraction = VLLM_GPU_MEMORY_UTILIZATION
    if s.strategy and (s.devices > 1 or s.strategy == "zero3-offload"):  # ZeRO-Offload helps on one GPU too
        return distribute(result)
    return result


# --- several devices -----------------------------------------------------------------------------
DDP_BUCKET_VIEW = False
"""PyTorch DDP copies gradients into its all-reduce buckets unless gradient_as_bucket_view=True (off by
default in torch.nn.parallel.DistributedDataParallel and in Accelerate), so the trained parameters'
gradients exist twice (PyTorch DDP docs)."""
ZERO_BUCKET_ELEMENTS = 2e8
"""DeepSpeed ZeRO-1/2 reduce_bucket_size and allgather_bucket_size: the value `genai hw --emit
deepspeed` writes (DeepSpeed's default is 5e8; 2e8 is the value in Hugging Face's ZeRO-2 example)."""
FSDP_GATHERED_UNITS = 2
"""FSDP (and ZeRO-3) all-gather one wrapped unit (a transformer layer, or the embedding/LM head) to run
it and prefetch the next (forward_prefetch / backward_prefetch=BACKWARD_PRE; DeepSpeed's
stage3_prefetch_bucket_size), so two unsharded units live at once (PyTorch FSDP docs; ZeRO paper §5)."""


def _unit_params(spec: ModelSpec) -> int:
    """Parameters of the largest unit FSDP/ZeRO-3 gathers at once: one layer, or the embedding/LM head."""
    return max(spec.block_linear_params // spec.layers, spec.vocab * spec.hidden)


def distribute(single: Estimate) -> Estimate:
    """The busiest device's share when the run is split over settings.devices devices.

    ZeRO (Rajbhandari et al. 2020, §5): stage 1 shards optimizer states, stage 2 also gradients, stage 3
    also parameters; FSDP FULL_SHARD is stage 3. Data parallelism (DDP) replicates everything. Tensor
    parallelism splits every matrix (and the KV cache by kv head); a layer split gives each device its
    own layers and KV cache. Activations are per device in every case (each device runs its own
    micro-batch, or its own layers for the same tokens)."""
    from dataclasses import replace

    s, spec, b = single.settings, single.model, single.breakdown
    n, strategy = s.devices, s.strategy
    weights, kv, act, grads, opt, adapter = (b.weights_gib, b.kv_cache_gib, b.activations_gib, b.gradients_gib,
                                             b.optimizer_gib, b.adapter_gib)
    detail = dict(b.overhead_detail)
    comm = 0.0
    notes: list[str] = []
    offload = 0.0
    trained_grad_bytes = 4 if (s.task != "full" or s.quant.name == "fp32") else 2
    unit = _unit_params(spec)
    if strategy == "ddp":
        if not DDP_BUCKET_VIEW:
            comm = grads
            notes.append(f"DDP all-reduce buckets: a copy of the trained gradients ({grads:.2f} GiB)")
    elif strategy == "zero2":
        opt, grads = opt / n, grads / n
        comm = 2 * ZERO_BUCKET_ELEMENTS * 2 / GIB
        notes.append(f"ZeRO-2 reduce + all-gather buckets: 2 × {ZERO_BUCKET_ELEMENTS:.0e} elements × 2 bytes")
    elif strategy in ("fsdp", "zero3", "zero3-offload"):
        weights, grads, opt, adapter = weights / n, grads / n, opt / n, adapter / n
        gathered = FSDP_GATHERED_UNITS * unit * 2 / GIB
        comm = gathered
        notes.append(f"all-gather: {FSDP_GATHERED_UNITS} unsharded units (largest: {unit / 1e6:.0f}M params) "
                     f"× 2 bytes = {gathered:.2f} GiB")
        if s.task == "full":
            reduce = unit * trained_grad_bytes / GIB
            comm += reduce
            notes.append(f"reduce-scatter: one unit's full gradients = {reduce:.2f} GiB")
        if strategy == "zero3-offload":
            offload = (weights + grads + opt + adapter) * n
            weights = grads = opt = adapter = 0.0
            notes.append(f"parameters, gradients and optimizer states offloaded to CPU RAM: {offload:.1f} GiB "
                         "in all (pinned memory)")
    elif strategy == "tp":
        shards = min(n, spec.kv_heads)  # kv heads cannot be split further: replicated beyond that
        weights, kv = weights / n, kv / shards
        if s.runtime == "vllm":
            comm = VLLM_TP_BUFFERS_GIB
            notes.append(f"NCCL + custom all-reduce buffers: {VLLM_TP_BUFFERS_GIB} GiB per GPU (vLLM, measured)")
        else:
            comm = 2 * s.context * s.batch * spec.hidden * 4 / GIB
            notes.append("all-reduce of one layer's output per step (fp32)")
    elif strategy == "pp":
        weights, kv = weights / n, kv / n
        comm = s.context * s.batch * spec.hidden * 2 / GIB
        notes.append("one activation tensor handed to the next device (16-bit)")
    total_before = single.total_gib
    breakdown = replace(b, weights_gib=weights, kv_cache_gib=kv, activations_gib=act, gradients_gib=grads,
                        optimizer_gib=opt, adapter_gib=adapter, overhead_detail=detail, comm_buffers_gib=comm)
    return replace(single, breakdown=breakdown, single_device_gib=total_before, cpu_offload_gib=offload,
                   comm_detail=notes, layer_split=strategy == "pp")


def comparable_gib(est: Estimate, measure: str) -> float:
    """The part of the estimate a published number measures.

    allocated: torch.cuda.max_memory_allocated (no CUDA context, no allocator slack);
    reserved: torch.cuda.max_memory_reserved (no CUDA context); device: what the card must hold;
    no-kv: vLLM's profile (model weights + non-torch memory + activation peak), i.e. all but the KV cache.
    """
    detail = est.breakdown.overhead_detail
    if measure == "no-kv":
        return est.total_gib - est.breakdown.kv_cache_gib - detail["allocator_gib"]
    if measure == "allocated":
        return est.total_gib - detail["cuda_context_gib"] - detail["allocator_gib"]
    if measure == "reserved":
        return est.total_gib - detail["cuda_context_gib"]
    if measure == "device":
        return est.total_gib
    raise ValueError(f"unknown measure {measure!r}")


def max_context(spec: ModelSpec, settings: Settings, memory_gib: float, limit: int | None = None) -> int:
    """The longest context (up to the model's maximum) whose estimate fits in memory_gib; 0 if none."""
    from dataclasses import replace

    top = limit or spec.max_context

    def fits(context: int) -> bool:
        return estimate(spec, replace(settings, context=context)).total_gib <= memory_gib

    if not fits(1):
        return 0
    if fits(top):
        return top
    low, high = 1, top  # fits(low), not fits(high)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low
