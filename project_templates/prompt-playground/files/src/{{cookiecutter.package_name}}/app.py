"""Streamlit UI: `streamlit run src/{{ cookiecutter.package_name }}/app.py`."""

from __future__ import annotations

import csv
import io
import json

import streamlit as st

from {{ cookiecutter.package_name }}.playground import (
    CSV_COLUMNS,
    OfflineCannotAnswer,
    compare,
    make_provider,
)
from {{ cookiecutter.package_name }}.providers import Provider
from {{ cookiecutter.package_name }}.strategies import (
    expected_answer,
    load_questions,
    load_strategies,
    with_samples,
)

TITLE = {{ cookiecutter.project_name | tojson }}
OWN = "(write your own)"


@st.cache_resource
def provider() -> Provider:
    return make_provider()


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


st.set_page_config(page_title=TITLE, layout="wide")
st.title(TITLE)
st.caption(f"One question, every prompting strategy, side by side · provider: {provider().name}")

samples = load_questions()
all_strategies = load_strategies()
picked = st.selectbox("Sample question", [OWN] + [q.question for q in samples])
question = st.text_area("Question", value="" if picked == OWN else picked)
every_name = [s.name for s in all_strategies]
names = st.multiselect("Strategies", every_name, default=every_name)
votes = st.slider("Self-consistency samples", 1, 20, max(s.samples for s in all_strategies))

if st.button("Compare", type="primary") and question.strip() and names:
    strategies = with_samples(load_strategies(names=names), votes)
    try:
        comparison = compare(question, strategies, provider(), expected_answer(question, samples))
    except OfflineCannotAnswer as exc:
        st.error(str(exc)[:1].upper() + str(exc)[1:])
        st.stop()
    if comparison.expected:
        st.write(f"Expected answer: **{comparison.expected}**")
    for column, result in zip(st.columns(len(comparison.results)), comparison.results, strict=True):
        with column:
            st.subheader(result.title)
            mark = "" if result.correct is None else " ✅" if result.correct else " ❌"
            st.markdown(f"**Answer:** {result.answer or '—'}{mark}")
            tokens = f"{result.prompt_tokens} → {result.completion_tokens} tokens"
            st.caption(f"{result.latency_ms:.1f} ms · {tokens}")
            if len(result.outputs) > 1:
                st.caption("votes: " + ", ".join(f"{a} ×{n}" for a, n in result.votes.items()))
            with st.expander("Prompt"):
                st.code("\n\n".join(f"[{m.role}] {m.content}" for m in result.messages), language=None)
            with st.expander("Replies"):
                st.code("\n\n---\n\n".join(result.outputs), language=None)
    st.table(comparison.rows())
    st.download_button("Download JSON", json.dumps(comparison.to_dict(), indent=2), "comparison.json")
    st.download_button("Download CSV", as_csv(comparison.rows()), "comparison.csv")
