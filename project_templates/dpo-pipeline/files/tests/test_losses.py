"""The DPO loss against values worked out by hand (β = 0.1 unless said otherwise)."""

from __future__ import annotations

import math

import pytest

from {{ cookiecutter.package_name }}.losses import (
    LogProbs,
    batch_stats,
    dpo_loss,
    implicit_rewards,
    log_sigmoid,
    reward_model_loss,
    worked_example,
)

# log-ratios: chosen −10 − (−11) = 1, rejected −14 − (−13) = −1, so h = 2 and β·h = 0.2
PAIR = LogProbs(policy_chosen=-10.0, policy_rejected=-14.0, reference_chosen=-11.0, reference_rejected=-13.0)


def test_margin_and_implicit_rewards():
    assert (PAIR.chosen_logratio, PAIR.rejected_logratio, PAIR.margin) == (1.0, -1.0, 2.0)
    assert implicit_rewards(PAIR, 0.1) == pytest.approx((0.1, -0.1))


def test_sigmoid_loss_by_hand():
    # −log σ(0.2) = log(1 + e^−0.2) = log(1.8187307531) = 0.5981388693
    assert dpo_loss(PAIR, 0.1) == pytest.approx(0.5981388693, abs=1e-9)
    # before training the policy is the reference: h = 0 and the loss is log 2
    assert dpo_loss(LogProbs(-5, -7, -5, -7), 0.1) == pytest.approx(math.log(2))
    # a pair the policy gets wrong costs more: h = −3, −log σ(−0.3) = log(1 + e^0.3) = 0.8543552444
    assert dpo_loss(LogProbs(-25, -20, -23, -21), 0.1) == pytest.approx(0.8543552444, abs=1e-9)


def test_label_smoothing_ipo_and_hinge_by_hand():
    # 0.9·0.5981388693 + 0.1·(−log σ(−0.2) = 0.7981388693) = 0.6181388693
    assert dpo_loss(PAIR, 0.1, label_smoothing=0.1) == pytest.approx(0.6181388693, abs=1e-9)
    assert dpo_loss(PAIR, 0.1, "ipo") == pytest.approx((2 - 5) ** 2)  # (h − 1/(2β))²
    assert dpo_loss(PAIR, 0.1, "hinge") == pytest.approx(0.8)  # max(0, 1 − 0.2)
    assert dpo_loss(PAIR, 1.0, "hinge") == 0.0  # margin large enough: no loss
    with pytest.raises(ValueError, match="unknown loss_type"):
        dpo_loss(PAIR, 0.1, "ppo")
    with pytest.raises(ValueError, match="beta"):
        dpo_loss(PAIR, 0.0)


def test_reward_model_loss_and_a_stable_log_sigmoid():
    assert reward_model_loss(1.0, 1.0) == pytest.approx(math.log(2))
    assert reward_model_loss(2.0, 0.0) == pytest.approx(0.1269280110, abs=1e-9)  # log(1 + e^−2)
    assert log_sigmoid(1000.0) == 0.0 and log_sigmoid(-1000.0) == -1000.0


def test_batch_stats_are_what_trl_logs():
    stats = batch_stats([PAIR, LogProbs(-8, -9, -8, -9), LogProbs(-25, -20, -23, -21)], 0.1)
    assert stats.loss == pytest.approx((0.5981388693 + math.log(2) + 0.8543552444) / 3)
    assert stats.accuracy == pytest.approx(1 / 3)
    assert stats.margin == pytest.approx((0.2 + 0 - 0.3) / 3)


def test_the_worked_example_shows_every_step():
    lines = worked_example(PAIR, 0.1)
    assert lines[0].endswith("= -10 − (-11) = 1") and lines[1].endswith("= -14 − (-13) = -1")
    assert "margin h = 1 − (-1) = 2" in lines[2]
    assert lines[-1] == "sigmoid loss −log σ(β·h) = −log σ(0.2) = log(1 + e^-0.2) = 0.5981"
    assert worked_example(PAIR, 0.1, "ipo")[-1] == "ipo loss (h − 1/(2β))² = (2 − 5)² = 9.0000"
