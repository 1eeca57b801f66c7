"""Dry-run throughput and peak memory on generated bounding-box verification manifests.

Generates a verification definition and manifests of 10,000 and 100,000 lines in a
temporary folder, dry-runs each in a fresh process (so peak memory is per run) and
prints lines per second, CPU time per line (parent and workers; unlike wall time it
does not depend on what else the machine runs) and peak RSS: the parent's, and the
largest worker's.

    python benchmarks/dry_run_throughput.py [--workers N] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFINITION = """name: bench-boxes
task: bounding-box-verification
label_attribute: vehicles
output_attribute: vehicles-verified
header: Are the vehicles boxed correctly?
verdicts:
  - Correct
  - Box too loose or too tight
  - Wrong label
  - Vehicle missed
comments: optional
"""
CLASSES = {"0": "car", "1": "truck", "2": "bus", "3": "bicycle"}


def manifest_line(index: int, rng: random.Random) -> str:
    """Return one verification line: an image, 1-6 boxes and their metadata."""
    boxes = [
        {
            "class_id": rng.randrange(4),
            "left": rng.randrange(600),
            "top": rng.randrange(440),
            "width": rng.randrange(10, 200),
            "height": rng.randrange(10, 200),
        }
        for _ in range(rng.randrange(1, 7))
    ]
    line = {
        "source-ref": f"s3://bench-bucket/images/{index:06d}.jpg",
        "vehicles": {
            "image_size": [{"width": 640, "height": 480, "depth": 3}],
            "annotations": boxes,
        },
        "vehicles-metadata": {
            "objects": [{"confidence": 0.9} for _ in boxes],
            "class-map": CLASSES,
            "type": "groundtruth/object-detection",
            "human-annotated": "yes",
            "creation-date": "2026-11-02T09:14:07.123456",
            "job-name": "labeling-job/bench-boxes",
        },
    }
    return json.dumps(line)


def write_manifest(path: Path, lines: int) -> None:
    """Write a manifest of ``lines`` lines, streaming it to disk."""
    rng = random.Random(lines)
    with path.open("w", encoding="utf-8") as stream:
        for index in range(lines):
            stream.write(manifest_line(index, rng) + "\n")


def child(definition: Path, manifest: Path, workers: int) -> None:
    """Run one dry run in this process and print its figures as JSON."""
    from gt_templates.dry_run import dry_run, prepare

    setup, _ = prepare(definition, manifest)
    started = time.perf_counter()
    summary = dry_run(setup, manifest, workers=workers)
    seconds = time.perf_counter() - started
    parent = resource.getrusage(resource.RUSAGE_SELF)
    workers_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "lines": summary.total,
        "failed": summary.failed,
        "seconds": seconds,
        "cpu_seconds": sum(
            (u.ru_utime + u.ru_stime for u in (parent, workers_usage)), 0.0
        ),
        "parent_kib": parent.ru_maxrss,
        "worker_kib": workers_usage.ru_maxrss,
    }
    print(json.dumps(figures))


def measure(definition: Path, manifest: Path, workers: int) -> dict[str, float]:
    """Run a dry run in a fresh interpreter and return its figures."""
    command = [
        sys.executable,
        __file__,
        "--child",
        str(definition),
        str(manifest),
        str(workers),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    """Generate the manifests, run the dry runs and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return

    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"dry-run throughput, {args.workers} worker(s), {os.cpu_count()} core(s)")
    with tempfile.TemporaryDirectory() as folder:
        definition = Path(folder) / "bench-boxes.yaml"
        definition.write_text(DEFINITION)
        for size in sizes:
            manifest = Path(folder) / f"bench-{size}.manifest"
            write_manifest(manifest, size)
            figures = measure(definition, manifest, args.workers)
            rate = figures["lines"] / figures["seconds"]
            cpu_ms = figures["cpu_seconds"] * 1000 / figures["lines"]
            print(
                f"{int(figures['lines']):>7} lines: {figures['seconds']:6.1f} s, "
                f"{rate:7,.0f} lines/s ({cpu_ms:.2f} CPU ms/line), "
                f"failed {int(figures['failed'])}; peak RSS parent "
                f"{figures['parent_kib'] / 1024:.1f} MiB, largest worker "
                f"{figures['worker_kib'] / 1024:.1f} MiB"
            )


if __name__ == "__main__":
    main()
