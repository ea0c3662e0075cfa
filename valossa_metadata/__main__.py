"""``python -m valossa_metadata``: the command line."""

from valossa_metadata.cli import main

raise SystemExit(main())
