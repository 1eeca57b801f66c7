"""Loading task definitions: defaults, and every problem located and explained."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gt_templates.definition import (
    DEFAULT_ELEMENT_NAMES,
    TaskDefinition,
    load_definition,
)
from gt_templates.errors import DefinitionError

VERIFY = """\
name: boxes
task: bounding-box-verification
label_attribute: vehicles
output_attribute: vehicles-checked
header: Are the boxes right?
verdicts: [yes, no]
"""

ADJUST_SEGMENTATION = """\
name: masks
task: semantic-segmentation-adjustment
label_attribute: road-ref
output_attribute: road-fixed-ref
header: Repaint the road.
labels: [road]
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    """Write a definition into a temporary project's template_sources/."""
    path = tmp_path / "template_sources" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    """Return every problem reported for a definition, without the folder."""
    path = write(tmp_path, text)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return [
        str(problem).replace(f"{path.parent}/", "") for problem in caught.value.problems
    ]


def test_minimal_verification_definition_gets_defaults(tmp_path: Path) -> None:
    definition = load_definition(write(tmp_path, VERIFY))
    assert definition == TaskDefinition(
        name="boxes",
        task="bounding-box-verification",
        label_attribute="vehicles",
        output_attribute="vehicles-checked",
        header="Are the boxes right?",
        path=tmp_path / "template_sources" / "case.yaml",
        sample_manifest=tmp_path.resolve() / "preview" / "manifests" / "boxes.manifest",
        verdicts=["yes", "no"],
        comments="optional",
        labels=None,
        title="boxes",
        description="Are the boxes right?",
        region="us-east-1",
        element_name="verification",
        workers_per_object=1,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("comments: off\n", {"comments": "off"}),
        (
            "verdicts: [on, off, 1.0, null-ish]\n",
            {"verdicts": ["on", "off", "1.0", "null-ish"]},
        ),
        ("sample_manifest: data/x.manifest\n", {"sample_manifest": "data/x.manifest"}),
        ("element_name: annotatedResult\n", {"element_name": "annotatedResult"}),
        (
            "workers_per_object: 3\nregion: eu-west-1\n",
            {"workers_per_object": 3, "region": "eu-west-1"},
        ),
        (
            "pre_annotation_lambda: lambdas.pre:handler\n",
            {"pre_annotation_lambda": "lambdas.pre:handler"},
        ),
        (
            "title: Boxes\ndescription: Check boxes\n",
            {"title": "Boxes", "description": "Check boxes"},
        ),
    ],
    ids=[
        "comments-off-stays-text",
        "verdicts-stay-as-written",
        "sample-manifest",
        "element-name",
        "workers-region",
        "pre-lambda",
        "title-description",
    ],
)
def test_optional_fields_are_read_as_written(
    tmp_path: Path, text: str, expected: dict[str, object]
) -> None:
    source = (
        VERIFY.replace("verdicts: [yes, no]\n", "") if "verdicts" in text else VERIFY
    )
    definition = load_definition(write(tmp_path, source + text))
    for field, value in expected.items():
        found = getattr(definition, field)
        if field == "sample_manifest":
            assert found == tmp_path.resolve() / str(value)
        else:
            assert found == value


