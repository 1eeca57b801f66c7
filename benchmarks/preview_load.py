"""Task-page response time of the preview server under submission load.

Copies the bundled example project to a temporary folder, serves it on a free
port (werkzeug, threaded, as ``gt-templates preview`` does) and runs 20
concurrent clients that each load a task page and then submit an answer to
it, until 1,000 answers are stored. Prints the p50 and p99 response time of
the task pages and of the submissions, and the submission throughput.

Usage: python benchmarks/preview_load.py [--clients 20] [--submissions 1000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import shutil
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

from gt_templates.harness import serve
from gt_templates.preview import create_app
from gt_templates.project import Project, Task

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("template_sources", "preview")


def copy_examples(target: Path) -> Path:
    """Copy the example definitions and sample data; return the project folder."""
    for name in COPIED:
        shutil.copytree(ROOT / name, target / name)
    return target


def verdict_answer(task: Task) -> str:
    """Return the answer array a worker choosing the first verdict submits."""
    assert task.definition is not None
    choice = {"label": task.definition.verdicts[0], "workerComment": "looks fine"}
    return json.dumps([{task.definition.element_name: choice}])


def timed(host: str, method: str, path: str, body: str | None = None) -> float:
    """Make one request and return its duration in seconds."""
    start = time.perf_counter()
    connection = HTTPConnection(host, timeout=120)
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status >= 400:
        raise RuntimeError(f"{method} {path} answered {response.status}")
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of ``values`` in milliseconds."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))
    return ordered[rank] * 1000


def main() -> None:
    """Run the load and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--submissions", type=int, default=1000)
    options = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as folder:
        project = copy_examples(Path(folder))
        targets = [
            (task.name, sample.index, verdict_answer(task))
            for task in Project(project).tasks()
            if task.definition is not None and task.definition.is_verification
            for sample in task.samples()
        ]
        pages: list[float] = []
        posts: list[float] = []
        counter = itertools.count()
        cycle = itertools.cycle(targets)
        lock = threading.Lock()

        with serve(create_app(project)) as url:
            host = url.removeprefix("http://")

            def client(_: int) -> None:
                while next(counter) < options.submissions:
                    with lock:
                        task, sample, answers = next(cycle)
                    pages.append(timed(host, "GET", f"/tasks/{task}/{sample}"))
                    body = urlencode({"taskAnswers": answers})
                    posts.append(
                        timed(host, "POST", f"/tasks/{task}/{sample}/submit", body)
                    )

            start = time.perf_counter()
            with ThreadPoolExecutor(options.clients) as pool:
                list(pool.map(client, range(options.clients)))
            elapsed = time.perf_counter() - start

    print(
        f"{options.clients} clients, {len(posts)} submissions in {elapsed:.1f} s "
        f"({len(posts) / elapsed:.0f} submissions/s)"
    )
    print(
        f"task page   p50 {percentile(pages, 0.50):7.1f} ms   "
        f"p99 {percentile(pages, 0.99):7.1f} ms   mean {statistics.mean(pages) * 1000:.1f} ms"
    )
    print(
        f"submission  p50 {percentile(posts, 0.50):7.1f} ms   "
        f"p99 {percentile(posts, 0.99):7.1f} ms"
    )


if __name__ == "__main__":
    main()
