"""Click commands, one module each, and the glue that turns errors into exit codes."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from ..errors import GTTemplatesError

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn GTTemplatesError into located messages on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GTTemplatesError as error:
            for problem in error.problems:
                click.echo(f"error: {problem}", err=True)
            raise SystemExit(error.exit_code) from None

    return wrapper


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write a file in one step, so a failure never leaves a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
