"""The Streamlit app, run headless with Streamlit's own test harness (AppTest)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import {{ cookiecutter.package_name }}

APP = Path({{ cookiecutter.package_name }}.__file__).parent / "app.py"


def test_the_app_answers_a_question():
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    app.chat_input[0].set_value("Do you have a mobile app?").run()
    assert not app.exception
    assert any("iOS 16" in block.value for block in app.markdown)
