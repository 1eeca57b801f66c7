"""Every stand-in has an open shadow root, and every control in it has a name."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page

from elements_helpers import UNNAMED_CONTROLS, open_elements_page

pytestmark = pytest.mark.browser


def png() -> bytes:
    """Return a small grey PNG for the image elements."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (128, 128, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


# One instance of each element that is not an annotation tool (those have their
# own test in test_elements_annotation.py), with the attributes it needs.
ELEMENTS = {
    "crowd-image-classifier": (
        '<crowd-image-classifier name="ic" src="/files/p.png" header="Pick"'
        " categories=\"['A', 'B']\"><worker-comment header='Why'></worker-comment>"
        "<full-instructions>Read.</full-instructions></crowd-image-classifier>"
    ),
    "crowd-image-classifier-multi-select": (
        '<crowd-image-classifier-multi-select name="icm" src="/files/p.png"'
        " header=\"Pick\" categories=\"['A', 'B']\">"
        "</crowd-image-classifier-multi-select>"
    ),
    "crowd-classifier": (
        '<crowd-classifier name="c" header="Pick" categories="[\'A\', \'B\']">'
        "<classification-target>Text</classification-target></crowd-classifier>"
    ),
    "crowd-classifier-multi-select": (
        '<crowd-classifier-multi-select name="cm" header="Pick"'
        " categories=\"['A', 'B']\" exclusion-category=\"{ text: 'None' }\">"
        "<classification-target>Text</classification-target>"
        "</crowd-classifier-multi-select>"
    ),
    "crowd-input": '<crowd-input name="i" label="Your name"></crowd-input>',
    "crowd-text-area": '<crowd-text-area name="t" label="Notes"></crowd-text-area>',
    "crowd-checkbox": '<crowd-checkbox name="cb">Agree</crowd-checkbox>',
    "crowd-radio-group": (
        '<crowd-radio-group><crowd-radio-button name="r" value="a">A'
        '</crowd-radio-button><crowd-radio-button name="r" value="b">B'
        "</crowd-radio-button></crowd-radio-group>"
    ),
    "crowd-toggle-button": '<crowd-toggle-button name="tb"></crowd-toggle-button>',
    "crowd-slider": '<crowd-slider name="s" min="0" max="10"></crowd-slider>',
    "crowd-button": "<crowd-button>Go</crowd-button>",
    "crowd-icon-button": '<crowd-icon-button icon="search"></crowd-icon-button>',
    "crowd-fab": '<crowd-fab icon="add"></crowd-fab>',
    "crowd-alert": '<crowd-alert type="info" dismissible>Note</crowd-alert>',
    "crowd-badge": '<crowd-badge icon="star" label="New"></crowd-badge>',
    "crowd-card": '<crowd-card heading="Card">Body</crowd-card>',
    "crowd-modal": '<crowd-modal link-text="Open">Inside</crowd-modal>',
    "crowd-instructions": (
        '<crowd-instructions link-text="Help"><short-summary>S</short-summary>'
        "</crowd-instructions>"
    ),
    "crowd-tabs": (
        '<crowd-tabs><crowd-tab header="One">1</crowd-tab>'
        '<crowd-tab header="Two">2</crowd-tab></crowd-tabs>'
    ),
    "crowd-toast": '<crowd-toast text="Saved" duration="0" opened></crowd-toast>',
}


@pytest.mark.parametrize("tag", ELEMENTS)
def test_every_control_of_the_element_has_an_accessible_name(
    page: Page, tag: str
) -> None:
    open_elements_page(
        page, f"<crowd-form>{ELEMENTS[tag]}</crowd-form>", files={"p.png": png()}
    )

    unnamed = page.evaluate(UNNAMED_CONTROLS, [tag])

    assert unnamed == []
