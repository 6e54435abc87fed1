"""The memory model: how many GiB a model needs for inference, LoRA, QLoRA or full fine-tuning.

Peak memory = weights + KV cache + activations + gradients + optimizer states + LoRA adapter +
runtime overhead, each computed from the architecture (ModelSpec) and the run's settings. Every
constant below says where it comes from; docs/hardware.md has the same table with links, and
benchmarks/hw_accuracy.py compares the result with published measurements
(tests/data/hw/measured.csv).

Two runtimes are modelled, because they are what learners use:
- llama.cpp (and Ollama, LM Studio on top of it) for GGUF formats (q4_k_m, q8_0, …): weights,
  an fp16 KV cache for the whole context, and a compute buffer sized by the 512-token micro-batch.
- Hugging Face transformers (+ PEFT, bitsandbytes) for everything else, including all training.
  Training memory is dominated by activations and by the logits (vocab × tokens), so both are
  modelled per token; `framework` changes only how the loss is computed (see LOGITS_BYTES).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from genai_roadmap.errors import UsageError
from genai_roadmap.hardware.catalog import ModelSpec

GIB = 1024 ** 3
TASKS = ("inference", "lora", "qlora", "full")
LORA_TARGETS = ("all", "attention", "qv")
OPTIMIZERS = ("adamw", "adamw-8bit", "sgd")
FRAMEWORKS = ("hf", "litgpt", "torchtune")


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
LOGITS_BYTES = {"hf": 18, "litgpt": 8, "torchtune": 2.5}
"""Bytes per (token × vocab entry) at the loss. transformers: bf16 logits (2) + fp32 upcast (4) +
fp32 log-softmax kept for backward (4) + two fp32 gradients in backward (8) = 18. LitGPT: bf16
logits, bf16 cross-entropy (≈8). torchtune with torch.compile: bf16 logits kept in 8 chunks, each
upcast to fp32 only while its loss is computed (2 + 4/8 ≈ 2.5)."""
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

    @property
    def total_gib(self) -> float:
        return (self.weights_gib + self.kv_cache_gib + self.activations_gib + self.gradients_gib
                + self.optimizer_gib + self.adapter_gib + self.overhead_gib)

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
    framework: str = "hf"

    @property
    def runtime(self) -> str:
        return "llama.cpp" if self.task == "inference" and self.quant.family == "gguf" else "transformers"


@dataclass
class Estimate:
    model: ModelSpec
    settings: Settings
    breakdown: Breakdown
    adapter_params: int
    details: dict[str, str]

    @property
    def total_gib(self) -> float:
        return self.breakdown.total_gib


def quantized_params(spec: ModelSpec, quant: QuantFormat, framework: str = "hf") -> int:
    """Parameters stored in the quantized format. transformers keeps the LM head in 16-bit
    (llm_int8_skip_modules); LitGPT quantizes every nn.Linear, the LM head included."""
    if quant.scope == "all":
        return spec.params
    head = spec.vocab * spec.hidden if framework == "litgpt" and not spec.tied_embeddings else 0
    return spec.block_linear_params + head


def weight_bytes(spec: ModelSpec, quant: QuantFormat, framework: str = "hf", other_bytes: float = 2) -> float:
    """Quantized parameters at the format's bits per weight, the rest (embeddings, norms…) at other_bytes."""
    quantized = quantized_params(spec, quant, framework)
    return quantized * quant.bits / 8 + max(spec.params - quantized, 0) * other_bytes


def largest_quantized_matrix(spec: ModelSpec, framework: str = "hf") -> int:
    sizes = [a * b for a, b, _ in spec.linear_shapes().values()]
    if framework == "litgpt" and not spec.tied_embeddings:
        sizes.append(spec.vocab * spec.hidden)
    return max(sizes)


def kv_bytes_per_token(spec: ModelSpec) -> int:
    """K and V, every layer, every kv head: 2 × layers × kv_heads × head_dim × bytes."""
    return 2 * spec.layers * spec.kv_heads * spec.head_dim * KV_BYTES


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


