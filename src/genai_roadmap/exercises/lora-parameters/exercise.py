"""LoRA trains two thin matrices per adapted weight instead of the weight itself."""


def lora_params(shapes, rank, layers=1):
    """Trainable parameters when every (d_in, d_out) matrix in `shapes` gets a rank-`rank` adapter, in each layer."""
    raise NotImplementedError("lora_params is not written yet")


def trainable_fraction(lora, total):
    """LoRA's trainable parameters as a fraction of the model's total."""
    raise NotImplementedError("trainable_fraction is not written yet")
