from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.curate import Example, curate
from {{ cookiecutter.package_name }}.evaluation import compare, markdown, save
from {{ cookiecutter.package_name }}.generators import CannotAnswer, Memorized, get_generator
from {{ cookiecutter.package_name }}.generators import stand_in_note as note_of
from {{ cookiecutter.package_name }}.providers import FakeProvider, user
from {{ cookiecutter.package_name }}.recipe import load_recipe


def test_the_stand_in_answers_only_prompts_close_to_a_training_example():
    examples = [Example("Classify", "card expired, add a new card", "billing", line=3),
                Example("Classify", "dashboard shows a 502 error", "technical", line=7),
                Example("Answer", "How do I reset my password?", "Click 'Forgot password'.", line=9)]
    brain = Memorized(examples)
    assert brain([user("Classify\n\nmy card has expired")]) == "billing"
    assert brain([user("Classify\n\nthe dashboard shows error 502")]) == "technical"
    assert brain([user("how can I reset my password")]) == "Click 'Forgot password'."
    for unknown in ("What is the capital of France?", "Classify\n\nplease write me a poem", "???"):
        with pytest.raises(CannotAnswer, match="offline stand-in cannot answer this"):
            brain([user(unknown)])
    with pytest.raises(CannotAnswer, match="closest, training line 7, has similarity 0.19 < 0.60"):
        brain([user("Classify\n\n502 on the status page again")])


def test_the_stand_in_says_what_it_did_and_the_base_stand_in_answers_nothing():
    fake = get_generator("fake", train=[Example("Answer", "Is there an API?", "Yes, a REST API.", line=4)])
    assert fake.complete([user("Is there an API?")]) == "Yes, a REST API."
    assert note_of(fake, "Is there an API?") == ("offline stand-in, not a trained model: the output of "
                                                       "training example line 4 (similarity 1.00)")
    with pytest.raises(CannotAnswer, match="knows nothing of this domain"):
        get_generator("fake-base").complete([user("Is there an API?")])
    assert note_of(FakeProvider(replies=["x"]), "Is there an API?") is None


def test_before_and_after_on_the_eval_split(tmp_path):
    recipe = load_recipe()
    data = curate(recipe.data)
    before, after = get_generator("fake-base"), get_generator("fake", train=data.train)
    report = compare(before, after, data.eval, recipe.data.system_prompt, labels=("fake-base", "fake"))
    old, new = report.means("before"), report.means("after")
    assert old == {"exact_match": 0.0, "token_f1": 0.0, "rouge_l": 0.0}
    assert report.refused("before") == len(data.eval)
    # Triage tickets close to training tickets get their label; unseen questions are refused, not
    # answered with another question's answer.
    triage = [row for row in report.rows if row.task == "Classify this support"]
    answered = [row for row in triage if not row.after_refused]
    assert answered and all(row.after_scores["exact_match"] == 1.0 for row in answered)
    questions = [row for row in report.rows if row.task != "Classify this support"]
    assert questions and all(row.after_refused and row.after == "" for row in questions)
    assert 0 < report.refused("after") < len(data.eval) and new["exact_match"] > 0
    text = markdown(report)
    assert text.startswith("# Evaluation: fake-base (before) vs fake (after)")
    assert f"before {len(data.eval)}, after {report.refused('after')}." in text
    assert "| all | rouge_l |" in text and "## Examples that changed the most" in text
    assert "after: (no answer: the offline stand-in does not know this prompt)" in text
    md, js = save(report, tmp_path)
    saved = json.loads(js.read_text())
    assert md.read_text() == text and saved["summary"]["after"] == new
    assert saved["refused"] == {"before": len(data.eval), "after": report.refused("after")}


def test_the_system_prompt_is_the_one_trained_with():
    fake = FakeProvider(replies=["category: sales; priority: low"])
    example = Example("Classify", "Do you have a partner program?", "category: sales; priority: low")
    report = compare(fake, FakeProvider(replies=["no"]), [example], "TRAINED SYSTEM PROMPT")
    assert fake.calls[0][0].content == "TRAINED SYSTEM PROMPT"
    row = report.rows[0]
    assert row.before_scores["exact_match"] == 1.0 and row.after_scores["exact_match"] == 0.0
