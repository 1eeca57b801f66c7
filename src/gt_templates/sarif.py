"""SARIF 2.1.0 output of check findings, in the shape GitHub code scanning accepts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePosixPath
from typing import Any

from .checks.rules import RULES, Finding, Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "gt-templates"
SOURCE_ROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
# GitHub ranks alerts tagged "security" by this CVSS-like score (XSS: high).
_SECURITY_SEVERITY = {"GT018": "7.5"}


def to_sarif(
    findings: Iterable[Finding], rules: Mapping[str, Rule] = RULES
) -> dict[str, Any]:
    """Return a SARIF log with one run: every rule, and one result per finding."""
    catalogue = list(rules.values())
    index = {rule.id: position for position, rule in enumerate(catalogue)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": _tool_version(),
                        "rules": [_rule(rule) for rule in catalogue],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule.id]) for f in findings],
            }
        ],
    }


def _tool_version() -> str:
    try:
        return version("gt-templates")
    except PackageNotFoundError:
        return "0.0.0"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": _pascal(rule.slug),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc()},
        "help": {"text": rule.doc()},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": _properties(rule),
    }


def _properties(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": ["ground-truth", "crowd-html"]}
    score = _SECURITY_SEVERITY.get(rule.id)
    if score is not None:
        properties["tags"].append("security")
        properties["security-severity"] = score
    return properties


def _pascal(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding)}],
    }


def _physical(finding: Finding) -> dict[str, Any]:
    path = PurePosixPath(finding.path.replace("\\", "/"))
    artifact: dict[str, Any] = {"uri": path.as_posix()}
    if not path.is_absolute():
        artifact["uriBaseId"] = SOURCE_ROOT
    else:
        artifact["uri"] = path.as_uri()
    return {
        "artifactLocation": artifact,
        "region": {
            "startLine": max(finding.line, 1),
            "startColumn": max(finding.col, 1),
        },
    }
