"""Time one smoke test of one task once the browser has started (target: under 1 s).

Usage: python benchmarks/smoke_one_task.py [--project DIR] [--task NAME] [--repeat N]

The browser launch and one warm-up visit are excluded: they are paid once per
``gt-templates test`` run, not per task. Prints every run, then the median.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from gt_templates.project import Project
from gt_templates.smoke import browser_session, smoke_sample

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--task", action="append", dest="tasks")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    project = Project(options.project)
    names = options.tasks or [task.name for task in project.tasks() if task.compiled]

    started = time.perf_counter()
    with browser_session(options.project) as session:
        print(f"browser and server start: {time.perf_counter() - started:.2f} s")
        for name in dict.fromkeys(names):
            task = project.task(name)
            assert task is not None, f"no task {name!r} in {options.project}"
            smoke_sample(session, task, 0, 10_000)

            times = []
            for _ in range(options.repeat):
                result = smoke_sample(session, task, 0, 10_000)
                assert result.ok, result.detail
                times.append(result.seconds)
            runs = " ".join(f"{seconds:.3f}" for seconds in times)
            median = statistics.median(times)
            print(f"{name}: median {median:.3f} s per smoke test (runs: {runs})")


if __name__ == "__main__":
    main()
