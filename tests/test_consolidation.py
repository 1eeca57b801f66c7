"""Consolidation: worker answers to output manifest lines, built-in and by handler."""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from gt_templates.cli import main
from gt_templates.consolidation import (
    DataObject,
    Job,
    Response,
    consolidate,
    job_kind,
)
from gt_templates.errors import ConsolidationError, LambdaError
from gt_templates.submissions import SubmissionStore

NOW = datetime(2026, 12, 3, 10, 20, 30, 123456, tzinfo=UTC)
VERDICTS = ["Correct", "Too loose", "Wrong label"]
BOX_LINE = {
    "source-ref": "s3://bucket/a.jpg",
    "vehicles": {
        "image_size": [{"width": 100, "height": 80, "depth": 3}],
        "annotations": [
            {"class_id": 5, "left": 10, "top": 10, "width": 20, "height": 20}
        ],
    },
    "vehicles-metadata": {
        "class-map": {"5": "truck"},
        "type": "groundtruth/object-detection",
    },
}
SEG_LINE = {
    "source-ref": "s3://bucket/a.jpg",
    "road-ref": "s3://bucket/masks/a.png",
    "road-ref-metadata": {
        "internal-color-map": {
            "0": {
                "class-name": "BACKGROUND",
                "hex-color": "#ffffff",
                "confidence": 0.9,
            },
            "1": {"class-name": "road", "hex-color": "#2acf59", "confidence": 0.9},
        },
        "type": "groundtruth/semantic-segmentation",
    },
}


def verification_job(**changes: Any) -> Job:
    """Return a verification job with the usual verdicts."""
    return Job(
        **{
            "name": "check",
            "output_attribute": "verified",
            "labels": VERDICTS,
            "kind": "verification",
            "label_attribute": "vehicles",
            "element_name": "verification",
            **changes,
        }
    )


def answers(*values: Any, key: str = "verification") -> DataObject:
    """Return one data object answered by one worker per value."""
    responses = [Response(f"worker-{i}", {key: v}) for i, v in enumerate(values)]
    return DataObject(0, dict(BOX_LINE), responses)


def verdict(label: str, comment: str | None = None) -> dict[str, str]:
    """Return a classifier answer, with a worker comment if given."""
    return {"label": label} | (
        {"workerComment": comment} if comment is not None else {}
    )


# Verification ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "index", "confidence", "feedback"),
    [
        ([verdict("Too loose", "left edge")], 1, 0.0, [{"comment": "left edge"}]),
        ([verdict("Correct", "  ")], 0, 0.0, None),
        (
            [verdict("Wrong label"), verdict("Wrong label"), verdict("Correct")],
            2,
            0.67,
            None,
        ),
        ([verdict("Wrong label"), verdict("Too loose")], 1, 0.5, None),
        (
            [verdict("Too loose", "a"), verdict("Correct"), verdict("Too loose", "b")],
            1,
            0.67,
            [{"comment": "a"}, {"comment": "b"}],
        ),
    ],
    ids=[
        "one-worker",
        "blank-comment-dropped",
        "majority",
        "tie-first-listed",
        "feedback-kept",
    ],
)
def test_verification_writes_verdict_index_and_metadata(
    values: list[dict[str, str]], index: int, confidence: float, feedback: Any
) -> None:
    (line,) = consolidate(verification_job(), [answers(*values)], now=NOW)

    metadata = line["verified-metadata"]
    assert line["verified"] == index
    assert metadata["class-name"] == VERDICTS[index]
    assert metadata["confidence"] == confidence
    assert metadata["type"] == "groundtruth/label-verification"
    assert metadata["job-name"] == "labeling-job/check"
    assert metadata["human-annotated"] == "yes"
    assert metadata["creation-date"] == "2026-12-03T10:20:30.123456"
    assert metadata.get("worker-feedback") == feedback
    assert line["vehicles"] == BOX_LINE["vehicles"]


def test_verification_reads_the_named_element_before_any_other() -> None:
    item = DataObject(
        0,
        dict(BOX_LINE),
        [
            Response(
                "w",
                {"other": {"label": "Correct"}, "verification": verdict("Wrong label")},
            )
        ],
    )

    (line,) = consolidate(verification_job(), [item], now=NOW)

    assert line["verified"] == 2


