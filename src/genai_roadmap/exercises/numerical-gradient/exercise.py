"""Derivatives by finite differences: how you check a hand-written backward pass (gradient checking)."""


def derivative(f, x, h=1e-5):
    """The central-difference estimate of f'(x)."""
    raise NotImplementedError("derivative(f, x) is not written yet")


def gradient(f, xs, h=1e-5):
    """The gradient of f at the point xs (a list), one central difference per coordinate."""
    raise NotImplementedError("gradient(f, xs) is not written yet")
