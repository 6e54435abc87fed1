from exercise import layer_norm, rms_norm
from genai_check import close


def test_layer_norm():
    close(layer_norm([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], eps=0.0),
          [-1.2247448714, 0.0, 1.2247448714], "layer_norm([1, 2, 3]) with gamma=1, beta=0")


def test_layer_norm_scale_shift():
    close(layer_norm([2.0, 4.0], [2.0, 1.0], [1.0, -1.0], eps=0.0), [-1.0, 0.0], "layer_norm with gamma=[2, 1], beta=[1, -1]")


def test_rms_norm():
    close(rms_norm([3.0, 4.0], [1.0, 1.0], eps=0.0), [0.8485281374, 1.1313708499], "rms_norm([3, 4])")
