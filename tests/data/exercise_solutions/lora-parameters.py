"""LoRA trains two thin matrices per adapted weight instead of the weight itself."""


def lora_params(shapes, rank, layers=1):
    """Trainable parameters when every (d_in, d_out) matrix in `shapes` gets a rank-`rank` adapter, in each layer."""
    return layers * sum(rank * (d_in + d_out) for d_in, d_out in shapes)


def trainable_fraction(lora, total):
    """LoRA's trainable parameters as a fraction of the model's total."""
    return lora / total
