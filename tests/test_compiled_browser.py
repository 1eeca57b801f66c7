"""Compiled example templates behave in a real browser with the element stand-ins."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, Route, expect

from elements_helpers import (
    ORIGIN,
    open_elements_page,
    submission_count,
    submitted_answers,
)
from gt_templates.compiler import ELEMENTS_SCRIPT, compile_definition
from gt_templates.definition import load_definition
from gt_templates.manifest import read_manifest_line
from gt_templates.rendering import render_ui_template
from gt_templates.s3 import LocalPresigner
from gt_templates.task_input import verification_task_input

ROOT = Path(__file__).resolve().parent.parent
S3_ROOT = ROOT / "preview" / "s3"
PRESIGNER = LocalPresigner(base_url=ORIGIN, secret=b"t")

pytestmark = pytest.mark.browser


def serve_s3(route: Route) -> None:
    """Answer presigned URLs from the sample S3 folder."""
    path = unquote(route.request.url.split("?", 1)[0].removeprefix(f"{ORIGIN}/s3/"))
    file = S3_ROOT / path
    if file.is_file():
        route.fulfill(status=200, body=file.read_bytes())
    else:
        route.fulfill(status=404, body="missing")


def open_example(page: Page, name: str, line: int) -> list[str]:
    """Render a compiled example with one sample line and open it; return alerts seen."""
    definition = load_definition(ROOT / "template_sources" / f"{name}.yaml")
    task = compile_definition(definition)
    labels = definition.verdicts if definition.is_verification else definition.labels
    data = read_manifest_line(definition.sample_manifest, line)
    result = render_ui_template(
        task.template, verification_task_input(data, labels or []), presigner=PRESIGNER
    )
    assert result.ok, result.errors

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(f"{ORIGIN}/s3/**", serve_s3)
    body = result.rendered_content.replace(
        f'<script src="{ELEMENTS_SCRIPT}"></script>', ""
    )
    open_elements_page(page, body)
    return dialogs


def test_required_comment_blocks_submit_until_written(page: Page) -> None:
    open_example(page, "road-segmentation", 1)

    page.get_by_role("radio", name="Poor").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Add a comment before you submit.")).to_be_visible()
    assert submission_count(page) == 0

    page.get_by_role("link", name="Add a comment (required)").click()
    page.keyboard.type("sidewalk bleeds into the road")
    page.get_by_role("button", name="Save comment").click()
    page.get_by_role("button", name="Submit").click()
    assert submitted_answers(page) == [
        {
            "verification": {
                "label": "Poor",
                "workerComment": "sidewalk bleeds into the road",
            }
        }
    ]


@pytest.mark.parametrize(
    ("name", "line"),
    [("vehicle-boxes", 5), ("road-segmentation", 4), ("vehicle-boxes-adjust", 5)],
    ids=["box-overlay", "mask-overlay", "box-adjustment"],
)
def test_hostile_label_names_never_run(page: Page, name: str, line: int) -> None:
    dialogs = open_example(page, name, line)

    expect(page.locator("crowd-form")).to_be_visible()
    assert page.locator("img[onerror]").count() == 0
    scripts = "[...document.scripts].map((script) => script.text + script.src)"
    assert not [text for text in page.evaluate(scripts) if "alert" in text]
    assert dialogs == []
