"""Before trusting an LLM-as-judge, measure how well it agrees with humans beyond chance: Cohen's kappa."""


def cohen_kappa(judge, human):
    n = len(judge)
    p_o = sum(1 for a, b in zip(judge, human) if a == b) / n
    labels = set(judge) | set(human)
    p_e = sum((judge.count(l) / n) * (human.count(l) / n) for l in labels)
    if p_e == 1:
        return 1.0 if p_o == 1 else 0.0
    return (p_o - p_e) / (1 - p_e)
