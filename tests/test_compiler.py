"""Compiled examples match their golden files and render every sample line correctly.

The golden files in tests/golden/ are the output of
``gt-templates compile template_sources -o tests/golden``; after an intended
change to the compiler, re-run that command and review the diff.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import json5
import jsonschema
import pytest
from bs4 import BeautifulSoup, Tag

from gt_templates.compiler import (
    CompiledTask,
    compile_definition,
    load_template_source,
)
from gt_templates.definition import TaskDefinition, load_definition
from gt_templates.manifest import iter_manifest
from gt_templates.rendering import render_ui_template
from gt_templates.s3 import LocalPresigner, parse_s3_uri
from gt_templates.task_input import verification_task_input

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "template_sources").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"
PRESIGNER = LocalPresigner(base_url="http://preview.test", secret=b"t", clock=lambda: 0)
HOSTILE_NAMES = ("<script>", "onerror=")


def compiled_examples() -> list[CompiledTask]:
    """Compile every definition in template_sources/."""
    return [compile_definition(load_definition(path)) for path in SOURCES]


def golden_cases() -> list[tuple[str, str]]:
    """Return (output file name, compiled text) for every compiled example file."""
    return [
        (name, text)
        for task in compiled_examples()
        for name, text in task.files().items()
    ]


@dataclass(frozen=True)
class Sample:
    """One compiled example with one line of its sample manifest."""

    task: CompiledTask
    number: int
    line: dict[str, Any]

    @property
    def id(self) -> str:
        """Name the case for pytest."""
        return f"{self.task.name}-line{self.number}"


def samples() -> list[Sample]:
    """Pair every compiled example with every line of its sample manifest."""
    cases = []
    for task in compiled_examples():
        for line in iter_manifest(task.definition.sample_manifest):
            assert line.data is not None, line.problem
            cases.append(Sample(task, line.number, line.data))
    return cases


def render(sample: Sample) -> BeautifulSoup:
    """Render a sample the way the built-in pre-annotation function feeds it."""
    definition = sample.task.definition
    labels = definition.verdicts if definition.is_verification else definition.labels
    task_input = verification_task_input(sample.line, labels or [])
    result = render_ui_template(sample.task.template, task_input, presigner=PRESIGNER)
    assert result.ok, result.errors
    return BeautifulSoup(result.rendered_content, "html.parser")


def lenient(tag: Tag, attribute: str) -> Any:
    """Parse a JSON-bearing attribute as the element stand-ins do (JSON5)."""
    value = tag.get(attribute)
    assert isinstance(value, str), f"{attribute} missing"
    return json5.loads(value)


def presigned(uri: str) -> str:
    """Return the URL grant_read_access gives for an S3 URI."""
    return PRESIGNER(*parse_s3_uri(uri))


def expected_boxes(
    definition: TaskDefinition, line: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return the line's boxes with names from its class-map, as documented."""
    class_map = line[f"{definition.label_attribute}-metadata"]["class-map"]
    return [
        {
            "label": class_map.get(
                str(box["class_id"]), f"unknown class {box['class_id']}"
            ),
            "left": box["left"],
            "top": box["top"],
            "width": box["width"],
            "height": box["height"],
        }
        for box in line[definition.label_attribute]["annotations"]
    ]


def expected_box_labels(definition: TaskDefinition, line: dict[str, Any]) -> list[str]:
    """Return the fixed labels, or the class-map's names in order."""
    if definition.labels is not None:
        return definition.labels
    return list(line[f"{definition.label_attribute}-metadata"]["class-map"].values())


