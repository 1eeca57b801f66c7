"""``gt-templates dry-run``: every line rendered and checked, bad lines reported."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from gt_templates.cli import main
from gt_templates.dry_run import DryRunSummary, dry_run, prepare

TEMPLATE = """<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-image-classifier name="verdict"
    src="{{ task.input.taskObject | grant_read_access }}"
    header="Is the box right?"
    categories="{{ task.input.labels | to_json }}"
    overlay="{{ task.input.manifestLine.overlay }}">
  </crowd-image-classifier>
</crowd-form>
"""
OVERLAY = '{"boundingBox": {"labels": ["car"], "value": []}}'
GOOD = {"source-ref": "s3://bucket/street.jpg", "overlay": OVERLAY}
BROKEN_OVERLAY = {**GOOD, "overlay": '{"boundingBox": {"labels": ["car"'}
NOT_S3 = {**GOOD, "source-ref": "https://example.com/street.jpg"}
LABELS = {"document-version": "2018-11-28", "labels": [{"label": "good"}]}


def _line(item: Any) -> str:
    return item if isinstance(item, str) else json.dumps(item)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "t.liquid.html").write_text(TEMPLATE)
    (tmp_path / "labels.json").write_text(json.dumps(LABELS))
    return tmp_path


def _manifest(folder: Path, *lines: Any) -> Path:
    path = folder / "m.manifest"
    path.write_text("".join(_line(line) + "\n" for line in lines))
    return path


def _run(folder: Path, manifest: Path, *extra: str) -> Result:
    report = folder / "report.json"
    args = [
        "dry-run",
        str(folder / "t.liquid.html"),
        str(manifest),
        "--labels",
        str(folder / "labels.json"),
        "--report",
        str(report),
        *extra,
    ]
    return CliRunner().invoke(main, args)


def _report(folder: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((folder / "report.json").read_text())
    return report


def test_good_manifest_passes_with_exit_0_and_a_full_report(project: Path) -> None:
    manifest = _manifest(project, GOOD, GOOD, GOOD)

    result = _run(project, manifest, "--workers", "2")

    assert result.exit_code == 0, result.output
    report = _report(project)
    assert (report["total"], report["passed"], report["failed"]) == (3, 3, 0)
    assert report["failures"] == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_bad_lines_fail_alone_and_exit_1(project: Path, workers: str) -> None:
    manifest = _manifest(project, GOOD, BROKEN_OVERLAY, GOOD, NOT_S3, GOOD)

    result = _run(project, manifest, "--workers", workers)

    assert result.exit_code == 1, result.output
    report = _report(project)
    assert (report["total"], report["passed"], report["failed"]) == (5, 3, 2)
    assert [(f["line"], f["rule"]) for f in report["failures"]] == [
        (2, "GT014"),
        (4, "GT026"),
        (4, "GT017"),
    ]
    assert "overlay" in report["failures"][0]["message"]


def test_a_line_that_is_not_json_does_not_stop_the_run(project: Path) -> None:
    manifest = _manifest(project, GOOD, '{"source-ref": "s3://bucket/a.jpg",', GOOD)

    result = _run(project, manifest, "--workers", "2")

    report = _report(project)
    assert result.exit_code == 1
    assert (report["total"], report["passed"], report["failed"]) == (3, 2, 1)
    assert [(f["line"], f["rule"]) for f in report["failures"]] == [(2, "GT026")]


def test_line_numbers_count_blank_lines_of_the_file(project: Path) -> None:
    manifest = _manifest(project, GOOD, "", BROKEN_OVERLAY)

    _run(project, manifest)

    assert [f["line"] for f in _report(project)["failures"]] == [3]


def test_summary_names_the_failed_rules(project: Path) -> None:
    manifest = _manifest(project, BROKEN_OVERLAY, BROKEN_OVERLAY, GOOD)

    result = _run(project, manifest)

    assert "3 line(s): 1 passed, 2 failed" in result.stdout
    assert "GT014 invalid-json-attribute: 2 line(s) failed" in result.stdout


def test_pre_annotation_lambda_skips_and_feeds_lines(project: Path) -> None:
    (project / "dry_run_pre_lambda.py").write_text(
        "def handler(event, context):\n"
        "    line = event['dataObject']\n"
        "    return {'taskInput': {'taskObject': line['source-ref'], 'labels': ['a'],\n"
        "                          'manifestLine': line},\n"
        "            'isHumanAnnotationRequired': line.get('skip') != 'yes'}\n"
    )
    manifest = _manifest(project, GOOD, {**BROKEN_OVERLAY, "skip": "yes"})
    setup, _ = prepare(
        project / "t.liquid.html",
        manifest,
        pre_lambda="dry_run_pre_lambda:handler",
    )
    setup = replace(setup, project_dir=str(project))

    summary = dry_run(setup, manifest, workers=1)

    assert (summary.total, summary.failed, summary.skipped) == (2, 0, 1)


def test_definition_file_is_compiled_and_checked(tmp_path: Path) -> None:
    definition = tmp_path / "boxes.yaml"
    definition.write_text(
        "name: boxes\n"
        "task: bounding-box-verification\n"
        "label_attribute: vehicles\n"
        "output_attribute: vehicles-verified\n"
        "header: Are the boxes right?\n"
        "verdicts: [Correct, Wrong]\n"
    )
    line = {
        "source-ref": "s3://bucket/street.jpg",
        "vehicles": {
            "annotations": [
                {"class_id": 0, "left": 1, "top": 2, "width": 3, "height": 4}
            ]
        },
        "vehicles-metadata": {"class-map": {"0": "car"}},
    }
    manifest = _manifest(tmp_path, line, {"source-ref": "s3://bucket/other.jpg"})
    setup, found = prepare(definition, manifest)

    summary = dry_run(setup, manifest, workers=2, report=tmp_path / "r.json")

    assert found is not None and setup.labels == ["Correct", "Wrong"]
    assert isinstance(summary, DryRunSummary)
    assert (summary.total, summary.failed) == (2, 1)
    assert json.loads((tmp_path / "r.json").read_text())["failures"][0] == {
        "line": 2,
        "rule": "GT030",
        "message": "the line has no 'vehicles' attribute with the labels to verify",
    }


def test_a_template_error_makes_the_run_fail_even_when_lines_pass(
    project: Path,
) -> None:
    (project / "t.liquid.html").write_text(TEMPLATE.replace("<crowd-form>", "<div>"))
    manifest = _manifest(project, GOOD)

    result = _run(project, manifest)

    assert result.exit_code == 1
    assert "GT006 error" in result.stdout
    assert _report(project)["failed"] == 0


def test_missing_manifest_is_a_usage_error_and_writes_no_report(
    project: Path,
) -> None:
    result = _run(project, project / "absent.manifest")

    assert result.exit_code == 2
    assert not (project / "report.json").exists()
