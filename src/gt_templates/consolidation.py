"""Turning worker answers into output manifest lines, as Ground Truth's consolidation does.

Built-in behaviour, by kind of job:

- verification (``ACS-Verification*``): the chosen verdict's index goes under
  the output attribute, ``<attr>-metadata`` gets ``class-name``,
  ``confidence``, ``worker-feedback`` and the common keys. Several workers are
  combined by plurality vote; a tie goes to the verdict listed first.
- bounding-box adjustment: the earlier job's object-detection format. Boxes of
  different workers with the same label and IoU >= 0.5 are one object (their
  mean box); an object is kept when at least half of the workers drew it.
- segmentation adjustment: a per-pixel vote (ties go to the lower class
  index, so background wins); the PNG is written to the local S3 folder and
  its ``s3://`` URI goes under the (``-ref``) output attribute.

Confidence is 0.0 for a single worker, as Ground Truth documents, and
otherwise the share of workers that agree with the result.

A project can instead name a post-annotation handler (``module:function``);
it gets the documented event, its payload is written to the local S3 folder,
and the ``context`` argument carries ``local_s3_root`` so a handler can read
the payload without AWS.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import io
import json
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PIL import Image

from .commands import write_atomically
from .errors import ConsolidationError, LambdaError, Problem
from .project import OUTPUT_BUCKET, job_arn, job_name
from .task_input import load_handler

if TYPE_CHECKING:
    from .project import Task
    from .submissions import SubmissionStore

JobKind = Literal["verification", "adjust-boxes", "adjust-segmentation"]
LAMBDA_VERSION = "2018-10-16"
LOCAL_ROLE_ARN = "arn:aws:iam::123456789012:role/gt-templates-preview"
IOU_THRESHOLD = 0.5
BACKGROUND = "BACKGROUND"
BACKGROUND_COLOR = "#ffffff"


@dataclass(frozen=True)
class Response:
    """One worker's answer object for one data object."""

    worker_id: str
    content: Any


@dataclass(frozen=True)
class DataObject:
    """One manifest line with the answers workers gave for it."""

    index: int
    line: dict[str, Any]
    responses: list[Response] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """What consolidation needs to know about a task."""

    name: str
    output_attribute: str
    labels: list[str]
    kind: JobKind | None = None
    label_attribute: str | None = None
    element_name: str | None = None
    post_annotation_lambda: str | None = None
    project_dir: Path = Path(".")
    s3_root: Path = Path("preview/s3")
    source: str = "<job>"

    @classmethod
    def from_task(cls, task: Task) -> Job:
        """Return the job a project task stands for."""
        return cls(
            name=job_name(task.name),
            output_attribute=task.output_attribute,
            labels=list(task.labels),
            kind=job_kind(task.task_type),
            label_attribute=task.label_attribute,
            element_name=task.element_name,
            post_annotation_lambda=task.post_annotation_lambda,
            project_dir=task.project_dir,
            s3_root=task.s3_root,
            source=task.relative(task.source),
        )

    def problem(self, message: str, hint: str = "") -> ConsolidationError:
        """Return an error located at the task's source file."""
        return ConsolidationError(Problem(self.source, 1, 1, message, hint))


def job_kind(task_type: str | None) -> JobKind | None:
    """Map a definition's ``task`` value to a consolidation kind (None: guess)."""
    if not task_type:
        return None
    lowered = task_type.lower()
    if "adjust" not in lowered:
        return "verification"
    return "adjust-segmentation" if "segment" in lowered else "adjust-boxes"


def creation_date(now: datetime) -> str:
    """Return a date as Ground Truth's metadata writes it (no zone, microseconds)."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def consolidate(
    job: Job, objects: Sequence[DataObject], *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Return one output manifest line per data object, in order.

    Objects nobody answered are copied unchanged, as Ground Truth does.
    """
    moment = now or datetime.now(UTC)
    if job.post_annotation_lambda:
        return _with_handler(job, objects, moment)
    return [_built_in(job, item, moment) for item in objects]