def color_entries(
    definition: TaskDefinition, line: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return the internal-color-map entries other than BACKGROUND."""
    color_map = line[f"{definition.label_attribute}-metadata"]["internal-color-map"]
    return [
        entry for entry in color_map.values() if entry["class-name"] != "BACKGROUND"
    ]


def expected_mappings(
    definition: TaskDefinition, line: dict[str, Any]
) -> dict[str, Any]:
    """Return labelMappings built from the internal-color-map."""
    return {
        entry["class-name"]: {"color": entry["hex-color"]}
        for entry in color_entries(definition, line)
    }


def expected_segmentation_labels(
    definition: TaskDefinition, line: dict[str, Any]
) -> list[str]:
    """Return the fixed labels, or the colour map's class names without BACKGROUND."""
    if definition.labels is not None:
        return definition.labels
    return [entry["class-name"] for entry in color_entries(definition, line)]


def adjustment_box_labels(
    definition: TaskDefinition, line: dict[str, Any]
) -> list[str]:
    """Return the fixed labels, then the line's other class names and unknown classes."""
    fixed = list(definition.labels or [])
    class_map = line[f"{definition.label_attribute}-metadata"]["class-map"]
    named = [name for name in class_map.values() if name not in fixed]
    unknown: list[str] = []
    for box in line[definition.label_attribute]["annotations"]:
        name = f"unknown class {box['class_id']}"
        if str(box["class_id"]) not in class_map and name not in unknown:
            unknown.append(name)
    return fixed + named + unknown


def adjustment_mask_labels(
    definition: TaskDefinition, line: dict[str, Any]
) -> list[str]:
    """Return the fixed labels, then the mask's other class names."""
    fixed = list(definition.labels or [])
    painted = [entry["class-name"] for entry in color_entries(definition, line)]
    return fixed + [name for name in painted if name not in fixed]


def main_element(soup: BeautifulSoup, definition: TaskDefinition) -> Tag:
    """Return the answer-bearing element the definition compiles to."""
    element = soup.find(attrs={"name": definition.element_name})
    assert isinstance(element, Tag)
    return element


@pytest.mark.parametrize(
    ("name", "text"), golden_cases(), ids=[n for n, _ in golden_cases()]
)
def test_compiled_example_matches_golden_file(name: str, text: str) -> None:
    assert (GOLDEN / name).read_text(encoding="utf-8") == text


def test_golden_folder_holds_only_compiled_examples() -> None:
    assert sorted(path.name for path in GOLDEN.iterdir()) == sorted(
        n for n, _ in golden_cases()
    )


def test_examples_cover_every_task_type() -> None:
    tasks = {task.definition.task for task in compiled_examples()}
    assert tasks == {
        "bounding-box-verification",
        "semantic-segmentation-verification",
        "bounding-box-adjustment",
        "semantic-segmentation-adjustment",
    }


@pytest.mark.parametrize("sample", samples(), ids=lambda sample: sample.id)
def test_every_json_attribute_equals_the_manifest_line(sample: Sample) -> None:
    definition = sample.task.definition
    element = main_element(render(sample), definition)
    line = sample.line
    assert element.get("src") == presigned(line["source-ref"])

    for attribute in ("overlay", "initial-value", "labels", "categories"):
        if element.has_attr(attribute):
            assert json.loads(str(element[attribute])) == lenient(element, attribute)

    if definition.task == "bounding-box-verification":
        assert lenient(element, "categories") == definition.verdicts
        assert lenient(element, "overlay") == {
            "boundingBox": {
                "labels": expected_box_labels(definition, line),
                "value": expected_boxes(definition, line),
            }
        }
    elif definition.task == "semantic-segmentation-verification":
        assert lenient(element, "categories") == definition.verdicts
        assert lenient(element, "overlay") == {
            "semanticSegmentation": {
                "labels": expected_segmentation_labels(definition, line),
                "labelMappings": expected_mappings(definition, line),
                "src": presigned(line[definition.label_attribute]),
            }
        }
    elif definition.task == "bounding-box-adjustment":
        assert lenient(element, "labels") == adjustment_box_labels(definition, line)
        assert lenient(element, "initial-value") == expected_boxes(definition, line)
    else:
        assert lenient(element, "labels") == adjustment_mask_labels(definition, line)
        assert lenient(element, "initial-value") == {
            "labelMappings": expected_mappings(definition, line),
            "src": presigned(line[definition.label_attribute]),
        }


@pytest.mark.parametrize("sample", samples(), ids=lambda sample: sample.id)
def test_label_names_reach_the_page_only_as_text(sample: Sample) -> None:
    soup = render(sample)
    scripts = soup.find_all("script")
    expected = 2 if sample.task.definition.comments == "required" else 1
    assert len(scripts) == expected
    assert all("alert" not in script.get_text() for script in scripts)

    for tag in soup.find_all(True):
        assert not any(attribute.startswith("on") for attribute in tag.attrs), tag
        assert tag.name != "img" or tag.get("src", "").startswith(
            "http://preview.test/"
        )


def test_sample_manifests_hold_the_awkward_lines() -> None:
    text = "\n".join(
        task.definition.sample_manifest.read_text(encoding="utf-8")
        for task in compiled_examples()
    )
    lines = [json.loads(line) for line in text.splitlines() if line]
    box_counts = {
        len(line["vehicles"]["annotations"]) for line in lines if "vehicles" in line
    }
    assert {0, 50} <= box_counts
    for needle in ('\\"', "&", "<script>", "onerror=", "🚲"):
        assert needle in text

    missing = [
        box
        for line in lines
        if "vehicles" in line
        for box in line["vehicles"]["annotations"]
        if str(box["class_id"]) not in line["vehicles-metadata"]["class-map"]
    ]
    assert missing


def write(tmp_path: Path, text: str) -> Path:
    """Write a definition file into a temporary project."""
    path = tmp_path / "template_sources" / "case.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


BASE = """\
    name: case
    task: bounding-box-verification
    label_attribute: boxes
    output_attribute: boxes-checked
    verdicts: [good, bad]
"""


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (
            "header: '<script>alert(1)</script>'\n",
            'header="&lt;script&gt;alert(1)&lt;/script&gt;"',
        ),
        (
            "header: '{{ task.input.taskObject }}'\n",
            'header="&#123;&#123; task.input.taskObject &#125;&#125;"',
        ),
        (
            "header: Check\nlabels: ['a\"b', '{% raw %}']\n",
            "[&quot;a\\&quot;b&quot;, &quot;&#123;% raw %&#125;&quot;]",
        ),
        (
            "header: Check\ninstructions:\n  short: '<img src=x onerror=alert(1)> {{ x }}'\n",
            "<p>&lt;img src=x onerror=alert(1)&gt; &#123;&#123; x &#125;&#125;</p>",
        ),
        (
            "header: Check\ninstructions:\n  full: '![road](s3://bucket-a/road.png)'\n",
            '<img src="{{ \'s3://bucket-a/road.png\' | grant_read_access }}" alt="road" />',
        ),
        (
            "header: Check\ninstructions:\n  full: '[x](javascript:alert(1))'\n",
            "<p>[x](javascript:alert(1))</p>",
        ),
    ],
    ids=[
        "header-html",
        "header-liquid",
        "fixed-labels",
        "markdown-html",
        "markdown-s3-image",
        "markdown-js-link",
    ],
)
def test_definition_text_stays_text(tmp_path: Path, extra: str, fragment: str) -> None:
    template = compile_definition(
        load_definition(write(tmp_path, BASE + "    " + extra.replace("\n", "\n    ")))
    ).template
    assert fragment in template


