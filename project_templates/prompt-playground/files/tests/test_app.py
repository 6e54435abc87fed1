"""The Streamlit app, run headless with Streamlit's own test harness (AppTest)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import {{ cookiecutter.package_name }}

APP = Path({{ cookiecutter.package_name }}.__file__).parent / "app.py"


def test_the_app_compares_the_strategies():
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    app.selectbox[0].select("Which is larger, 9.11 or 9.9?").run()
    app.button[0].click().run()
    assert not app.exception
    titles = ["Zero-shot", "Few-shot", "Chain-of-thought", "Self-consistency"]
    assert [h.value for h in app.subheader] == titles
    answers = [block.value for block in app.markdown if block.value.startswith("**Answer:**")]
    assert answers[0] == "**Answer:** 9.11 ❌" and answers[1] == "**Answer:** 9.9 ✅"


def test_the_app_says_when_the_offline_model_cannot_answer():
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    app.text_area[0].set_value("What is the capital of France?").run()
    app.button[0].click().run()
    assert not app.exception and not app.subheader
    assert "offline stand-in" in app.error[0].value
