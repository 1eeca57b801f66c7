"""Run the checks over files and project folders, with their sample data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..compiler import compile_definition
from ..definition import TaskDefinition, load_definition, project_dir_for
from ..errors import GTTemplatesError, Problem
from ..manifest import iter_manifest
from ..project import (
    DEFINITION_SUFFIXES,
    DEFINITIONS_DIR,
    MANIFESTS_DIR,
    TEMPLATE_SUFFIX,
    Project,
    job_arn,
)
from ..rendering import GroundTruthEnvironment, ground_truth_environment
from ..task_input import PreAnnotation, load_label_config
from . import rules
from .data import LineChecker
from .rules import Finding
from .template import check_template

_LABEL_FIELDS = ("`label_attribute`", "`output_attribute`")
_VERDICT_COUNT = re.compile(r"`verdicts` has (\d+) items")
MAX_CATEGORIES = 10


@dataclass
class Target:
    """One thing to check: a template or definition, with its sample data."""

    path: Path
    display: str
    template: str | None = None
    definition: TaskDefinition | None = None
    manifest: Path | None = None
    labels: list[str] = field(default_factory=list)
    project_dir: Path = Path(".")
    findings: list[Finding] = field(default_factory=list)


def display_path(path: Path, base: Path | None = None) -> str:
    """Return ``path`` relative to ``base`` (the working folder) when inside it."""
    base = (base or Path.cwd()).resolve()
    resolved = path.resolve()
    if resolved.is_relative_to(base):
        return resolved.relative_to(base).as_posix()
    return path.as_posix()


def check_paths(
    paths: Iterable[Path],
    *,
    manifest: Path | None = None,
    labels: Path | None = None,
) -> list[Finding]:
    """Check every template and definition under ``paths``.

    Each target is checked with ``manifest`` when given, otherwise with its own
    sample manifest (``preview/manifests/<name>.manifest``) when it has one.
    """
    env = ground_truth_environment()
    label_names = load_label_config(labels) if labels is not None else None
    findings: list[Finding] = []

    for target in _targets(paths):
        if manifest is not None:
            target.manifest = manifest
        if label_names is not None:
            target.labels = label_names
        findings += check_target(target, env)

    return findings


def check_target(target: Target, env: GroundTruthEnvironment) -> list[Finding]:
    """Run the static checks, then the data checks when there is a manifest."""
    findings = list(target.findings)
    if target.template is None:
        return findings

    static, model = check_template(target.template, target.display, env)
    if target.definition is not None:
        static = [_compiled(finding, target.display) for finding in static]
    findings += static

    if target.manifest is not None and model.parsed:
        checker = LineChecker(
            model,
            manifest_path=display_path(target.manifest),
            labels=target.labels,
            pre_annotation=_pre_annotation(target),
            label_attribute=_label_attribute(target),
            job_arn=job_arn(target.path.stem),
            environment=env,
        )
        data = _data_findings(checker, target.manifest)
        if target.definition is not None:
            data = [_compiled(f, target.display) for f in data]
        findings += data

    return findings


def _pre_annotation(target: Target) -> PreAnnotation:
    handler = target.definition.pre_annotation_lambda if target.definition else None
    return PreAnnotation(handler, target.project_dir)


def _label_attribute(target: Target) -> str | None:
    return target.definition.label_attribute if target.definition else None


def _compiled(finding: Finding, display: str) -> Finding:
    """Re-locate a finding in a compiled template onto its definition file."""
    if finding.path != display:
        return finding
    return Finding(
        finding.rule,
        display,
        1,
        1,
        f"compiled template {finding.line}:{finding.col}: {finding.message}",
    )


def _data_findings(checker: LineChecker, manifest: Path) -> list[Finding]:
    """Check every line; repeat template findings only once, with a count."""
    seen: dict[tuple[str, str, int, int], int] = {}
    first: dict[tuple[str, str, int, int], Finding] = {}
    findings: list[Finding] = []

    try:
        lines = list(iter_manifest(manifest))
    except GTTemplatesError as error:
        return [_problem(rules.INVALID_MANIFEST_LINE, p) for p in error.problems]

    for line in lines:
        for finding in checker.check(line.number, line.text).findings:
            if finding.path == checker.manifest_path:
                findings.append(finding)
                continue
            key = (finding.rule.id, finding.path, finding.line, finding.col)
            seen[key] = seen.get(key, 0) + 1
            first.setdefault(key, _on_line(finding, line.number))

    for key, finding in first.items():
        more = seen[key] - 1
        suffix = f" (and {more} more manifest line{'s' * (more > 1)})" if more else ""
        findings.append(
            Finding(
                finding.rule,
                finding.path,
                finding.line,
                finding.col,
                finding.message + suffix,
            )
        )
    return findings


def _on_line(finding: Finding, number: int) -> Finding:
    message = f"manifest line {number}: {finding.message}"
    return Finding(finding.rule, finding.path, finding.line, finding.col, message)


def _problem(rule: rules.Rule, problem: Problem) -> Finding:
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return Finding(rule, problem.path, problem.line, problem.col, message)


def _targets(paths: Iterable[Path]) -> Iterator[Target]:
    for path in paths:
        if path.is_dir():
            project = Project(path)
            for found in project.definition_files() + project.template_files():
                yield _target(found, project.root)
        else:
            yield _target(path, None)


def _target(path: Path, root: Path | None) -> Target:
    if path.suffix.lower() in DEFINITION_SUFFIXES:
        return _definition_target(path)
    return _template_target(path, root or _project_root(path))


def _project_root(path: Path) -> Path:
    """Return the nearest folder above ``path`` that looks like a project."""
    for folder in path.resolve().parents:
        if (folder / MANIFESTS_DIR).is_dir() or (folder / DEFINITIONS_DIR).is_dir():
            return folder
    return Path.cwd()


def _template_target(path: Path, root: Path) -> Target:
    target = Target(path, display_path(path), project_dir=root)
    try:
        target.template = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        message = f"cannot read the template: {error}"
        target.findings.append(
            Finding(rules.LIQUID_SYNTAX, target.display, 1, 1, message)
        )
        return target

    name = path.name.removesuffix(TEMPLATE_SUFFIX).removesuffix(".html")
    sample = root / MANIFESTS_DIR / f"{name}.manifest"
    target.manifest = sample if sample.is_file() else None
    label_file = root / MANIFESTS_DIR / f"{name}.labels.json"
    if label_file.is_file():
        try:
            target.labels = load_label_config(label_file)
        except GTTemplatesError as error:
            target.findings += [
                _problem(rules.INVALID_MANIFEST_LINE, p) for p in error.problems
            ]
    return target


def _definition_target(path: Path) -> Target:
    root = project_dir_for(path)
    target = Target(path, display_path(path), project_dir=root)
    try:
        definition = load_definition(path)
        compiled = compile_definition(definition)
    except GTTemplatesError as error:
        target.findings += [
            _definition_problem(problem, target.display) for problem in error.problems
        ]
        return target

    target.definition = definition
    target.template = compiled.template
    target.labels = [entry["label"] for entry in compiled.labels_config["labels"]]
    sample = Path(definition.sample_manifest)
    sample = sample if sample.is_absolute() else root / sample
    target.manifest = sample if sample.is_file() else None
    return target


def _definition_problem(problem: Problem, display: str) -> Finding:
    """Sort a definition problem into the rule it breaks."""
    if problem.message.startswith(_LABEL_FIELDS):
        rule = rules.LABEL_ATTRIBUTE_NAME
    elif _too_many_verdicts(problem.message):
        rule = rules.TOO_MANY_LABELS
    else:
        rule = rules.INVALID_DEFINITION
    finding = _problem(rule, problem)
    return Finding(rule, display, finding.line, finding.col, finding.message)


def _too_many_verdicts(message: str) -> bool:
    match = _VERDICT_COUNT.match(message)
    return match is not None and int(match.group(1)) > MAX_CATEGORIES
