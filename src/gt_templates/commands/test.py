"""``gt-templates test``: a browser smoke test of every task and sample."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import GTTemplatesError, file_problem
from . import reports_errors, write_atomically


@click.command("test")
@click.argument(
    "project_dir",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--junit-xml",
    "junit_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results as a JUnit XML report to this file.",
)
@click.option(
    "--timeout",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for each page step (loading, submitting).",
)
@reports_errors
def smoke_command(project_dir: Path, junit_path: Path | None, timeout: float) -> None:
    """Open, answer and submit every sample of every task in a real Chromium.

    Each page must load without console errors and use only defined crowd-*
    elements; the submitted answer must match the compiled answer schema (or,
    for a hand-written template, each element's documented answer shape).
    Exits 1 when any smoke test fails.
    """
    from ..smoke import format_table, junit_xml, smoke_project

    started = time.perf_counter()
    results = smoke_project(project_dir, timeout_ms=int(timeout * 1000))
    if not results:
        raise GTTemplatesError(
            file_problem(
                project_dir,
                "found no tasks to test",
                "add task definitions under template_sources/ or *.liquid.html "
                "templates, with sample manifests under preview/manifests/",
            )
        )

    click.echo(format_table(results))
    failed = [result for result in results if not result.ok]
    for result in failed:
        click.echo(f"\nFAIL {result.label}\n{result.detail}")
    if junit_path is not None:
        write_atomically(junit_path, junit_xml(results))

    elapsed = time.perf_counter() - started
    passed = len(results) - len(failed)
    click.echo(f"\n{passed} passed, {len(failed)} failed in {elapsed:.1f}s")
    if failed:
        raise SystemExit(1)
