"""Browser tests for the image annotation stand-ins, driven by real mouse and keys."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from elements_helpers import (
    UNNAMED_CONTROLS,
    attribute_json,
    open_elements_page,
    submitted_answers,
)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


def png_bytes(image: Image.Image) -> bytes:
    """Return ``image`` encoded as PNG."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def photo(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """Return a generated test photo: a gradient with a few shapes on it."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 8):
        draw.rectangle([x, 0, x + 7, height], fill=(x * 255 // width, 120, 200))
    draw.ellipse(
        [width // 4, height // 4, width // 2, height // 2], fill=(250, 230, 40)
    )
    return png_bytes(image)


def open_tool(page: Page, html: str, files: dict[str, bytes] | None = None) -> None:
    """Open ``html`` inside a crowd-form with the test photo at /files/photo.png."""
    page.set_viewport_size({"width": 1100, "height": 900})
    served = {"photo.png": photo(), **(files or {})}
    open_elements_page(page, f"<crowd-form>{html}</crowd-form>", files=served)


def to_screen(page: Page, tag: str, x: float, y: float) -> tuple[float, float]:
    """Convert image pixels of ``tag``'s canvas to page coordinates."""
    box = page.locator(f"{tag} canvas").bounding_box()
    assert box is not None
    size = page.evaluate(
        f"(() => {{ const el = document.querySelector('{tag}');"
        " return [el.imageWidth, el.imageHeight]; })()"
    )
    return box["x"] + x * box["width"] / size[0], box["y"] + y * box["height"] / size[1]


def drag(
    page: Page, tag: str, start: tuple[float, float], end: tuple[float, float]
) -> None:
    """Press at ``start`` and release at ``end`` (image pixels) with the mouse."""
    page.mouse.move(*to_screen(page, tag, *start))
    page.mouse.down()
    page.mouse.move(*to_screen(page, tag, *end), steps=6)
    page.mouse.up()


def click(page: Page, tag: str, x: float, y: float) -> None:
    """Click at image pixel (x, y)."""
    page.mouse.click(*to_screen(page, tag, x, y))


def submit(page: Page) -> Any:
    """Press the crowd-form submit button and return the submitted answer object."""
    page.get_by_role("button", name="Submit").click()
    answers = submitted_answers(page)
    assert isinstance(answers, list)
    assert len(answers) == 1
    return answers[0]


def assert_close(actual: dict[str, Any], expected: dict[str, Any], slack: int) -> None:
    """Assert two flat dicts agree, numbers within ``slack`` pixels."""
    assert actual.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, int):
            assert isinstance(actual[key], int), key
            assert abs(actual[key] - value) <= slack, (key, actual, expected)
        else:
            assert actual[key] == value


# ----- crowd-bounding-box ---------------------------------------------------

BOX_TAG = "crowd-bounding-box"


def box_page(page: Page, extra: str = "") -> None:
    """Open a bounding-box task with labels Cat and Dog."""
    open_tool(
        page,
        f'<crowd-bounding-box name="bb" src="/files/photo.png" header="Draw boxes"'
        f" labels=\"['Cat', 'Dog',]\" {extra}>"
        "<short-instructions>Box every animal.</short-instructions>"
        '<full-instructions header="How to draw">Tight boxes.</full-instructions>'
        "</crowd-bounding-box>",
    )


def zoom(page: Page, button: str, times: int) -> None:
    """Press a zoom button ``times`` times."""
    for _ in range(times):
        page.get_by_role("button", name=button).click()


@pytest.mark.parametrize(
    ("button", "times", "slack"),
    [("Zoom in", 0, 0), ("Zoom in", 1, 0), ("Zoom in", 2, 0), ("Zoom out", 1, 1)],
    ids=["fit", "zoom-1.5x", "zoom-2.25x", "zoom-out"],
)
def test_bounding_box_drawn_at_any_zoom_submits_image_pixels(
    page: Page, button: str, times: int, slack: int
) -> None:
    box_page(page)
    zoom(page, button, times)

    drag(page, BOX_TAG, (100, 80), (300, 240))
    answer = submit(page)

    assert answer["bb"]["inputImageProperties"] == {"height": HEIGHT, "width": WIDTH}
    assert "initialValueModified" not in answer["bb"]
    [box] = answer["bb"]["boundingBoxes"]
    expected = {"height": 160, "label": "Cat", "left": 100, "top": 80, "width": 200}
    assert_close(box, expected, slack)


def test_bounding_box_keeps_its_coordinates_when_zoom_changes(page: Page) -> None:
    box_page(page)
    drag(page, BOX_TAG, (50, 60), (150, 200))
    zoom(page, "Zoom in", 2)
    drag(page, BOX_TAG, (200, 100), (260, 180))
    zoom(page, "Zoom out", 3)

    boxes = submit(page)["bb"]["boundingBoxes"]

    assert boxes == [
        {"height": 140, "label": "Cat", "left": 50, "top": 60, "width": 100},
        {"height": 80, "label": "Cat", "left": 200, "top": 100, "width": 60},
    ]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (
            "move",
            {"height": 100, "label": "Cat", "left": 150, "top": 130, "width": 100},
        ),
        (
            "resize",
            {"height": 150, "label": "Cat", "left": 100, "top": 100, "width": 180},
        ),
        (
            "relabel-key",
            {"height": 100, "label": "Dog", "left": 100, "top": 100, "width": 100},
        ),
        (
            "relabel-click",
            {"height": 100, "label": "Dog", "left": 100, "top": 100, "width": 100},
        ),
    ],
    ids=["move", "resize", "relabel-key", "relabel-click"],
)
def test_bounding_box_edits_the_selected_box(
    page: Page, action: str, expected: dict[str, Any]
) -> None:
    box_page(page)
    drag(page, BOX_TAG, (100, 100), (200, 200))

    click(page, BOX_TAG, 150, 150)
    if action == "move":
        drag(page, BOX_TAG, (150, 150), (200, 180))
    elif action == "resize":
        drag(page, BOX_TAG, (200, 200), (280, 250))
    elif action == "relabel-key":
        page.keyboard.press("2")
    else:
        page.get_by_role("button", name="Label Dog").click()

    assert submit(page)["bb"]["boundingBoxes"] == [expected]


