"""crowd-image-classifier(-multi-select): choosing, comments, overlays, instructions."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from elements_helpers import (
    attribute_json,
    open_elements_page,
    submission_count,
    submitted_answers,
)

pytestmark = pytest.mark.browser

CATEGORIES = "['good', 'bad', 'unsure',]"
TEN = [f"c{number}" for number in range(1, 11)]
BOXES = [
    {"label": "car", "left": 40, "top": 60, "width": 200, "height": 120},
    {"label": "person", "left": 400, "top": 300, "width": 100, "height": 200},
    {"label": "tree", "left": 600, "top": 100, "width": 150, "height": 150},
]


def png_bytes(
    width: int, height: int, color: tuple[int, int, int] = (210, 210, 210)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def mask_png() -> bytes:
    """Return an 800x600 label PNG: #2ca02c, then #ff7f0e, then white background."""
    image = Image.new("RGB", (800, 600), (255, 255, 255))
    image.paste((0x2C, 0xA0, 0x2C), (0, 0, 200, 600))
    image.paste((0xFF, 0x7F, 0x0E), (200, 0, 400, 600))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def classifier(
    attributes: str = "", children: str = "", tag: str = "crowd-image-classifier"
) -> str:
    return (
        f'<crowd-form><{tag} name="verdict" header="Is the box right?" src="/files/image.png" '
        f"{attributes}>{children}</{tag}></crowd-form>"
    )


def open_classifier(
    page: Page, attributes: str = "", children: str = "", **kwargs: str
) -> None:
    attributes = attributes or f'categories="{CATEGORIES}"'
    open_elements_page(
        page,
        classifier(attributes, children, **kwargs),
        files={
            "image.png": png_bytes(800, 600),
            "mask.png": mask_png(),
        },
    )


def submit(page: Page) -> None:
    page.get_by_role("button", name="Submit").click()


def test_click_chooses_a_category(page: Page) -> None:
    open_classifier(page)

    page.get_by_role("radio", name="bad").click()
    submit(page)

    assert submitted_answers(page) == [{"verdict": {"label": "bad"}}]


@pytest.mark.parametrize(
    ("key", "label"),
    [("1", "c1"), ("3", "c3"), ("9", "c9"), ("0", "c10")],
    ids=["one", "three", "nine", "zero-is-tenth"],
)
def test_number_keys_choose_categories(page: Page, key: str, label: str) -> None:
    open_classifier(page, f'categories="{attribute_json(TEN)}"')

    page.keyboard.press(key)
    expect(page.get_by_role("radio", name=label, exact=True)).to_have_attribute(
        "aria-checked", "true"
    )
    submit(page)

    assert submitted_answers(page) == [{"verdict": {"label": label}}]


def test_value_property_and_change_event_follow_the_choice(page: Page) -> None:
    open_classifier(page)
    page.evaluate(
        "document.querySelector('crowd-image-classifier').addEventListener('change',"
        " (e) => { window.changed = e.target.value; })"
    )

    page.get_by_role("radio", name="unsure").click()

    page.wait_for_function("window.changed !== undefined")
    assert page.evaluate("window.changed") == {"label": "unsure"}
    assert page.evaluate("document.querySelector('crowd-image-classifier').value") == {
        "label": "unsure"
    }


def test_categories_property_rerenders_the_choices(page: Page) -> None:
    open_classifier(page)

    page.evaluate(
        "document.querySelector('crowd-image-classifier').categories = ['yes', 'no']"
    )
    expect(page.get_by_role("radio", name="good")).to_have_count(0)
    page.get_by_role("radio", name="no").click()
    submit(page)

    assert submitted_answers(page) == [{"verdict": {"label": "no"}}]


def test_submit_without_a_category_is_blocked_with_a_message(page: Page) -> None:
    open_classifier(page)

    submit(page)

    expect(page.locator("[data-gt-form-message]")).to_contain_text("Choose a category")
    expect(page.locator("crowd-image-classifier").get_by_role("alert")).to_contain_text(
        "Choose a category"
    )
    assert submission_count(page) == 0
    page.keyboard.press("2")
    submit(page)
    assert submitted_answers(page) == [{"verdict": {"label": "bad"}}]


