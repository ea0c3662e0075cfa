"""metadata-reader's mode names as aliases, taking its flags as well as this tool's.

=============================  ==============================
metadata-reader mode           command here
=============================  ==============================
``list-detections``            ``detections``
``list-detections-by-second``  ``seconds``
``list-categories``            ``categories``
``list-occurrences``           ``occurrences``
``summary``                    ``summary``
``metadata-info``              ``info``
``plot``                       ``plot`` (registered with the plots)
=============================  ==============================

Unlike metadata-reader, ``-t`` and ``-c`` take globs, no category blacklist applies unless
``--metadata-reader-blacklist`` is given, and no option crashes on old files.
"""

from __future__ import annotations

from valossa_metadata.cli import query
from valossa_metadata.cli.common import Subparsers

__all__ = ["ALIASES", "register"]

#: metadata-reader mode -> (command here, parser builder).
ALIASES = {
    "list-detections": ("detections", query.detections_parser),
    "list-detections-by-second": ("seconds", query.seconds_parser),
    "list-categories": ("categories", query.categories_parser),
    "list-occurrences": ("occurrences", query.occurrences_parser),
    "metadata-info": ("info", query.info_parser),
}


def register(commands: Subparsers) -> None:
    """Add the metadata-reader aliases (``summary`` needs none: it has the same name here)."""
    for mode, (target, builder) in ALIASES.items():
        text = f"metadata-reader's {mode}: the same as '{target}', with its flags too"
        builder(commands.add_parser(mode, help=text, description=text + "."), metareader=True)
