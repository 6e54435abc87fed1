import math

from exercise import dpo_loss
from genai_check import close


def test_policy_equals_reference():
    close(dpo_loss(-10.0, -12.0, -10.0, -12.0), math.log(2), "loss when the policy is the reference (margin 0)")


def test_prefers_chosen():
    close(dpo_loss(-8.0, -14.0, -10.0, -12.0, beta=0.5), 0.1269280110, "loss when the policy moved toward the chosen answer")


def test_prefers_rejected():
    close(dpo_loss(-12.0, -10.0, -10.0, -12.0, beta=0.5), 2.1269280110, "loss when the policy moved toward the rejected answer")


def test_large_margin_is_stable():
    close(dpo_loss(-1000.0, 0.0, 0.0, -1000.0, beta=1.0), 2000.0, "loss for a huge wrong margin (no overflow)")
