"""Each notebook's text file (jupytext percent format) and its committed, executed `.ipynb` agree."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat import NotebookNode

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TEXTS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
REBUILD = "run `make notebooks-build` after editing a notebook's .py file"


def cells(notebook: NotebookNode) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def first_difference(text: list[tuple[str, str]], paired: list[tuple[str, str]]) -> str:
    for index, (ours, theirs) in enumerate(zip(text, paired)):
        if ours != theirs:
            return f"cell {index} differs:\n.py:    {ours!r}\n.ipynb: {theirs!r}"
    return f"the .py has {len(text)} cells, the .ipynb {len(paired)}"


def test_every_notebook_has_its_text_file() -> None:
    assert len(TEXTS) == 6
    assert {path.stem for path in NOTEBOOKS.glob("*.ipynb")} == {path.stem for path in TEXTS}


@pytest.mark.parametrize("text", TEXTS, ids=lambda path: path.stem)
def test_notebook_holds_the_cells_of_its_text_file(text: Path) -> None:
    paired = nbformat.read(text.with_suffix(".ipynb"), as_version=4)
    ours, theirs = cells(jupytext.read(text)), cells(paired)
    assert ours == theirs, f"{text.name} and its .ipynb differ: {first_difference(ours, theirs)}; {REBUILD}"
    assert paired.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("text", TEXTS, ids=lambda path: path.stem)
def test_notebook_is_committed_executed_top_to_bottom(text: Path) -> None:
    paired = nbformat.read(text.with_suffix(".ipynb"), as_version=4)
    counts = [cell.execution_count for cell in paired.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{text.stem}.ipynb is not executed; {REBUILD}"
