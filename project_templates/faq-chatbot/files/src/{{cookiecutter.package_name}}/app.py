"""Streamlit UI, started with:

    streamlit run src/{{ cookiecutter.package_name }}/app.py
"""

from __future__ import annotations

import streamlit as st

from {{ cookiecutter.package_name }}.bot import FaqBot
from {{ cookiecutter.package_name }}.knowledge import load_faq
from {{ cookiecutter.package_name }}.offline import offline_answer
from {{ cookiecutter.package_name }}.providers import Message, get_provider


@st.cache_resource
def load_bot() -> FaqBot:
    return FaqBot(load_faq(), get_provider(brain=offline_answer))


TITLE = {{ cookiecutter.project_name | tojson }}

st.set_page_config(page_title=TITLE)
st.title(TITLE)
PROVIDER = load_bot().provider.name
st.caption(f"Answers from the FAQ · provider: {PROVIDER}"
           + (" (offline stand-in: it matches FAQ entries, no model)" if PROVIDER == "fake" else ""))

history: list[Message] = st.session_state.setdefault("history", [])
for message in history:
    st.chat_message(message.role).write(message.content)

question = st.chat_input("Ask a question")
if question:
    st.chat_message("user").write(question)
    answer = load_bot().ask(question, history)
    with st.chat_message("assistant"):
        st.write(answer.text)
        with st.expander("FAQ entries used"):
            for entry in answer.sources:
                st.markdown(f"**{entry.question}**  \n{entry.answer}")
    history += [Message("user", question), Message("assistant", answer.text)]
