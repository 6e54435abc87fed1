from exercise import calculate
from genai_check import close


def refused(expression):
    try:
        calculate(expression)
    except ValueError:
        return True
    except Exception:
        return False
    return False


def test_arithmetic():
    close(calculate("2 + 3 * 4"), 14, "2 + 3 * 4")
    close(calculate("-(7 - 10) ** 2 / 4"), -2.25, "-(7 - 10) ** 2 / 4")


def test_refuses_code():
    for expression in ("__import__('os').getcwd()", "open('x')", "[1, 2]", "x + 1", "'a' * 3"):
        assert refused(expression), f"calculate({expression!r}) should raise ValueError"


def test_refuses_traps():
    for expression in ("9 ** 9 ** 9", "1 / 0", "2 +"):
        assert refused(expression), f"calculate({expression!r}) should raise ValueError"
