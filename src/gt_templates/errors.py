"""Every error gt-templates raises on purpose, under one base class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem: where it is and what to do about it.

    ``message`` names what was found and what was expected; ``hint`` says how
    to fix it. Line and column are 1-based; 0 means "unknown".
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def location(self) -> str:
        """Return ``path:line:col`` for this problem."""
        return f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}"

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class GTTemplatesError(Exception):
    """Base class of every error the command line turns into a message."""

    exit_code = 1

    def __init__(self, problems: Problem | Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("<gt-templates>", 0, 0, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UsageError(GTTemplatesError):
    """The command was called with arguments that cannot work."""

    exit_code = 2


class DefinitionError(GTTemplatesError):
    """A task definition file is invalid."""


class TemplateError(GTTemplatesError):
    """A worker template cannot be read, parsed or rendered."""


class ManifestError(GTTemplatesError):
    """A manifest or label configuration file cannot be used."""


class LambdaError(GTTemplatesError):
    """A local pre- or post-annotation Lambda handler failed."""


class ConsolidationError(GTTemplatesError):
    """Worker answers cannot be consolidated the way the job expects."""


class BrowserNotFoundError(GTTemplatesError):
    """No Chromium executable could be found for Playwright."""


def file_problem(path: str | Path, message: str, hint: str = "") -> Problem:
    """Return a problem about a whole file, located at its first line."""
    return Problem(str(path), 1, 1, message, hint)
