"""Reading input manifests (JSON Lines) one line at a time, with line numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ManifestError, Problem, UsageError

MAX_LINE_CHARS = 100_000
MAX_ATTRIBUTE_CHARS = 20_000


@dataclass(frozen=True)
class ManifestLine:
    """One line of a manifest: its number, text, and parsed object or problem."""

    path: str
    number: int
    text: str
    data: dict[str, Any] | None
    problem: Problem | None = None


def parse_line(path: str, number: int, text: str) -> ManifestLine:
    """Parse one manifest line; a bad line carries a located problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(
            path,
            number,
            error.colno,
            f"line is not valid JSON: {error.msg}",
            "each manifest line must be one JSON object",
        )
        return ManifestLine(path, number, text, None, problem)

    if not isinstance(data, dict):
        problem = Problem(
            path,
            number,
            1,
            f"found a JSON {type(data).__name__}, expected a JSON object",
            'write each line as {"source-ref": "s3://bucket/key", ...}',
        )
        return ManifestLine(path, number, text, None, problem)
    return ManifestLine(path, number, text, data)


def iter_manifest(path: str | Path) -> Iterator[ManifestLine]:
    """Yield every non-blank line of a manifest, streaming the file.

    ``\\n`` and ``\\r\\n`` endings are accepted. Raises ``UsageError`` if the
    file cannot be opened.
    """
    name = str(path)
    try:
        stream = open(path, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise UsageError(
            Problem(name, 0, 0, f"cannot open the manifest: {error.strerror}")
        ) from None
    with stream:
        for number, raw in enumerate(stream, start=1):
            text = raw.rstrip("\r\n")
            if text.strip():
                yield parse_line(name, number, text)


def read_manifest_line(path: str | Path, number: int) -> dict[str, Any]:
    """Return the parsed object on line ``number`` (1-based) of a manifest."""
    for line in iter_manifest(path):
        if line.number < number:
            continue
        if line.number > number:
            break
        if line.problem is not None:
            raise ManifestError(line.problem)
        assert line.data is not None
        return line.data
    raise UsageError(
        Problem(
            str(path),
            0,
            0,
            f"there is no non-blank line {number} in the manifest",
            "line numbers start at 1 and count every line of the file",
        )
    )
