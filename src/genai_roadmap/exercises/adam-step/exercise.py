"""Optimizers: one step of plain SGD and one step of Adam (what AdamW adds is weight decay)."""
import math


def sgd_step(weights, grads, lr):
    """Return the new weights after one SGD step."""
    raise NotImplementedError("sgd_step is not written yet")


def adam_step(weights, grads, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step at step number t (1-based). Return (new_weights, new_m, new_v)."""
    raise NotImplementedError("adam_step is not written yet")