@pytest.mark.parametrize("task", sorted(DEFAULT_ELEMENT_NAMES), ids=str)
def test_each_task_type_has_its_default_element_name(tmp_path: Path, task: str) -> None:
    segmentation = task.startswith("semantic")
    text = (
        ADJUST_SEGMENTATION
        if segmentation
        else VERIFY.replace("vehicles-checked", "vehicles-fixed")
    )
    text = text.replace("semantic-segmentation-adjustment", task).replace(
        "bounding-box-verification", task
    )
    if task.endswith("-verification"):
        text = text.replace("road-fixed-ref", "road-checked").replace(
            "labels: [road]", "verdicts: [yes, no]"
        )
    else:
        text = text.replace("verdicts: [yes, no]", "labels: [car]")
    assert (
        load_definition(write(tmp_path, text)).element_name
        == DEFAULT_ELEMENT_NAMES[task]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: x\ntask: [\n",
            [
                "case.yaml:3:1: YAML syntax error: while parsing a flow node; expected the node content, but found '<stream end>' (fix the YAML here; quote texts that contain `: `, `#` or start with a symbol)"
            ],
        ),
        (
            "name: x\n  task: y\n",
            [
                "case.yaml:2:7: YAML syntax error: mapping values are not allowed here (fix the YAML here; quote texts that contain `: `, `#` or start with a symbol)"
            ],
        ),
        (
            "",
            ["case.yaml:1:1: the definition is empty (start with `name:` and `task:`)"],
        ),
        (
            "- a\n- b\n",
            ["case.yaml:1:1: the definition is a list, expected a mapping of fields"],
        ),
        (
            VERIFY + "heder: Hi\n",
            [
                "case.yaml:7:1: unknown field `heder` in the definition (did you mean `header`?)"
            ],
        ),
        (
            VERIFY + "colour: red\n",
            [
                "case.yaml:7:1: unknown field `colour` in the definition (expected one of `name`, `task`, `label_attribute`, `output_attribute`, `header`, `verdicts`, `comments`, `instructions`, `labels`, `title`, `description`, `region`, `sample_manifest`, `pre_annotation_lambda`, `post_annotation_lambda`, `element_name`, `workers_per_object`)"
            ],
        ),
        (
            VERIFY + "name: again\n",
            ["case.yaml:7:1: field `name` appears twice in the definition (keep one)"],
        ),
        (
            VERIFY.replace("header: Are the boxes right?\n", ""),
            ["case.yaml:1:1: missing required field `header` (add `header:`)"],
        ),
        (
            VERIFY.replace("verdicts: [yes, no]", "verdicts: {yes: 1}"),
            ["case.yaml:6:11: `verdicts` is a mapping, expected a list of texts"],
        ),
        (
            VERIFY.replace("verdicts: [yes, no]", "verdicts: [fine]"),
            [
                "case.yaml:6:1: `verdicts` has 1 item, expected 2 to 10 (crowd-image-classifier shows at most 10 categories)"
            ],
        ),
        (
            VERIFY.replace(
                "verdicts: [yes, no]", "verdicts: [a, b, c, d, e, f, g, h, i, j, k]"
            ),
            [
                "case.yaml:6:1: `verdicts` has 11 items, expected 2 to 10 (crowd-image-classifier shows at most 10 categories)"
            ],
        ),
        (
            VERIFY.replace("verdicts: [yes, no]", "verdicts: [ok, bad, ok]"),
            [
                "case.yaml:6:21: verdict `ok` repeats verdict 1 (each verdict must be distinct)"
            ],
        ),
        (
            VERIFY.replace("verdicts: [yes, no]", "verdicts: [ok, [bad]]"),
            ["case.yaml:6:16: `verdicts[]` is a list, expected a text"],
        ),
        (
            VERIFY.replace("verdicts: [yes, no]\n", ""),
            [
                "case.yaml:1:1: missing required field `verdicts` for a verification task (add e.g. `verdicts: [correct, incorrect]`)"
            ],
        ),
        (
            VERIFY.replace("bounding-box-verification", "bounding-box-verify"),
            [
                "case.yaml:2:7: `task` is `bounding-box-verify`, expected one of the four task types (did you mean `bounding-box-verification`?)"
            ],
        ),
        (
            VERIFY + "comments: maybe\n",
            [
                "case.yaml:7:11: `comments` is `maybe`, expected `off`, `optional` or `required`"
            ],
        ),
        (
            VERIFY + "workers_per_object: 12\n",
            ["case.yaml:7:21: `workers_per_object` is 12, expected 1 to 9"],
        ),
        (
            VERIFY + "workers_per_object: three\n",
            [
                "case.yaml:7:21: `workers_per_object` is `three`, expected a whole number"
            ],
        ),
        (
            VERIFY + "instructions: hello\n",
            ["case.yaml:7:15: `instructions` is `hello`, expected a mapping of fields"],
        ),
        (
            VERIFY + "instructions:\n  shrt: hi\n",
            [
                "case.yaml:8:3: unknown field `shrt` in `instructions` (did you mean `short`?)"
            ],
        ),
        (
            VERIFY
            + "instructions:\n  examples:\n    - image: s3://bucket-a/x.jpg\n      verdict: maybe\n",
            [
                "case.yaml:10:16: example verdict `maybe` is not one of the `verdicts` (expected one of `yes`, `no`)"
            ],
        ),
        (
            VERIFY
            + "instructions:\n  examples:\n    - image: /tmp/x.jpg\n      verdict: yes\n",
            [
                "case.yaml:9:14: `image` is `/tmp/x.jpg`, expected an s3:// URI or an https:// URL (e.g. `s3://my-bucket/examples/good.jpg`)"
            ],
        ),
        (
            VERIFY + "instructions:\n  examples:\n    - caption: nice\n",
            [
                "case.yaml:9:7: example is missing `image` (add `image:`)",
                "case.yaml:9:7: example is missing `verdict` (add `verdict:`)",
            ],
        ),
        (
            VERIFY + "region: us-east-9\n",
            [
                "case.yaml:7:9: `region` is `us-east-9`, expected a Region with built-in Ground Truth Lambdas (did you mean `us-east-2`?)"
            ],
        ),
        (
            VERIFY + "post_annotation_lambda: handler\n",
            [
                "case.yaml:7:25: `post_annotation_lambda` is `handler`, expected `module:function` (e.g. `lambdas.pre:handler`, a module importable from the project folder)"
            ],
        ),
        (
            VERIFY + "element_name: '\"x\"'\n",
            [
                'case.yaml:7:15: `element_name` is `"x"`, expected letters, digits, `_` and `-`, starting with a letter or `_` (it becomes the answer key, e.g. `verification`)'
            ],
        ),
        (
            VERIFY.replace("name: boxes", "name: my_boxes"),
            [
                "case.yaml:1:7: `name` is `my_boxes`, expected 1-63 letters, digits and inner hyphens (it names the output files and the labeling job, e.g. `vehicle-boxes`)"
            ],
        ),
        (
            VERIFY + "labels: []\n",
            [
                "case.yaml:7:1: `labels` is an empty list, expected at least one label (remove `labels` to take the names from each manifest line)"
            ],
        ),
        (
            VERIFY + "title: '   '\n",
            ["case.yaml:7:8: `title` is blank, expected a text (write the title)"],
        ),
    ],
    ids=[
        "yaml-unclosed-list",
        "yaml-bad-indent",
        "empty-file",
        "top-level-list",
        "unknown-field-did-you-mean",
        "unknown-field-lists-fields",
        "repeated-field",
        "missing-header",
        "verdicts-wrong-type",
        "one-verdict",
        "eleven-verdicts",
        "duplicate-verdict",
        "verdict-not-text",
        "verification-needs-verdicts",
        "unknown-task",
        "unknown-comments-mode",
        "too-many-workers",
        "workers-not-a-number",
        "instructions-not-mapping",
        "unknown-instruction-field",
        "example-verdict-unknown",
        "example-image-not-s3",
        "example-missing-fields",
        "unknown-region",
        "handler-without-function",
        "element-name-with-quotes",
        "name-with-underscore",
        "empty-labels",
        "blank-title",
    ],
)
def test_problem_is_located_and_explained(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    assert problems(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("task", "label", "output", "expected"),
    [
        (
            "bounding-box-verification",
            "boxes",
            "boxes",
            [
                "`output_attribute` is `boxes`, the same as `label_attribute` (the new job needs its own attribute, e.g. add `-verified`)"
            ],
        ),
        (
            "bounding-box-verification",
            "boxes",
            "checked-metadata",
            [
                "`output_attribute` is `checked-metadata`, which ends in `-metadata` (`-metadata` names the attribute's metadata; pick another name)"
            ],
        ),
        (
            "bounding-box-verification",
            "boxes",
            "checked-ref",
            [
                "`output_attribute` is `checked-ref`, which ends in `-ref` (verification attributes must not end in `-ref`)"
            ],
        ),
        (
            "bounding-box-verification",
            "boxes",
            "-checked",
            [
                "`output_attribute` is `-checked`, expected letters and digits joined by hyphens, at most 127 characters (Ground Truth attribute names match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,126})"
            ],
        ),
        (
            "bounding-box-verification",
            "boxes",
            "a" * 128,
            [
                f"`output_attribute` is `{'a' * 128}`, expected letters and digits joined by hyphens, at most 127 characters (Ground Truth attribute names match [a-zA-Z0-9](-*[a-zA-Z0-9]){{0,126}})"
            ],
        ),
        (
            "bounding-box-verification",
            "boxes-ref",
            "checked",
            [
                "`label_attribute` is `boxes-ref`, which ends in `-ref`, expected a bounding-box attribute (bounding-box attributes do not end in `-ref`)"
            ],
        ),
        (
            "semantic-segmentation-verification",
            "road",
            "checked",
            [
                "`label_attribute` is `road`, expected it to end in `-ref` (segmentation jobs store the mask's S3 URI under an attribute ending in `-ref`)"
            ],
        ),
        (
            "semantic-segmentation-verification",
            "road-ref",
            "checked-ref",
            [
                "`output_attribute` is `checked-ref`, which ends in `-ref` (verification attributes must not end in `-ref`)"
            ],
        ),
        (
            "semantic-segmentation-adjustment",
            "road-ref",
            "fixed",
            [
                "`output_attribute` is `fixed`, expected it to end in `-ref` (segmentation adjustment attributes must end in `-ref`, e.g. `road-adjusted-ref`)"
            ],
        ),
        (
            "bounding-box-adjustment",
            "boxes",
            "fixed-ref",
            [
                "`output_attribute` is `fixed-ref`, which ends in `-ref` (bounding-box adjustment attributes must not end in `-ref`)"
            ],
        ),
    ],
    ids=[
        "same-as-label",
        "ends-in-metadata",
        "verification-ends-in-ref",
        "leading-hyphen",
        "too-long",
        "box-label-ends-in-ref",
        "mask-label-without-ref",
        "mask-verification-ends-in-ref",
        "mask-adjustment-without-ref",
        "box-adjustment-ends-in-ref",
    ],
)
def test_attribute_naming_rules(
    tmp_path: Path, task: str, label: str, output: str, expected: list[str]
) -> None:
    extra = "verdicts: [a, b]" if task.endswith("verification") else "labels: [a]"
    text = f"name: x\ntask: {task}\nlabel_attribute: {label}\noutput_attribute: {output}\nheader: h\n{extra}\n"
    messages = [problem.split(": ", 1)[1] for problem in problems(tmp_path, text)]
    assert messages == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ADJUST_SEGMENTATION + "verdicts: [a, b]\ncomments: required\n",
            [
                "case.yaml:7:11: `verdicts` is set for the adjustment task `semantic-segmentation-adjustment` (remove `verdicts`; adjustment workers edit the labels)",
                "case.yaml:8:11: `comments` is `required` for the adjustment task `semantic-segmentation-adjustment` (worker comments exist only in verification tasks; remove `comments`)",
            ],
        ),
        (
            ADJUST_SEGMENTATION.replace("labels: [road]\n", ""),
            [
                "case.yaml:1:1: missing required field `labels` for an adjustment task (list every label of the earlier job: the adjustment job's label file must hold them all)"
            ],
        ),
        (
            ADJUST_SEGMENTATION.replace("[road]", "[road, Road, road]"),
            [
                "case.yaml:6:22: label `road` repeats label 1 (each label must be distinct)"
            ],
        ),
    ],
    ids=[
        "verification-fields-on-adjustment",
        "adjustment-needs-labels",
        "duplicate-label",
    ],
)
def test_task_specific_rules(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert problems(tmp_path, text) == expected


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = """\
    name: bad name
    task: bounding-box-verification
    label_attribute: boxes-ref
    output_attribute: boxes-metadata
    header: Check
    heder: typo
    verdicts: [yes, yes, yes]
    comments: sometimes
    """
    found = problems(tmp_path, text)
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "case.yaml:1:7",
        "case.yaml:3:18",
        "case.yaml:4:19",
        "case.yaml:6:1",
        "case.yaml:7:17",
        "case.yaml:7:22",
        "case.yaml:8:11",
    ]


def test_sample_manifest_defaults_to_the_projects_preview_folder(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(VERIFY, encoding="utf-8")
    assert (
        load_definition(outside).sample_manifest
        == tmp_path.resolve() / "preview" / "manifests" / "boxes.manifest"
    )


def test_unreadable_file_is_a_definition_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(
        DefinitionError, match=r"latin1\.yaml:1:1: cannot read the definition"
    ):
        load_definition(path)
