"""``gt-templates check``: one template per rule, located findings, output formats."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gt_templates.checks import RULES, Finding, check_paths, check_template
from gt_templates.cli import main
from gt_templates.sarif import to_sarif

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'
IMAGE = "https://example.com/street.jpg"


def page(*body: str, script: str = SCRIPT) -> str:
    """Return a template: the script on line 1, crowd-form on line 2, body from 3."""
    return "\n".join([script, "<crowd-form>", *body, "</crowd-form>", ""])


CLEAN = page(
    '<crowd-image-classifier name="verdict"',
    '    src="{{ task.input.taskObject | grant_read_access }}"',
    '    header="Is the box right?"',
    '    categories="{{ task.input.labels | to_json | escape }}">',
    "  <short-instructions>Check the box.</short-instructions>",
    "</crowd-image-classifier>",
    '<crowd-checkbox name="flags" value="blurry">Blurry</crowd-checkbox>',
    '<crowd-checkbox name="flags" value="dark">Dark</crowd-checkbox>',
    "<script>const labels = {{ task.input.labels | to_json }};</script>",
)


@dataclass(frozen=True)
class StaticCase:
    rule: str
    template: str
    line: int


ELEVEN = ", ".join(f"'c{index}'" for index in range(11))

STATIC_CASES = [
    StaticCase("GT001", page("{% if task.input.taskObject %}"), 3),
    StaticCase("GT001", page("<p>", "{{ task.input.taskObject | }}</p>"), 4),
    StaticCase("GT002", page("{% frobnicate %}"), 3),
    StaticCase("GT003", page("<p>{{ task.input.taskObject | upcasee }}</p>"), 3),
    StaticCase(
        "GT005", page('<crowd-input name="a"></crowd-input>', script="<p></p>"), 1
    ),
    StaticCase("GT006", f'{SCRIPT}\n<crowd-input name="a"></crowd-input>\n', 2),
    StaticCase("GT007", page() + '<crowd-input name="late"></crowd-input>\n', 4),
    StaticCase("GT008", page("<crowd-image-clasifier></crowd-image-clasifier>"), 3),
    StaticCase("GT009", page('<crowd-input name="a" lable="A"></crowd-input>'), 3),
    StaticCase("GT010", page("<p>", '<crowd-input label="A"></crowd-input>'), 4),
    StaticCase(
        "GT011",
        page(
            '<crowd-input name="a"></crowd-input>',
            '<crowd-text-area name="a"></crowd-text-area>',
        ),
        4,
    ),
    StaticCase(
        "GT012",
        page(
            f'<crowd-image-classifier name="v" src="{IMAGE}" categories="[{ELEVEN}]">',
            "</crowd-image-classifier>",
        ),
        3,
    ),
    StaticCase(
        "GT013",
        page(
            f"<crowd-bounding-box name='b' src='{IMAGE}' labels='[\"car\"]'",
            "  initial-value=\"[{label: 'bus', left: 1, top: 2, width: 3}]\">",
            "</crowd-bounding-box>",
        ),
        4,
    ),
    StaticCase(
        "GT014",
        page(
            "<crowd-classifier name='c' categories=\"['yes', 'no'\">",
            "</crowd-classifier>",
        ),
        3,
    ),
    StaticCase(
        "GT015",
        page("<p></p>", "<script>const item = '{{ task.input.taskObject }}';</script>"),
        4,
    ),
    StaticCase("GT016", page('<img src="s3://bucket/street.jpg">'), 3),
    StaticCase(
        "GT017", page(f"<img src=\"{{{{ '{IMAGE}' | grant_read_access }}}}\">"), 3
    ),
    StaticCase("GT018", page("<div>{{ task.input.note | skip_autoescape }}</div>"), 3),
    StaticCase("GT019", page("<p></p>", '<crowd-input name="a" />'), 4),
    StaticCase(
        "GT020",
        page(
            "<crowd-radio-group>",
            '<crowd-radio-button name="yes" required>Yes</crowd-radio-button>',
            "</crowd-radio-group>",
        ),
        4,
    ),
    StaticCase("GT021", page("<p></p>", "<!--" + "x" * 128_000 + "-->"), 4),
]


def located(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(finding.rule.id, finding.line) for finding in findings]


@pytest.mark.parametrize(
    "case", STATIC_CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(STATIC_CASES)]
)
def test_template_breaking_one_rule_reports_that_rule_at_its_line(
    case: StaticCase,
) -> None:
    findings, _ = check_template(case.template, "t.liquid.html")

    assert located(findings) == [(case.rule, case.line)]


def test_clean_template_has_no_findings() -> None:
    findings, _ = check_template(CLEAN, "t.liquid.html")

    assert findings == []


def test_static_cases_cover_every_template_rule() -> None:
    covered = {case.rule for case in STATIC_CASES}

    assert covered >= {f"GT{number:03d}" for number in range(1, 22)} - {"GT004"}


def test_liquid_inside_attributes_does_not_invent_attributes() -> None:
    template = page(
        '<crowd-input name="a" {% if task.input.mandatory %}required{% endif %}',
        '  label="{{ task.input.label | default: "Your answer" }}"></crowd-input>',
    )

    findings, _ = check_template(template, "t.liquid.html")

    assert findings == []


def test_input_read_inside_its_own_guard_is_not_required() -> None:
    template = page("{% if task.input.note %}<p>{{ task.input.note }}</p>{% endif %}")

    _, model = check_template(template, "t.liquid.html")

    assert model.input_reads == []


# -- data checks: a template, a manifest and optional labels -----------------


@dataclass(frozen=True)
class DataCase:
    rule: str
    template: str
    lines: list[Any]
    where: str
    line: int
    labels: list[str] = field(default_factory=list)


GOOD = {"source-ref": "s3://bucket/street.jpg"}
SEGMENTATION = {
    **GOOD,
    "seg-ref": "s3://bucket/mask.png",
    "seg-ref-metadata": {
        "type": "groundtruth/semantic-segmentation",
        "internal-color-map": {
            "0": {"class-name": "BACKGROUND", "hex-color": "#ffffff"},
            "1": {"class-name": "road"},
        },
    },
}
GRANTED = "{{ task.input.taskObject | grant_read_access }}"
IMAGE_CLASSIFIER = page(
    f'<crowd-image-classifier name="v" src="{GRANTED}"',
    '  categories="{{ task.input.labels | to_json }}"></crowd-image-classifier>',
)
BOXES = page(
    f"<crowd-bounding-box name='b' src='{GRANTED}'",
    "  labels='[\"car\"]'",
    "  initial-value='{{ task.input.manifestLine.boxes | to_json }}'>",
    "</crowd-bounding-box>",
)

DATA_CASES = [
    DataCase(
        "GT004",
        page("<p>", "<p>{{ task.input.manifestLine.note }}</p>"),
        [GOOD],
        "template",
        4,
    ),
    DataCase(
        "GT012", IMAGE_CLASSIFIER, [GOOD], "template", 4, [f"c{i}" for i in range(11)]
    ),
    DataCase(
        "GT013",
        BOXES,
        [
            {
                **GOOD,
                "boxes": [
                    {"label": "bus", "left": 1, "top": 1, "width": 2, "height": 2}
                ],
            }
        ],
        "template",
        5,
    ),
    DataCase(
        "GT014",
        page(
            "<crowd-classifier name='c'",
            "  categories='{{ task.input.manifestLine.choices }}'></crowd-classifier>",
        ),
        [{**GOOD, "choices": "['yes', 'no'"}],
        "template",
        4,
    ),
    DataCase(
        "GT016",
        page("<p>", '<img src="{{ task.input.taskObject }}">'),
        [GOOD],
        "template",
        4,
    ),
    DataCase(
        "GT017",
        page('<img src="{{ task.input.manifestLine.photo | grant_read_access }}">'),
        [{**GOOD, "photo": IMAGE}],
        "template",
        3,
    ),
    DataCase(
        "GT022",
        page(),
        [{**GOOD, **{f"part{i}": "x" * 19_000 for i in range(6)}}],
        "manifest",
        1,
    ),
    DataCase("GT023", page(), [GOOD, {**GOOD, "note": "x" * 20_001}], "manifest", 2),
    DataCase("GT024", page(), [SEGMENTATION], "manifest", 1),
    DataCase(
        "GT026", page(), [GOOD, '{"source-ref": "s3://bucket/a.jpg"'], "manifest", 2
    ),
    DataCase("GT026", page(), [{"other": 1}], "manifest", 1),
    DataCase(
        "GT027",
        page("<p>", "<p>{{ task.input.manifestLine.count | divided_by: 0 }}</p>"),
        [{**GOOD, "count": 4}],
        "template",
        4,
    ),
]


def _write_case(
    tmp_path: Path, template: str, lines: list[Any], labels: list[str]
) -> tuple[Path, Path, Path]:
    template_path = tmp_path / "t.liquid.html"
    template_path.write_text(template, encoding="utf-8")
    manifest = tmp_path / "m.manifest"
    manifest.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line)) + "\n"
            for line in lines
        )
    )
    labels_path = tmp_path / "labels.json"
    labels_path.write_text(
        json.dumps(
            {"document-version": "2018-11-28", "labels": [{"label": n} for n in labels]}
        )
    )
    return template_path, manifest, labels_path


def _where(finding: Finding) -> str:
    return "manifest" if finding.path.endswith("m.manifest") else "template"


@pytest.mark.parametrize(
    "case", DATA_CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(DATA_CASES)]
)
def test_manifest_breaking_one_rule_reports_that_rule_at_its_line(
    case: DataCase, tmp_path: Path
) -> None:
    template, manifest, labels = _write_case(
        tmp_path, case.template, case.lines, case.labels
    )

    findings = check_paths([template], manifest=manifest, labels=labels)

    assert [(f.rule.id, _where(f), f.line) for f in findings] == [
        (case.rule, case.where, case.line)
    ]


def test_clean_template_with_clean_manifest_has_no_findings(tmp_path: Path) -> None:
    template, manifest, labels = _write_case(
        tmp_path, CLEAN, [GOOD, GOOD], ["ok", "no"]
    )

    assert check_paths([template], manifest=manifest, labels=labels) == []


def test_project_folder_is_checked_with_each_task_sample_manifest(
    tmp_path: Path,
) -> None:
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "note.liquid.html").write_text(
        page("<p>{{ task.input.manifestLine.note }}</p>")
    )
    manifests = tmp_path / "preview" / "manifests"
    manifests.mkdir(parents=True)
    lines = [GOOD, {**GOOD, "note": "hi"}, GOOD]
    (manifests / "note.manifest").write_text(
        "".join(json.dumps(x) + "\n" for x in lines)
    )

    findings = check_paths([tmp_path])

    assert [(f.rule.id, f.line) for f in findings] == [("GT004", 3)]
    assert findings[0].message.startswith("manifest line 1: ")
    assert findings[0].message.endswith("(and 1 more manifest line)")


def test_pre_annotation_failure_is_reported_for_its_line(tmp_path: Path) -> None:
    from gt_templates.checks import LineChecker
    from gt_templates.task_input import PreAnnotation

    (tmp_path / "failing_pre_lambda.py").write_text(
        "def handler(event, context):\n    raise RuntimeError('no task for you')\n"
    )
    _, model = check_template(CLEAN, "t.liquid.html")
    checker = LineChecker(
        model,
        manifest_path="m.manifest",
        labels=["ok"],
        pre_annotation=PreAnnotation("failing_pre_lambda:handler", tmp_path),
    )

    result = checker.check(7, json.dumps(GOOD))

    assert [(f.rule.id, f.line) for f in result.findings] == [("GT028", 7)]


# -- definitions ----------------------------------------------------------------

DEFINITION = """name: boxes
task: bounding-box-verification
label_attribute: vehicles
output_attribute: vehicles-verified
header: Are the boxes right?
verdicts:
  - Correct
  - Wrong
