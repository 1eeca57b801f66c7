"""``gt-templates consolidate``: stored answers to output manifest lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import GTTemplatesError, UsageError
from . import reports_errors, write_atomically

if TYPE_CHECKING:
    from ..project import Task


@click.command("consolidate")
@click.argument(
    "project_dir",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--task",
    "task_names",
    multiple=True,
    metavar="NAME",
    help="Only this task (repeatable).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the output manifest here instead of standard output.",
)
@click.option(
    "--s3-root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Local folder standing in for S3 [default: PROJECT_DIR/preview/s3].",
)
@reports_errors
def consolidate(
    project_dir: Path,
    task_names: tuple[str, ...],
    output: Path | None,
    s3_root: Path | None,
) -> None:
    """Write the output manifest lines the stored preview answers produce.

    Consolidates like Ground Truth's built-in verification and adjustment
    functions, or runs the task's post-annotation handler. Lines nobody
    answered are copied unchanged.
    """
    from ..consolidation import consolidate_task
    from ..project import Project
    from ..submissions import SubmissionStore

    project = Project(project_dir, s3_root=s3_root)
    tasks = _chosen(project.tasks(), task_names)
    store = SubmissionStore.for_project(project.state_dir, create=False)
    problems = [problem for task in tasks for problem in task.problems]
    if problems:
        raise GTTemplatesError(problems)

    lines = []
    for task in tasks:
        lines += consolidate_task(task, store)

    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"wrote {len(lines)} line(s) to {output}", err=True)


def _chosen(tasks: list[Task], names: tuple[str, ...]) -> list[Task]:
    if not names:
        return tasks
    known = {task.name: task for task in tasks}
    missing = [name for name in names if name not in known]
    if missing:
        raise UsageError(
            f"found no task named {', '.join(map(repr, missing))}; "
            f"tasks: {', '.join(known) or 'none'}"
        )
    return [known[name] for name in names]
