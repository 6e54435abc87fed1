"""Bayes' theorem: turn how often a word appears in spam into how likely a message with it is spam."""


def posterior(prior, likelihood, likelihood_if_not):
    """P(H | E) from P(H) = prior, P(E | H) = likelihood and P(E | not H) = likelihood_if_not."""
    evidence = likelihood * prior + likelihood_if_not * (1 - prior)
    return 0.0 if evidence == 0 else likelihood * prior / evidence
