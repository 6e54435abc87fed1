"""Fine-tuning helpers: the pieces a LoRA/QLoRA, SFT or DPO project needs before and during training.

- `records.py`: JSONL in and out, validation, de-duplication, train/eval splits, chat formatting
  and approximate token counts.
- `settings.py`: the YAML training configuration (model, LoRA, 4-bit quantization, training loop),
  checked key by key with errors that name the file and the setting.
- `estimate.py`: parameter counts, trainable LoRA parameters and a training-memory breakdown,
  computed from the model's architecture.
- `hf.py`: the Hugging Face side (transformers, PEFT, bitsandbytes, TRL): only with the `train`
  extra, and imported only when a real training run or a local model is asked for.

Everything but `hf.py` is pure Python, so dry runs and the unit tests need no torch and no GPU.
"""
