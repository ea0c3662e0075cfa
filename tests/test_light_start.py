"""Table commands start light: no plotting, HTTP or Arrow library, no archive writer and no other
command group is imported to print a table."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REAL_131

HEAVY = (
    "matplotlib",
    "requests",
    "pyarrow",
    "deltalake",
    "multiprocessing",
    "valossa_metadata.archive.dataset",
    "valossa_metadata.cli.api",
    "valossa_metadata.cli.archive",
    "valossa_metadata.cli.plots",
)

TABLE_COMMANDS = [
    ["list-occurrences", "-f", "csv"],
    ["occurrences", "-f", "json"],
    ["detections", "-f", "csv"],
    ["list-detections-by-second", "-f", "csv"],
    ["categories"],
    ["summary"],
    ["faces"],
    ["speakers"],
]

_CHILD = """
import contextlib, io, json, sys
import valossa_metadata.cli as cli
argv = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = cli.main(argv)
heavy = [name for name in json.loads(sys.argv[2]) if name in sys.modules]
print(json.dumps({"status": status, "heavy": heavy, "printed": len(out.getvalue())}))
"""


@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=lambda c: c[0])
def test_table_command_imports_nothing_heavy(command: list[str]) -> None:
    argv = [command[0], str(REAL_131), *command[1:]]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(argv), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == 0
    assert result["printed"] > 0
    assert result["heavy"] == []


def test_the_check_sees_a_heavy_import() -> None:
    """The check is real: it reports a heavy module once one is imported."""
    code = _CHILD.replace("status = cli.main(argv)", "import matplotlib; status = 0; print('x')")
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps([]), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["heavy"] == ["matplotlib"]
