"""Preflight checks for Ground Truth worker templates, definitions and manifests.

Every rule has a stable id (``GT001``), a slug, a severity and a short doc; see
``RULES``. Static checks read a template's source once; data checks run per
manifest line on the task input and the HTML rendered from it.
"""

from __future__ import annotations

from .data import LineChecker, LineResult
from .rules import RULES, Finding, Rule, Severity
from .runner import Target, check_paths, check_target, display_path
from .template import TemplateModel, check_template

__all__ = [
    "RULES",
    "Finding",
    "LineChecker",
    "LineResult",
    "Rule",
    "Severity",
    "Target",
    "TemplateModel",
    "check_paths",
    "check_target",
    "check_template",
    "display_path",
]
