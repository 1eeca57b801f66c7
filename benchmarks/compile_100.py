"""Compile 100 task definitions, the way ``gt-templates compile`` does.

The 100 definitions are copies of the four examples in template_sources/ under new
names, written to a temporary folder. Prints the median of five runs of
``gt-templates compile`` on them (loading, checking, compiling and writing 500
files) and of load + compile alone. Target: under 1 s for 100 definitions.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from gt_templates.cli import main
from gt_templates.compiler import compile_definition
from gt_templates.definition import load_definition

SOURCES = sorted(
    (Path(__file__).resolve().parent.parent / "template_sources").glob("*.yaml")
)
COUNT = 100
RUNS = 5


def write_definitions(folder: Path) -> list[Path]:
    """Write COUNT definitions cycling through the examples, each with its own name."""
    paths = []
    for number in range(COUNT):
        source = SOURCES[number % len(SOURCES)]
        text = source.read_text(encoding="utf-8")
        name = f"{source.stem}-{number:03d}"
        path = folder / f"{name}.yaml"
        path.write_text(
            text.replace(f"name: {source.stem}\n", f"name: {name}\n"), encoding="utf-8"
        )
        paths.append(path)
    return paths


def time_compile_only(paths: list[Path]) -> float:
    """Return the seconds load_definition + compile_definition take for every path."""
    start = time.perf_counter()
    for path in paths:
        compile_definition(load_definition(path)).files()
    return time.perf_counter() - start


def time_command(folder: Path, outdir: Path) -> float:
    """Return the seconds one ``gt-templates compile`` run takes."""
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["compile", str(folder), "-o", str(outdir)])
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return elapsed


def main_benchmark() -> None:
    """Print the median timings."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "template_sources"
        folder.mkdir()
        paths = write_definitions(folder)
        compile_only = [time_compile_only(paths) for _ in range(RUNS)]
        command = [time_command(folder, Path(temporary) / "build") for _ in range(RUNS)]
        written = len(list((Path(temporary) / "build").iterdir()))

    print(f"definitions: {COUNT}, files written per run: {written}")
    print(
        f"load + compile:         median {statistics.median(compile_only) * 1000:.0f} ms"
    )
    print(f"gt-templates compile:   median {statistics.median(command) * 1000:.0f} ms")
    print(f"target: under 1000 ms -> {'met' if max(command) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main_benchmark()
