"""``gt-templates compile``: task definitions in, templates and job files out."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from ..compiler import DEFINITION_SUFFIXES, CompiledTask, compile_definition
from ..definition import load_definition
from ..errors import DefinitionError, GTTemplatesError, Problem, UsageError
from . import reports_errors

DEFAULT_SOURCES = Path("template_sources")
DEFAULT_OUTDIR = Path("build")


def definition_files(sources: Iterable[Path]) -> list[Path]:
    """Return the definition files named by SOURCES, expanding folders in name order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(
                path
                for path in source.iterdir()
                if path.is_file() and path.suffix.lower() in DEFINITION_SUFFIXES
            )
            if not found:
                raise UsageError(
                    Problem(str(source), 0, 0, "no *.yaml or *.yml definitions here")
                )
            files += found
        elif source.is_file():
            files.append(source)
        else:
            raise UsageError(
                Problem(
                    str(source),
                    0,
                    0,
                    "no such file or folder",
                    "pass definition files or folders, or run where template_sources/ is",
                )
            )
    return list(dict.fromkeys(files))


def compile_all(files: list[Path]) -> list[CompiledTask]:
    """Compile every file, raising one DefinitionError with every problem found."""
    problems: list[Problem] = []
    compiled: list[CompiledTask] = []
    first_file: dict[str, Path] = {}

    for path in files:
        try:
            task = compile_definition(load_definition(path))
        except GTTemplatesError as error:
            problems += error.problems
            continue

        if task.name in first_file:
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    f"name `{task.name}` is also used by {first_file[task.name]}",
                    "output files are named after `name`; give each definition its own",
                )
            )
        first_file.setdefault(task.name, path)
        compiled.append(task)

    if problems:
        raise DefinitionError(problems)
    return compiled


def _file_mode() -> int:
    """Return the mode a plain new file gets, since mkstemp always uses 0600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_all(outdir: Path, files: dict[str, str]) -> None:
    """Write every file or none: all go to temporary files first, then get renamed."""
    outdir.mkdir(parents=True, exist_ok=True)
    mode = _file_mode()
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            handle, temporary = tempfile.mkstemp(dir=outdir, prefix=f".{name}.")
            staged.append((temporary, outdir / name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
            os.chmod(temporary, mode)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise

    for temporary, target in staged:
        os.replace(temporary, target)


@click.command("compile")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTDIR,
    show_default=True,
    help="Folder the compiled files are written to.",
)
@reports_errors
def compile_command(sources: tuple[Path, ...], outdir: Path) -> None:
    """Compile task definitions (default: template_sources/) into OUTDIR.

    Each definition gives <name>.liquid.html, <name>.labels.json,
    <name>.task-input.schema.json, <name>.answer.schema.json and <name>.job.json.
    Every problem in every definition is reported, and nothing is written
    unless all of them compile.
    """
    compiled = compile_all(definition_files(sources or (DEFAULT_SOURCES,)))
    files: dict[str, str] = {}
    for task in compiled:
        files.update(task.files())

    write_all(outdir, files)
    for task in compiled:
        click.echo(f"compiled {task.definition.path} -> {outdir / task.name}.*")