@pytest.mark.parametrize("how", ["Delete", "Backspace", "button"])
def test_bounding_box_deletes_the_box_selected_by_click(page: Page, how: str) -> None:
    box_page(page)
    drag(page, BOX_TAG, (20, 20), (120, 120))
    drag(page, BOX_TAG, (300, 300), (400, 400))
    click(page, BOX_TAG, 60, 60)

    if how == "button":
        page.get_by_role("button", name="Delete selected box").click()
    else:
        page.keyboard.press(how)

    assert submit(page)["bb"]["boundingBoxes"] == [
        {"height": 100, "label": "Cat", "left": 300, "top": 300, "width": 100}
    ]


def test_bounding_box_number_key_picks_the_label_for_new_boxes(page: Page) -> None:
    box_page(page)
    page.keyboard.press("2")
    expect(page.get_by_role("button", name="Label Dog")).to_have_attribute(
        "aria-pressed", "true"
    )

    drag(page, BOX_TAG, (10, 10), (60, 40))

    assert submit(page)["bb"]["boundingBoxes"][0]["label"] == "Dog"


@pytest.mark.parametrize(
    ("edit", "modified"),
    [(False, False), (True, True)],
    ids=["untouched", "moved"],
)
def test_bounding_box_initial_value_reports_modification(
    page: Page, edit: bool, modified: bool
) -> None:
    initial = "[{label: 'Dog', left: 10, top: 20, width: 100, height: 50,}, // prior\n]"
    box_page(page, f'initial-value="{initial}"')

    if edit:
        click(page, BOX_TAG, 50, 40)
        drag(page, BOX_TAG, (50, 40), (60, 40))
    answer = submit(page)["bb"]

    assert answer["initialValueModified"] is modified
    left = 20 if edit else 10
    assert answer["boundingBoxes"] == [
        {"height": 50, "label": "Dog", "left": left, "top": 20, "width": 100}
    ]


def test_bounding_box_labels_property_rerenders_the_picker(page: Page) -> None:
    box_page(page)

    page.evaluate(
        "document.querySelector('crowd-bounding-box').labels = ['Car', 'Bus', 'Van']"
    )

    expect(page.get_by_role("button", name="Label Van")).to_be_visible()
    expect(page.get_by_role("button", name="Label Cat")).to_have_count(0)
    page.keyboard.press("3")
    drag(page, BOX_TAG, (10, 10), (60, 40))
    value = page.evaluate("document.querySelector('crowd-bounding-box').value")
    assert value["boundingBoxes"][0]["label"] == "Van"
    assert value == page.evaluate(
        "document.querySelector('crowd-bounding-box')._submittableValue"
    )


