"""``gt-templates dry-run``: render and check every line of a manifest before a job."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..checks.rules import RULES
from ..dry_run import DryRunSummary, dry_run, prepare
from . import reports_errors


@click.command("dry-run")
@click.argument(
    "template", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.argument(
    "manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Label category configuration giving task.input.labels.",
)
@click.option(
    "--pre-lambda",
    metavar="MODULE:FUNCTION",
    help="Local pre-annotation Lambda handler (default: the built-in behaviour).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default: every core).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report: total, passed, failed and failures.",
)
@reports_errors
def dry_run_command(
    template: Path,
    manifest: Path,
    labels: Path | None,
    pre_lambda: str | None,
    workers: int | None,
    report: Path | None,
) -> None:
    """Pre-annotate, render and check every line of MANIFEST with TEMPLATE.

    TEMPLATE is a worker template or a task definition (compiled on the fly).
    A bad line never stops the run. Exits 1 when any line failed.
    """
    setup, _ = prepare(template, manifest, labels_path=labels, pre_lambda=pre_lambda)
    size = manifest.stat().st_size

    with click.progressbar(length=size, label="Checking lines", file=sys.stderr) as bar:
        summary = dry_run(
            setup, manifest, workers=workers, report=report, progress=bar.update
        )

    click.echo(format_summary(summary, setup.manifest_path))
    if not summary.ok:
        raise SystemExit(1)


def format_summary(summary: DryRunSummary, manifest: str) -> str:
    """Return the template findings, the first failures and the totals by rule."""
    lines = [finding.format() for finding in summary.template_findings]

    for number, rule, message, where in summary.shown:
        at = f" (at {where})" if where else ""
        lines.append(f"{manifest}:{number}:1: {rule} error: {message}{at}")
    more = sum(summary.errors_by_rule.values()) - len(summary.shown)
    if more > 0:
        lines.append(f"... and {more} more failure(s); --report FILE lists them all")

    rate = summary.total / summary.seconds if summary.seconds else 0.0
    lines.append(
        f"{summary.total} line(s): {summary.passed} passed, {summary.failed} failed"
        f" ({summary.skipped} skipped by pre-annotation) in {summary.seconds:.1f} s,"
        f" {rate:,.0f} lines/s"
    )
    for rule, count in sorted(summary.failed_lines_by_rule.items()):
        lines.append(f"  {rule} {RULES[rule].slug}: {count} line(s) failed")
    for rule, count in sorted(summary.warnings_by_rule.items()):
        lines.append(f"  {rule} {RULES[rule].slug}: {count} warning(s)")
    return "\n".join(lines)
