from exercise import few_shot_prompt
from genai_check import expect

EXAMPLES = [("I loved it", "positive"), ("  Waste of money ", "negative"), ("Meh", "neutral"), ("Wow", "positive")]


def test_layout():
    expect(few_shot_prompt("Classify the sentiment.", EXAMPLES[:2], "Not bad at all"),
           "Classify the sentiment.\n\nInput: I loved it\nOutput: positive\n\n"
           "Input: Waste of money\nOutput: negative\n\nInput: Not bad at all\nOutput:",
           "the prompt with two examples")


def test_max_examples():
    prompt = few_shot_prompt("Classify.", EXAMPLES, "ok", max_examples=3)
    expect(prompt.count("Input:"), 4, "number of 'Input:' lines with max_examples=3 (3 examples + the query)")


def test_zero_shot():
    expect(few_shot_prompt("Classify.", [], "ok"), "Classify.\n\nInput: ok\nOutput:", "the prompt with no examples")
