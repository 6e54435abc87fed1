"""Few-shot prompting: show the model worked examples, then leave the answer slot open."""


def few_shot_prompt(instruction, examples, query, max_examples=3):
    """examples is a list of (input, output) pairs. See the tests for the exact layout."""
    parts = [instruction.strip()]
    for given, wanted in examples[:max_examples]:
        parts.append(f"Input: {given.strip()}\nOutput: {wanted.strip()}")
    parts.append(f"Input: {query.strip()}\nOutput:")
    return "\n\n".join(parts)
