"""The pytest plugin, run by pytest on a project in a temporary folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from example_project import (
    BROKEN_TEMPLATES,
    REPOSITORY,
    copy_examples,
    hand_written,
)

pytest_plugins = ["pytester"]

START, END = "<!-- testing:start -->", "<!-- testing:end -->"


def readme_example() -> str:
    """Return the example test file of the README's "Testing your templates"."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(START) : readme.index(END)]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's testing section has no python example"
    return found.group(1)


def example_project(pytester: pytest.Pytester) -> Path:
    """Lay out the bundled examples and the README's test in pytester's folder."""
    copy_examples(pytester.path)
    pytester.makepyfile(test_templates=readme_example())
    return pytester.path


def test_readme_example_count_matches_the_readme() -> None:
    source = readme_example()

    assert source.count("\ndef test_") == 3
    assert "gt_task(" in source


@pytest.mark.browser
def test_plugin_runs_the_readme_example_and_it_passes(
    pytester: pytest.Pytester,
) -> None:
    example_project(pytester)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=3)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("edit", "message"), BROKEN_TEMPLATES.values(), ids=BROKEN_TEMPLATES.keys()
)
def test_plugin_fails_a_broken_template_with_a_clear_message(
    pytester: pytest.Pytester, edit: Callable[[str], str], message: str
) -> None:
    project = example_project(pytester)
    hand_written(project, "vehicle-boxes", edit)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        ["*test_verdict_and_comment_reach_the_answer*", f"*{message}*"]
    )


PROBE = """
def test_probe(gt_project):
    print(f"PROJECT={gt_project}")
"""


@pytest.mark.parametrize(
    ("option", "ini", "expected"),
    [
        (None, None, "."),
        ("sub", None, "sub"),
        (None, "sub", "sub"),
        ("other", "sub", "other"),
    ],
    ids=["default-current-dir", "option", "ini", "option-beats-ini"],
)
def test_gt_project_comes_from_option_then_ini_then_current_dir(
    pytester: pytest.Pytester, option: str | None, ini: str | None, expected: str
) -> None:
    pytester.makepyfile(test_probe=PROBE)
    if ini:
        pytester.makeini(f"[pytest]\ngt_project = {ini}\n")
    arguments = ["-s", "-p", "no:cacheprovider"]
    if option:
        arguments += ["--gt-project", option]

    result = pytester.runpytest_subprocess(*arguments)

    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"*PROJECT={(pytester.path / expected).resolve()}"])


def test_missing_project_dir_fails_with_a_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_server="def test_server(gt_preview_server):\n    pass\n")

    result = pytester.runpytest_subprocess("--gt-project", "missing")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*the gt-templates project directory does not exist*"])
