"""Direct Preference Optimization: a classification loss on preference pairs, no reward model needed.

The inputs are summed log-probabilities of whole answers under the policy and the frozen reference.
"""
import math


def dpo_loss(logp_chosen, logp_rejected, ref_chosen, ref_rejected, beta=0.1):
    margin = beta * ((logp_chosen - ref_chosen) - (logp_rejected - ref_rejected))
    if margin > 0:
        return math.log1p(math.exp(-margin))
    return -margin + math.log1p(math.exp(margin))
