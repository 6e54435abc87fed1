"""How an LLM picks the next token: temperature, then nucleus (top-p) filtering. Sampling itself is left to random.choices."""
import math


def apply_temperature(logits, temperature):
    """Probabilities: softmax(logits / temperature)."""
    raise NotImplementedError("apply_temperature is not written yet")


def top_p_filter(probs, p):
    """The same list with every token outside the nucleus set to 0 and the rest renormalised."""
    raise NotImplementedError("top_p_filter is not written yet")