"""
BOX_LINE = {
    **GOOD,
    "vehicles": {
        "annotations": [{"class_id": 0, "left": 1, "top": 2, "width": 3, "height": 4}]
    },
    "vehicles-metadata": {"class-map": {"0": "car"}},
}


@pytest.mark.parametrize(
    ("rule", "text", "line"),
    [
        (
            "GT025",
            DEFINITION.replace("vehicles-verified", "vehicles-metadata"),
            4,
        ),
        (
            "GT012",
            DEFINITION.replace(
                "  - Wrong\n", "".join(f"  - Verdict {i}\n" for i in range(10))
            ),
            6,
        ),
        (
            "GT029",
            DEFINITION.replace("verdicts:", "comments: sometimes\nverdicts:"),
            6,
        ),
    ],
    ids=["label-attribute-name", "too-many-verdicts", "invalid-definition"],
)
def test_definition_breaking_one_rule_reports_that_rule_at_its_line(
    tmp_path: Path, rule: str, text: str, line: int
) -> None:
    definition = tmp_path / "boxes.yaml"
    definition.write_text(text)

    findings = check_paths([definition])

    assert rule in {f.rule.id for f in findings}
    assert {(f.rule.id, f.line) for f in findings if f.rule.id == rule} == {
        (rule, line)
    }


def test_definition_manifest_without_the_labels_to_verify_fails_that_line(
    tmp_path: Path,
) -> None:
    definition = tmp_path / "boxes.yaml"
    definition.write_text(DEFINITION)
    manifest = tmp_path / "m.manifest"
    manifest.write_text(json.dumps(BOX_LINE) + "\n" + json.dumps(GOOD) + "\n")

    findings = check_paths([definition], manifest=manifest)

    assert [(f.rule.id, f.line) for f in findings] == [("GT030", 2)]


def test_clean_definition_with_its_manifest_has_no_findings(tmp_path: Path) -> None:
    definition = tmp_path / "boxes.yaml"
    definition.write_text(DEFINITION)
    manifest = tmp_path / "m.manifest"
    manifest.write_text(json.dumps(BOX_LINE) + "\n")

    assert check_paths([definition], manifest=manifest) == []


# -- the command and its output formats -----------------------------------------

TEXT_LINE = re.compile(r"^.+:\d+:\d+: GT\d{3} (error|warning): .+ \[[a-z0-9-]+\]$")


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args])


def test_check_prints_one_located_line_per_finding_and_exits_1_on_errors(
    tmp_path: Path,
) -> None:
    template = tmp_path / "t.liquid.html"
    template.write_text(page('<crowd-input name="a" />', "{% frobnicate %}"))

    result = _invoke(str(template))

    lines = result.stdout.strip().splitlines()
    assert result.exit_code == 1
    assert all(TEXT_LINE.match(line) for line in lines)
    assert [line.split()[1] for line in lines] == ["GT019", "GT002"]
    assert lines[0].startswith(f"{template}:3:1: GT019 error: ")


def test_check_exits_0_when_there_are_only_warnings(tmp_path: Path) -> None:
    template = tmp_path / "t.liquid.html"
    template.write_text(page('<crowd-input name="a" lable="A"></crowd-input>'))

    result = _invoke(str(template))

    assert result.exit_code == 0, result.output
    assert " GT009 warning: " in result.stdout


def test_check_json_lists_findings_with_rule_and_position(tmp_path: Path) -> None:
    template = tmp_path / "t.liquid.html"
    template.write_text(page('<crowd-input name="a" />'))

    result = _invoke(str(template), "--format", "json")

    document = json.loads(result.stdout)
    assert (document["errors"], document["warnings"]) == (1, 0)
    finding = document["findings"][0]
    assert (finding["rule"], finding["line"], finding["col"]) == ("GT019", 3, 1)


def test_check_labels_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    template = tmp_path / "t.liquid.html"
    template.write_text(CLEAN)

    result = _invoke(str(template), "--labels", str(template))

    assert result.exit_code == 2


def test_sarif_log_has_the_structure_github_code_scanning_accepts() -> None:
    findings, _ = check_template(
        page('<crowd-input name="a" />'), "tasks/t.liquid.html"
    )

    log = to_sarif(findings)

    assert (log["version"], log["$schema"]) == (
        "2.1.0",
        "https://json.schemastore.org/sarif-2.1.0.json",
    )
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    assert all(
        rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        for rule in driver["rules"]
    )
    assert not any("helpUri" in rule for rule in driver["rules"])
    (result,) = log["runs"][0]["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "GT019"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "tasks/t.liquid.html", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1},
    }


def test_check_sarif_output_is_json_with_results(tmp_path: Path) -> None:
    template = tmp_path / "t.liquid.html"
    template.write_text(page("{% frobnicate %}"))

    result = _invoke(str(template), "--format", "sarif")

    log = json.loads(result.stdout)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["GT002"]
    assert result.exit_code == 1


def test_check_rules_lists_every_rule_with_its_doc() -> None:
    result = _invoke("--rules")

    assert result.exit_code == 0
    assert [
        line.split()[0] for line in result.stdout.splitlines() if line[:2] == "GT"
    ] == list(RULES)
    assert "Why: " in result.stdout and "Fix: " in result.stdout


def test_every_rule_has_a_stable_id_slug_and_doc() -> None:
    assert list(RULES) == [f"GT{number:03d}" for number in range(1, len(RULES) + 1)]
    assert len({rule.slug for rule in RULES.values()}) == len(RULES)
    assert all(rule.why and rule.fix for rule in RULES.values())


# -- the project's own examples -------------------------------------------------


def test_compiled_examples_and_sample_manifests_have_no_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    definitions = sorted((ROOT / "template_sources").glob("*.yaml"))
    assert definitions, "the project ships example definitions"
    monkeypatch.chdir(ROOT)

    findings = check_paths([path.relative_to(ROOT) for path in definitions])

    errors = [f.format() for f in findings if f.severity == "error"]
    assert errors == []
