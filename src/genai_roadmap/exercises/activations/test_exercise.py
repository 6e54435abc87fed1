from exercise import gelu, relu, silu
from genai_check import close


def test_relu():
    close([relu(-2.0), relu(0.0), relu(3.5)], [0.0, 0.0, 3.5], "relu at -2, 0, 3.5")


def test_gelu():
    close([gelu(0.0), gelu(1.0), gelu(-1.0)], [0.0, 0.8411919906, -0.1588080094], "gelu at 0, 1, -1")


def test_silu():
    close([silu(0.0), silu(1.0), silu(-2.0)], [0.0, 0.7310585786, -0.2384058440], "silu at 0, 1, -2")
