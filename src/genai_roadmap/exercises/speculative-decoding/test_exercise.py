from exercise import expected_tokens, speedup
from genai_check import close


def test_expected_tokens():
    close(expected_tokens(0.8, 4), 3.3616, "tokens per pass, a = 0.8, k = 4")
    close(expected_tokens(0.0, 4), 1.0, "a draft that is always rejected still yields the target's token")
    close(expected_tokens(1.0, 4), 5.0, "a perfect draft")


def test_speedup():
    close(speedup(0.8, 4, 0.05), 2.8013333333, "speed-up with a draft 20x cheaper")
