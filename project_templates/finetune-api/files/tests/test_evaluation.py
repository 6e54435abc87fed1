from __future__ import annotations

import json

from {{ cookiecutter.package_name }}.curate import Example, curate
from {{ cookiecutter.package_name }}.evaluation import compare, markdown, save
from {{ cookiecutter.package_name }}.generators import Memorized, get_generator
from {{ cookiecutter.package_name }}.providers import FakeProvider, user
from {{ cookiecutter.package_name }}.recipe import load_recipe


def test_the_memorising_stand_in_returns_the_closest_training_output():
    examples = [Example("Classify", "card expired, add a new card", "billing"),
                Example("Classify", "dashboard shows a 502 error", "technical")]
    brain = Memorized(examples)
    assert brain([user("Classify\n\nmy card has expired")]) == "billing"
    assert brain([user("Classify\n\n502 on the dashboard again")]) == "technical"


def test_before_and_after_on_the_eval_split(tmp_path):
    recipe = load_recipe()
    data = curate(recipe.data)
    before, after = get_generator("fake-base"), get_generator("fake", train=data.train)
    report = compare(before, after, data.eval, recipe.data.system_prompt, labels=("fake-base", "fake"))
    old, new = report.means("before"), report.means("after")
    assert old["exact_match"] == 0 and new["exact_match"] > 0.2 and new["rouge_l"] > old["rouge_l"] + 0.2
    assert report.means("after", "Classify this support")["exact_match"] > 0.5
    text = markdown(report)
    assert text.startswith("# Evaluation: fake-base (before) vs fake (after)")
    assert "| all | rouge_l |" in text and "## Examples that changed the most" in text
    md, js = save(report, tmp_path)
    assert md.read_text() == text and json.loads(js.read_text())["summary"]["after"] == new


def test_the_system_prompt_is_the_one_trained_with():
    fake = FakeProvider(replies=["category: sales; priority: low"])
    example = Example("Classify", "Do you have a partner program?", "category: sales; priority: low")
    report = compare(fake, FakeProvider(replies=["no"]), [example], "TRAINED SYSTEM PROMPT")
    assert fake.calls[0][0].content == "TRAINED SYSTEM PROMPT"
    row = report.rows[0]
    assert row.before_scores["exact_match"] == 1.0 and row.after_scores["exact_match"] == 0.0
