from __future__ import annotations

import json

import pytest

from {{ cookiecutter.package_name }}.preferences import (
    FORMATS,
    Pair,
    prepare,
    report,
    stage_files,
    write,
)
from {{ cookiecutter.package_name }}.tuning.records import DataError, normalize
from {{ cookiecutter.package_name }}.tuning.settings import DataSettings


@pytest.fixture(scope="module")
def prepared():
    return prepare(DataSettings())


def test_the_bundled_pairs_are_checked_with_a_reason_for_every_drop(prepared):
    reasons = {record.line: reason for record, reason in prepared.curation.dropped}
    assert prepared.total == 30 and len(prepared.train) + len(prepared.eval) == 25
    assert reasons == {
        6: "duplicate: same as line 1",
        12: "contradiction: line 13 prefers the other response",
        13: "contradiction: line 12 prefers the other response",
        19: "no preference: chosen and rejected are the same",
        24: "missing field: 'rejected' must be a non-empty string",
    }
    assert report(prepared)[0] == ("30 pairs read, 25 kept, 5 dropped "
                                   "(2 contradiction, 1 duplicate, 1 missing field, 1 no preference)")


def test_the_split_is_by_prompt_and_reproducible(prepared):
    assert (len(prepared.train), len(prepared.eval)) == (20, 5)
    assert not {normalize(p.prompt) for p in prepared.train} & {normalize(p.prompt) for p in prepared.eval}
    assert [p.line for p in prepare(DataSettings()).eval] == [p.line for p in prepared.eval]


def test_each_stage_gets_its_own_format():
    pair = Pair("Q?", "good", "bad")
    assert FORMATS["sft"](pair) == {"messages": [{"role": "user", "content": "Q?"},
                                                 {"role": "assistant", "content": "good"}]}
    reward = FORMATS["reward"](pair)
    assert reward["chosen"][-1]["content"] == "good" and reward["rejected"][-1]["content"] == "bad"
    assert reward["chosen"][0] == reward["rejected"][0] == {"role": "user", "content": "Q?"}
    assert FORMATS["dpo"](pair) == {"prompt": [{"role": "user", "content": "Q?"}],
                                    "chosen": [{"role": "assistant", "content": "good"}],
                                    "rejected": [{"role": "assistant", "content": "bad"}]}


def test_files_for_every_stage(prepared, tmp_path):
    paths = write(prepared, tmp_path)
    assert len(paths) == 8
    train_file, eval_file = stage_files(tmp_path, "dpo")
    assert len(train_file.read_text().splitlines()) == 20 and len(eval_file.read_text().splitlines()) == 5
    first = json.loads((tmp_path / "pairs" / "train.jsonl").read_text().splitlines()[0])
    assert set(first) == {"prompt", "chosen", "rejected"}


def test_length_filter_and_empty_results(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"prompt": "Why?", "chosen": "Because " * 200, "rejected": "No."}) + "\n")
    with pytest.raises(DataError, match="no record is left"):
        prepare(DataSettings(path=str(path), max_tokens=50))
    assert len(prepare(DataSettings(path=str(path), max_tokens=500, eval_fraction=0)).train) == 1
