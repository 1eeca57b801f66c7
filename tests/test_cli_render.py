"""``gt-templates render``: inputs, outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gt_templates.cli import main

TEMPLATE = """<crowd-form>
  <crowd-image-classifier name="verify" src="{{ task.input.taskObject | grant_read_access }}"
    categories="{{ task.input.labels | to_json | escape }}" header="{{ task.input.q }}">
  </crowd-image-classifier>
</crowd-form>
"""
LINE = {
    "source-ref": "s3://bucket/cat.jpg",
    "bbox": {
        "annotations": [{"class_id": 0, "left": 1, "top": 2, "width": 3, "height": 4}]
    },
    "bbox-metadata": {"class-map": {"0": "cat"}},
}
LABELS = {
    "document-version": "2018-11-28",
    "labels": [{"label": "good"}, {"label": "bad"}],
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "t.liquid.html").write_text(TEMPLATE)
    (tmp_path / "bad.liquid.html").write_text(
        "<p>\n  {{ task.input.taskObject | grant_read_access }}"
    )
    (tmp_path / "syntax.liquid.html").write_text("<p>\n{% if x %}")
    (tmp_path / "input.json").write_text(
        json.dumps({"q": "Is it <ok>?", "taskObject": "s3://bkt/k.jpg"})
    )
    (tmp_path / "m.manifest").write_text("\n".join([json.dumps(LINE), "{broken", ""]))
    (tmp_path / "labels.json").write_text(json.dumps(LABELS))
    return tmp_path


def run(files: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["render", *args], input=stdin, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_renders_html_from_an_input_file(files: Path) -> None:
    code, out, _ = run(
        files, str(files / "t.liquid.html"), "--input", str(files / "input.json")
    )

    assert code == 0
    assert 'header="Is it &lt;ok&gt;?"' in out
    assert "/s3/bkt/k.jpg?X-Gt-Expires=" in out


def test_reads_the_input_from_stdin(files: Path) -> None:
    code, out, _ = run(
        files,
        str(files / "t.liquid.html"),
        "--input",
        "-",
        stdin=json.dumps({"q": "x", "taskObject": "s3://bkt/k"}),
    )

    assert code == 0
    assert 'header="x"' in out


def test_manifest_line_becomes_the_built_in_task_input(files: Path) -> None:
    code, out, _ = run(
        files,
        str(files / "t.liquid.html"),
        "--manifest",
        str(files / "m.manifest"),
        "--line",
        "1",
        "--labels",
        str(files / "labels.json"),
        "--json",
    )

    assert code == 0
    rendered = json.loads(out)["RenderedContent"]
    assert 'categories="[&#34;good&#34;, &#34;bad&#34;]"' in rendered
    assert "/s3/bucket/cat.jpg?" in rendered


def test_json_output_is_the_api_shape(files: Path) -> None:
    code, out, _ = run(
        files, str(files / "bad.liquid.html"), "--json", "--input", "-", stdin="{}"
    )

    assert code == 1
    assert json.loads(out) == {
        "RenderedContent": "",
        "Errors": [
            {
                "Code": "InvalidParameters",
                "Message": '"grant_read_access" input is not a valid S3 URI: "".',
            }
        ],
    }


def test_writes_the_output_file(files: Path) -> None:
    target = files / "out" / "page.html"

    code, out, _ = run(
        files,
        str(files / "t.liquid.html"),
        "-o",
        str(target),
        "--input",
        str(files / "input.json"),
    )

    assert code == 0
    assert out == ""
    assert "<crowd-image-classifier" in target.read_text()


ERROR_CASES = [
    (
        "syntax_error_located",
        ["syntax.liquid.html"],
        1,
        "syntax.liquid.html:2:1: TemplateSyntaxError",
    ),
    (
        "bad_filter_input_located",
        ["bad.liquid.html"],
        1,
        "bad.liquid.html:2:3: InvalidParameters",
    ),
    (
        "broken_manifest_line",
        ["t.liquid.html", "--manifest", "m.manifest", "--line", "2"],
        1,
        "m.manifest:2:2: line is not valid JSON",
    ),
    (
        "line_past_the_end",
        ["t.liquid.html", "--manifest", "m.manifest", "--line", "9"],
        2,
        "no non-blank line 9",
    ),
    (
        "line_without_manifest",
        ["t.liquid.html", "--line", "1"],
        2,
        "only work together with --manifest",
    ),
    (
        "manifest_without_line",
        ["t.liquid.html", "--manifest", "m.manifest"],
        2,
        "--manifest needs --line",
    ),
    (
        "both_inputs",
        [
            "t.liquid.html",
            "--input",
            "input.json",
            "--manifest",
            "m.manifest",
            "--line",
            "1",
        ],
        2,
        "not both",
    ),
    ("missing_template", ["nope.html"], 2, "does not exist"),
    (
        "bad_line_number",
        ["t.liquid.html", "--manifest", "m.manifest", "--line", "0"],
        2,
        "0 is not in the range",
    ),
]


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_errors_are_located_messages_with_exit_codes(
    files: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    exit_code: int,
    message: str,
) -> None:
    monkeypatch.chdir(files)

    code, out, err = run(files, *args)

    assert code == exit_code
    assert message in err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize(
    ("template", "hint"),
    [
        ("syntax.liquid.html", "fix the Liquid at this position"),
        ("bad.liquid.html", "give grant_read_access an s3://bucket/key URI"),
    ],
    ids=["syntax-error", "invalid-parameters"],
)
def test_render_errors_say_how_to_fix_them(
    files: Path, monkeypatch: pytest.MonkeyPatch, template: str, hint: str
) -> None:
    monkeypatch.chdir(files)

    code, _, err = run(files, template)

    assert code == 1
    assert f"({hint}" in err


def test_failed_render_writes_no_output_file(files: Path) -> None:
    target = files / "page.html"

    code, _, _ = run(files, str(files / "bad.liquid.html"), "-o", str(target))

    assert code == 1
    assert not target.exists()


@pytest.mark.parametrize("command", [[], ["render"]])
def test_help_is_available(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])

    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_python_dash_m_runs_the_same_command_line() -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "gt_templates", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0
    assert "Usage: gt-templates" in completed.stdout