def test_bounding_box_shows_instructions(page: Page) -> None:
    box_page(page)

    side = page.get_by_role("complementary", name="Instructions")
    expect(side.get_by_text("Box every animal.")).to_be_visible()
    side.get_by_role("button", name="View full instructions").click()

    dialog = page.get_by_role("dialog", name="How to draw")
    expect(dialog.get_by_text("Tight boxes.")).to_be_visible()


# ----- crowd-semantic-segmentation -----------------------------------------

SEG_TAG = "crowd-semantic-segmentation"
WHITE = (255, 255, 255)


def decode_png(data: str) -> Image.Image:
    """Decode base64 PNG data (no data: prefix) with Pillow."""
    assert not data.startswith("data:")
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    image.load()
    return image


def rgb_colors(image: Image.Image) -> set[tuple[int, int, int]]:
    """Return the set of RGB colours in ``image``, asserting it is fully opaque."""
    rgba = image.convert("RGBA")
    counted = rgba.getcolors(rgba.width * rgba.height) or []
    colors = [color for _, color in counted if isinstance(color, tuple)]
    assert len(colors) == len(counted)
    assert {alpha for _, _, _, alpha in colors} == {255}
    return {(r, g, b) for r, g, b, _ in colors}


def hex_rgb(color: str) -> tuple[int, int, int]:
    """Convert '#rrggbb' to an RGB tuple."""
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def seg_page(
    page: Page, extra: str = "", files: dict[str, bytes] | None = None
) -> None:
    """Open a semantic-segmentation task with labels Sky, Road and Car."""
    open_tool(
        page,
        '<crowd-semantic-segmentation name="seg" src="/files/photo.png"'
        f" labels=\"['Sky', 'Road', 'Car']\" {extra}></crowd-semantic-segmentation>",
        files,
    )


def test_segmentation_paints_exact_label_colours_at_image_size(page: Page) -> None:
    seg_page(page)
    drag(page, SEG_TAG, (50, 50), (250, 60))
    page.keyboard.press("3")
    drag(page, SEG_TAG, (100, 300), (400, 310))
    page.get_by_role("button", name="Eraser").click()
    drag(page, SEG_TAG, (200, 250), (200, 350))

    answer = submit(page)["seg"]
    image = decode_png(answer["labeledImage"]["pngImageData"])

    assert image.size == (WIDTH, HEIGHT)
    mappings = answer["labelMappings"]
    assert mappings == {
        "Sky": {"color": "#1f77b4"},
        "Road": {"color": "#ff7f0e"},
        "Car": {"color": "#2ca02c"},
    }
    sky, car = hex_rgb(mappings["Sky"]["color"]), hex_rgb(mappings["Car"]["color"])
    assert rgb_colors(image) == {WHITE, sky, car}
    rgb = image.convert("RGB")
    assert rgb.getpixel((150, 55)) == sky
    assert rgb.getpixel((300, 305)) == car
    assert rgb.getpixel((200, 305)) == WHITE
    assert rgb.getpixel((600, 20)) == WHITE
    assert answer["inputImageProperties"] == {"height": HEIGHT, "width": WIDTH}
    assert "initialValueModified" not in answer


def test_segmentation_brush_size_sets_the_stroke_width_in_image_pixels(
    page: Page,
) -> None:
    seg_page(page)
    page.get_by_role("slider", name="Brush size in image pixels").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    zoom(page, "Zoom in", 2)

    click(page, SEG_TAG, 100.5, 100.5)
    image = decode_png(submit(page)["seg"]["labeledImage"]["pngImageData"]).convert(
        "RGB"
    )

    painted = [
        (x, y)
        for x in range(90, 111)
        for y in range(90, 111)
        if image.getpixel((x, y)) != WHITE
    ]
    assert sorted(painted) == [(99, 100), (100, 99), (100, 100), (100, 101), (101, 100)]


