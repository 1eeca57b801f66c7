"""The README's opening command names only subcommands the CLI has."""

from __future__ import annotations

import re
from pathlib import Path

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
