import math

from exercise import derivative, gradient
from genai_check import close


def test_derivative_of_square():
    close(derivative(lambda x: x * x, 3.0), 6.0, "d/dx x^2 at x = 3", tol=1e-6)


def test_derivative_of_sin():
    close(derivative(math.sin, 0.5), math.cos(0.5), "d/dx sin(x) at x = 0.5", tol=1e-8)


def test_gradient():
    f = lambda v: v[0] ** 2 + 3 * v[0] * v[1] + math.exp(v[1])
    close(gradient(f, [1.0, 0.0]), [2.0, 4.0], "gradient of x^2 + 3xy + e^y at (1, 0)", tol=1e-6)
