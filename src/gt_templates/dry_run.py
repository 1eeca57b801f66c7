"""Dry-run a whole manifest: pre-annotate, render and check every line, on every core.

The parent only reads raw lines and hands out chunks; workers parse, pre-annotate,
render and check them with a template parsed once per worker. At most a few chunks
are in flight at any time and failures are spooled to a temporary file, so memory
does not grow with the manifest.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .checks import LineChecker, check_template, display_path
from .checks.rules import Finding, Severity
from .compiler import compile_definition, load_template_source
from .definition import TaskDefinition, project_dir_for
from .errors import Problem, UsageError
from .project import job_arn
from .rendering import ground_truth_environment
from .task_input import PreAnnotation, load_label_config

CHUNK_LINES = 250
CHUNKS_IN_FLIGHT_PER_WORKER = 3
SHOWN_FAILURES = 20

Chunk = list[tuple[int, str]]


@dataclass(frozen=True)
class DryRunSetup:
    """Everything a worker needs to check lines; small and picklable."""

    template_path: str
    template: str
    manifest_path: str
    labels: list[str]
    pre_lambda: str | None
    project_dir: str
    label_attribute: str | None
    job_arn: str


@dataclass(frozen=True)
class ChunkResult:
    """What a worker reports for one chunk: counts and the lines with findings."""

    lines: int
    failed: int
    skipped: int
    failures: list[tuple[int, str, str, str]]
    warnings: Counter[str]
    bytes: int


@dataclass
class DryRunSummary:
    """The outcome of a dry run."""

    total: int = 0
    failed: int = 0
    skipped: int = 0
    errors_by_rule: Counter[str] = field(default_factory=Counter)
    warnings_by_rule: Counter[str] = field(default_factory=Counter)
    failed_lines_by_rule: Counter[str] = field(default_factory=Counter)
    template_findings: list[Finding] = field(default_factory=list)
    shown: list[tuple[int, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        """Return the number of lines without errors."""
        return self.total - self.failed

    @property
    def template_errors(self) -> int:
        """Return how many template-level findings are errors."""
        return sum(f.severity is Severity.ERROR for f in self.template_findings)

    @property
    def ok(self) -> bool:
        """Tell whether no line failed and the template has no errors."""
        return self.failed == 0 and self.template_errors == 0


def prepare(
    template_path: Path,
    manifest_path: Path,
    *,
    labels_path: Path | None = None,
    pre_lambda: str | None = None,
) -> tuple[DryRunSetup, TaskDefinition | None]:
    """Load the template (compiling a definition) and decide labels and handler."""
    template, definition = load_template_source(template_path)
    labels: list[str] = []
    project_dir = Path.cwd()

    if definition is not None:
        config = compile_definition(definition).labels_config
        labels = [entry["label"] for entry in config["labels"]]
        pre_lambda = pre_lambda or definition.pre_annotation_lambda
        project_dir = project_dir_for(template_path)
    if labels_path is not None:
        labels = load_label_config(labels_path)

    where = display_path(template_path)
    setup = DryRunSetup(
        # Positions in a compiled template are not positions in the definition.
        template_path=f"{where} (compiled template)" if definition else where,
        template=template,
        manifest_path=display_path(manifest_path),
        labels=labels,
        pre_lambda=pre_lambda,
        project_dir=str(project_dir),
        label_attribute=definition.label_attribute if definition else None,
        job_arn=job_arn(definition.name if definition else template_path.stem),
    )
    return setup, definition


_CHECKER: LineChecker | None = None


def _make_checker(setup: DryRunSetup) -> LineChecker:
    env = ground_truth_environment()
    _, model = check_template(setup.template, setup.template_path, env)
    return LineChecker(
        model,
        manifest_path=setup.manifest_path,
        labels=setup.labels,
        pre_annotation=PreAnnotation(setup.pre_lambda, setup.project_dir),
        label_attribute=setup.label_attribute,
        job_arn=setup.job_arn,
        environment=env,
    )


def _init_worker(setup: DryRunSetup) -> None:
    global _CHECKER
    _CHECKER = _make_checker(setup)


def _check_chunk(chunk: Chunk) -> ChunkResult:
    assert _CHECKER is not None, "the worker was not initialised"
    return check_chunk(_CHECKER, chunk)


def check_chunk(checker: LineChecker, chunk: Chunk) -> ChunkResult:
    """Check the lines of one chunk; a line that breaks anything only fails itself."""
    failed = skipped = size = 0
    failures: list[tuple[int, str, str, str]] = []
    warnings: Counter[str] = Counter()

    for number, text in chunk:
        size += len(text) + 1
        result = checker.check(number, text)
        skipped += result.skipped
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        warnings.update(
            f.rule.id for f in result.findings if f.severity is Severity.WARNING
        )
        failed += bool(errors)
        failures += [(number, f.rule.id, f.message, _where(f, checker)) for f in errors]

    return ChunkResult(len(chunk), failed, skipped, failures, warnings, size)


def _where(finding: Finding, checker: LineChecker) -> str:
    if finding.path == checker.manifest_path:
        return ""
    return f"{finding.path}:{finding.line}:{finding.col}"


def read_chunks(path: Path, size: int = CHUNK_LINES) -> Iterator[Chunk]:
    """Yield ``(line number, text)`` chunks of the non-blank lines of a manifest."""
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise UsageError(
            Problem(str(path), 0, 0, f"cannot open the manifest: {error.strerror}")
        ) from None

    chunk: Chunk = []
    with stream:
        for number, raw in enumerate(stream, start=1):
            # A bad byte must not stop the run: the line then fails as invalid JSON.
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if text.strip():
                chunk.append((number, text))
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _gated(chunks: Iterable[Chunk], gate: threading.Semaphore) -> Iterator[Chunk]:
    # Pool.imap reads its input eagerly; the gate keeps only a few chunks queued.
    for chunk in chunks:
        gate.acquire()
        yield chunk


def run_chunks(
    setup: DryRunSetup, chunks: Iterable[Chunk], workers: int
) -> Iterator[ChunkResult]:
    """Check chunks on ``workers`` processes (in this process when 1), in order."""
    if workers <= 1:
        checker = _make_checker(setup)
        for chunk in chunks:
            yield check_chunk(checker, chunk)
        return

    gate = threading.Semaphore(workers * CHUNKS_IN_FLIGHT_PER_WORKER)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(setup,)) as pool:
        for result in pool.imap(_check_chunk, _gated(chunks, gate)):
            gate.release()
            yield result


def dry_run(
    setup: DryRunSetup,
    manifest: Path,
    *,
    workers: int | None = None,
    report: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> DryRunSummary:
    """Check every line of ``manifest``; write the JSON report when asked."""
    started = time.perf_counter()
    summary = DryRunSummary()
    summary.template_findings, _ = check_template(
        setup.template, setup.template_path, ground_truth_environment()
    )
    spool = _spool(report)

    try:
        for result in run_chunks(setup, read_chunks(manifest), workers or _cores()):
            _add(summary, result, spool)
            if progress is not None:
                progress(result.bytes)
        summary.seconds = time.perf_counter() - started
        if report is not None and spool is not None:
            _write_report(report, summary, spool)
    finally:
        if spool is not None:
            spool.close()

    return summary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cores() -> int:
    return os.cpu_count() or 1


def _spool(report: Path | None) -> IO[str] | None:
    if report is None:
        return None
    report.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryFile("w+", encoding="utf-8", dir=report.parent)


def _add(summary: DryRunSummary, result: ChunkResult, spool: IO[str] | None) -> None:
    summary.total += result.lines
    summary.failed += result.failed
    summary.skipped += result.skipped
    summary.warnings_by_rule.update(result.warnings)

    lines_by_rule: set[tuple[int, str]] = set()
    for failure in result.failures:
        number, rule, message, where = failure
        summary.errors_by_rule[rule] += 1
        lines_by_rule.add((number, rule))
        if len(summary.shown) < SHOWN_FAILURES:
            summary.shown.append(failure)
        if spool is not None:
            spool.write(json.dumps(_failure(number, rule, message, where)) + "\n")
    summary.failed_lines_by_rule.update(rule for _, rule in lines_by_rule)


def _failure(number: int, rule: str, message: str, where: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"line": number, "rule": rule, "message": message}
    if where:
        entry["template"] = where
    return entry


def _report_head(summary: DryRunSummary) -> dict[str, Any]:
    return {
        "total": summary.total,
        "passed": summary.passed,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "failed_lines_by_rule": dict(sorted(summary.failed_lines_by_rule.items())),
        "warnings_by_rule": dict(sorted(summary.warnings_by_rule.items())),
        "template_findings": [f.to_dict() for f in summary.template_findings],
    }


def _write_report(path: Path, summary: DryRunSummary, spool: IO[str]) -> None:
    """Write the report atomically, streaming the spooled failures into it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # The head goes out without its closing brace; failures stream after it.
            head = json.dumps(_report_head(summary), indent=2)
            out.write(head[: -len("\n}")] + ',\n  "failures": [')
            spool.seek(0)
            for index, line in enumerate(spool):
                out.write(("," if index else "") + "\n    " + line.rstrip("\n"))
            out.write("\n  ]\n}\n")
        # mkstemp makes the file private; a report should get the usual mode.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
