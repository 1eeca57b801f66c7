"""The annotation tools work when inlined into one page opened from file://."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page

from elements_helpers import RECORDER_SCRIPT, attribute_json, submitted_answers
from gt_templates.standalone import make_standalone
from test_elements_annotation import (
    HEIGHT,
    WHITE,
    WIDTH,
    decode_png,
    drag,
    photo,
    png_bytes,
    rgb_colors,
)

pytestmark = pytest.mark.browser

AWS_SCRIPT = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'


def data_uri(png: bytes) -> str:
    """Return ``png`` as a data: URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_inlined_tools_annotate_from_a_file_url(page: Page, tmp_path: Path) -> None:
    mask = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    mask.paste((10, 20, 200), (0, 0, 100, 100))
    initial = {
        "labelMappings": {"Sky": {"color": "#0a14c8"}},
        "src": data_uri(png_bytes(mask)),
    }
    template = (
        f"{AWS_SCRIPT}<crowd-form>"
        f'<crowd-bounding-box name="bb" src="{data_uri(photo())}" labels="[\'Cat\']">'
        "</crowd-bounding-box>"
        f'<crowd-semantic-segmentation name="seg" src="{data_uri(photo())}"'
        f' labels="[\'Sky\']" initial-value="{attribute_json(initial)}">'
        "</crowd-semantic-segmentation></crowd-form>"
    )
    html_file = tmp_path / "page.html"
    html_file.write_text(make_standalone(template, None), encoding="utf-8")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.add_init_script(RECORDER_SCRIPT)

    page.goto(html_file.as_uri())
    page.wait_for_function("window.__gtAllReady > 0")
    drag(page, "crowd-bounding-box", (10, 10), (110, 60))
    page.get_by_role("button", name="Submit").click()
    [answer] = submitted_answers(page)

    assert answer["bb"]["boundingBoxes"] == [
        {"height": 50, "label": "Cat", "left": 10, "top": 10, "width": 100}
    ]
    assert answer["seg"]["initialValueModified"] is False
    image = decode_png(answer["seg"]["labeledImage"]["pngImageData"])
    assert rgb_colors(image) == {WHITE, (10, 20, 200)}
    assert image.convert("RGB").getpixel((99, 99)) == (10, 20, 200)
