"""The pictures in docs/images are the ones docs/make_images.py makes, and the docs show them all."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def make_images() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_images", DOCS / "make_images.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_picture_is_made_by_the_script_and_shown() -> None:
    module = make_images()
    pictures = set(module.PICTURES) | set(module.SCREENSHOTS)
    assert {p.name for p in (DOCS / "images").iterdir()} == pictures
    shown = {
        name
        for page in ("plots.md", "report.md")
        for name in re.findall(r"\]\(images/([^)]+)\)", (DOCS / page).read_text(encoding="utf-8"))
    }
    assert shown == pictures


def test_links_between_the_new_pages_resolve() -> None:
    for page in ("plots.md", "exports.md", "report.md"):
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", (DOCS / page).read_text(encoding="utf-8")):
            assert (DOCS / target).exists(), f"{page}: {target}"


def test_the_script_refuses_unknown_names() -> None:
    assert make_images().main(["nothing.png"]) == 2
