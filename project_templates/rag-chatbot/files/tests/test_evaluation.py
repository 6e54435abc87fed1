from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.evaluation import EvalSetError, evaluate, evaluate_bundled, load_cases
from {{ cookiecutter.package_name }}.index import Index
from {{ cookiecutter.package_name }}.rag import RagPipeline, default_provider


def test_the_bundled_set_is_retrieved_and_answered_offline():
    report = evaluate_bundled(default_provider("fake"), k=4)
    assert len(report.cases) >= 20
    assert report.hit_at_k >= 0.9 and report.mrr >= 0.8
    assert report.answer_accuracy >= 0.8  # the offline reader quotes the right sentence and cites its page


def test_a_question_set_of_your_own_runs_against_your_index(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text("# FAQ\n## Shipping\nParcels ship within 2 days.\n"
                                              "## Returns\nReturns are free for 30 days.\n")
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"question": "How long are returns free?", "source": "faq.md", '
                     '"section": "FAQ > Returns", "answer": "30 days"}\n'
                     '{"question": "What is the warranty?", "source": "faq.md", '
                     '"section": "FAQ > Warranty"}\n')
    rag = RagPipeline(Index(tmp_path / "index", default_provider("fake")))
    rag.ingest([tmp_path / "docs"])
    report = evaluate(rag, load_cases(cases), k=1)
    assert [c.rank for c in report.cases] == [1, None]
    assert (report.hit_at_1, report.mrr, report.answer_accuracy) == (0.5, 0.5, 0.5)


@pytest.mark.parametrize("line,message", [
    ('{"question": "q"}', ":1: field 'source'"),
    ('{"question": "q", "source": "a.pdf", "page": 0}', ":1: field 'page'"),
    ('{"question": "q", "source": "a.pdf", "page": NaN}', ":1: NaN is not allowed"),
    ("[1, 2]", ":1: not a JSON object"),
    ("", "no questions"),
])
def test_bad_question_sets_name_the_file_and_line(tmp_path, line, message):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(line + "\n")
    with pytest.raises(EvalSetError, match=message):
        load_cases(cases)