def test_fixed_labels_render_as_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        BASE + "    header: Check\n    labels: ['a\"b', '{% raw %}', \"it's & <b>\"]\n",
    )
    task = compile_definition(load_definition(path))
    line = {"source-ref": "s3://bucket-a/x.jpg", "boxes": {"annotations": []}}
    result = render_ui_template(
        task.template,
        verification_task_input(line, ["good", "bad"]),
        presigner=PRESIGNER,
    )
    element = main_element(
        BeautifulSoup(result.rendered_content, "html.parser"), task.definition
    )
    assert lenient(element, "overlay")["boundingBox"] == {
        "labels": ['a"b', "{% raw %}", "it's & <b>"],
        "value": [],
    }


def test_line_without_earlier_labels_still_gives_valid_json(tmp_path: Path) -> None:
    task = compile_definition(
        load_definition(write(tmp_path, BASE + "    header: Check\n"))
    )
    line = {"source-ref": "s3://bucket-a/x.jpg"}
    result = render_ui_template(
        task.template,
        verification_task_input(line, ["good", "bad"]),
        presigner=PRESIGNER,
    )
    element = main_element(
        BeautifulSoup(result.rendered_content, "html.parser"), task.definition
    )
    assert json.loads(str(element["overlay"])) == {
        "boundingBox": {"labels": [], "value": []}
    }


@pytest.mark.parametrize(
    ("comments", "region", "script"),
    [("off", False, False), ("optional", True, False), ("required", True, True)],
    ids=["off", "optional", "required"],
)
def test_comments_setting_controls_the_worker_comment(
    tmp_path: Path, comments: str, region: bool, script: bool
) -> None:
    path = write(tmp_path, BASE + f"    header: Check\n    comments: {comments}\n")
    task = compile_definition(load_definition(path))
    soup = BeautifulSoup(task.template, "html.parser")
    comment = soup.find("worker-comment")
    assert (comment is not None) == region
    assert (comment is not None and comment.has_attr("required")) == script
    assert ("addEventListener('submit'" in task.template) == script
    properties = task.answer_schema["properties"]["verification"]
    assert ("workerComment" in properties.get("required", [])) == script


def test_compiling_twice_gives_identical_files() -> None:
    assert [task.files() for task in compiled_examples()] == [
        task.files() for task in compiled_examples()
    ]


def test_load_template_source_compiles_definitions_and_reads_templates(
    tmp_path: Path,
) -> None:
    template = tmp_path / "plain.liquid.html"
    template.write_text("<p>{{ task.input.x }}</p>", encoding="utf-8")
    assert load_template_source(template) == ("<p>{{ task.input.x }}</p>", None)

    text, definition = load_template_source(SOURCES[0])
    assert definition is not None
    assert text == compile_definition(definition).template


