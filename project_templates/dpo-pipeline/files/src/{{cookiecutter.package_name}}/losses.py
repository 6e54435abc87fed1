"""The preference losses, in pure Python, on numbers you can check by hand.

DPO (Rafailov et al., 2023) trains the policy π directly on preference pairs (x, y_w, y_l), with
a frozen reference model π_ref (the SFT model) instead of a reward model and RL:

    h(x, y_w, y_l) = [log π(y_w|x) − log π_ref(y_w|x)] − [log π(y_l|x) − log π_ref(y_l|x)]

    sigmoid (DPO):  L = −log σ(β·h)          with label smoothing ε: −(1−ε)·log σ(β·h) − ε·log σ(−β·h)
    ipo (IPO):      L = (h − 1/(2β))²
    hinge (SLiC):   L = max(0, 1 − β·h)

β·(log π(y|x) − log π_ref(y|x)) is the "implicit reward" of a response. At the start of training
the policy equals the reference, h = 0 and the sigmoid loss is log 2 ≈ 0.693.

The reward model of classic RLHF is trained with the Bradley–Terry loss −log σ(r(x, y_w) − r(x, y_l)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LOSS_TYPES = ("sigmoid", "ipo", "hinge")


def log_sigmoid(x: float) -> float:
    """log σ(x), computed without overflow for large |x|."""
    return -math.log1p(math.exp(-x)) if x >= 0 else x - math.log1p(math.exp(x))


@dataclass(frozen=True)
class LogProbs:
    """Summed log-probabilities of the chosen and rejected responses under policy and reference."""

    policy_chosen: float
    policy_rejected: float
    reference_chosen: float
    reference_rejected: float

    @property
    def chosen_logratio(self) -> float:
        return self.policy_chosen - self.reference_chosen

    @property
    def rejected_logratio(self) -> float:
        return self.policy_rejected - self.reference_rejected

    @property
    def margin(self) -> float:
        """h: how much more the policy prefers chosen over rejected than the reference does."""
        return self.chosen_logratio - self.rejected_logratio


def dpo_loss(lp: LogProbs, beta: float, loss_type: str = "sigmoid", label_smoothing: float = 0.0) -> float:
    if beta <= 0:
        raise ValueError("beta must be above 0")
    h = lp.margin
    if loss_type == "sigmoid":
        return -(1 - label_smoothing) * log_sigmoid(beta * h) - label_smoothing * log_sigmoid(-beta * h)
    if loss_type == "ipo":
        return (h - 1 / (2 * beta)) ** 2
    if loss_type == "hinge":
        return max(0.0, 1 - beta * h)
    raise ValueError(f"unknown loss_type '{loss_type}': choose one of {', '.join(LOSS_TYPES)}")


def implicit_rewards(lp: LogProbs, beta: float) -> tuple[float, float]:
    """β·log-ratio of the chosen and of the rejected response (what TRL logs as rewards/chosen, /rejected)."""
    return beta * lp.chosen_logratio, beta * lp.rejected_logratio


def reward_model_loss(reward_chosen: float, reward_rejected: float) -> float:
    """Bradley–Terry: −log σ(r_chosen − r_rejected)."""
    return -log_sigmoid(reward_chosen - reward_rejected)


@dataclass(frozen=True)
class BatchStats:
    loss: float
    accuracy: float  # share of pairs whose chosen implicit reward beats the rejected one
    margin: float  # mean reward margin β·h


def batch_stats(pairs: list[LogProbs], beta: float, loss_type: str = "sigmoid",
                label_smoothing: float = 0.0) -> BatchStats:
    losses = [dpo_loss(p, beta, loss_type, label_smoothing) for p in pairs]
    margins = [beta * p.margin for p in pairs]
    return BatchStats(sum(losses) / len(losses), sum(m > 0 for m in margins) / len(margins),
                      sum(margins) / len(margins))


def worked_example(lp: LogProbs, beta: float, loss_type: str = "sigmoid",
                   label_smoothing: float = 0.0) -> list[str]:
    """The loss of one pair, step by step."""
    h = lp.margin
    chosen, rejected = implicit_rewards(lp, beta)
    lines = [
        f"chosen log-ratio   log π(y_w|x) − log π_ref(y_w|x) = {lp.policy_chosen:g} − "
        f"({lp.reference_chosen:g}) = {lp.chosen_logratio:g}",
        f"rejected log-ratio log π(y_l|x) − log π_ref(y_l|x) = {lp.policy_rejected:g} − "
        f"({lp.reference_rejected:g}) = {lp.rejected_logratio:g}",
        f"margin h = {lp.chosen_logratio:g} − ({lp.rejected_logratio:g}) = {h:g}; "
        f"implicit rewards {chosen:.4f} (chosen), {rejected:.4f} (rejected)",
    ]
    loss = dpo_loss(lp, beta, loss_type, label_smoothing)
    if loss_type == "sigmoid":
        formula = f"−log σ(β·h) = −log σ({beta * h:g}) = log(1 + e^{-beta * h:g})"
        if label_smoothing:
            eps = label_smoothing
            formula = f"−(1−{eps:g})·log σ({beta * h:g}) − {eps:g}·log σ({-beta * h:g})"
    elif loss_type == "ipo":
        formula = f"(h − 1/(2β))² = ({h:g} − {1 / (2 * beta):g})²"
    else:
        formula = f"max(0, 1 − β·h) = max(0, 1 − {beta * h:g})"
    return lines + [f"{loss_type} loss {formula} = {loss:.4f}"]
