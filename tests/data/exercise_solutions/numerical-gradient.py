"""Derivatives by finite differences: how you check a hand-written backward pass (gradient checking)."""


def derivative(f, x, h=1e-5):
    """The central-difference estimate of f'(x)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient(f, xs, h=1e-5):
    """The gradient of f at the point xs (a list), one central difference per coordinate."""
    grad = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grad.append((f(up) - f(down)) / (2 * h))
    return grad
