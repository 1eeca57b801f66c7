"""``gt-templates compile``: outputs, determinism, all-or-nothing writes, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gt_templates.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
GOOD = """\
name: {name}
task: bounding-box-verification
label_attribute: boxes
output_attribute: boxes-checked
header: Check the boxes
verdicts: [good, bad]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a project holding the example definitions, as the working folder."""
    shutil.copytree(ROOT / "template_sources", tmp_path / "template_sources")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_of(folder: Path) -> dict[str, bytes]:
    """Return every file of a folder by name, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_compile_defaults_write_the_golden_files_into_build(project: Path) -> None:
    result = CliRunner().invoke(main, ["compile"])
    assert result.exit_code == 0, result.output
    assert files_of(project / "build") == files_of(GOLDEN)
    assert (
        "compiled template_sources/vehicle-boxes.yaml -> build/vehicle-boxes.*"
        in result.output
    )


def test_compile_again_is_byte_identical(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["compile", "-o", "out"]).exit_code == 0
    first = files_of(project / "out")
    assert runner.invoke(main, ["compile", "-o", "out"]).exit_code == 0
    assert files_of(project / "out") == first


def test_compile_named_files_only(project: Path) -> None:
    result = CliRunner().invoke(
        main, ["compile", "template_sources/road-segmentation.yaml", "--outdir", "out"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(files_of(project / "out")) == [
        "road-segmentation.answer.schema.json",
        "road-segmentation.job.json",
        "road-segmentation.labels.json",
        "road-segmentation.liquid.html",
        "road-segmentation.task-input.schema.json",
    ]


@pytest.mark.parametrize(
    ("files", "messages"),
    [
        (
            {"zz-bad.yaml": GOOD.format(name="zz") + "heder: x\n"},
            [
                "error: template_sources/zz-bad.yaml:7:1: unknown field `heder` in the definition (did you mean `header`?)"
            ],
        ),
        (
            {
                "a-bad.yaml": "name: [\n",
                "b-bad.yaml": GOOD.format(name="b").replace("[good, bad]", "[good]"),
            },
            [
                "error: template_sources/a-bad.yaml:2:1: YAML syntax error",
                "error: template_sources/b-bad.yaml:6:1: `verdicts` has 1 item, expected 2 to 10",
            ],
        ),
        (
            {"copy.yaml": GOOD.format(name="vehicle-boxes")},
            [
                "error: template_sources/vehicle-boxes.yaml:1:1: name `vehicle-boxes` is also used by template_sources/copy.yaml"
            ],
        ),
    ],
    ids=["one-bad-definition", "problems-of-every-file", "duplicate-name"],
)
def test_bad_definitions_exit_1_and_write_nothing(
    project: Path, files: dict[str, str], messages: list[str]
) -> None:
    for name, text in files.items():
        (project / "template_sources" / name).write_text(text, encoding="utf-8")

    result = CliRunner().invoke(main, ["compile"])
    assert result.exit_code == 1
    for message in messages:
        assert message in result.output
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


def test_failed_run_leaves_earlier_output_untouched(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["compile"]).exit_code == 0
    before = files_of(project / "build")
    path = project / "template_sources" / "vehicle-boxes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("header:", "heder:"), encoding="utf-8"
    )

    assert runner.invoke(main, ["compile"]).exit_code == 1
    assert files_of(project / "build") == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["compile", "missing.yaml"],
            "error: missing.yaml:1:1: no such file or folder",
        ),
        (["compile", "empty"], "error: empty:1:1: no *.yaml or *.yml definitions here"),
        (["compile", "--nope"], "No such option '--nope'"),
    ],
    ids=["missing-source", "folder-without-definitions", "unknown-option"],
)
def test_usage_problems_exit_2(
    project: Path, arguments: list[str], message: str
) -> None:
    (project / "empty").mkdir()
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_compile_without_template_sources_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["compile"])
    assert result.exit_code == 2
    assert "template_sources:1:1: no such file or folder" in result.output


def test_render_accepts_a_definition(project: Path) -> None:
    manifest = ROOT / "preview" / "manifests" / "vehicle-boxes.manifest"
    arguments = [
        "render",
        "template_sources/vehicle-boxes.yaml",
        "--manifest",
        str(manifest),
        "--line",
        "1",
    ]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert "&quot;boundingBox&quot;" in result.output
    assert "&#34;truck&#34;" in result.output
