"""The command line of the generator (``python -m valossa_metadata.testing.synthetic``)."""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from valossa_metadata.testing.synthetic.core import core_metadata
from valossa_metadata.testing.synthetic.legacy import legacy_110_metadata
from valossa_metadata.testing.synthetic.samples import _dump, _write_atomic, write_samples


def main(argv: list[str] | None = None) -> int:
    """Command line: write the sample files, or one synthetic Core document (``.gz`` = gzip).

    Examples:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = pathlib.Path(tmp) / "doc.json"
        ...     main(["--duration", "30", "--seed", "2", "-o", str(out)]), out.stat().st_size > 1000
        (0, True)
    """
    parser = argparse.ArgumentParser(
        prog="python -m valossa_metadata.testing.synthetic",
        description="Generate realistic synthetic Valossa Core metadata (seeded, deterministic).",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--write-samples", metavar="DIR", type=Path, help="write all sample files into DIR")
    target.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write one document to FILE (.gz = gzip; default or '-' = stdout)",
    )
    parser.add_argument("--duration", type=float, default=240.0, help="video duration in seconds (240)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--fps", type=float, default=25.0, help="frame rate (25)")
    parser.add_argument("--format-version", default="1.8.1", help="metadata_format to stamp (1.8.1)")
    parser.add_argument("--speakers", type=int, default=3, help="number of speakers (3)")
    parser.add_argument("--faces", type=int, default=8, help="number of face detections (8)")
    parser.add_argument("--legacy", action="store_true", help="generate a 1.1.0-style document instead")
    args = parser.parse_args(argv)
    if args.write_samples is not None:
        for path in write_samples(args.write_samples):
            print(path)
        return 0
    if not args.duration > 0 or not args.fps > 0:
        parser.error("--duration and --fps must be positive")
    if args.legacy:
        doc = legacy_110_metadata(seed=args.seed, duration_s=args.duration)
    else:
        doc = core_metadata(
            args.duration,
            seed=args.seed,
            fps=args.fps,
            format_version=args.format_version,
            speakers=args.speakers,
            faces=args.faces,
        )
    data = _dump(doc)
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8") + "\n")
        return 0
    out = Path(args.output)
    if out.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    _write_atomic(out, data)
    return 0
