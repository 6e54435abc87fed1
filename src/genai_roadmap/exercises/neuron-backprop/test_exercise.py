from exercise import backward, forward
from genai_check import close


def test_forward():
    close(forward([0.0, 0.0], 0.0, [1.0, 2.0]), 0.5, "sigmoid(0)")
    close(forward([1.0, -1.0], 0.5, [2.0, 1.0]), 0.8175744762, "sigmoid(1*2 - 1*1 + 0.5)")


def test_backward():
    loss, gw, gb = backward([1.0, -1.0], 0.5, [2.0, 1.0], 1.0)
    close(loss, 0.0332790569, "loss")
    close(gw, [-0.1088324786, -0.0544162393], "grad_w", tol=1e-6)
    close(gb, -0.0544162393, "grad_b", tol=1e-6)
