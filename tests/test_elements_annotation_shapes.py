"""Browser tests for keypoint, polygon, line, polyline, instance and entity tools."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from elements_helpers import attribute_json, open_elements_page, submitted_answers
from test_elements_annotation import (
    HEIGHT,
    WHITE,
    WIDTH,
    click,
    decode_png,
    drag,
    hex_rgb,
    open_tool,
    png_bytes,
    rgb_colors,
    submit,
    to_screen,
)

pytestmark = pytest.mark.browser

IMAGE = {"height": HEIGHT, "width": WIDTH}


def vertex_tool(page: Page, tag: str, extra: str = "") -> None:
    """Open ``tag`` named "shape" with labels Road and Lane."""
    open_tool(
        page,
        f'<{tag} name="shape" src="/files/photo.png" labels="[\'Road\', \'Lane\']" {extra}>'
        f"</{tag}>",
    )


def points(*pairs: tuple[int, int]) -> list[dict[str, int]]:
    """Return vertices as the answer spells them."""
    return [{"x": x, "y": y} for x, y in pairs]


# ----- crowd-keypoint -------------------------------------------------------


def test_keypoint_places_moves_and_labels_points(page: Page) -> None:
    vertex_tool(page, "crowd-keypoint")
    click(page, "crowd-keypoint", 100, 120)
    page.keyboard.press("2")
    click(page, "crowd-keypoint", 300, 200)
    drag(page, "crowd-keypoint", (100, 120), (110, 130))

    answer = submit(page)["shape"]

    assert answer == {
        "inputImageProperties": IMAGE,
        "keypoints": [
            {"label": "Road", "x": 110, "y": 130},
            {"label": "Lane", "x": 300, "y": 200},
        ],
    }


@pytest.mark.parametrize("how", ["Delete", "Backspace", "button"])
def test_keypoint_deletes_the_clicked_point(page: Page, how: str) -> None:
    vertex_tool(
        page, "crowd-keypoint", "initial-value=\"[{label: 'Road', x: 10, y: 20},]\""
    )
    click(page, "crowd-keypoint", 200, 200)
    click(page, "crowd-keypoint", 10, 20)

    if how == "button":
        page.get_by_role("button", name="Delete selected keypoint").click()
    else:
        page.keyboard.press(how)

    assert submit(page)["shape"]["keypoints"] == [{"label": "Road", "x": 200, "y": 200}]


# ----- crowd-polygon --------------------------------------------------------


@pytest.mark.parametrize("finish", ["first-vertex", "enter", "double-click"])
def test_polygon_is_closed_three_ways(page: Page, finish: str) -> None:
    vertex_tool(page, "crowd-polygon")
    for x, y in [(100, 100), (200, 100)]:
        click(page, "crowd-polygon", x, y)

    if finish == "double-click":
        page.mouse.dblclick(*to_screen(page, "crowd-polygon", 200, 200))
    else:
        click(page, "crowd-polygon", 200, 200)
        if finish == "enter":
            page.keyboard.press("Enter")
        else:
            click(page, "crowd-polygon", 101, 101)

    assert submit(page)["shape"] == {
        "inputImageProperties": IMAGE,
        "polygons": [
            {"label": "Road", "vertices": points((100, 100), (200, 100), (200, 200))}
        ],
    }


def test_polygon_vertex_drag_relabel_and_too_few_points(page: Page) -> None:
    vertex_tool(page, "crowd-polygon")
    for x, y in [(100, 100), (200, 100), (200, 200)]:
        click(page, "crowd-polygon", x, y)
    page.keyboard.press("Enter")
    drag(page, "crowd-polygon", (200, 200), (220, 230))
    page.get_by_role("button", name="Label Lane").click()
    click(page, "crowd-polygon", 400, 400)
    click(page, "crowd-polygon", 450, 400)
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="at least 3")).to_be_visible()
    assert submit(page)["shape"]["polygons"] == [
        {"label": "Lane", "vertices": points((100, 100), (200, 100), (220, 230))}
    ]


def test_polygon_moves_whole_shape_and_deletes(page: Page) -> None:
    initial = [
        {"label": "Road", "vertices": points((10, 10), (60, 10), (60, 60))},
        {
            "label": "Lane",
            "vertices": points((300, 300), (400, 300), (400, 400), (300, 400)),
        },
    ]
    vertex_tool(page, "crowd-polygon", f'initial-value="{attribute_json(initial)}"')
    drag(page, "crowd-polygon", (350, 350), (370, 340))
    click(page, "crowd-polygon", 50, 20)
    page.get_by_role("button", name="Delete selected polygon").click()

    assert submit(page)["shape"]["polygons"] == [
        {
            "label": "Lane",
            "vertices": points((320, 290), (420, 290), (420, 390), (320, 390)),
        }
    ]


# ----- crowd-line / crowd-polyline -----------------------------------------


def test_line_is_drawn_by_two_clicks_or_one_drag(page: Page) -> None:
    vertex_tool(page, "crowd-line")
    click(page, "crowd-line", 50, 50)
    click(page, "crowd-line", 150, 80)
    page.keyboard.press("2")
    page.keyboard.press("Escape")
    drag(page, "crowd-line", (200, 200), (300, 260))

    answer = submit(page)["shape"]

    assert answer == {
        "inputImageProperties": IMAGE,
        "lines": [
            {"label": "Road", "vertices": points((50, 50), (150, 80))},
            {"label": "Lane", "vertices": points((200, 200), (300, 260))},
        ],
    }


@pytest.mark.parametrize(
    ("tag", "key"),
    [("crowd-line", "lines"), ("crowd-polyline", "polylines")],
    ids=["line", "polyline"],
)
@pytest.mark.parametrize("edit", [False, True], ids=["untouched", "vertex-moved"])
def test_lines_report_initial_value_modified(
    page: Page, tag: str, key: str, edit: bool
) -> None:
    initial = f"{{ {key}: [ // prior job\n {{label: 'Lane', vertices: [{{x: 10, y: 10}}, {{x: 90, y: 40}},],}}, ], }}"
    vertex_tool(page, tag, f'initial-value="{initial}"')

    if edit:
        drag(page, tag, (90, 40), (95, 60))
    answer = submit(page)["shape"]

    end = (95, 60) if edit else (90, 40)
    assert answer[key] == [{"label": "Lane", "vertices": points((10, 10), end)}]
    assert answer["initialValueModified"] is edit


@pytest.mark.parametrize("finish", ["enter", "last-vertex"])
def test_polyline_collects_vertices_until_finished(page: Page, finish: str) -> None:
    vertex_tool(page, "crowd-polyline")
    for x, y in [(10, 10), (100, 50), (200, 20)]:
        click(page, "crowd-polyline", x, y)

    if finish == "enter":
        page.keyboard.press("Enter")
    else:
        click(page, "crowd-polyline", 200, 20)
    answer = submit(page)["shape"]

    assert answer == {
        "inputImageProperties": IMAGE,
        "polylines": [
            {"label": "Road", "vertices": points((10, 10), (100, 50), (200, 20))}
        ],
    }


def test_line_label_colors_attribute_colours_the_picker(page: Page) -> None:
    vertex_tool(page, "crowd-line", "label-colors=\"['#ff0000', '#00ff00']\"")

    swatch = page.get_by_role("button", name="Label Lane").locator("span")

    expect(swatch).to_have_css("background-color", "rgb(0, 255, 0)")


# ----- crowd-instance-segmentation -----------------------------------------

INSTANCE_TAG = "crowd-instance-segmentation"


def instance_page(
    page: Page, extra: str = "", files: dict[str, bytes] | None = None
) -> None:
    """Open an instance-segmentation task with labels Car and Person."""
    open_tool(
        page,
        f'<crowd-instance-segmentation name="inst" src="/files/photo.png"'
        f" labels=\"['Car', 'Person']\" {extra}></crowd-instance-segmentation>",
        files,
    )


def test_instance_segmentation_gives_each_instance_its_colour(page: Page) -> None:
    instance_page(page)
    drag(page, INSTANCE_TAG, (50, 50), (150, 50))
    page.get_by_role("button", name="Add instance").click()
    drag(page, INSTANCE_TAG, (50, 200), (150, 200))
    page.keyboard.press("2")
    drag(page, INSTANCE_TAG, (300, 300), (400, 300))
    page.keyboard.press("n")

    answer = submit(page)["inst"]
    image = decode_png(answer["labeledImage"]["pngImageData"])

    assert image.size == (WIDTH, HEIGHT)
    labels = [instance["label"] for instance in answer["instances"]]
    assert labels == ["Car", "Car", "Person"]
    colors = [hex_rgb(instance["color"]) for instance in answer["instances"]]
    assert len(set(colors)) == 3
    assert rgb_colors(image) == {WHITE, *colors}
    rgb = image.convert("RGB")
    assert [
        rgb.getpixel((100, 50)),
        rgb.getpixel((100, 200)),
        rgb.getpixel((350, 300)),
    ] == colors
    assert answer["inputImageProperties"] == IMAGE
    expect(page.get_by_role("button", name="Instance Person #2")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_instance_segmentation_loads_initial_instances(page: Page) -> None:
    mask = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(mask)
    draw.rectangle([10, 10, 59, 59], fill=(10, 20, 200))
    draw.rectangle([100, 10, 149, 59], fill=(200, 10, 20))
    initial = {
        "instances": [
            {"color": "#0a14c8", "label": "Car"},
            {"color": "#c80a14", "label": "Car"},
        ],
        "src": "/files/mask.png",
    }
    instance_page(
        page,
        f'initial-value="{attribute_json(initial)}"',
        {"mask.png": png_bytes(mask)},
    )

    page.get_by_role("button", name="Instance Car #1").click()
    page.get_by_role("button", name="Eraser").click()
    drag(page, INSTANCE_TAG, (30, 0), (30, 80))
    answer = submit(page)["inst"]
    image = decode_png(answer["labeledImage"]["pngImageData"]).convert("RGB")

    assert answer["instances"] == initial["instances"]
    assert rgb_colors(image) == {WHITE, (10, 20, 200), (200, 10, 20)}
    assert image.getpixel((30, 30)) == WHITE
    assert image.getpixel((12, 12)) == (10, 20, 200)
    assert image.getpixel((149, 59)) == (200, 10, 20)


# ----- crowd-entity-annotation ---------------------------------------------

ENTITY_TEXT = "😀 Zoë Müller flew to 東京 on Monday."
ENTITY_LABELS = [
    {"label": "person", "fullDisplayName": "Person", "shortDisplayName": "PER"},
    {"label": "place", "fullDisplayName": "Place", "shortDisplayName": "LOC"},
    {"label": "date", "shortDisplayName": "DAT"},
]


def entity_page(page: Page, inside_form: bool, extra: str = "") -> None:
    """Open an entity-annotation task, inside a crowd-form or standalone."""
    element = (
        f'<crowd-entity-annotation name="ner" header="Find entities"'
        f' labels="{attribute_json(ENTITY_LABELS)}" text="{ENTITY_TEXT}" {extra}>'
        "<short-instructions>Mark names.</short-instructions></crowd-entity-annotation>"
    )
    html = f"<crowd-form>{element}</crowd-form>" if inside_form else element
    page.set_viewport_size({"width": 1100, "height": 900})
    open_elements_page(page, html)


def char(page: Page, offset: int) -> tuple[float, float]:
    """Return the page position of the character at code-point ``offset``."""
    box = page.locator(
        f"crowd-entity-annotation [data-offset='{offset}']"
    ).bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def select_text(page: Page, start: int, last: int) -> None:
    """Drag the mouse from character ``start`` to character ``last``."""
    page.mouse.move(*char(page, start))
    page.mouse.down()
    page.mouse.move(*char(page, last), steps=8)
    page.mouse.up()


def span(text: str, label: str) -> dict[str, Any]:
    """Return the entity for the first occurrence of ``text`` in code points."""
    start = ENTITY_TEXT.index(text)
    return {"endOffset": start + len(text), "label": label, "startOffset": start}


def test_entity_annotation_standalone_submits_code_point_offsets(page: Page) -> None:
    entity_page(page, inside_form=False)
    start = ENTITY_TEXT.index("Zoë")
    select_text(page, start, start + len("Zoë Müller") - 1)
    page.get_by_role("button", name="Label Place").click()
    page.mouse.click(*char(page, ENTITY_TEXT.index("京")))
    page.keyboard.press("3")
    page.mouse.click(*char(page, ENTITY_TEXT.index("Monday") + 2))

    page.get_by_role("button", name="Submit").click()
    answers = submitted_answers(page)

    assert answers == [
        {
            "ner": {
                "entities": [
                    span("Zoë Müller", "person"),
                    span("東京", "place"),
                    span("Monday", "date"),
                ]
            }
        }
    ]
    expect(page.locator("crowd-entity-annotation pre[data-gt-answer]")).to_contain_text(
        '"label": "place"'
    )


def test_entity_annotation_relabels_and_deletes_inside_a_form(page: Page) -> None:
    initial = [span("Zoë", "person"), span("Monday", "date")]
    entity_page(
        page, inside_form=True, extra=f'initial-value="{attribute_json(initial)}"'
    )
    page.mouse.click(*char(page, ENTITY_TEXT.index("Zoë")))
    page.keyboard.press("2")
    page.get_by_role("button", name='Delete entity "Monday" (date)').click()
    select_text(page, ENTITY_TEXT.index("flew"), ENTITY_TEXT.index("to") + 2)
    page.mouse.click(*char(page, ENTITY_TEXT.index("flew")))
    page.keyboard.press("Delete")

    answers = submit(page)

    assert answers == {"ner": {"entities": [span("Zoë", "place")]}}
    assert page.locator("crowd-entity-annotation crowd-form").count() == 0


def test_entity_annotation_own_form_submits_inputs_added_to_it(page: Page) -> None:
    entity_page(page, inside_form=False)
    page.evaluate(
        """() => {
          const form = document.querySelector('crowd-entity-annotation')
            .shadowRoot.querySelector('crowd-form').form;
          const input = document.createElement('input');
          input.name = 'extra';
          input.setAttribute('aria-label', 'Extra');
          form.append(input);
        }"""
    )
    page.get_by_role("textbox", name="Extra").fill("yes")

    page.get_by_role("button", name="Submit").click()

    assert submitted_answers(page) == [{"extra": "yes", "ner": {"entities": []}}]
