"""How big a model is, how many parameters LoRA trains, and roughly how much GPU memory training needs.

All from the architecture (hidden size, layers, heads…), so it works before anything is downloaded.
LoRA adds two small matrices to each targeted linear layer W (d_in × d_out): A (d_in × r) and
B (r × d_out), so each layer trains r·(d_in + d_out) parameters instead of d_in·d_out.

The memory model is deliberately simple and says what it counts. For a finer estimate with
published measurements behind it, try `genai hw --model qwen2.5-0.5b --task qlora`.
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024 ** 3
ATTENTION_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj")
MLP_MODULES = ("gate_proj", "up_proj", "down_proj")
NF4_BITS = {True: 4.127, False: 4.5}
"""Bits per 4-bit weight with its block constants: 4 + 32/64 for NF4, 4 + 8/64 + 32/(64·256) with
double quantization (QLoRA paper, section 3)."""
ADAPTER_BYTES = 4 + 4 + 8
"""Per trainable LoRA parameter: fp32 weight, fp32 gradient and AdamW's two fp32 moments."""
LOGITS_BYTES = 18
"""Per token × vocabulary entry at the loss in transformers: bf16 logits, an fp32 copy, the fp32
log-softmax kept for backward and two fp32 gradients."""
LAYER_BYTES = (18, 4, 8)
"""Bytes one layer keeps for backward per token = 18·hidden + 4·attention width + 8·intermediate
(16-bit activations of a gated-MLP decoder layer with SDPA attention)."""
CUDA_CONTEXT = 0.5 * GIB
"""CUDA kernels and library handles: seen by nvidia-smi, not by torch.cuda.max_memory_allocated."""


@dataclass(frozen=True)
class Architecture:
    """The shape of a decoder-only transformer (the fields of its config.json that matter here)."""

    hidden_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    intermediate_size: int
    vocab_size: int
    tie_embeddings: bool = False

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_heads

    def linear_shapes(self) -> dict[str, tuple[int, int]]:
        """(d_in, d_out) of each linear layer in one decoder block, by its usual module name."""
        h, kv = self.hidden_size, self.num_kv_heads * self.head_dim
        i = self.intermediate_size
        return {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
                "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}


# Architectures of the base models the configuration offers, from their config.json on the Hub.
CATALOG: dict[str, Architecture] = {
    "Qwen/Qwen2.5-0.5B-Instruct": Architecture(896, 24, 14, 2, 4864, 151936, tie_embeddings=True),
    "TinyLlama/TinyLlama-1.1B-Chat-v1.0": Architecture(2048, 22, 32, 4, 5632, 32000),
    "mistralai/Mistral-7B-v0.1": Architecture(4096, 32, 32, 8, 14336, 32000),
}
TINY = Architecture(hidden_size=64, num_layers=2, num_heads=4, num_kv_heads=2, intermediate_size=128,
                    vocab_size=1024)
"""A tiny random model of the same family for CPU smoke tests (its vocabulary comes from the data)."""


def linear_params(arch: Architecture) -> int:
    """Parameters in the decoder blocks' linear layers: what 4-bit quantization compresses."""
    return arch.num_layers * sum(d_in * d_out for d_in, d_out in arch.linear_shapes().values())


def total_params(arch: Architecture) -> int:
    """Every parameter: embeddings, linear layers, norms and the LM head (biases left out)."""
    embeddings = arch.vocab_size * arch.hidden_size
    head = 0 if arch.tie_embeddings else embeddings
    norms = arch.hidden_size * (2 * arch.num_layers + 1)
    return embeddings + head + norms + linear_params(arch)


def lora_params(arch: Architecture, rank: int, targets: list[str] | tuple[str, ...]) -> int:
    """Trainable LoRA parameters: rank·(d_in + d_out) per targeted layer, in every block."""
    shapes = arch.linear_shapes()
    unknown = [t for t in targets if t not in shapes]
    if unknown:
        raise ValueError(f"unknown target module(s) {', '.join(unknown)}: choose from {', '.join(shapes)}")
    return arch.num_layers * sum(rank * sum(shapes[t]) for t in targets)


@dataclass(frozen=True)
class MemoryItem:
    name: str
    bytes: float
    how: str


@dataclass(frozen=True)
class MemoryEstimate:
    items: list[MemoryItem]

    @property
    def total(self) -> float:
        return sum(item.bytes for item in self.items)

    def lines(self) -> list[str]:
        width = max(len(item.name) for item in self.items)
        rows = [f"{item.name:<{width}}  {item.bytes / GIB:7.2f} GiB  {item.how}" for item in self.items]
        return rows + [f"{'total':<{width}}  {self.total / GIB:7.2f} GiB  (rough: measure the real peak)"]


def training_memory(arch: Architecture, rank: int, targets: list[str] | tuple[str, ...], *,
                    load_in_4bit: bool, double_quant: bool = True, batch_size: int = 1,
                    seq_length: int = 512, gradient_checkpointing: bool = True) -> MemoryEstimate:
    """Peak GPU memory of one LoRA/QLoRA training step, component by component."""
    quantized = linear_params(arch)
    others = total_params(arch) - quantized
    if load_in_4bit:
        bits = NF4_BITS[double_quant]
        # prepare_model_for_kbit_training casts what stays unquantized (embeddings, norms) to fp32.
        weights = quantized * bits / 8 + others * 4
        weights_how = f"{quantized / 1e6:,.0f}M linear weights at {bits} bits (NF4), the rest in fp32"
    else:
        weights = total_params(arch) * 2
        weights_how = f"{total_params(arch) / 1e6:,.0f}M weights in bf16"
    adapter = lora_params(arch, rank, targets)
    tokens = batch_size * seq_length
    logits = tokens * arch.vocab_size * LOGITS_BYTES
    a, b, c = LAYER_BYTES
    per_layer = tokens * (a * arch.hidden_size + b * arch.hidden_size + c * arch.intermediate_size)
    if gradient_checkpointing:
        activations = tokens * arch.num_layers * 2 * arch.hidden_size + max(logits, per_layer)
        activations_how = (f"checkpointed layer inputs for {tokens:,} tokens + the larger of the logits "
                           f"({arch.vocab_size:,} vocab) and one recomputed layer")
    else:
        activations = per_layer * arch.num_layers + logits
        activations_how = f"every layer's activations for {tokens:,} tokens + the logits"
    return MemoryEstimate([
        MemoryItem("weights", weights, weights_how),
        MemoryItem("LoRA + AdamW", adapter * ADAPTER_BYTES,
                   f"{adapter:,} trainable params × {ADAPTER_BYTES} B (weight, gradient, 2 moments)"),
        MemoryItem("activations", activations, activations_how),
        MemoryItem("CUDA context", CUDA_CONTEXT, "kernels and library handles"),
    ])


def human_count(n: float) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.2f}{unit}"
    return str(int(n))
