"""Docs and --help agree; the public API is curated; docstrings' examples run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import valossa_metadata as vm
from valossa_metadata.cli.doc import command_options, reference_markdown

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"


def documented_sections(text: str) -> dict[str, str]:
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in sections}


def test_every_command_and_option_is_documented() -> None:
    sections = documented_sections(CLI_DOC.read_text(encoding="utf-8"))
    commands = command_options()
    assert set(commands) <= set(sections), "run: python -m valossa_metadata.cli.doc > docs/cli.md"
    for command, options in commands.items():
        documented = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", sections[command]))
        assert options <= documented, f"{command}: undocumented {sorted(options - documented)}"


def test_documented_commands_exist() -> None:
    sections = documented_sections(CLI_DOC.read_text(encoding="utf-8"))
    assert set(sections) - {"valossa-metadata"} <= set(command_options())


def test_reference_is_current() -> None:
    # The exact text depends on the Python version's argparse; compare where it is the project's own.
    generated = documented_sections(reference_markdown())
    committed = documented_sections(CLI_DOC.read_text(encoding="utf-8"))
    assert generated.keys() == committed.keys()


def test_all_is_sorted_and_complete() -> None:
    # ruff's RUF022 keeps the order sorted (isort-style); here: no duplicates, nothing missing.
    assert len(set(vm.__all__)) == len(vm.__all__)
    for name in vm.__all__:
        assert hasattr(vm, name), name
    public = {n for n in dir(vm) if not n.startswith("_") and not isinstance(getattr(vm, n), type(vm))}
    assert public <= set(vm.__all__) | {"annotations"}


MODULES = sorted(
    m.name for m in pkgutil.walk_packages(vm.__path__, "valossa_metadata.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_table_column_is_documented() -> None:
    text = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")
    for name, schema in vm.TABLE_SCHEMAS.items():
        section = text.split(f"### `{name}()`", 1)[1].split("###", 1)[0]
        rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", section, flags=re.MULTILINE)
        assert rows == [(column, str(dtype)) for column, dtype in schema.items()], name


def python_blocks(path: Path) -> list[str]:
    """The ```python blocks of a page (```py blocks are shown only, not run)."""
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


PAGES = sorted(p for p in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"] if python_blocks(p))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_documented_python_runs(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}", "TMP": tmp_path}
    for number, block in enumerate(python_blocks(page), start=1):
        try:
            exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"{page.name}, python block {number} fails: {exc!r}") from exc