@pytest.mark.parametrize(
    ("region", "arn"),
    [
        (
            "us-east-1",
            "arn:aws:lambda:us-east-1:432418664414:function:PRE-VerificationBoundingBox",
        ),
        (
            "eu-west-1",
            "arn:aws:lambda:eu-west-1:568282634449:function:PRE-VerificationBoundingBox",
        ),
    ],
    ids=["default-region", "eu-west-1"],
)
def test_job_request_uses_the_regions_built_in_lambdas(
    tmp_path: Path, region: str, arn: str
) -> None:
    path = write(tmp_path, BASE + f"    header: Check\n    region: {region}\n")
    job = compile_definition(load_definition(path)).job_request
    assert job["HumanTaskConfig"]["PreHumanTaskLambdaArn"] == arn
    consolidation = job["HumanTaskConfig"]["AnnotationConsolidationConfig"]
    assert consolidation["AnnotationConsolidationLambdaArn"] == arn.replace(
        "PRE-", "ACS-"
    )
    assert job["LabelAttributeName"] == "boxes-checked"


@pytest.mark.parametrize("sample", samples(), ids=lambda sample: sample.id)
def test_task_input_schema_accepts_every_sample(sample: Sample) -> None:
    definition = sample.task.definition
    labels = definition.verdicts if definition.is_verification else definition.labels
    task_input = verification_task_input(sample.line, labels or [])
    jsonschema.validate(task_input, sample.task.task_input_schema)


BOXES_ANSWER = {
    "boundingBoxes": [{"height": 20, "label": "car", "left": 3, "top": 4, "width": 30}],
    "inputImageProperties": {"height": 480, "width": 640},
    "initialValueModified": True,
}
MASK_ANSWER = {
    "inputImageProperties": {"height": 480, "width": 640},
    "labelMappings": {"road": {"color": "#1f77b4"}},
    "labeledImage": {"pngImageData": "iVBORw0KGgo="},
    "initialValueModified": False,
}


@pytest.mark.parametrize(
    ("name", "answer", "valid"),
    [
        ("vehicle-boxes", {"verification": {"label": "Correct"}}, True),
        (
            "vehicle-boxes",
            {"verification": {"label": "Correct", "workerComment": "ok"}},
            True,
        ),
        ("vehicle-boxes", {"verification": {"label": "Fine"}}, False),
        ("road-segmentation", {"verification": {"label": "Good"}}, False),
        (
            "road-segmentation",
            {"verification": {"label": "Good", "workerComment": "ok"}},
            True,
        ),
        ("vehicle-boxes-adjust", {"boundingBox": BOXES_ANSWER}, True),
        ("vehicle-boxes-adjust", {"boundingBox": {"boundingBoxes": []}}, False),
        (
            "road-segmentation-adjust",
            {"crowd-semantic-segmentation": MASK_ANSWER},
            True,
        ),
        ("road-segmentation-adjust", {"boundingBox": BOXES_ANSWER}, False),
    ],
    ids=[
        "verdict",
        "verdict-with-comment",
        "unknown-verdict",
        "required-comment-missing",
        "required-comment-given",
        "adjusted-boxes",
        "boxes-without-image-size",
        "adjusted-mask",
        "wrong-element-name",
    ],
)
def test_answer_schema_describes_what_workers_submit(
    name: str, answer: dict[str, Any], valid: bool
) -> None:
    schema = next(
        task.answer_schema for task in compiled_examples() if task.name == name
    )
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(answer))
    assert (not errors) == valid, errors


def test_adjustment_labels_name_each_unknown_class_once(tmp_path: Path) -> None:
    text = BASE.replace("bounding-box-verification", "bounding-box-adjustment")
    text = text.replace("    verdicts: [good, bad]\n", "    labels: [car, bus]\n")
    task = compile_definition(
        load_definition(write(tmp_path, text + "    header: Fix\n"))
    )
    boxes = [
        {"class_id": n, "left": 1, "top": 2, "width": 3, "height": 4}
        for n in (7, 0, 7, 9)
    ]
    line = {
        "source-ref": "s3://bucket-a/x.jpg",
        "boxes": {"annotations": boxes},
        "boxes-metadata": {"class-map": {"0": "car", "1": "van"}},
    }
    task_input = verification_task_input(line, ["car", "bus"])
    result = render_ui_template(task.template, task_input, presigner=PRESIGNER)
    element = main_element(
        BeautifulSoup(result.rendered_content, "html.parser"), task.definition
    )
    assert lenient(element, "labels") == [
        "car",
        "bus",
        "van",
        "unknown class 7",
        "unknown class 9",
    ]
    assert [box["label"] for box in lenient(element, "initial-value")] == [
        "unknown class 7",
        "car",
        "unknown class 7",
        "unknown class 9",
    ]
