"""Before trusting an LLM-as-judge, measure how well it agrees with humans beyond chance: Cohen's kappa."""


def cohen_kappa(judge, human):
    raise NotImplementedError("cohen_kappa is not written yet")