def consolidate_task(
    task: Task, store: SubmissionStore, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Return the output manifest of a project task from its stored answers."""
    by_sample: dict[int, list[Response]] = {}
    for submission in store.for_task(task.name):
        response = Response(submission.worker_id, submission.answer_content)
        by_sample.setdefault(submission.sample, []).append(response)

    objects = []
    for sample in task.samples():
        problem = sample.line.problem
        if problem is not None:
            where = task.relative(Path(problem.path))
            raise ConsolidationError(dataclasses.replace(problem, path=where))
        assert sample.data is not None
        responses = by_sample.get(sample.index, [])
        objects.append(DataObject(sample.index, sample.data, responses))
    return consolidate(Job.from_task(task), objects, now=now)


def _built_in(job: Job, item: DataObject, now: datetime) -> dict[str, Any]:
    if not item.responses:
        return dict(item.line)
    kind = job.kind or _guess_kind(job, item.responses[0].content)
    values = [_element_value(job, kind, r.content) for r in item.responses]
    common = {
        "job-name": f"labeling-job/{job.name}",
        "human-annotated": "yes",
        "creation-date": creation_date(now),
    }
    value: Any
    metadata: dict[str, Any]
    if kind == "verification":
        value, metadata = _verification(job, values)
    elif kind == "adjust-boxes":
        value, metadata = _boxes(job, item, values)
    else:
        value, metadata = _segmentation(job, item, values, now)
    feedback = metadata.pop("worker-feedback", None)
    metadata.update(common)
    if feedback:
        metadata["worker-feedback"] = feedback
    return {
        **item.line,
        job.output_attribute: value,
        f"{job.output_attribute}-metadata": metadata,
    }


_SHAPES: dict[JobKind, str] = {
    "verification": "label",
    "adjust-boxes": "boundingBoxes",
    "adjust-segmentation": "labeledImage",
}
_ELEMENTS: dict[JobKind, str] = {
    "verification": "crowd-image-classifier",
    "adjust-boxes": "crowd-bounding-box",
    "adjust-segmentation": "crowd-semantic-segmentation",
}


def _guess_kind(job: Job, content: Any) -> JobKind:
    values = content.values() if isinstance(content, dict) else []
    for value in values:
        for kind, key in _SHAPES.items():
            if isinstance(value, dict) and key in value:
                return kind
    raise job.problem(
        f"found an answer with no classifier, bounding-box or segmentation value: "
        f"{_short(content)}",
        "the built-in consolidation reads crowd-image-classifier, crowd-bounding-box "
        "or crowd-semantic-segmentation answers",
    )


def _element_value(job: Job, kind: JobKind, content: Any) -> dict[str, Any]:
    shape = _SHAPES[kind]
    if not isinstance(content, dict):
        raise job.problem(f"found answer {_short(content)}, expected a JSON object")
    named = content.get(job.element_name) if job.element_name else None
    if isinstance(named, dict) and shape in named:
        return named
    for value in content.values():
        if isinstance(value, dict) and shape in value:
            return value
    raise job.problem(
        f"found no {_ELEMENTS[kind]} value with {shape!r} in answer {_short(content)}",
        f"name the element {job.element_name!r}" if job.element_name else "",
    )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def _confidence(agreeing: float, workers: int) -> float:
    return 0.0 if workers < 2 else round(agreeing / workers, 2)


def _verification(job: Job, values: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    votes: Counter[int] = Counter()
    feedback = []
    for value in values:
        label = value.get("label")
        if label not in job.labels:
            raise job.problem(
                f"found verdict {label!r}, expected one of {job.labels}",
                "the answer's label must be one of the task's verification categories",
            )
        votes[job.labels.index(label)] += 1
        comment = value.get("workerComment")
        if isinstance(comment, str) and comment.strip():
            feedback.append({"comment": comment})

    # Ties go to the verdict listed first: a stable, documented choice.
    winner = min(votes, key=lambda index: (-votes[index], index))
    metadata: dict[str, Any] = {
        "class-name": job.labels[winner],
        "confidence": _confidence(votes[winner], len(values)),
        "type": "groundtruth/label-verification",
    }
    if feedback:
        metadata["worker-feedback"] = feedback
    return winner, metadata


def _earlier(job: Job, item: DataObject) -> tuple[Any, dict[str, Any]]:
    if not job.label_attribute:
        return None, {}
    metadata = item.line.get(f"{job.label_attribute}-metadata")
    return item.line.get(job.label_attribute), metadata if isinstance(
        metadata, dict
    ) else {}


def _class_ids(job: Job, earlier_metadata: dict[str, Any]) -> dict[str, int]:
    ids = {label: index for index, label in enumerate(job.labels)}
    class_map = earlier_metadata.get("class-map")
    if isinstance(class_map, dict):
        for key, name in class_map.items():
            if str(key).isdigit() and isinstance(name, str):
                ids[name] = int(key)
    return ids


def _iou(a: dict[str, float], b: dict[str, float]) -> float:
    left, top = max(a["left"], b["left"]), max(a["top"], b["top"])
    right = min(a["left"] + a["width"], b["left"] + b["width"])
    bottom = min(a["top"] + a["height"], b["top"] + b["height"])
    overlap = max(0.0, right - left) * max(0.0, bottom - top)
    union = a["width"] * a["height"] + b["width"] * b["height"] - overlap
    return overlap / union if union > 0 else 0.0


@dataclass
class _Cluster:
    label: str
    boxes: list[dict[str, float]]
    workers: set[int]

    def mean(self) -> dict[str, float]:
        keys = ("left", "top", "width", "height")
        return {k: sum(b[k] for b in self.boxes) / len(self.boxes) for k in keys}


def _cluster_boxes(job: Job, values: list[dict[str, Any]]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for worker, value in enumerate(values):
        boxes = value.get("boundingBoxes")
        if not isinstance(boxes, list):
            raise job.problem(f"found boundingBoxes {_short(boxes)}, expected a list")
        for box in boxes:
            _join(clusters, worker, _box(job, box))
    return clusters


def _box(job: Job, box: Any) -> tuple[str, dict[str, float]]:
    keys = ("left", "top", "width", "height")
    valid = isinstance(box, dict) and all(
        isinstance(box.get(k), (int, float)) for k in keys
    )
    if not valid or not isinstance(box.get("label"), str):
        raise job.problem(
            f"found box {_short(box)}, expected {{label, left, top, width, height}}"
        )
    return box["label"], {k: float(box[k]) for k in keys}


def _join(
    clusters: list[_Cluster], worker: int, labelled: tuple[str, dict[str, float]]
) -> None:
    label, box = labelled
    candidates = [c for c in clusters if c.label == label and worker not in c.workers]
    best = max(candidates, key=lambda c: _iou(c.mean(), box), default=None)
    if best is not None and _iou(best.mean(), box) >= IOU_THRESHOLD:
        best.boxes.append(box)
        best.workers.add(worker)
    else:
        clusters.append(_Cluster(label, [box], {worker}))


def _boxes(
    job: Job, item: DataObject, values: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    earlier_value, earlier_metadata = _earlier(job, item)
    ids = _class_ids(job, earlier_metadata)
    needed = (len(values) + 1) // 2
    kept = [c for c in _cluster_boxes(job, values) if len(c.workers) >= needed]

    annotations, objects, class_map = [], [], {}
    for cluster in kept:
        if cluster.label not in ids:
            raise job.problem(
                f"found box label {cluster.label!r}, expected one of {job.labels}"
            )
        class_id = ids[cluster.label]
        mean = cluster.mean()
        annotations.append(
            {"class_id": class_id, **{k: round(v) for k, v in mean.items()}}
        )
        objects.append({"confidence": _confidence(len(cluster.workers), len(values))})
        class_map[str(class_id)] = cluster.label

    value = {
        "image_size": [_image_size(values[0], earlier_value)],
        "annotations": annotations,
    }
    metadata = {
        "objects": objects,
        "class-map": class_map,
        "type": "groundtruth/object-detection",
        "adjustment-status": _adjustment(values, earlier_value, value),
    }
    return value, metadata


def _image_size(value: dict[str, Any], earlier: Any) -> dict[str, int]:
    size = value.get("inputImageProperties") or {}
    depth = 3
    if isinstance(earlier, dict) and isinstance(earlier.get("image_size"), list):
        first = earlier["image_size"][0] if earlier["image_size"] else {}
        depth = int(first.get("depth", 3)) if isinstance(first, dict) else 3
    return {
        "width": int(size.get("width", 0)),
        "height": int(size.get("height", 0)),
        "depth": depth,
    }


def _adjustment(values: list[dict[str, Any]], earlier: Any, value: Any) -> str:
    flags = [v["initialValueModified"] for v in values if "initialValueModified" in v]
    if flags:
        return "adjusted" if any(flags) else "unadjusted"
    if not isinstance(earlier, dict) or not isinstance(value, dict):
        return "adjusted"
    key = "annotations"
    same = _sorted_boxes(earlier.get(key)) == _sorted_boxes(value.get(key))
    return "unadjusted" if same else "adjusted"


def _sorted_boxes(boxes: Any) -> list[str]:
    if not isinstance(boxes, list):
        return []
    return sorted(json.dumps(box, sort_keys=True) for box in boxes)


def _segmentation(
    job: Job, item: DataObject, values: list[dict[str, Any]], now: datetime
) -> tuple[str, dict[str, Any]]:
    _, earlier_metadata = _earlier(job, item)
    colors = ColorMap.from_earlier(job, earlier_metadata)
    masks: list[Image.Image] = []
    for value in values:
        size = masks[0].size if masks else None
        masks.append(colors.mask(_png(job, value), value.get("labelMappings"), size))
    voted, agreement = colors.vote(masks)

    key = (
        f"{job.name}/annotations/consolidated-annotation/output/"
        f"{item.index}_{now.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%f')}.png"
    )
    write_atomically(job.s3_root / OUTPUT_BUCKET / key, colors.to_png(voted))
    confidence = _confidence(agreement * len(values), len(values))
    metadata = {
        "internal-color-map": colors.internal_color_map(confidence),
        "type": "groundtruth/semantic-segmentation",
        "adjustment-status": _adjustment(values, None, None),
    }
    return f"s3://{OUTPUT_BUCKET}/{key}", metadata


def _png(job: Job, value: dict[str, Any]) -> bytes:
    image = value.get("labeledImage")
    data = image.get("pngImageData") if isinstance(image, dict) else None
    try:
        return base64.b64decode(str(data), validate=True)
    except (binascii.Error, ValueError):
        raise job.problem(
            "found labeledImage.pngImageData that is not base64 PNG data",
            "the segmentation answer must carry the label image as base64 PNG",
        ) from None


def _hex(value: Any) -> str | None:
    text = str(value).lower() if isinstance(value, str) else ""
    valid = len(text) == 7 and text[0] == "#"
    valid = valid and all(c in "0123456789abcdef" for c in text[1:])
    return text if valid else None


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


# Classes with no colour anywhere get one from this list (matplotlib's tab10).
_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


@dataclass
class ColorMap:
    """The classes of a segmentation job: index, name and colour of each."""

    names: dict[int, str]
    colors: dict[int, str]
    job: Job

    @classmethod
    def from_earlier(cls, job: Job, metadata: dict[str, Any]) -> ColorMap:
        """Start from the earlier job's colour map, then add the task's labels."""
        names, colors = {0: BACKGROUND}, {0: BACKGROUND_COLOR}
        earlier = metadata.get("internal-color-map")
        for key, entry in earlier.items() if isinstance(earlier, dict) else []:
            if str(key).isdigit() and isinstance(entry, dict):
                names[int(key)] = str(entry.get("class-name", key))
                colors[int(key)] = _hex(entry.get("hex-color")) or BACKGROUND_COLOR
        for label in job.labels:
            if label not in names.values():
                names[max(names) + 1] = label
        return cls(names, colors, job)

    def index(self, label: str) -> int:
        """Return the class index of a label name."""
        for index, name in self.names.items():
            if name == label:
                return index
        raise self.job.problem(
            f"found label {label!r} in labelMappings, expected one of {self.job.labels}"
        )

    def mask(
        self, png: bytes, mappings: Any, size: tuple[int, int] | None
    ) -> Image.Image:
        """Return a worker's label image as class indices (mode ``L``)."""
        try:
            image = Image.open(io.BytesIO(png)).convert("RGBA")
        except (OSError, SyntaxError):
            raise self.job.problem(
                "found labeledImage.pngImageData that is not a PNG image"
            ) from None
        if size is not None and image.size != size:
            image = image.resize(size, Image.Resampling.NEAREST)

        by_rgb = {}
        for label, entry in mappings.items() if isinstance(mappings, dict) else []:
            color = _hex(entry.get("color") if isinstance(entry, dict) else None)
            if color is not None:
                index = self.index(str(label))
                by_rgb[_rgb(color)] = index
                self.colors.setdefault(index, color)
        raw = image.tobytes()
        indices = bytes(
            by_rgb.get((raw[i], raw[i + 1], raw[i + 2]), 0) if raw[i + 3] else 0
            for i in range(0, len(raw), 4)
        )
        return Image.frombytes("L", image.size, indices)

    def vote(self, masks: list[Image.Image]) -> tuple[Image.Image, float]:
        """Return the per-pixel plurality and the mean share of agreeing workers."""
        if len(masks) == 1:
            return masks[0], 1.0
        columns = [mask.tobytes() for mask in masks]
        voted, agreeing = bytearray(), 0
        for pixel in zip(*columns, strict=True):
            counts = Counter(pixel)
            winner = min(counts, key=lambda index: (-counts[index], index))
            voted.append(winner)
            agreeing += counts[winner]
        result = Image.frombytes("L", masks[0].size, bytes(voted))
        return result, agreeing / (len(voted) * len(masks) or 1)

    def color(self, index: int) -> str:
        """Return the colour of a class, picking a fixed one when none is known."""
        return self.colors.get(index) or _PALETTE[(index - 1) % len(_PALETTE)]

    def to_png(self, mask: Image.Image) -> bytes:
        """Return the consolidated label image as an RGB PNG in class colours."""
        palette: list[int] = []
        for index in range(256):
            palette += _rgb(self.color(index)) if index in self.names else [0, 0, 0]
        image = mask.copy()
        image.putpalette(palette)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG")
        return buffer.getvalue()

    def internal_color_map(self, confidence: float) -> dict[str, Any]:
        """Return the ``internal-color-map`` metadata for every class."""
        return {
            str(index): {
                "class-name": name,
                "confidence": confidence,
                "hex-color": self.color(index),
            }
            for index, name in sorted(self.names.items())
        }


@dataclass
class LocalLambdaContext:
    """The ``context`` argument a local Lambda handler gets."""

    function_name: str
    local_s3_root: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 128

    @property
    def invoked_function_arn(self) -> str:
        """Return an ARN standing for the local function."""
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        """Return Lambda's default time limit; local runs are not cut short."""
        return 900_000


def _payload(objects: Sequence[DataObject]) -> list[dict[str, Any]]:
    payload = []
    for item in objects:
        if not item.responses:
            continue
        source = item.line.get("source-ref")
        data_object = (
            {"s3Uri": source} if source else {"content": item.line.get("source")}
        )
        annotations = [
            {
                "workerId": response.worker_id,
                "annotationData": {"content": json.dumps(response.content)},
            }
            for response in item.responses
        ]
        payload.append(
            {
                "datasetObjectId": str(item.index),
                "dataObject": data_object,
                "annotations": annotations,
            }
        )
    return payload


def _with_handler(
    job: Job, objects: Sequence[DataObject], now: datetime
) -> list[dict[str, Any]]:
    assert job.post_annotation_lambda is not None
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%S-%f")
    key = f"{job.name}/annotations/consolidation-request/iteration-1/{stamp}.json"
    write_atomically(
        job.s3_root / OUTPUT_BUCKET / key, json.dumps(_payload(objects), indent=2)
    )
    event = {
        "version": LAMBDA_VERSION,
        "labelingJobArn": job_arn(job.name),
        "labelCategories": job.labels,
        "labelAttributeName": job.output_attribute,
        "roleArn": LOCAL_ROLE_ARN,
        "payload": {"s3Uri": f"s3://{OUTPUT_BUCKET}/{key}"},
    }
    handler = load_handler(job.post_annotation_lambda, job.project_dir)
    response = _call(job, handler, event)
    contents = _handler_contents(job, response)

    lines = []
    for item in objects:
        content = contents.get(str(item.index))
        if not item.responses or content is None:
            lines.append(dict(item.line))
            continue
        metadata = {
            "job_name": f"labeling-job/{job.name}",
            "type": "groundTruth/custom",
            "human-annotated": "yes",
            "creation_date": creation_date(now),
        }
        lines.append(
            {
                **item.line,
                job.output_attribute: content,
                f"{job.output_attribute}-metadata": metadata,
            }
        )
    return lines


def _lambda_error(job: Job, message: str, hint: str) -> LambdaError:
    return LambdaError(Problem(job.post_annotation_lambda or "", 0, 0, message, hint))


def _call(
    job: Job, handler: Callable[[dict[str, Any], Any], Any], event: dict[str, Any]
) -> Any:
    name = (job.post_annotation_lambda or "").replace(":", ".")
    context = LocalLambdaContext(name, str(job.s3_root))
    try:
        return handler(event, context)
    except Exception as error:
        raise _lambda_error(
            job,
            f"the post-annotation handler raised {type(error).__name__}: {error}",
            "fix the handler; it gets {version, labelingJobArn, labelCategories, "
            "labelAttributeName, roleArn, payload: {s3Uri}}",
        ) from None


def _handler_contents(job: Job, response: Any) -> dict[str, Any]:
    expected = (
        'return [{"datasetObjectId": "0", "consolidatedAnnotation": '
        f'{{"content": {{"{job.output_attribute}": ...}}}}}}, ...]'
    )
    if not isinstance(response, list):
        raise _lambda_error(
            job,
            f"the post-annotation handler returned {type(response).__name__}",
            expected,
        )

    contents = {}
    for index, entry in enumerate(response):
        try:
            object_id = str(entry["datasetObjectId"])
            content = entry["consolidatedAnnotation"]["content"]
            contents[object_id] = content[job.output_attribute]
        except (KeyError, TypeError):
            raise _lambda_error(
                job,
                f"entry {index} of the post-annotation handler's answer lacks "
                f"datasetObjectId or consolidatedAnnotation.content.{job.output_attribute}",
                expected,
            ) from None
    return contents