COMMENT = (
    '<worker-comment header="Why is it wrong?" link-text="Explain your choice" '
    'placeholder="e.g. the box is too wide">Tell us what is wrong.</worker-comment>'
)


@pytest.mark.parametrize(
    ("typed", "button", "expected"),
    [
        (
            "box is too wide",
            "Save comment",
            {"label": "bad", "workerComment": "box is too wide"},
        ),
        ("   ", "Save comment", {"label": "bad"}),
        ("never mind", "Cancel", {"label": "bad"}),
    ],
    ids=["saved-comment", "blank-comment-omitted", "cancelled-comment-omitted"],
)
def test_worker_comment_is_submitted_only_when_written(
    page: Page, typed: str, button: str, expected: dict[str, str]
) -> None:
    open_classifier(page, children=COMMENT)

    page.get_by_role("radio", name="bad").click()
    page.get_by_role("link", name="Explain your choice").click()
    dialog = page.get_by_role("dialog", name="Why is it wrong?")
    expect(dialog).to_be_visible()
    expect(page.get_by_text("Tell us what is wrong.")).to_be_visible()
    box = dialog.get_by_role("textbox")
    expect(box).to_have_attribute("placeholder", "e.g. the box is too wide")
    box.click()
    page.keyboard.type(typed)
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_be_hidden()
    submit(page)

    assert submitted_answers(page) == [{"verdict": expected}]


def test_typing_a_comment_does_not_change_the_category(page: Page) -> None:
    open_classifier(page, children=COMMENT)

    page.get_by_role("radio", name="good").click()
    page.get_by_role("link", name="Explain your choice").click()
    page.keyboard.type("2 boxes missing")
    page.get_by_role("button", name="Save comment").click()
    submit(page)

    assert submitted_answers(page) == [
        {"verdict": {"label": "good", "workerComment": "2 boxes missing"}}
    ]


