"""Checks of JSON-bearing attribute values, shared by source and rendered HTML."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import json5

from . import rules
from .elements import ELEMENTS, JSON_ATTRIBUTES
from .rules import Rule

AttributeFinding = tuple[Rule, str, str]

_MAX_SHOWN = 60


class LenientParseError(ValueError):
    """An attribute value is not JSON5 either."""


@lru_cache(maxsize=512)
def parse_lenient(text: str) -> Any:
    """Parse an attribute value as the elements do: strict JSON first, then JSON5."""
    try:
        return json.loads(text)
    except ValueError:
        pass

    try:
        return json5.loads(text)
    except ValueError as error:
        raise LenientParseError(str(error)) from None


def check_element_values(tag: str, values: Mapping[str, str]) -> list[AttributeFinding]:
    """Check one element's JSON-bearing attribute values (already HTML-decoded)."""
    return list(_cached_check(tag, tuple(sorted(values.items()))))


@lru_cache(maxsize=1024)
def _cached_check(
    tag: str, items: tuple[tuple[str, str], ...]
) -> tuple[AttributeFinding, ...]:
    parsed: dict[str, Any] = {}
    findings: list[AttributeFinding] = []

    for name, text in items:
        if name not in JSON_ATTRIBUTES:
            continue
        try:
            parsed[name] = parse_lenient(text)
        except LenientParseError as error:
            findings.append(
                (
                    rules.INVALID_JSON,
                    name,
                    f"{tag} {name} is not valid JSON or JSON5 ({error}): "
                    f"{_shorten(text)}",
                )
            )

    findings += _label_limit(tag, parsed)
    findings += _initial_labels(tag, parsed)
    if any("s3://" in text for _, text in items):
        findings += _s3_sources(tag, parsed)
    return tuple(findings)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_SHOWN else flat[: _MAX_SHOWN - 3] + "..."


def _names(value: Any, key: str) -> list[str] | None:
    """Return the names in a label/category list (strings or objects with ``key``)."""
    if not isinstance(value, list):
        return None
    names = []
    for item in value:
        if isinstance(item, dict):
            item = item.get(key)
        if isinstance(item, str):
            names.append(item)
    return names


def _label_limit(tag: str, parsed: dict[str, Any]) -> list[AttributeFinding]:
    spec = ELEMENTS.get(tag)
    if spec is None or spec.label_limit is None:
        return []

    findings = []
    for name in ("categories", "labels"):
        value = parsed.get(name)
        if isinstance(value, list) and len(value) > spec.label_limit:
            findings.append(
                (
                    rules.TOO_MANY_LABELS,
                    name,
                    f"{tag} has {len(value)} {name}, at most {spec.label_limit} "
                    "are supported",
                )
            )
    return findings


def _drawn_labels(value: Any) -> Iterator[str]:
    """Yield the labels of the annotations an initial-value pre-draws."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("label"), str):
                yield item["label"]
    elif isinstance(value, dict):
        for key in ("lines", "polylines", "instances"):
            yield from _drawn_labels(value.get(key))
        mappings = value.get("labelMappings")
        if isinstance(mappings, dict):
            yield from (key for key in mappings if isinstance(key, str))


def _initial_labels(tag: str, parsed: dict[str, Any]) -> list[AttributeFinding]:
    labels = _names(parsed.get("labels"), "label")

    if labels is None or "initial-value" not in parsed:
        return []

    known = set(labels)
    drawn = _drawn_labels(parsed["initial-value"])
    unknown = sorted({label for label in drawn if label not in known})
    if not unknown:
        return []
    return [
        (
            rules.UNKNOWN_INITIAL_LABEL,
            "initial-value",
            f"{tag} initial-value uses label(s) {', '.join(map(repr, unknown))} "
            f"that are not in its labels {labels!r}",
        )
    ]


def _s3_sources(tag: str, parsed: dict[str, Any]) -> list[AttributeFinding]:
    findings = []
    for name, value in parsed.items():
        for uri in _s3_src_values(value):
            findings.append(
                (
                    rules.S3_WITHOUT_GRANT,
                    name,
                    f"{tag} {name} has src {uri!r}; browsers cannot load s3:// URIs",
                )
            )
    return findings


def _s3_src_values(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "src" and isinstance(item, str) and item.startswith("s3://"):
                yield item
            else:
                yield from _s3_src_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _s3_src_values(item, depth + 1)
