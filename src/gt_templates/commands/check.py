"""``gt-templates check``: lint templates, definitions and their sample data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..checks import RULES, Finding, Severity, check_paths
from ..sarif import to_sarif
from . import reports_errors

FORMATS = ("text", "json", "sarif")


@click.command("check")
@click.argument(
    "paths",
    nargs=-1,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Input manifest for the data checks (default: each task's sample manifest).",
)
@click.option(
    "--labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Label category configuration giving task.input.labels.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col: RULE-ID severity: message; json; sarif (GitHub).",
)
@click.option(
    "--rules",
    "list_rules",
    is_flag=True,
    help="List every rule, why it matters and how to fix it, then exit.",
)
@reports_errors
def check(
    paths: tuple[Path, ...],
    manifest: Path | None,
    labels: Path | None,
    output_format: str,
    list_rules: bool,
) -> None:
    """Check templates, definitions and project folders for Ground Truth problems.

    PATH is a *.liquid.html template, a task definition (*.yaml) or a project
    folder. Templates are checked once; with a manifest (--manifest, or the
    task's preview/manifests/<name>.manifest) every line is also rendered and
    checked. Exits 1 if any error was found, 0 if only warnings.
    """
    if list_rules:
        click.echo(describe_rules())
        return
    if not paths:
        raise click.UsageError(
            "give at least one PATH (a template, definition or folder)"
        )
    if labels is not None and manifest is None:
        raise click.UsageError("--labels only works together with --manifest")

    findings = check_paths(paths, manifest=manifest, labels=labels)
    click.echo(render_findings(findings, output_format))
    if output_format == "text":
        click.echo(_summary(findings), err=True)

    if any(finding.severity is Severity.ERROR for finding in findings):
        raise SystemExit(1)


def describe_rules() -> str:
    """Return every rule's id, slug, severity and documentation, one block each."""
    blocks = [
        f"{rule.id} {rule.slug} ({rule.severity})\n  {rule.summary}.\n"
        f"  Why: {rule.why}\n  Fix: {rule.fix}"
        for rule in RULES.values()
    ]
    return "\n".join(blocks)


def render_findings(findings: list[Finding], output_format: str) -> str:
    """Return the findings as text lines, a JSON document or a SARIF log."""
    if output_format == "sarif":
        return json.dumps(to_sarif(findings), indent=2)
    if output_format == "json":
        return json.dumps(
            {
                "findings": [finding.to_dict() for finding in findings],
                "errors": _count(findings, Severity.ERROR),
                "warnings": _count(findings, Severity.WARNING),
                "rules": {rule.id: rule.slug for rule in RULES.values()},
            },
            indent=2,
        )
    return "\n".join(finding.format() for finding in findings)


def _count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity is severity)


def _summary(findings: list[Finding]) -> str:
    errors = _count(findings, Severity.ERROR)
    warnings = _count(findings, Severity.WARNING)
    return f"{errors} error(s), {warnings} warning(s)"
