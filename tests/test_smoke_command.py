"""``gt-templates test`` on the bundled examples and on broken copies of them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from example_project import (
    BROKEN_TEMPLATES,
    copy_examples,
    hand_written,
    replace_once,
    unchanged,
)
from gt_templates.project import Project

pytestmark = pytest.mark.browser


def run_smoke(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``gt-templates test`` in its own process, as a user does."""
    # A separate process: Playwright's sync API cannot start a second time in
    # a process whose pytest-playwright session is already running.
    command = [sys.executable, "-m", "gt_templates", "test", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_bundled_examples_pass_and_write_a_junit_report(tmp_path: Path) -> None:
    project = copy_examples(tmp_path / "examples")
    report = tmp_path / "results.xml"
    samples = sum(len(task.samples()) for task in Project(project).tasks())

    result = run_smoke(project, "--junit-xml", report)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{samples} passed, 0 failed" in result.stdout
    for name in ("vehicle-boxes", "vehicle-boxes-adjust", "road-segmentation"):
        assert f"\n{name} " in result.stdout
    suite = ElementTree.parse(report).getroot()
    assert (suite.get("tests"), suite.get("failures")) == (str(samples), "0")


def small_copy(tmp_path: Path, samples: int = 2) -> Path:
    """Copy the examples keeping only vehicle-boxes and its first samples."""
    project = copy_examples(tmp_path / "examples")
    for path in (project / "template_sources").glob("*.yaml"):
        if path.stem != "vehicle-boxes":
            path.unlink()
    manifest = project / "preview" / "manifests" / "vehicle-boxes.manifest"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:samples]), encoding="utf-8")
    return project


CASES = {
    "hand-written copy passes": (unchanged, None),
    **BROKEN_TEMPLATES,
}


@pytest.mark.parametrize(("edit", "message"), CASES.values(), ids=CASES.keys())
def test_hand_written_templates_are_checked(
    tmp_path: Path, edit: Callable[[str], str], message: str | None
) -> None:
    project = small_copy(tmp_path)
    hand_written(project, "vehicle-boxes", edit)

    result = run_smoke(project)

    output = result.stdout + result.stderr
    if message is None:
        assert result.returncode == 0, output
        assert "2 passed, 0 failed" in result.stdout
    else:
        assert result.returncode == 1, output
        assert "0 passed, 2 failed" in result.stdout
        assert "FAIL vehicle-boxes[0]" in result.stdout
        assert message in result.stdout


def test_a_label_that_breaks_a_json_attribute_fails_only_its_sample(
    tmp_path: Path,
) -> None:
    # Sample 3's class names hold quotes, which break a single-quoted JSON5 string.
    project = small_copy(tmp_path, samples=4)
    hand_written(
        project,
        "vehicle-boxes",
        replace_once(r"\{\{ gt_label \| to_json \}\}", "'{{ gt_label }}'"),
    )

    result = run_smoke(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 passed, 1 failed" in result.stdout
    assert "FAIL vehicle-boxes[3]" in result.stdout
    assert 'attribute "overlay" cannot be parsed' in result.stdout


def test_missing_sample_manifest_fails_the_task(tmp_path: Path) -> None:
    project = small_copy(tmp_path)
    (project / "preview" / "manifests" / "vehicle-boxes.manifest").unlink()

    result = run_smoke(project)

    assert result.returncode == 1
    assert "found no sample manifest" in result.stdout


@pytest.mark.parametrize(
    ("folder", "code", "words"),
    [
        ("no-such-dir", 2, "does not exist"),
        ("empty", 1, "found no tasks to test"),
    ],
    ids=["missing-dir-is-usage-error", "empty-project-is-a-problem"],
)
def test_unusable_project_dirs_are_reported(
    tmp_path: Path, folder: str, code: int, words: str
) -> None:
    (tmp_path / "empty").mkdir()

    result = run_smoke(tmp_path / folder)

    assert result.returncode == code
    assert words in result.stderr


SURVEY_TEMPLATE = """
<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-classifier name="sentiment" categories="['positive', 'negative']" header="Tone?">
    <classification-target>{{ task.input.taskObject }}</classification-target>
  </crowd-classifier>
  <crowd-image-classifier-multi-select name="objects" categories="['car', 'tree']"
    src="{{ 's3://bucket/img.png' | grant_read_access }}" header="What is in it?">
  </crowd-image-classifier-multi-select>
  <crowd-input name="note" required label="Note"></crowd-input>
  <label>Country <input name="country" required></label>
  <select name="size" required><option value="">pick</option><option>big</option></select>
  <label><input type="checkbox" name="agree" required> I agree</label>
</crowd-form>
"""


def test_smoke_fills_every_required_control_of_a_hand_written_template(
    tmp_path: Path,
) -> None:
    (tmp_path / "preview" / "s3" / "bucket").mkdir(parents=True)
    Image.new("RGB", (64, 48)).save(tmp_path / "preview" / "s3" / "bucket" / "img.png")
    manifest = tmp_path / "preview" / "manifests" / "survey.manifest"
    manifest.parent.mkdir(parents=True)
    manifest.write_text('{"source": "great product"}\n', encoding="utf-8")
    (tmp_path / "survey.liquid.html").write_text(SURVEY_TEMPLATE, encoding="utf-8")

    result = run_smoke(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 0 failed" in result.stdout
    for action in ("chose 'positive'", "chose 'car'", "filled 'note'"):
        assert action in result.stdout