def test_short_instructions_in_side_panel_and_full_instructions_in_dialog(
    page: Page,
) -> None:
    open_classifier(
        page,
        children="<short-instructions><p>Check every box.</p></short-instructions>"
        '<full-instructions header="How to verify"><p>Long text here.</p></full-instructions>',
    )

    side = page.get_by_role("complementary", name="Instructions")
    expect(page.get_by_text("Check every box.")).to_be_visible()
    slot_owner = "(n) => n.assignedSlot.closest('aside').getAttribute('aria-label')"
    assert page.locator("short-instructions").evaluate(slot_owner) == "Instructions"
    expect(page.get_by_text("Long text here.")).to_be_hidden()
    side.get_by_role("link", name="View full instructions").click()

    dialog = page.get_by_role("dialog", name="How to verify")
    expect(page.get_by_text("Long text here.")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


SAMPLE_BOX_PIXELS = """
(boxes) => {
  const root = document.querySelector('crowd-image-classifier').shadowRoot;
  const canvas = root.querySelector('canvas');
  const image = root.querySelector('img');
  const scaleX = canvas.width / image.naturalWidth;
  const scaleY = canvas.height / image.naturalHeight;
  const context = canvas.getContext('2d');
  const hex = (d) => '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
  return {
    canvasWidth: canvas.width,
    expectedWidth: Math.round(image.getBoundingClientRect().width * devicePixelRatio),
    edges: boxes.map((b) => hex(context.getImageData(
      Math.floor(b.left * scaleX), Math.floor((b.top + b.height / 2) * scaleY), 1, 1).data)),
    centres: boxes.map((b) => context.getImageData(
      Math.floor((b.left + b.width / 2) * scaleX), Math.floor((b.top + b.height / 2) * scaleY), 1, 1
    ).data[3]),
  };
}
"""


@pytest.mark.parametrize("width", [500, 1200], ids=["shrunk", "wide"])
def test_bounding_box_overlay_draws_each_box_in_its_label_colour(
    page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    overlay = {"boundingBox": {"labels": ["car", "person", "tree"], "value": BOXES}}
    open_classifier(
        page, f'categories="{CATEGORIES}" overlay="{attribute_json(overlay)}"'
    )

    sample = page.evaluate(SAMPLE_BOX_PIXELS, BOXES)

    assert sample["canvasWidth"] == sample["expectedWidth"]
    assert sample["edges"] == ["#1f77b4", "#ff7f0e", "#2ca02c"]
    assert sample["centres"] == [0, 0, 0]
    canvas = page.locator("crowd-image-classifier").get_by_role(
        "img", name="3 labelled boxes"
    )
    expect(canvas).to_have_attribute(
        "aria-label", "3 labelled boxes: car, person, tree"
    )
    legend = page.get_by_role("list", name="Legend")
    expect(legend.get_by_role("listitem")).to_have_text(["car", "person", "tree"])


def test_overlay_in_aws_lenient_syntax_is_understood(page: Page) -> None:
    overlay = (
        "{ boundingBox: { labels: ['car', 'bus',], value: [ "
        "{ label: 'bus', left: 10, top: 10, width: 100, height: 50 }, // prior job\n ], }, }"
    )
    open_classifier(page, f'categories="{CATEGORIES}" overlay="{overlay}"')

    canvas = page.locator("crowd-image-classifier").get_by_role(
        "img", name="labelled boxes"
    )
    expect(canvas).to_have_attribute("aria-label", "1 labelled boxes: bus")
    colour = page.evaluate(
        SAMPLE_BOX_PIXELS, [{"left": 10, "top": 10, "width": 100, "height": 50}]
    )
    assert colour["edges"] == ["#ff7f0e"]


MASK_PIXELS = """
(mask) => [100, 300, 600].map((x) => {
  const d = mask.getContext('2d').getImageData(x, 300, 1, 1).data;
  return d[3] === 0 ? 'transparent'
    : '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
})
"""


@pytest.mark.parametrize(
    ("overlay", "legend", "pixels"),
    [
        (
            {
                "semanticSegmentation": {
                    "labels": ["road", "sky"],
                    "labelMappings": {
                        "road": {"color": "#2ca02c"},
                        "sky": {"color": "#1f77b4"},
                    },
                    "src": "/files/mask.png",
                }
            },
            [("road", "#2ca02c"), ("sky", "#1f77b4")],
            ["#2ca02c", "transparent", "transparent"],
        ),
        (
            {
                "instanceSegmentation": {
                    "labels": ["car"],
                    "instances": [
                        {"color": "#ff7f0e", "label": "car"},
                        {"color": "#9467bd", "label": "car"},
                    ],
                    "src": "/files/mask.png",
                }
            },
            [("car", "#ff7f0e"), ("car", "#9467bd")],
            ["transparent", "#ff7f0e", "transparent"],
        ),
    ],
    ids=["semantic", "instance"],
)
def test_segmentation_overlay_shows_mask_with_opacity_control_and_legend(
    page: Page,
    overlay: dict[str, object],
    legend: list[tuple[str, str]],
    pixels: list[str],
) -> None:
    open_classifier(
        page, f'categories="{CATEGORIES}" overlay="{attribute_json(overlay)}"'
    )
    element = page.locator("crowd-image-classifier")

    mask = element.locator("[data-gt-overlay-mask]")
    assert mask.evaluate(MASK_PIXELS) == pixels
    items = element.get_by_role("list", name="Legend").get_by_role("listitem")
    expect(items).to_have_text([label for label, _ in legend])
    colours = items.evaluate_all("(nodes) => nodes.map((n) => n.dataset.gtLegendColor)")
    assert colours == [colour for _, colour in legend]

    slider = element.get_by_role("slider", name="Overlay opacity")
    expect(mask).to_have_css("opacity", "0.5")
    slider.focus()
    page.keyboard.press("Home")
    expect(mask).to_have_css("opacity", "0")
    page.keyboard.press("End")
    expect(mask).to_have_css("opacity", "1")


def test_ready_fires_after_the_image_is_decoded(page: Page) -> None:
    page.add_init_script(
        "window.addEventListener('crowd-element-ready', (e) => {"
        " const el = e.detail.element;"
        " if (el.localName === 'crowd-image-classifier') {"
        "   const img = el.shadowRoot.querySelector('img');"
        "   window.imageAtReady = img.complete ? img.naturalWidth : -1; } });"
    )
    open_classifier(page)

    assert page.evaluate("window.imageAtReady") == 800


ACCESSIBLE_NAMES = """
(el) => [...el.shadowRoot.querySelectorAll(
  'button, a, input, textarea, select, canvas, [role=radiogroup], [role=group], [role=img]')]
  .filter((node) => !(node.getAttribute('aria-label') || node.textContent.trim()
    || node.getAttribute('aria-hidden') === 'true' || node.localName === 'dialog'))
  .map((node) => node.outerHTML)
"""


@pytest.mark.parametrize(
    "tag", ["crowd-image-classifier", "crowd-image-classifier-multi-select"]
)
def test_every_control_has_an_accessible_name_and_the_shadow_root_is_open(
    page: Page, tag: str
) -> None:
    overlay = {
        "semanticSegmentation": {
            "labels": ["a"],
            "labelMappings": {},
            "src": "/files/mask.png",
        }
    }
    open_classifier(
        page,
        f'categories="{CATEGORIES}" overlay="{attribute_json(overlay)}" '
        "exclusion-category=\"{ text: 'None' }\"",
        "<short-instructions>s</short-instructions><full-instructions>f</full-instructions>"
        + COMMENT,
        tag=tag,
    )

    assert page.locator(tag).evaluate(ACCESSIBLE_NAMES) == []


MULTI = "crowd-image-classifier-multi-select"
EXCLUSION = "exclusion-category=\"{ text: 'None of the above' }\""


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["click:unsure", "click:good"], ["good", "unsure"]),
        (["key:1", "key:2", "key:1"], ["bad"]),
        (["click:good", "click:None of the above"], []),
        (["click:None of the above", "key:3"], ["unsure"]),
    ],
    ids=[
        "clicks-in-category-order",
        "keys-toggle",
        "exclusion-clears",
        "category-clears-exclusion",
    ],
)
def test_multi_select_submits_the_chosen_labels(
    page: Page, steps: list[str], expected: list[str]
) -> None:
    open_classifier(page, f'categories="{CATEGORIES}" {EXCLUSION}', tag=MULTI)

    for step in steps:
        kind, _, argument = step.partition(":")
        if kind == "click":
            page.get_by_role("checkbox", name=argument).click()
        else:
            page.keyboard.press(argument)
    submit(page)

    assert submitted_answers(page) == [{"verdict": {"labels": expected}}]


