"""Backpropagation by hand: one sigmoid neuron with a squared-error loss."""
import math


def forward(w, b, x):
    """The neuron's output sigmoid(w . x + b)."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    return 1 / (1 + math.exp(-z))


def backward(w, b, x, y):
    """Return (loss, grad_w, grad_b) for loss = (forward(w, b, x) - y) ** 2."""
    a = forward(w, b, x)
    delta = 2 * (a - y) * a * (1 - a)
    return (a - y) ** 2, [delta * xi for xi in x], delta
