"""End-to-end tests of the bundled examples through the plugin's ``gt_task``."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from gt_templates.harness import TaskCheckFailed, TaskPage

pytestmark = pytest.mark.browser

OpenTask = Callable[..., TaskPage]


@pytest.mark.parametrize(
    ("task_name", "sample", "verdict"),
    [
        ("vehicle-boxes", 0, "Correct"),
        ("vehicle-boxes", 3, "Vehicle missed"),
        ("road-segmentation", 0, "Excellent"),
        ("road-segmentation", 5, "Unusable"),
    ],
    ids=["boxes-first", "boxes-last", "masks-first", "masks-last"],
)
def test_verification_answer_holds_verdict_and_comment(
    gt_task: OpenTask, task_name: str, sample: int, verdict: str
) -> None:
    task = gt_task(task_name, sample=sample)
    task.choose(verdict)
    task.comment(f"Checked sample {sample}.")

    answer = task.submit()

    assert answer == {
        "verification": {"label": verdict, "workerComment": f"Checked sample {sample}."}
    }


def test_changing_the_verdict_submits_the_last_choice(gt_task: OpenTask) -> None:
    task = gt_task("vehicle-boxes")
    task.choose("Correct")
    task.choose("Wrong label")

    answer = task.submit()

    assert answer == {"verification": {"label": "Wrong label"}}


def test_required_comment_blocks_submit_with_the_page_message(
    gt_task: OpenTask,
) -> None:
    task = gt_task("road-segmentation")
    task.choose("Poor")

    with pytest.raises(TaskCheckFailed) as raised:
        task.submit()

    assert "pressing Submit sent no answer" in str(raised.value)
    assert "comment" in str(raised.value).lower()


def initial_boxes(gt_project: Any, sample: int) -> list[dict[str, Any]]:
    """Return the earlier job's boxes of a sample, as the adjustment tool shows them."""
    manifest = gt_project / "preview" / "manifests" / "vehicle-boxes.manifest"
    line = json.loads(manifest.read_text(encoding="utf-8").splitlines()[sample])
    class_map = line["vehicles-metadata"]["class-map"]
    return [
        {
            "height": box["height"],
            "label": class_map[str(box["class_id"])],
            "left": box["left"],
            "top": box["top"],
            "width": box["width"],
        }
        for box in line["vehicles"]["annotations"]
    ]


def test_untouched_boxes_are_submitted_unmodified(
    gt_task: OpenTask, gt_project: Any
) -> None:
    task = gt_task("vehicle-boxes-adjust", sample=0)

    answer = task.submit()["boundingBox"]

    assert answer["boundingBoxes"] == initial_boxes(gt_project, 0)
    assert answer["inputImageProperties"] == {"height": 480, "width": 640}
    assert answer["initialValueModified"] is False


@pytest.mark.parametrize(
    ("label", "left", "top", "width", "height"),
    [("car", 40, 300, 120, 80), ("bicycle", 500, 20, 60, 90)],
    ids=["car", "bicycle"],
)
def test_drawn_box_is_added_in_image_pixels(
    gt_task: OpenTask,
    gt_project: Any,
    label: str,
    left: int,
    top: int,
    width: int,
    height: int,
) -> None:
    task = gt_task("vehicle-boxes-adjust", sample=0)

    box = task.draw_box(label, left, top, width, height)
    answer = task.submit()["boundingBox"]

    expected = {"height": height, "label": label, "left": left, "top": top}
    assert box == {**expected, "width": width}
    assert answer["boundingBoxes"] == [*initial_boxes(gt_project, 0), box]
    assert answer["initialValueModified"] is True


def test_drawing_with_an_unknown_label_names_the_labels(gt_task: OpenTask) -> None:
    task = gt_task("vehicle-boxes-adjust")

    with pytest.raises(TaskCheckFailed, match=r"has no label 'tram'.*'bicycle'"):
        task.draw_box("tram", 10, 10, 50, 50)


def test_painted_stroke_recolours_the_mask(gt_task: OpenTask) -> None:
    task = gt_task("road-segmentation-adjust", sample=0)

    task.paint("sidewalk", [(20, 400), (200, 420), (380, 440)])
    answer = task.submit()["crowd-semantic-segmentation"]

    mask = Image.open(
        io.BytesIO(base64.b64decode(answer["labeledImage"]["pngImageData"]))
    )
    colour = answer["labelMappings"]["sidewalk"]["color"]
    assert mask.size == (640, 480)
    assert (
        "#{:02x}{:02x}{:02x}".format(*mask.convert("RGB").getpixel((200, 420)))
        == colour
    )
    assert answer["initialValueModified"] is True


def test_two_tasks_open_side_by_side_in_one_test(gt_task: OpenTask) -> None:
    boxes = gt_task("vehicle-boxes", sample=1)
    masks = gt_task("road-segmentation", sample=1)
    boxes.choose("Correct")
    masks.choose("Good")
    masks.comment("Edges are fine.")

    assert boxes.submit() == {"verification": {"label": "Correct"}}
    assert masks.submit()["verification"]["label"] == "Good"
    assert boxes.page is not masks.page


def test_answer_breaking_the_answer_schema_fails(gt_task: OpenTask) -> None:
    task = gt_task("vehicle-boxes")
    schema = json.loads(json.dumps(task.answer_schema))
    schema["properties"]["verification"]["properties"]["label"] = {"enum": ["Correct"]}
    task.answer_schema = schema
    task.choose("Wrong label")

    with pytest.raises(
        TaskCheckFailed, match="does not match the compiled answer schema"
    ):
        task.submit()


def test_console_errors_are_collected_for_the_test(gt_task: OpenTask) -> None:
    task = gt_task("vehicle-boxes")

    task.page.evaluate("console.error('broken on purpose')")

    with pytest.raises(TaskCheckFailed, match="console error: broken on purpose"):
        task.check_no_errors()
    task.errors.clear()


def test_unknown_task_fails_with_the_list_of_tasks(gt_task: OpenTask) -> None:
    with pytest.raises(TaskCheckFailed, match=r"answered 404.*vehicle-boxes-adjust"):
        gt_task("no-such-task")
