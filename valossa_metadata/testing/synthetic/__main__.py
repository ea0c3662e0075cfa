"""``python -m valossa_metadata.testing.synthetic``: the generator's command line (see :func:`main`)."""

from valossa_metadata.testing.synthetic.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
