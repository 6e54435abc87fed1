"""The command line ends quietly when its reader stops early (`… | head`), as Unix tools do.

`config.console_main` does it; each project's test_cli.py checks its own commands with the
`run_into_closed_pipe` fixture of conftest.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from {{ cookiecutter.package_name }}.config import console_main

PRINTS_A_LOT = """
import sys
from {{ cookiecutter.package_name }}.config import console_main

@console_main
def main(argv=None):
    for i in range(100_000):
        print("line", i)
    return 0

sys.exit(main())
"""


def test_a_closed_pipe_ends_the_output_without_a_traceback():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        proc = subprocess.run([sys.executable, "-c", PRINTS_A_LOT], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert proc.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored in: …"
    assert proc.returncode == 1


def test_another_broken_pipe_is_still_an_error():
    @console_main
    def broken(argv=None):
        raise BrokenPipeError("a socket of ours, not stdout")

    with pytest.raises(BrokenPipeError):
        broken([])


def test_the_exit_code_of_main_is_kept():
    assert console_main(lambda argv: 3)([]) == 3