def test_verification_without_a_kind_guesses_from_the_answer() -> None:
    job = verification_job(kind=None, element_name=None)

    (line,) = consolidate(job, [answers(verdict("Correct"), key="anything")], now=NOW)

    assert line["verified"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            {"verification": {"label": "Maybe"}},
            "found verdict 'Maybe', expected one of",
        ),
        ({"comment": "hi"}, "found no crowd-image-classifier value with 'label'"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
    ids=["unknown-verdict", "no-classifier", "not-an-object"],
)
def test_verification_rejects_answers_it_cannot_read(
    content: Any, message: str
) -> None:
    item = DataObject(0, dict(BOX_LINE), [Response("w", content)])

    with pytest.raises(ConsolidationError, match=message) as caught:
        consolidate(verification_job(source="template_sources/check.yaml"), [item])

    assert caught.value.problems[0].location() == "template_sources/check.yaml:1:1"


def test_objects_nobody_answered_are_copied_unchanged() -> None:
    lines = consolidate(verification_job(), [DataObject(0, dict(BOX_LINE))], now=NOW)

    assert lines == [BOX_LINE]


@pytest.mark.parametrize(
    ("task", "kind"),
    [
        ("bounding-box-verification", "verification"),
        ("semantic-segmentation-verification", "verification"),
        ("bounding-box-adjustment", "adjust-boxes"),
        ("semantic-segmentation-adjustment", "adjust-segmentation"),
        (None, None),
    ],
    ids=["box-verify", "seg-verify", "box-adjust", "seg-adjust", "hand-written"],
)
def test_job_kind_follows_the_definition_task(
    task: str | None, kind: str | None
) -> None:
    assert job_kind(task) == kind


# Bounding-box adjustment ------------------------------------------------------------


def box(
    label: str, left: float, top: float, width: float = 20, height: float = 20
) -> dict[str, Any]:
    """Return one crowd-bounding-box box."""
    return {"label": label, "left": left, "top": top, "width": width, "height": height}


def boxes(*items: dict[str, Any], modified: bool | None = None) -> dict[str, Any]:
    """Return a crowd-bounding-box answer value."""
    value: dict[str, Any] = {
        "boundingBoxes": list(items),
        "inputImageProperties": {"width": 100, "height": 80},
    }
    if modified is not None:
        value["initialValueModified"] = modified
    return value


def box_job() -> Job:
    """Return a bounding-box adjustment job."""
    return Job(
        name="fix",
        output_attribute="vehicles-adjusted",
        labels=["car", "truck", "bus"],
        kind="adjust-boxes",
        label_attribute="vehicles",
        element_name="boundingBox",
    )


@pytest.mark.parametrize(
    ("values", "annotations", "confidences", "class_map", "status"),
    [
        (
            [boxes(box("truck", 10, 10), box("car", 50, 40, 10, 10), modified=True)],
            [
                {"class_id": 5, "left": 10, "top": 10, "width": 20, "height": 20},
                {"class_id": 0, "left": 50, "top": 40, "width": 10, "height": 10},
            ],
            [0.0, 0.0],
            {"5": "truck", "0": "car"},
            "adjusted",
        ),
        (
            [boxes(box("truck", 10, 10))],
            [{"class_id": 5, "left": 10, "top": 10, "width": 20, "height": 20}],
            [0.0],
            {"5": "truck"},
            "unadjusted",
        ),
        (
            [
                boxes(box("car", 10, 10), box("bus", 70, 50)),
                boxes(box("car", 12, 12)),
                boxes(box("car", 11, 14)),
            ],
            [{"class_id": 0, "left": 11, "top": 12, "width": 20, "height": 20}],
            [1.0],
            {"0": "car"},
            "adjusted",
        ),
        (
            [boxes(box("car", 10, 10)), boxes(box("truck", 10, 10))],
            [
                {"class_id": 0, "left": 10, "top": 10, "width": 20, "height": 20},
                {"class_id": 5, "left": 10, "top": 10, "width": 20, "height": 20},
            ],
            [0.5, 0.5],
            {"0": "car", "5": "truck"},
            "adjusted",
        ),
        (
            [boxes(modified=False)],
            [],
            [],
            {},
            "unadjusted",
        ),
    ],
    ids=[
        "one-worker-modified",
        "unchanged-without-flag",
        "three-workers-mean-and-drop-lone-box",
        "two-workers-disagree-on-label",
        "all-boxes-deleted-flag-false",
    ],
)
def test_box_adjustment_writes_the_object_detection_format(
    values: list[dict[str, Any]],
    annotations: list[dict[str, int]],
    confidences: list[float],
    class_map: dict[str, str],
    status: str,
) -> None:
    item = answers(*values, key="boundingBox")

    (line,) = consolidate(box_job(), [item], now=NOW)

    value, metadata = line["vehicles-adjusted"], line["vehicles-adjusted-metadata"]
    assert value == {
        "image_size": [{"width": 100, "height": 80, "depth": 3}],
        "annotations": annotations,
    }
    assert [o["confidence"] for o in metadata["objects"]] == confidences
    assert metadata["class-map"] == class_map
    assert metadata["type"] == "groundtruth/object-detection"
    assert metadata["adjustment-status"] == status
    assert line["vehicles"] == BOX_LINE["vehicles"]