def test_multi_select_needs_at_least_one_choice(page: Page) -> None:
    open_classifier(page, f'categories="{CATEGORIES}"', tag=MULTI)

    submit(page)

    expect(page.locator("[data-gt-form-message]")).to_contain_text(
        "at least one category"
    )
    assert submission_count(page) == 0
    page.get_by_role("checkbox", name="bad").click()
    submit(page)
    assert submitted_answers(page) == [{"verdict": {"labels": ["bad"]}}]


def test_form_reset_clears_the_choice_and_the_comment(page: Page) -> None:
    open_classifier(
        page,
        children=COMMENT,
        attributes=f'categories="{CATEGORIES}"',
    )
    page.evaluate(
        "document.querySelector('crowd-form').form.insertAdjacentHTML('beforeend',"
        " '<crowd-button form-action=\"reset\">Start over</crowd-button>')"
    )
    page.get_by_role("radio", name="good").click()
    page.get_by_role("link", name="Explain your choice").click()
    page.keyboard.type("fine")
    page.get_by_role("button", name="Save comment").click()

    page.get_by_role("button", name="Start over").click()

    expect(page.get_by_role("radio", name="good")).to_have_attribute(
        "aria-checked", "false"
    )
    page.get_by_role("radio", name="unsure").click()
    submit(page)
    assert submitted_answers(page) == [{"verdict": {"label": "unsure"}}]
