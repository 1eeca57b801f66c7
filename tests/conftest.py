"""Shared test set-up; the gt-templates pytest plugin does the rest.

The plugin (loaded through its ``pytest11`` entry point) launches the Chromium
this machine has, runs the preview server and provides ``gt_task``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def gt_project() -> Path:
    """Test the bundled examples at the repository root, wherever pytest starts."""
    return REPOSITORY
