"""``gt-templates screenshot``: a PNG of the worker's view of one task sample."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from example_project import REPOSITORY

pytestmark = pytest.mark.browser


def run_screenshot(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``gt-templates screenshot`` on the bundled examples in its own process."""
    command = [sys.executable, "-m", "gt_templates", "screenshot", *map(str, arguments)]
    return subprocess.run(
        [*command, "--project", str(REPOSITORY)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("task", "width"),
    [("vehicle-boxes", 1280), ("road-segmentation-adjust", 1024)],
    ids=["verification", "adjustment"],
)
def test_screenshot_writes_a_png_of_the_worker_page(
    tmp_path: Path, task: str, width: int
) -> None:
    output = tmp_path / "shots" / f"{task}.png"

    result = run_screenshot(task, "--sample", "1", "--width", str(width), "-o", output)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    with Image.open(output) as image:
        assert image.format == "PNG"
        assert image.width == width
        assert image.height >= 600


@pytest.mark.parametrize(
    ("arguments", "code", "words"),
    [
        (["no-such-task"], 2, "found no task 'no-such-task'; tasks: "),
        (["vehicle-boxes", "--sample", "99"], 1, "answered 404"),
    ],
    ids=["unknown-task", "sample-out-of-range"],
)
def test_screenshot_problems_write_nothing(
    tmp_path: Path, arguments: list[str], code: int, words: str
) -> None:
    output = tmp_path / "shot.png"

    result = run_screenshot(*arguments, "-o", output)

    assert result.returncode == code
    assert words in result.stderr
    assert not output.exists()
