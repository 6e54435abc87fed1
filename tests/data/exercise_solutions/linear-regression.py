"""Linear regression with one feature: the closed-form least-squares fit and its loss."""


def fit(xs, ys):
    """Return (w, b) minimising the mean squared error of y = w * x + b."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    var = sum((x - mx) ** 2 for x in xs)
    w = cov / var
    return w, my - w * mx


def mse(xs, ys, w, b):
    """Mean squared error of the line y = w * x + b on the points."""
    return sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
