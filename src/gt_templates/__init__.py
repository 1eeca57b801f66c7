"""Compile, render, preview, test and check Amazon SageMaker Ground Truth worker templates."""

from .rendering import (
    RenderError,
    RenderResult,
    ground_truth_environment,
    render_ui_template,
)

__all__ = [
    "RenderError",
    "RenderResult",
    "ground_truth_environment",
    "render_ui_template",
]
