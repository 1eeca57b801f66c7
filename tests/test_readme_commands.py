"""The README's opening command names only subcommands the CLI has."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

from example_project import copy_examples
from gt_templates.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)
SUBCOMMAND = re.compile(r"\bgt-templates\s+([a-z][a-z0-9-]*)")


def opening_command() -> str:
    """Return the text of the README's first fenced ``sh`` block."""
    match = SH_BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README has no ```sh block"
    return match[1]


def test_opening_command_uses_only_existing_subcommands() -> None:
    named = SUBCOMMAND.findall(opening_command())

    assert named, "the opening command runs no gt-templates subcommand"
    assert sorted(set(named) - set(main.commands)) == []


def test_opening_command_compiles_and_previews_the_examples(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    steps = [step.strip() for step in opening_command().split("&&")]
    assert steps[-1] == "gt-templates preview", "the opening command ends elsewhere"

    for step in steps[1:-1]:
        completed = subprocess.run(
            [sys.executable, "-m", "gt_templates", *step.split()[1:]],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr

    assert sorted(path.name for path in (project / "build").glob("*.liquid.html"))
    assert serves_tasks(project) == sorted(
        path.stem for path in (project / "template_sources").glob("*.yaml")
    )


def serves_tasks(project: Path) -> list[str]:
    """Run ``gt-templates preview`` on a free port; return the task names it serves."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gt_templates", "preview", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        url = re.search(r"on (http://127\.0\.0\.1:\d+/)$", first.strip())
        assert url is not None, first
        with urlopen(url[1] + "api/tasks") as response:
            return sorted(task["name"] for task in json.load(response))
    finally:
        server.terminate()
        server.wait(10)
