"""`genai --help` and `genai next` must not import heavy modules (the speed budget depends on it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import MINI

HEAVY = {"cookiecutter", "git", "questionary", "psutil", "pynvml", "filelock", "jinja2", "fsrs"}

PROBE = """
import json, sys
sys.argv = ["genai", *json.loads(sys.argv[1])]
from genai_roadmap.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


@pytest.mark.parametrize("args", [["--help"], ["next"], ["next", "-r", str(MINI)], ["status"], ["next", "--json"]])
def test_fast_paths_import_no_heavy_modules(args):
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          env={**os.environ})
    loaded = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert not (loaded & HEAVY), loaded & HEAVY
    assert "genai_roadmap" in loaded


def test_yaml_is_not_parsed_on_a_warm_next():
    # first run fills the cache; the second must not import the YAML parser at all
    subprocess.run([sys.executable, "-c", PROBE, json.dumps(["next"])], capture_output=True)
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(["next"])], capture_output=True, text=True)
    assert "yaml" not in json.loads(proc.stderr.strip().splitlines()[-1])
