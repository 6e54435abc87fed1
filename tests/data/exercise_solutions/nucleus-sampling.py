"""How an LLM picks the next token: temperature, then nucleus (top-p) filtering. Sampling itself is left to random.choices."""
import math


def apply_temperature(logits, temperature):
    """Probabilities: softmax(logits / temperature)."""
    scaled = [x / temperature for x in logits]
    m = max(scaled)
    exps = [math.exp(x - m) for x in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def top_p_filter(probs, p):
    """The same list with every token outside the nucleus set to 0 and the rest renormalised."""
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, running = set(), 0.0
    for i in order:
        kept.add(i)
        running += probs[i]
        if running >= p - 1e-12:
            break
    total = sum(probs[i] for i in kept)
    return [probs[i] / total if i in kept else 0.0 for i in range(len(probs))]
