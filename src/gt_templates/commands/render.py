"""``gt-templates render``: one template, one task input, the worker's HTML."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, TemplateError, UsageError
from ..manifest import read_manifest_line
from ..rendering import RenderResult, render_ui_template
from ..s3 import (
    DEFAULT_BASE_URL,
    DEFAULT_S3_ROOT,
    Boto3Presigner,
    LocalPresigner,
    Presigner,
)
from ..task_input import load_label_config, verification_task_input
from . import reports_errors, write_atomically

DEFINITION_SUFFIXES = (".yaml", ".yml")


def load_template(path: Path) -> tuple[str, list[str]]:
    """Return a template's text, compiling a definition file on the fly.

    The second item is the label names a definition declares (its verdicts,
    or the adjustment labels); empty for a plain template.
    """
    if path.suffix in DEFINITION_SUFFIXES:
        from ..compiler import compile_definition
        from ..definition import load_definition

        compiled = compile_definition(load_definition(path))
        labels = [entry["label"] for entry in compiled.labels_config["labels"]]
        return compiled.template, labels

    try:
        return path.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(
            Problem(str(path), 0, 0, f"cannot read the template: {error}")
        ) from None


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(
            Problem(source, 0, 0, f"cannot read the task input: {error.strerror}")
        ) from None


def _task_input(
    input_file: str | None,
    manifest: Path | None,
    line: int | None,
    labels_file: Path | None,
    default_labels: list[str],
) -> str | dict[str, Any]:
    if input_file is not None and manifest is not None:
        raise UsageError("give either --input or --manifest, not both")
    if manifest is not None:
        if line is None:
            raise UsageError("--manifest needs --line N (1-based line number)")
        labels = load_label_config(labels_file) if labels_file else default_labels
        return verification_task_input(read_manifest_line(manifest, line), labels)
    if line is not None or labels_file is not None:
        raise UsageError("--line and --labels only work together with --manifest")
    if input_file is None:
        return {}
    return _read_input(input_file)


def _presigner(presign: str, base_url: str) -> Presigner:
    if presign == "aws":
        return Boto3Presigner()
    return LocalPresigner(base_url=base_url)


# How to fix each kind of render error, for the command line's messages.
RENDER_HINTS = {
    "TemplateSyntaxError": "fix the Liquid at this position; every {% if %}, "
    "{% for %}, {% case %} and {% capture %} needs its end tag; "
    "`gt-templates check` says more",
    "InvalidParameters": "give grant_read_access an s3://bucket/key URI or an S3 "
    "HTTPS URL: check the task input field it reads",
    "RenderingError": "the template parses but fails on this input: check the "
    "filter names and arguments here",
    "ValidationException": "keep the template and the task input within 128,000 "
    "characters each, and the task input a JSON object",
}


def _report(template: Path, result: RenderResult) -> None:
    for error in result.errors:
        where = f"{template}:{max(error.line, 1)}:{max(error.col, 1)}"
        hint = RENDER_HINTS.get(error.code, "")
        message = f"error: {where}: {error.code}: {error.message}"
        click.echo(f"{message} ({hint})" if hint else message, err=True)


@click.command()
@click.argument(
    "template", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--input", "input_file", metavar="FILE", help="Task input JSON (- for stdin)."
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Input manifest to take the task input from, as the built-in pre-annotation does.",
)
@click.option("--line", type=click.IntRange(min=1), help="1-based line of --manifest.")
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Label category configuration file (document-version 2018-11-28).",
)
@click.option("--json", "as_json", is_flag=True, help="Print RenderUiTemplate's JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--standalone",
    is_flag=True,
    help="Inline the element stand-ins and S3 files: one page that works from file://.",
)
@click.option(
    "--s3-root",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_S3_ROOT,
    show_default=True,
    help="Local folder standing in for S3 (<root>/<bucket>/<key>).",
)
@click.option(
    "--presign",
    type=click.Choice(["local", "aws"]),
    default="local",
    show_default=True,
    help="'aws' presigns real S3 URLs with boto3 and your credentials.",
)
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True, hidden=True)
@reports_errors
def render(
    template: Path,
    input_file: str | None,
    manifest: Path | None,
    line: int | None,
    labels_file: Path | None,
    as_json: bool,
    output: Path | None,
    standalone: bool,
    s3_root: Path,
    presign: str,
    base_url: str,
) -> None:
    """Render TEMPLATE (a template or a task definition) with a task input."""
    source, default_labels = load_template(template)
    task_input = _task_input(input_file, manifest, line, labels_file, default_labels)
    result = render_ui_template(
        source, task_input, presigner=_presigner(presign, base_url)
    )

    if as_json:
        click.echo(json.dumps(result.to_api(), ensure_ascii=False, indent=2))
    if not result.ok:
        _report(template, result)
        raise SystemExit(1)

    page = result.rendered_content
    if standalone:
        from ..s3 import S3Folder
        from ..standalone import make_standalone

        page = make_standalone(page, S3Folder(s3_root))

    if output is not None:
        write_atomically(output, page)
    elif not as_json:
        click.echo(page, nl=False)
