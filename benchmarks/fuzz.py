"""The long fuzz run: 100,000 mutated results (or --count) through the whole surface, on every core.

    .venv/bin/python benchmarks/fuzz.py --count 100000 --out fuzz-findings

Inputs come from ``tests/fuzz`` (the seeded mutator over the bundled samples), so input ``i`` of seed
``s`` can be made again alone: ``--seed s --start i --count 1``. Each worker is a process of its
own with its address space capped (``--memory-gb`` above what it uses at start), so an input that
exhausts memory fails there; a worker that dies or stops answering for ``--hang-s`` seconds is
counted as a crash or a hang of the input it was on, and a fresh worker goes on after it.

Every input runs the loaders and the tables; every 5th also the queries and the exports, every
50th the report, every 250th the command line. The run prints the count per outcome (``ok``,
``refused`` with a ValossaError, ``escaped`` by exception type, ``slow`` over 5 s, ``crash``,
``hang``), keeps the smallest input of each escape class under ``--out/<class>/``, and exits 1 when
anything escaped.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--memory-gb", type=float, default=1.0)
    parser.add_argument("--hang-s", type=float, default=120.0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _work(args)
    return _drive(args)


# --- the driver --------------------------------------------------------------------------------------


class _Lane:
    """One worker process over a range of inputs, restarted after the input it died on."""

    def __init__(self, args: argparse.Namespace, start: int, stop: int) -> None:
        self.args, self.next, self.stop = args, start, stop
        self.current: int | None = None
        self.process: subprocess.Popen[str] | None = None
        self.buffer = ""
        self.last_seen = time.monotonic()

    def spawn(self) -> None:
        command = [sys.executable, __file__, "--worker", "--seed", str(self.args.seed)]
        command += ["--start", str(self.next), "--count", str(self.stop - self.next)]
        command += ["--out", str(self.args.out), "--memory-gb", str(self.args.memory_gb)]
        env = dict(os.environ, POLARS_MAX_THREADS="1", PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT, start_new_session=True
        )
        self.last_seen = time.monotonic()


def _drive(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    classes: collections.Counter[str] = collections.Counter()
    size = -(-args.count // args.workers)
    lanes = [
        _Lane(args, a, min(a + size, args.start + args.count))
        for a in range(args.start, args.start + args.count, size)
    ]
    for lane in lanes:
        lane.spawn()
    began = last_note = time.monotonic()
    live = list(lanes)
    while live:
        streams = {lane.process.stdout: lane for lane in live if lane.process and lane.process.stdout}
        ready, _, _ = select.select(list(streams), [], [], 5.0)
        for stream in ready:
            lane = streams[stream]
            line = stream.readline()
            if line:
                lane.last_seen = time.monotonic()
                _record(lane, line, counts, classes)
                continue
            status = lane.process.wait() if lane.process else 0
            if lane.current is not None:  # died on this input
                _failed(args, lane, f"crash (exit {status})", counts, classes)
            if lane.next >= lane.stop:
                live.remove(lane)
            else:
                lane.spawn()
        for lane in list(live):
            if lane.current is not None and time.monotonic() - lane.last_seen > args.hang_s and lane.process:
                os.killpg(lane.process.pid, 9)
                lane.process.wait()
                _failed(args, lane, "hang", counts, classes)
                if lane.next >= lane.stop:
                    live.remove(lane)
                else:
                    lane.spawn()
        if time.monotonic() - last_note > 60:
            last_note = time.monotonic()
            _print(counts, classes, time.monotonic() - began, file=sys.stderr)
    _prune(args.out)
    _print(counts, classes, time.monotonic() - began, file=sys.stdout)
    (args.out / "summary.json").write_text(
        json.dumps({"seed": args.seed, "counts": counts, "classes": classes}, indent=2) + "\n"
    )
    bad = sum(n for outcome, n in counts.items() if outcome not in ("ok", "refused"))
    return 1 if bad else 0


def _record(
    lane: _Lane, line: str, counts: collections.Counter[str], classes: collections.Counter[str]
) -> None:
    kind, _, rest = line.rstrip("\n").partition(" ")
    if kind == "B":
        lane.current = int(rest)
    elif kind == "R":
        result = json.loads(rest)
        counts[result["outcome"]] += 1
        for signature in result["classes"]:
            classes[signature] += 1
        lane.current = None
        lane.next = result["index"] + 1


def _failed(
    args: argparse.Namespace,
    lane: _Lane,
    what: str,
    counts: collections.Counter[str],
    classes: collections.Counter[str],
) -> None:
    from tests.fuzz.mutate import mutant

    index = lane.current if lane.current is not None else lane.next
    outcome = what.split()[0]
    counts[outcome] += 1
    classes[what] += 1
    _save(args.out, what, mutant(args.seed, index))
    lane.current = None
    lane.next = index + 1


def _print(
    counts: collections.Counter[str], classes: collections.Counter[str], seconds: float, *, file: object
) -> None:
    total = sum(counts.values())
    print(
        f"{total} inputs in {seconds:.0f} s: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()),
        file=file,
    )  # type: ignore[call-overload]
    for signature, n in classes.most_common():
        print(f"  {n:7d}  {signature}", file=file)  # type: ignore[call-overload]


def _prune(out: Path) -> None:
    """Keep the smallest input of each class."""
    for folder in out.iterdir():
        if folder.is_dir():
            kept = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_size, p.name))
            for extra in kept[1:]:
                extra.unlink()
                extra.with_suffix(".txt").unlink(missing_ok=True)


# --- a worker ----------------------------------------------------------------------------------------


def _work(args: argparse.Namespace) -> int:
    import resource
    import warnings

    warnings.simplefilter("ignore")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    from tests.fuzz import surface
    from tests.fuzz.mutate import mutant

    surface.run(mutant(args.seed, args.start).data, depth=surface.TABLES)  # warm up before the cap
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    cap = used + int(args.memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    smallest: dict[str, int] = {}
    for index in range(args.start, args.start + args.count):
        print(f"B {index}", flush=True)
        item = mutant(args.seed, index)
        depth = (
            surface.CLI
            if index % 250 == 0
            else surface.REPORT
            if index % 50 == 0
            else surface.QUERIES
            if index % 5 == 0
            else surface.TABLES
        )
        try:
            result = surface.run(item.data, depth=depth)
            if result.outcome == "slow":  # a busy machine, or the input: run it again to tell
                result = surface.run(item.data, depth=depth)
            outcome = result.outcome
            signatures = sorted({e.signature for e in result.escapes})
            if outcome == "slow":
                signatures = [f"slow (> {surface.LIMIT_S:g} s) {item.mutations}"]
        except MemoryError:
            outcome, signatures = "escaped", ["MemoryError (past the memory cap)"]
        for signature in signatures:
            if len(item.data) < smallest.get(signature, 1 << 62):
                smallest[signature] = len(item.data)
                _save(args.out, signature, item)
        print("R " + json.dumps({"index": index, "outcome": outcome, "classes": signatures}), flush=True)
    return 0


def _save(out: Path, signature: str, item: object) -> None:
    folder = out / re.sub(r"[^A-Za-z0-9_.-]+", "_", signature)[:120]
    folder.mkdir(parents=True, exist_ok=True)
    data: bytes = item.data  # type: ignore[attr-defined]
    (folder / f"{item.index}.json").write_bytes(data)  # type: ignore[attr-defined]
    note = {"signature": signature, "seed_file": item.seed_name, "mutations": item.mutations}  # type: ignore[attr-defined]
    (folder / f"{item.index}.txt").write_text(json.dumps(note) + "\n")  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
