"""Optimizers: one step of plain SGD and one step of Adam (what AdamW adds is weight decay)."""
import math


def sgd_step(weights, grads, lr):
    """Return the new weights after one SGD step."""
    return [w - lr * g for w, g in zip(weights, grads)]


def adam_step(weights, grads, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step at step number t (1-based). Return (new_weights, new_m, new_v)."""
    m = [beta1 * a + (1 - beta1) * g for a, g in zip(m, grads)]
    v = [beta2 * b + (1 - beta2) * g * g for b, g in zip(v, grads)]
    new = []
    for w, a, b in zip(weights, m, v):
        m_hat = a / (1 - beta1 ** t)
        v_hat = b / (1 - beta2 ** t)
        new.append(w - lr * m_hat / (math.sqrt(v_hat) + eps))
    return new, m, v
