"""Direct Preference Optimization: a classification loss on preference pairs, no reward model needed.

The inputs are summed log-probabilities of whole answers under the policy and the frozen reference.
"""
import math


def dpo_loss(logp_chosen, logp_rejected, ref_chosen, ref_rejected, beta=0.1):
    raise NotImplementedError("dpo_loss is not written yet")
