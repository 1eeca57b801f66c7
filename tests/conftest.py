"""Shared fixtures: every browser test drives a local Chromium, never a download."""

from __future__ import annotations

from typing import Any

import pytest

from gt_templates.browser import launch_options


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    """Launch the Chromium this machine has; fail loudly when there is none."""
    return {**browser_type_launch_args, **launch_options()}
