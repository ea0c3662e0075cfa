"""``python -m valossa_metadata.synthetic``: the generator's command line (see :func:`main`)."""

from valossa_metadata.synthetic.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
