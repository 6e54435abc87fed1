from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.curate import curate, report, write
from {{ cookiecutter.package_name }}.recipe import InstructionData, load_recipe
from {{ cookiecutter.package_name }}.tuning.records import DataError, normalize


@pytest.fixture(scope="module")
def curated():
    return curate(load_recipe().data)


def test_the_bundled_data_is_curated_with_a_reason_for_every_drop(curated):
    reasons = {record.line: reason for record, reason in curated.curation.dropped}
    assert curated.total == 57 and len(curated.train) + len(curated.eval) == 52
    assert reasons[10] == "duplicate: same as line 2"  # same question, other case and punctuation
    assert reasons[24] == "duplicate: same as line 1"
    assert reasons[34].startswith("too long") and reasons[48].startswith("too short")
    assert "'output'" in reasons[42]
    assert curated.curation.reasons() == {"duplicate": 2, "too long": 1, "too short": 1, "missing field": 1}


def test_the_split_is_reproducible_and_does_not_leak(curated):
    assert len(curated.eval) == 11
    again = curate(load_recipe().data)
    assert [e.line for e in again.eval] == [e.line for e in curated.eval]
    assert not {normalize(e.input) for e in curated.train} & {normalize(e.input) for e in curated.eval}
    assert {e.task for e in curated.eval} == {"Classify this support", "Answer the customer's"}


def test_examples_become_chats_on_disk(curated, tmp_path):
    train_file, eval_file = write(curated, tmp_path, "SYSTEM")
    row = json.loads(train_file.read_text().splitlines()[0])
    assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant"]
    assert row["messages"][0]["content"] == "SYSTEM" and row["text"].startswith("<|im_start|>system\nSYSTEM")
    assert len(eval_file.read_text().splitlines()) == len(curated.eval)
    assert report(curated)[0].startswith("57 records read, 52 kept, 5 dropped")


def test_your_own_file_and_its_errors(tmp_path):
    path = tmp_path / "mine.jsonl"
    rows = [{"instruction": "Say hi", "output": "Hello there, friend"},
            {"instruction": "Translate", "input": "chat", "output": "cat in English"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    curated = curate(InstructionData(path=str(path), eval_fraction=0.5))
    assert len(curated.train) == 1 and len(curated.eval) == 1
    path.write_text('{"instruction": "x", "output": ""}\n')
    with pytest.raises(DataError, match="no record is left"):
        curate(InstructionData(path=str(path)))