def estimate(spec: ModelSpec, settings: Settings) -> Estimate:
    s = settings
    tokens = s.context * s.batch
    kbit_training = s.task in ("lora", "qlora") and s.quant.family == "bnb" and s.framework == "hf"
    weights = weight_bytes(spec, s.quant, s.framework, KBIT_TRAINING_OTHER_BYTES if kbit_training else 2)
    kv = activations = gradients = optimizer = adapter = 0.0
    n_adapter = 0
    details: dict[str, str] = {}
    dynamic = 0.0  # memory that changes during a step, for the allocator's slack
    quant_buffers = QUANT_LOAD_BUFFERS * largest_quantized_matrix(spec, s.framework) * 2 \
        if s.quant.family == "bnb" else 0.0

    if s.task == "inference":
        per_token = kv_bytes_per_token(spec)
        kv = per_token * tokens
        details["kv_cache"] = (f"2 (K,V) × {spec.layers} layers × {spec.kv_heads} kv heads × {spec.head_dim} head dim "
                               f"× {KV_BYTES} bytes (fp16) = {per_token / 1024:.0f} KiB per token × {tokens} tokens")
        if s.runtime == "llama.cpp":
            chunk = min(s.context, LLAMA_CPP_UBATCH) * s.batch
            # fp32 intermediates of one micro-batch, plus one layer's attention scores for it
            activations = chunk * 4 * (4 * spec.hidden + 3 * spec.intermediate * spec.active_experts) \
                + chunk * s.context * spec.heads * 4
            details["activations"] = f"llama.cpp compute buffer for a {chunk}-token micro-batch"
        else:
            # prefill pushes the whole prompt through one layer at a time (SDPA attention: no seq² term)
            activations = tokens * 2 * (2 * spec.hidden + 3 * spec.intermediate * spec.active_experts)
            details["activations"] = "prefill working memory of one layer for the whole prompt"
        dynamic = kv + activations
    else:
        per_layer = layer_activation_bytes(spec)
        if s.task == "qlora":
            per_layer *= QLORA_ACTIVATION_FACTOR
        logits = tokens * spec.vocab * LOGITS_BYTES[s.framework]
        if s.grad_checkpointing:
            checkpoints = tokens * spec.layers * CHECKPOINT_BYTES_PER_HIDDEN * spec.hidden
            # the loss's buffers are gone before the first layer is recomputed
            activations = checkpoints + max(logits, tokens * per_layer)
            details["activations"] = (f"gradient checkpointing: {spec.layers} layer inputs + the larger of logits "
                                      f"({spec.vocab} vocab × {tokens} tokens) and one recomputed layer")
        else:
            activations = tokens * spec.layers * per_layer + logits
            details["activations"] = (f"{spec.layers} layers × {per_layer / 1024:.0f} KiB per token × {tokens} tokens "
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

    allocator = ALLOCATOR_SLACK * dynamic if s.runtime == "transformers" else 0.0
    overhead = {"cuda_context_gib": CUDA_CONTEXT_GIB, "allocator_gib": allocator / GIB,
                "quant_buffers_gib": quant_buffers / GIB}
    breakdown = Breakdown(
        weights_gib=weights / GIB, kv_cache_gib=kv / GIB, activations_gib=activations / GIB,
        gradients_gib=gradients / GIB, optimizer_gib=optimizer / GIB, adapter_gib=adapter / GIB,
        overhead_gib=sum(overhead.values()), overhead_detail=overhead,
    )
    details["weights"] = f"{spec.params / 1e9:.2f}B params at {s.quant.name} ({s.quant.bits:g} bits/weight" + (
        f", embeddings and LM head in {'fp32' if kbit_training else '16-bit'})" if s.quant.scope == "blocks" else ")")
    return Estimate(spec, s, breakdown, n_adapter, details)


def comparable_gib(est: Estimate, measure: str) -> float:
    """The part of the estimate a published number measures.

    allocated: torch.cuda.max_memory_allocated (no CUDA context, no allocator slack);
    reserved: torch.cuda.max_memory_reserved (no CUDA context); device: what the card must hold.
    """
    detail = est.breakdown.overhead_detail
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