def label_png() -> bytes:
    """Return a prior label PNG: Sky on top, Car box, and a stray colour."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH - 1, 99], fill=(10, 20, 200))
    draw.rectangle([300, 300, 399, 379], fill=(200, 10, 20))
    draw.rectangle([500, 400, 519, 419], fill=(1, 2, 3))
    return png_bytes(image)


@pytest.mark.parametrize(
    ("paint", "modified"),
    [(False, False), (True, True)],
    ids=["untouched", "painted"],
)
def test_segmentation_initial_value_loads_the_label_png(
    page: Page, paint: bool, modified: bool
) -> None:
    initial = {
        "labelMappings": {"Sky": {"color": "#0a14c8"}, "Car": {"color": "#c80a14"}},
        "src": "/files/labels.png",
    }
    seg_page(
        page, f'initial-value="{attribute_json(initial)}"', {"labels.png": label_png()}
    )

    if paint:
        page.keyboard.press("2")
        click(page, SEG_TAG, 50, 300)
    answer = submit(page)["seg"]
    image = decode_png(answer["labeledImage"]["pngImageData"]).convert("RGB")

    assert answer["initialValueModified"] is modified
    assert answer["labelMappings"]["Sky"] == {"color": "#0a14c8"}
    assert answer["labelMappings"]["Car"] == {"color": "#c80a14"}
    road = hex_rgb(answer["labelMappings"]["Road"]["color"])
    expected_colors = {WHITE, (10, 20, 200), (200, 10, 20)} | (
        {road} if paint else set()
    )
    assert rgb_colors(image) == expected_colors
    assert image.getpixel((10, 99)) == (10, 20, 200)
    assert image.getpixel((399, 379)) == (200, 10, 20)
    assert image.getpixel((510, 410)) == WHITE


# ----- all image tools -------------------------------------------------------

IMAGE_TOOLS = [
    "crowd-bounding-box",
    "crowd-semantic-segmentation",
    "crowd-instance-segmentation",
    "crowd-keypoint",
    "crowd-polygon",
    "crowd-line",
    "crowd-polyline",
]

# Records each tool's image size at the moment the page reports ready.
READY_PROBE = """<script>
document.addEventListener('all-crowd-elements-ready', () => {
  window.__sizesAtReady = Array.from(document.querySelectorAll('*'))
    .filter((el) => 'imageWidth' in el)
    .map((el) => [el.localName, el.imageWidth, el.imageHeight]);
});
</script>"""


def all_tools_html() -> str:
    """Return one instance of every image tool plus an entity annotation."""
    tools = "".join(
        f'<{tag} name="{tag}" src="/files/photo.png" labels="[\'A\', \'B\']">'
        f"<full-instructions>Read me.</full-instructions></{tag}>"
        for tag in IMAGE_TOOLS
    )
    entity = '<crowd-entity-annotation name="ner" text="Hi there" labels="[\'A\']">'
    return f"{READY_PROBE}{tools}{entity}</crowd-entity-annotation>"


def test_image_tools_are_ready_only_after_their_images_load(page: Page) -> None:
    open_tool(page, all_tools_html())

    sizes = page.evaluate("window.__sizesAtReady")

    assert sizes == [[tag, WIDTH, HEIGHT] for tag in IMAGE_TOOLS]
    ready = page.evaluate("window.__gtReadyEvents.length")
    assert ready >= len(IMAGE_TOOLS) + 1


def test_every_annotation_control_has_an_accessible_name(page: Page) -> None:
    open_tool(page, all_tools_html())

    unnamed = page.evaluate(UNNAMED_CONTROLS, [*IMAGE_TOOLS, "crowd-entity-annotation"])

    assert unnamed == []


@pytest.mark.parametrize("tag", IMAGE_TOOLS)
def test_image_tool_with_a_missing_image_is_ready_but_blocks_submit(
    page: Page, tag: str
) -> None:
    open_tool(
        page, f'<{tag} name="t" src="/files/missing.png" labels="[\'A\']"></{tag}>'
    )

    expect(
        page.get_by_role("status").filter(has_text="could not be loaded")
    ).to_be_visible()
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("alert")).to_contain_text(
        'The image for "t" could not be loaded.'
    )
    assert page.evaluate("window.__gtSubmissions.length") == 0


def test_segmentation_labels_property_keeps_painted_pixels_with_their_label(
    page: Page,
) -> None:
    seg_page(page)
    page.keyboard.press("2")
    click(page, SEG_TAG, 100, 100)

    page.evaluate(
        "document.querySelector('crowd-semantic-segmentation').labels = ['Lane', 'Road']"
    )
    expect(page.get_by_role("button", name="Label Lane")).to_be_visible()
    answer = submit(page)["seg"]

    assert list(answer["labelMappings"]) == ["Lane", "Road"]
    image = decode_png(answer["labeledImage"]["pngImageData"]).convert("RGB")
    assert image.getpixel((100, 100)) == hex_rgb(
        answer["labelMappings"]["Road"]["color"]
    )
