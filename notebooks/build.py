"""Write each notebook's `.ipynb` from its text file, executed: ``python notebooks/build.py [NAME ...]``.

The numbered `.py` files (jupytext percent format) are the notebooks' source. The `.ipynb` beside each
is generated from it and committed with its outputs, so that it reads well on the web; ``make test``
checks that each pair holds the same cells and executes the notebooks again (nbmake).
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbformat import NotebookNode

HERE = Path(__file__).resolve().parent


def text_notebooks() -> list[Path]:
    """The notebooks' text files, in reading order."""
    return sorted(HERE.glob("[0-9][0-9]_*.py"))


def name_cells_by_content(notebook: NotebookNode) -> None:
    """Give each cell an id made from its content, so that rebuilding changes only the ids of edited cells."""
    seen: Counter[str] = Counter()
    for cell in notebook.cells:
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]
        seen[digest] += 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def build(text: Path) -> None:
    """Execute the notebook of `text` in this folder and write it next to `text` as `.ipynb`."""
    notebook = jupytext.read(text)
    name_cells_by_content(notebook)
    (HERE / "out").mkdir(exist_ok=True)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(HERE)}},
    )
    client.execute()
    jupytext.write(notebook, text.with_suffix(".ipynb"))
    print(f"wrote {text.stem}.ipynb")


if __name__ == "__main__":
    names = set(sys.argv[1:])
    unknown = names - {text.stem for text in text_notebooks()}
    if unknown:
        sys.exit(f"no such notebook: {', '.join(sorted(unknown))}")
    for text in text_notebooks():
        if not names or text.stem in names:
            build(text)
