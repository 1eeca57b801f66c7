"""Liquid checks: syntax, unknown tags and filters, and the task.input reads."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError

from ..liquid_source import Expression, expressions, syntax_error_offset
from ..s3 import is_s3_uri
from . import rules
from .rules import Rule

# Tags whose expression is a condition: a missing field there is a deliberate test.
_CONDITION_TAGS = frozenset({"if", "unless", "elsif", "case", "when"})
_BLOCK_OPEN = frozenset({"if", "unless", "case"})
_BLOCK_CLOSE = frozenset({"endif", "endunless", "endcase"})
_DEFAULT_FILTER = re.compile(r"\|\s*default\b")
_SKIP_AUTOESCAPE = re.compile(r"\|\s*skip_autoescape\b")
_GRANT_LITERAL = re.compile(
    r"""^\s*(?:"([^"]*)"|'([^']*)')\s*\|\s*grant_read_access\b"""
)
_ASSIGNED_NAME = re.compile(r"^\s*([\w-]+)\s*(?:=|in\b)")


@dataclass(frozen=True)
class RawFinding:
    """A finding located by offset in the template, before a path is attached."""

    rule: Rule
    offset: int
    message: str


@dataclass(frozen=True)
class InputRead:
    """A read of ``task.input.<path>`` that needs a value in the sample."""

    segments: tuple[Any, ...]
    offset: int
    text: str


@dataclass
class LiquidReport:
    """What the Liquid checks found, and what later per-line checks need."""

    findings: list[RawFinding] = field(default_factory=list)
    parsed: bool = False
    input_reads: list[InputRead] = field(default_factory=list)


def check_liquid(text: str, env: Environment) -> LiquidReport:
    """Check a template's Liquid: syntax, tags, filters and task.input usage."""
    report = LiquidReport()

    try:
        tokens = list(env.tokenizer()(text))
    except LiquidError as error:
        report.findings.append(_syntax_finding(error, text, env))
        return report

    unknown = _unknown_tags(text, env)
    report.findings += unknown

    try:
        template = env.from_string(text)
    except LiquidError as error:
        if not _is_unknown_tag_error(error, unknown):
            report.findings.append(_syntax_finding(error, text, env))
        return report

    if unknown:
        return report

    report.parsed = True
    analysis = template.analyze(include_partials=False)
    report.findings += _unknown_filters(analysis.filters, env)

    found = expressions(tokens)
    report.findings += _static_grants(found)
    report.findings += _skip_autoescape(found, analysis.variables)
    report.input_reads = _input_reads(found, analysis.variables, tokens)
    return report


def _syntax_finding(error: LiquidError, text: str, env: Environment) -> RawFinding:
    offset = syntax_error_offset(error, text, env)
    return RawFinding(rules.LIQUID_SYNTAX, offset or 0, str(error.message))


def _unknown_tags(text: str, env: Environment) -> list[RawFinding]:
    try:
        analysis = env.analyze_tags_from_string(text)
    except Exception:
        # The tag audit fails on some broken nestings, which parsing then reports.
        return []

    return [
        RawFinding(rules.UNKNOWN_TAG, span.index, f"unknown Liquid tag '{name}'")
        for name, spans in analysis.unknown_tags.items()
        for span in spans
    ]


def _is_unknown_tag_error(error: LiquidError, unknown: list[RawFinding]) -> bool:
    start = error.token.start_index if error.token is not None else -1
    return any(finding.offset == start for finding in unknown)


def _unknown_filters(
    filters: dict[str, list[Any]], env: Environment
) -> list[RawFinding]:
    known = sorted(env.filters)
    return [
        RawFinding(
            rules.UNKNOWN_FILTER,
            span.index,
            f"unknown filter '{name}'{_suggestion(name, known)}",
        )
        for name, spans in filters.items()
        if name not in env.filters
        for span in spans
    ]


