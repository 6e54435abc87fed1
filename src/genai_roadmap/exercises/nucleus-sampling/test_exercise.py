from exercise import apply_temperature, top_p_filter
from genai_check import close


def test_temperature():
    close(apply_temperature([2.0, 1.0, 0.0], 1.0), [0.6652409558, 0.2447284711, 0.0900305732], "T = 1")
    close(apply_temperature([2.0, 1.0, 0.0], 0.5), [0.8668133795, 0.1173104422, 0.0158761784], "T = 0.5 sharpens")


def test_top_p():
    close(top_p_filter([0.1, 0.5, 0.3, 0.1], 0.75), [0.0, 0.625, 0.375, 0.0], "top-p 0.75 keeps the two likeliest")
    close(top_p_filter([0.1, 0.5, 0.3, 0.1], 0.5), [0.0, 1.0, 0.0, 0.0], "top-p 0.5 keeps only the likeliest")
    close(top_p_filter([0.25, 0.25, 0.5], 1.0), [0.25, 0.25, 0.5], "top-p 1.0 keeps everything")
