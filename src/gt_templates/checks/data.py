"""Per-line checks: a manifest line, its task input and the HTML rendered from it.

These run once per manifest line (thousands of times in a dry run), so they scan the
rendered HTML with two regular expressions instead of parsing it, and only look at
what can change from line to line: JSON-bearing attributes and ``src``/``href``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

from ..errors import GTTemplatesError
from ..manifest import MAX_ATTRIBUTE_CHARS, MAX_LINE_CHARS, parse_line
from ..rendering import GroundTruthEnvironment, RenderError, render_ui_template
from ..s3 import is_s3_uri
from ..task_input import DEFAULT_JOB_ARN, PreAnnotation
from . import rules
from .attributes import check_element_values
from .elements import JSON_ATTRIBUTES
from .liquid import missing_input
from .rules import Finding, Rule
from .template import TemplateModel

_VALUE = r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"""<(crowd-[a-z0-9-]+)((?:\s+[^\s"'>/=]+{_VALUE})*)\s*/?>""")
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_S3_LINK = re.compile(r"""\s(src|href)\s*=\s*["']?\s*(s3://[^"'\s>]*)""", re.IGNORECASE)
_TAG_NAME = re.compile(r"<([a-zA-Z][\w-]*)")
_COMMON_ENTITIES = (
    ("&quot;", '"'),
    ("&#34;", '"'),
    ("&#39;", "'"),
    ("&lt;", "<"),
    ("&gt;", ">"),
)


@dataclass(frozen=True)
class LineResult:
    """The outcome of checking one manifest line."""

    number: int
    findings: list[Finding]
    skipped: bool = False

    @property
    def failed(self) -> bool:
        """Tell whether any error-severity finding was made."""
        return any(f.severity is rules.Severity.ERROR for f in self.findings)


class LineChecker:
    """Checks manifest lines against one template, reusing its parse and model."""

    def __init__(
        self,
        model: TemplateModel,
        *,
        manifest_path: str,
        labels: list[str],
        pre_annotation: PreAnnotation | None = None,
        label_attribute: str | None = None,
        job_arn: str = DEFAULT_JOB_ARN,
        environment: GroundTruthEnvironment | None = None,
    ) -> None:
        self.model = model
        self.manifest_path = manifest_path
        self.labels = labels
        self.pre_annotation = pre_annotation or PreAnnotation(None)
        self.label_attribute = label_attribute
        self.job_arn = job_arn
        self.environment = environment

    def check(self, number: int, text: str) -> LineResult:
        """Check one manifest line: its data, pre-annotation, rendering and output."""
        try:
            return self._check(number, text)
        except (RecursionError, MemoryError, ValueError, TypeError) as error:
            # Pathological data (say, JSON nested thousands deep) fails only its line.
            message = f"cannot check the line: {type(error).__name__}: {error}"
            finding = Finding(
                rules.RENDER_ERROR, self.manifest_path, number, 1, message
            )
            return LineResult(number, [finding])

    def _check(self, number: int, text: str) -> LineResult:
        found: list[Finding] = []
        here = self._at_line(number)
        found += [here(rule, message) for rule, message in manifest_problems(text)]

        line = parse_line(self.manifest_path, number, text)
        if line.data is None:
            message = line.problem.message if line.problem else "not a JSON object"
            found.append(here(rules.INVALID_MANIFEST_LINE, message))
            return LineResult(number, found)

        problems = object_problems(line.data, self.label_attribute, len(text))
        found += [here(rule, message) for rule, message in problems]
        unlabelled = any(rule is rules.MISSING_LABEL_ATTRIBUTE for rule, _ in problems)
        try:
            result = self.pre_annotation.run(
                line.data, self.labels, job_arn=self.job_arn
            )
        except GTTemplatesError as error:
            message = "; ".join(problem.message for problem in error.problems)
            found.append(here(rules.PRE_ANNOTATION_ERROR, message))
            return LineResult(number, found)

        if not result.human_required:
            return LineResult(number, found, skipped=True)

        # The missing label attribute already explains the fields read from it.
        known = (
            f"task.input.manifestLine.{self.label_attribute}" if unlabelled else None
        )
        found += self.rendered_findings(result.task_input, known)
        return LineResult(number, found)

    def rendered_findings(
        self, task_input: Any, known_missing: str | None = None
    ) -> list[Finding]:
        """Check a task input and what the template renders from it."""
        found = self._missing_fields(task_input, known_missing)
        rendered = render_ui_template(
            self.model.text, task_input, environment=self.environment
        )
        found += [self._render_error(error) for error in rendered.errors]
        if rendered.ok:
            found += self._html_findings(rendered.rendered_content)
        return found

    def _at_line(self, number: int) -> Callable[[Rule, str], Finding]:
        def finding(rule: Rule, message: str) -> Finding:
            return Finding(rule, self.manifest_path, number, 1, message)

        return finding

    def _in_template(
        self, rule: Rule, position: tuple[int, int], message: str
    ) -> Finding:
        line, col = position
        return Finding(rule, self.model.path, line, col, message)

    def _missing_fields(
        self, task_input: Any, known_missing: str | None
    ) -> list[Finding]:
        found = []
        for read, line, col in self.model.input_reads:
            missing = missing_input(task_input, read)
            if missing is None or (known_missing and missing.startswith(known_missing)):
                continue
            message = (
                f"the template reads {read.text} but the task input has no {missing}"
            )
            found.append(
                self._in_template(rules.MISSING_INPUT_FIELD, (line, col), message)
            )
        return found

    def _render_error(self, error: RenderError) -> Finding:
        if error.code == "InvalidParameters" and "grant_read_access" in error.message:
            rule = rules.GRANT_NOT_S3
        elif error.code == "TemplateSyntaxError":
            rule = rules.LIQUID_SYNTAX
        elif "filter" in error.message and "unknown" in error.message.lower():
            rule = rules.UNKNOWN_FILTER
        else:
            rule = rules.RENDER_ERROR
        position = (error.line, error.col) if error.line else (1, 1)
        return self._in_template(rule, position, error.message)

    def _html_findings(self, html: str) -> list[Finding]:
        found = []

        for match in _START_TAG.finditer(html):
            tag = match.group(1)
            values = _json_values(match.group(2))
            if not values:
                continue
            for rule, name, message in check_element_values(tag, values):
                position = self.model.location(tag, name)
                found.append(self._in_template(rule, position, message))

        if "s3://" not in html:
            return found

        for match in _S3_LINK.finditer(html):
            tag = _tag_before(html, match.start())
            name, uri = match.group(1).lower(), match.group(2)
            found.append(
                self._in_template(
                    rules.S3_WITHOUT_GRANT,
                    self.model.location(tag, name),
                    f"<{tag}> {name} renders as {uri!r}; browsers cannot load s3:// "
                    "URIs",
                )
            )

        return found


def _tag_before(html: str, offset: int) -> str:
    match = _TAG_NAME.match(html, html.rfind("<", 0, offset))
    return match.group(1).lower() if match else ""


def _json_values(attributes: str) -> dict[str, str]:
    values = {}
    for match in _ATTRIBUTE.finditer(attributes):
        name = match.group(1).lower()
        if name not in JSON_ATTRIBUTES:
            continue
        raw = next((g for g in match.groups()[1:] if g is not None), "")
        values[name] = decode_attribute(raw)
    return values


def decode_attribute(raw: str) -> str:
    """Decode character references in an attribute value, fast for the usual ones."""
    if "&" not in raw:
        return raw

    decoded = raw
    for entity, char in _COMMON_ENTITIES:
        decoded = decoded.replace(entity, char)
    if "&" in decoded.replace("&amp;", ""):
        # Anything rarer goes through the full HTML5 decoder.
        return unescape(raw)
    return decoded.replace("&amp;", "&")


def manifest_problems(text: str) -> list[tuple[Rule, str]]:
    """Return the size problems of one raw manifest line."""
    if len(text) <= MAX_LINE_CHARS:
        return []
    return [
        (
            rules.LINE_TOO_LONG,
            f"the line has {len(text):,} characters, Ground Truth accepts at most "
            f"{MAX_LINE_CHARS:,}",
        )
    ]


def object_problems(
    data: dict[str, Any],
    label_attribute: str | None = None,
    line_chars: int | None = None,
) -> list[tuple[Rule, str]]:
    """Return the problems of one parsed manifest line (of ``line_chars`` if known)."""
    problems: list[tuple[Rule, str]] = []

    if "source-ref" not in data and "source" not in data:
        problems.append(
            (rules.INVALID_MANIFEST_LINE, "the line has neither source-ref nor source")
        )
    problems += _source_problems(data)
    problems += [
        (rules.INVALID_MANIFEST_LINE, f"attribute name {key!r} starts with '$'")
        for key in data
        if key.startswith("$")
    ]
    if line_chars is None or line_chars > MAX_ATTRIBUTE_CHARS:
        # No attribute can be longer than a line that is short enough.
        problems += _long_attributes(data)
    problems += _hex_colors(data)

    if label_attribute and label_attribute not in data:
        problems.append(
            (
                rules.MISSING_LABEL_ATTRIBUTE,
                f"the line has no {label_attribute!r} attribute with the labels to "
                "verify",
            )
        )
    return problems


def _source_problems(data: dict[str, Any]) -> list[tuple[Rule, str]]:
    reference = data.get("source-ref")
    if reference is not None and not (
        isinstance(reference, str)
        and reference.startswith("s3://")
        and is_s3_uri(reference)
    ):
        message = f"source-ref is {reference!r}, expected an s3://bucket/key URI"
        return [(rules.INVALID_MANIFEST_LINE, message)]
    if "source" in data and not isinstance(data["source"], str):
        return [(rules.INVALID_MANIFEST_LINE, "source is not a text")]
    return []


def _long_attributes(data: dict[str, Any]) -> list[tuple[Rule, str]]:
    problems = []
    for key, value in data.items():
        size = len(value) if isinstance(value, str) else None
        if size is None and isinstance(value, (dict, list)):
            size = len(json.dumps(value, ensure_ascii=False))
        if size is not None and size > MAX_ATTRIBUTE_CHARS:
            problems.append(
                (
                    rules.ATTRIBUTE_TOO_LONG,
                    f"attribute {key!r} has {size:,} characters, Ground Truth "
                    f"accepts at most {MAX_ATTRIBUTE_CHARS:,}",
                )
            )
    return problems


def _hex_colors(data: dict[str, Any]) -> list[tuple[Rule, str]]:
    problems = []
    for key, value in data.items():
        if not key.endswith("-metadata") or not isinstance(value, dict):
            continue
        color_map = value.get("internal-color-map")
        is_segmentation = value.get("type") == "groundtruth/semantic-segmentation"
        if not isinstance(color_map, dict):
            if is_segmentation:
                problems.append(
                    (rules.MISSING_HEX_COLOR, f"{key} has no internal-color-map")
                )
            continue
        lacking = sorted(
            str(index)
            for index, entry in color_map.items()
            if not isinstance(entry, dict) or not entry.get("hex-color")
        )
        if lacking:
            problems.append(
                (
                    rules.MISSING_HEX_COLOR,
                    f"{key} internal-color-map entries {', '.join(lacking)} have no "
                    "hex-color",
                )
            )
    return problems