def _suggestion(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _static_grants(expressions: list[Expression]) -> list[RawFinding]:
    findings = []

    for expression in expressions:
        match = _GRANT_LITERAL.match(expression.text)
        literal = match and (
            match.group(1) if match.group(1) is not None else match.group(2)
        )
        if match and literal is not None and not is_s3_uri(literal):
            findings.append(
                RawFinding(
                    rules.GRANT_NOT_S3,
                    expression.start,
                    f"grant_read_access is applied to '{literal}', which is not an "
                    "S3 URI (s3://bucket/key or https://s3.amazonaws.com/bucket/key)",
                )
            )

    return findings


def _is_input(segments: list[Any]) -> bool:
    return len(segments) >= 2 and segments[0] == "task" and segments[1] == "input"


def _skip_autoescape(
    expressions: list[Expression], variables: dict[str, list[Any]]
) -> list[RawFinding]:
    tainted: set[str] = set()
    spans = _variables_by_offset(variables)
    findings = []

    for expression in expressions:
        used = _variables_in(spans, expression)
        reads_input = any(
            _is_input(var.segments) or str(var.segments[0]) in tainted for var in used
        )
        assigned = _ASSIGNED_NAME.match(expression.text)

        if expression.owner in ("assign", "for") and assigned and reads_input:
            tainted.add(assigned.group(1))
        if _SKIP_AUTOESCAPE.search(expression.text) and reads_input:
            findings.append(
                RawFinding(
                    rules.SKIP_AUTOESCAPE_INPUT,
                    expression.start,
                    "skip_autoescape outputs task.input data as raw HTML",
                )
            )

    return findings


def _variables_by_offset(variables: dict[str, list[Any]]) -> list[Any]:
    found = [var for group in variables.values() for var in group]
    return sorted(found, key=lambda var: var.span.index)


def _variables_in(spans: list[Any], expression: Expression) -> list[Any]:
    starts = [var.span.index for var in spans]
    low = bisect.bisect_left(starts, expression.start)
    high = bisect.bisect_left(starts, expression.start + len(expression.text))
    return spans[low:high]


def _input_reads(
    expressions: list[Expression], variables: dict[str, list[Any]], tokens: list[Any]
) -> list[InputRead]:
    """Return task.input reads that are neither conditions, defaulted, nor guarded."""
    spans = _variables_by_offset(variables)
    guards = _guards(tokens, expressions, spans)
    reads = []

    for expression in expressions:
        if expression.owner in _CONDITION_TAGS:
            continue
        if _DEFAULT_FILTER.search(expression.text):
            continue
        for var in _variables_in(spans, expression):
            if not _is_input(var.segments) or _guarded(var, guards):
                continue
            reads.append(InputRead(tuple(var.segments[2:]), var.span.index, str(var)))

    return reads


def _guards(
    tokens: list[Any], expressions: list[Expression], spans: list[Any]
) -> list[tuple[int, int, set[str]]]:
    """Return ``(start, end, guarded paths)`` for each if/unless/case block."""
    by_start = {expression.start: expression for expression in expressions}
    stack: list[tuple[int, set[str]]] = []
    blocks = []

    for index, token in enumerate(tokens):
        if token.kind != "tag":
            continue
        expression = None
        if index + 1 < len(tokens) and tokens[index + 1].kind == "expression":
            expression = by_start.get(tokens[index + 1].start_index)
        paths = (
            {str(var) for var in _variables_in(spans, expression)}
            if expression
            else set()
        )

        if token.value in _BLOCK_OPEN:
            stack.append((token.start_index, paths))
        elif token.value in ("elsif", "when") and stack:
            stack[-1][1].update(paths)
        elif token.value in _BLOCK_CLOSE and stack:
            start, guarded = stack.pop()
            blocks.append((start, token.start_index, guarded))

    return blocks


def _guarded(var: Any, guards: list[tuple[int, int, set[str]]]) -> bool:
    text = str(var)
    return any(
        start <= var.span.index < end
        and any(
            text == path or text.startswith((path + ".", path + "[")) for path in paths
        )
        for start, end, paths in guards
    )


def missing_input(task_input: Any, read: InputRead) -> str | None:
    """Return the dotted path of the first missing part of a read, or None."""
    value = task_input
    walked = ["task", "input"]

    for segment in read.segments:
        if isinstance(segment, list) or not isinstance(value, (dict, list)):
            # A computed index or a scalar ends what can be known statically.
            return None
        found, value = _step(value, segment)
        if not found:
            return ".".join([*walked, str(segment)])
        walked.append(str(segment))

    return None


def _step(value: dict[str, Any] | list[Any], segment: Any) -> tuple[bool, Any]:
    if isinstance(value, dict):
        if segment in value:
            return True, value[segment]
        return segment == "size", None

    if isinstance(segment, int):
        found = -len(value) <= segment < len(value)
        return found, value[segment] if found else None
    if segment in ("first", "last"):
        return bool(value), (
            value[0] if segment == "first" else value[-1]
        ) if value else None
    return segment == "size", None
