"""``python -m valossa_metadata``: the command line."""

from valossa_metadata.cli.app import main

if __name__ == "__main__":  # worker processes of `convert` import this module too
    raise SystemExit(main())