def test_box_adjustment_rejects_an_unknown_label() -> None:
    item = answers(boxes(box("tank", 1, 1)), key="boundingBox")

    with pytest.raises(ConsolidationError, match="found box label 'tank'"):
        consolidate(box_job(), [item], now=NOW)


def test_box_adjustment_rejects_a_malformed_box() -> None:
    item = answers(boxes({"label": "car", "left": "x"}), key="boundingBox")

    with pytest.raises(
        ConsolidationError, match=r"expected \{label, left, top, width, height\}"
    ):
        consolidate(box_job(), [item], now=NOW)


# Segmentation adjustment -----------------------------------------------------------


def mask_png(rows: list[str], colors: dict[str, tuple[int, int, int, int]]) -> str:
    """Return a base64 PNG whose pixels are given as one character per pixel."""
    image = Image.new("RGBA", (len(rows[0]), len(rows)))
    image.putdata([colors[char] for row in rows for char in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


PAINT = {".": (0, 0, 0, 0), "r": (42, 207, 89, 255), "c": (255, 0, 0, 255)}
MAPPINGS = {"road": {"color": "#2acf59"}, "car": {"color": "#ff0000"}}


def segmentation(rows: list[str], modified: bool = True) -> dict[str, Any]:
    """Return a crowd-semantic-segmentation answer value."""
    return {
        "inputImageProperties": {"width": len(rows[0]), "height": len(rows)},
        "labelMappings": MAPPINGS,
        "labeledImage": {"pngImageData": mask_png(rows, PAINT)},
        "initialValueModified": modified,
    }


def segmentation_job(s3_root: Path) -> Job:
    """Return a segmentation adjustment job writing into ``s3_root``."""
    return Job(
        name="repaint",
        output_attribute="road-adjusted-ref",
        labels=["road", "car"],
        kind="adjust-segmentation",
        label_attribute="road-ref",
        element_name="crowd-semantic-segmentation",
        s3_root=s3_root,
    )


@pytest.mark.parametrize(
    ("masks", "expected", "confidence"),
    [
        ([["rr..", "cc.."]], ["rr..", "cc.."], 0.0),
        (
            [["rr..", "cc.."], ["rrr.", "c..."], ["r...", "cc.."]],
            ["rr..", "cc.."],
            0.88,
        ),
        ([["rc..", "...."], ["cr..", "...."]], ["rr..", "...."], 0.88),
    ],
    ids=["one-worker", "three-workers-vote", "tie-lower-class-wins"],
)
def test_segmentation_adjustment_writes_a_voted_png_into_local_s3(
    tmp_path: Path, masks: list[list[str]], expected: list[str], confidence: float
) -> None:
    item = DataObject(
        3,
        dict(SEG_LINE),
        [
            Response(f"w{i}", {"crowd-semantic-segmentation": segmentation(m)})
            for i, m in enumerate(masks)
        ],
    )

    (line,) = consolidate(segmentation_job(tmp_path), [item], now=NOW)

    uri = line["road-adjusted-ref"]
    key = "repaint/annotations/consolidated-annotation/output/3_2026-12-03T10:20:30.123456.png"
    assert uri == f"s3://gt-templates-output/{key}"
    image = Image.open(tmp_path / "gt-templates-output" / key).convert("RGB")
    colors = {".": (255, 255, 255), "r": (42, 207, 89), "c": (255, 0, 0)}
    pixels = [colors[char] for row in expected for char in row]
    assert [image.getpixel((i % 4, i // 4)) for i in range(8)] == pixels

    metadata = line["road-adjusted-ref-metadata"]
    assert metadata["internal-color-map"] == {
        "0": {
            "class-name": "BACKGROUND",
            "confidence": confidence,
            "hex-color": "#ffffff",
        },
        "1": {"class-name": "road", "confidence": confidence, "hex-color": "#2acf59"},
        "2": {"class-name": "car", "confidence": confidence, "hex-color": "#ff0000"},
    }
    assert metadata["type"] == "groundtruth/semantic-segmentation"
    assert metadata["adjustment-status"] == "adjusted"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {**segmentation(["r"]), "labeledImage": {"pngImageData": "%%%"}},
            "not base64 PNG",
        ),
        (
            {**segmentation(["r"]), "labeledImage": {"pngImageData": "aGVsbG8="}},
            "not a PNG image",
        ),
        (
            {**segmentation(["r"]), "labelMappings": {"tree": {"color": "#00ff00"}}},
            "label 'tree'",
        ),
    ],
    ids=["not-base64", "not-png", "unknown-label"],
)
def test_segmentation_adjustment_rejects_bad_images(
    tmp_path: Path, value: dict[str, Any], message: str
) -> None:
    item = DataObject(
        0, dict(SEG_LINE), [Response("w", {"crowd-semantic-segmentation": value})]
    )

    with pytest.raises(ConsolidationError, match=message):
        consolidate(segmentation_job(tmp_path), [item], now=NOW)


# Post-annotation handler -------------------------------------------------------------

HANDLERS = """
import json
from pathlib import Path

SEEN = []


def first_label(event, context):
    SEEN.append(event)
    bucket, key = event["payload"]["s3Uri"][len("s3://"):].split("/", 1)
    payload = json.loads((Path(context.local_s3_root) / bucket / key).read_text())
    SEEN.append(payload)
    out = []
    for item in payload:
        contents = [json.loads(a["annotationData"]["content"]) for a in item["annotations"]]
        out.append({
            "datasetObjectId": item["datasetObjectId"],
            "consolidatedAnnotation": {"content": {
                event["labelAttributeName"]: {"labels": [c["v"]["label"] for c in contents]}
            }},
        })
    return out


def explode(event, context):
    raise ValueError("no luck")


def wrong_shape(event, context):
    return {"not": "a list"}


def missing_attribute(event, context):
    return [{"datasetObjectId": "0", "consolidatedAnnotation": {"content": {"x": 1}}}]
"""


@pytest.fixture
def handler_project(tmp_path: Path) -> Path:
    """Return a folder holding the consolidation_hooks module."""
    (tmp_path / "consolidation_hooks.py").write_text(HANDLERS, encoding="utf-8")
    return tmp_path


def handler_job(project: Path, function: str) -> Job:
    """Return a job consolidated by a local handler."""
    return Job(
        name="custom",
        output_attribute="verdicts",
        labels=["yes", "no"],
        kind="verification",
        post_annotation_lambda=f"consolidation_hooks:{function}",
        project_dir=project,
        s3_root=project / "s3",
    )


def test_post_annotation_handler_gets_the_documented_event_and_payload(
    handler_project: Path,
) -> None:
    objects = [
        DataObject(
            0,
            {"source-ref": "s3://b/0.jpg"},
            [
                Response("w1", {"v": {"label": "no"}}),
                Response("w2", {"v": {"label": "yes"}}),
            ],
        ),
        DataObject(1, {"source": "inline text"}),
    ]

    lines = consolidate(handler_job(handler_project, "first_label"), objects, now=NOW)

    import consolidation_hooks  # type: ignore[import-not-found]

    event, payload = consolidation_hooks.SEEN[-2:]
    assert set(event) == {
        "version",
        "labelingJobArn",
        "labelCategories",
        "labelAttributeName",
        "roleArn",
        "payload",
    }
    assert event["version"] == "2018-10-16"
    assert event["labelingJobArn"].endswith(":labeling-job/custom")
    assert event["labelCategories"] == ["yes", "no"]
    assert event["labelAttributeName"] == "verdicts"
    assert payload == [
        {
            "datasetObjectId": "0",
            "dataObject": {"s3Uri": "s3://b/0.jpg"},
            "annotations": [
                {
                    "workerId": "w1",
                    "annotationData": {"content": '{"v": {"label": "no"}}'},
                },
                {
                    "workerId": "w2",
                    "annotationData": {"content": '{"v": {"label": "yes"}}'},
                },
            ],
        }
    ]
    assert lines[0]["verdicts"] == {"labels": ["no", "yes"]}
    assert lines[0]["verdicts-metadata"] == {
        "job_name": "labeling-job/custom",
        "type": "groundTruth/custom",
        "human-annotated": "yes",
        "creation_date": "2026-12-03T10:20:30.123456",
    }
    assert lines[1] == {"source": "inline text"}


@pytest.mark.parametrize(
    ("function", "message"),
    [
        ("explode", "the post-annotation handler raised ValueError: no luck"),
        ("wrong_shape", "the post-annotation handler returned dict"),
        (
            "missing_attribute",
            "lacks datasetObjectId or consolidatedAnnotation.content.verdicts",
        ),
        ("absent", "has no function 'absent'"),
    ],
    ids=["raises", "not-a-list", "missing-attribute", "no-such-function"],
)
def test_a_failing_post_annotation_handler_is_reported(
    handler_project: Path, function: str, message: str
) -> None:
    objects = [
        DataObject(
            0, {"source-ref": "s3://b/0.jpg"}, [Response("w", {"v": {"label": "no"}})]
        )
    ]

    with pytest.raises(LambdaError, match=message):
        consolidate(handler_job(handler_project, function), objects, now=NOW)


# The consolidate command -------------------------------------------------------------

DEFINITION = """name: boxes
task: bounding-box-verification
label_attribute: vehicles
output_attribute: vehicles-verified
header: Right?
verdicts: [Correct, Wrong]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a project with one definition and two sample lines."""
    (tmp_path / "template_sources").mkdir()
    (tmp_path / "template_sources" / "boxes.yaml").write_text(DEFINITION)
    manifests = tmp_path / "preview" / "manifests"
    manifests.mkdir(parents=True)
    lines = [BOX_LINE, {**BOX_LINE, "source-ref": "s3://bucket/b.jpg"}]
    (manifests / "boxes.manifest").write_text(
        "".join(json.dumps(x) + "\n" for x in lines)
    )
    return tmp_path


def run(*args: str) -> Any:
    """Run the CLI and return its result."""
    return CliRunner().invoke(main, ["consolidate", *args], catch_exceptions=False)


def test_consolidate_command_writes_the_output_manifest(project: Path) -> None:
    store = SubmissionStore.for_project(project / ".gt-templates")
    store.add("boxes", 1, [{"verification": {"label": "Wrong"}}], worker_id="a")
    store.add("boxes", 1, [{"verification": {"label": "Wrong"}}], worker_id="b")
    output = project / "out" / "output.manifest"

    result = run(str(project), "--task", "boxes", "-o", str(output))
    lines = [json.loads(x) for x in output.read_text().splitlines()]

    assert result.exit_code == 0, result.output
    assert lines[0] == BOX_LINE
    assert lines[1]["vehicles-verified"] == 1
    assert lines[1]["vehicles-verified-metadata"]["confidence"] == 1.0


def test_consolidate_command_without_answers_copies_lines_and_creates_nothing(
    project: Path,
) -> None:
    result = run(str(project))

    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines == [BOX_LINE, {**BOX_LINE, "source-ref": "s3://bucket/b.jpg"}]
    assert not (project / ".gt-templates").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--task", "nope"], 2, "found no task named 'nope'; tasks: boxes"),
        (["--task", "boxes"], 1, "found verdict 'Maybe'"),
    ],
    ids=["unknown-task", "unreadable-answer"],
)
def test_consolidate_command_failures_write_nothing(
    project: Path, args: list[str], code: int, message: str
) -> None:
    store = SubmissionStore.for_project(project / ".gt-templates")
    store.add("boxes", 0, [{"verification": {"label": "Maybe"}}])
    output = project / "out.manifest"

    result = run(str(project), *args, "-o", str(output))

    assert result.exit_code == code
    assert message in result.stderr
    assert not output.exists()


def test_consolidate_command_reports_a_broken_definition(project: Path) -> None:
    (project / "template_sources" / "bad.yaml").write_text(
        "name: bad\ntask: nonsense\n"
    )

    result = run(str(project))

    assert result.exit_code == 1
    assert "template_sources/bad.yaml:2:" in result.stderr
