"""The package's shape: a small public top level, no import cycles, old module names still import."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
import warnings
from pathlib import Path

import grimp
import pytest

import valossa_metadata as vm
from valossa_metadata import _compat

ROOT = Path(__file__).resolve().parent.parent
LAZY = {"Client", "JobStatus", "convert", "scan", "ArchiveError", "ConvertSummary"}


def test_at_most_fourteen_public_names_at_the_top() -> None:
    public = [m.name for m in pkgutil.iter_modules(vm.__path__) if not m.name.startswith("_")]
    assert len(public) <= 14, sorted(public)


def test_dir_lists_the_lazy_names_without_loading_them() -> None:
    code = (
        "import sys, valossa_metadata as vm; names = dir(vm);"
        f"assert {sorted(LAZY)!r} == sorted(n for n in names if n in {sorted(LAZY)!r}), names;"
        "assert 'requests' not in sys.modules and 'valossa_metadata.archive' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_all_is_sorted_and_documented() -> None:
    # isort's order, as ruff's RUF022 keeps it: constants, classes, then the rest.
    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert vm.__all__ == sorted(vm.__all__, key=kind)
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^        - (\w+)$", reference, flags=re.MULTILINE))
    errors = set(importlib.import_module("valossa_metadata.errors").__all__)
    for name in vm.__all__:
        assert name in documented | errors | {"__version__", "Client", "JobStatus"}, name


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("valossa_metadata", exclude_type_checking_imports=True)
    cycles = [
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if a != b and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []


def test_the_layer_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint)], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("old", sorted(_compat.MOVED))
def test_old_module_names_import_with_a_warning(old: str) -> None:
    fullname = f"valossa_metadata.{old}"
    sys.modules.pop(fullname, None)
    with pytest.warns(DeprecationWarning, match=f"{fullname} is now"):
        module = importlib.import_module(fullname)
    target = _compat.new_name(fullname)
    assert target is not None
    assert module is importlib.import_module(target)


def test_old_names_of_submodules_and_functions() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from valossa_metadata.commands.query import register  # type: ignore[import-not-found]
        from valossa_metadata.decode import loads  # type: ignore[import-not-found]

    from valossa_metadata.cli.query import register as new_register

    assert register is new_register
    assert loads is vm.loads
    assert _compat.new_name("valossa_metadata.query") is None
    assert _compat.new_name("other.selection") is None
