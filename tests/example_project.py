"""Copies of the bundled examples for tests, whole or with one template broken."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from gt_templates.project import Project

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE_FOLDERS = ("template_sources", "preview")


def copy_examples(destination: Path) -> Path:
    """Copy the bundled examples (definitions and sample data) into a folder."""
    for folder in EXAMPLE_FOLDERS:
        shutil.copytree(REPOSITORY / folder, destination / folder, dirs_exist_ok=True)
    return destination


def hand_written(project: Path, task: str, edit: Callable[[str], str]) -> Path:
    """Replace a definition with its compiled template, edited, as a hand-written one."""
    found = Project(project).task(task)
    assert found is not None and found.compiled is not None, task

    # Without the "generated" banner the project takes it as hand-written.
    text = re.sub(r"\A\s*<!--.*?-->\s*", "", found.compiled.template, flags=re.DOTALL)
    template = project / f"{task}.liquid.html"
    template.write_text(edit(text), encoding="utf-8")
    labels = project / "preview" / "manifests" / f"{task}.labels.json"
    labels.write_text(json.dumps(found.compiled.labels_config), encoding="utf-8")
    found.source.unlink()
    return template


def replace_once(pattern: str, replacement: str) -> Callable[[str], str]:
    """Return an edit that substitutes ``pattern``, failing when it is absent."""

    def edit(template: str) -> str:
        edited, count = re.subn(pattern, replacement, template)
        assert count, f"{pattern!r} is not in the compiled template any more"
        return edited

    return edit


def unchanged(template: str) -> str:
    """Leave a template as it is."""
    return template


# Ways to break the vehicle-boxes verification template, each with the words
# the failure message must contain.
BROKEN_TEMPLATES = {
    "no submit button": (
        replace_once(r"</?crowd-form\b[^>]*>", ""),
        "found no submit button",
    ),
    "answer missing the verdict": (
        replace_once(r'\sname="verification"', ""),
        "the answer is missing the verdict",
    ),
    "element not defined": (
        replace_once(r"crowd-image-classifier\b", "crowd-image-classifer"),
        "element not defined: <crowd-image-classifer>",
    ),
    "console error": (
        replace_once(
            r"</crowd-form>",
            "</crowd-form><script>console.error('broken on purpose');</script>",
        ),
        "console error: broken on purpose",
    ),
}
