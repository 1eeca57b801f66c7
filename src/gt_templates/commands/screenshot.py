"""``gt-templates screenshot``: a PNG of the worker's view of one task sample."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import GTTemplatesError, Problem, UsageError
from . import reports_errors, write_atomically

# Elements report ready once their images have loaded, before the decode; a
# picture must wait for every image, shadow roots included, to be paintable.
DECODE_IMAGES = """
() => {
  const images = [];
  const visit = (root) => {
    for (const node of root.querySelectorAll('*')) {
      if (node.localName === 'img') images.push(node);
      if (node.shadowRoot) visit(node.shadowRoot);
    }
  };
  visit(document);
  return Promise.all(images.map((image) => image.decode().catch(() => null)));
}
"""


@click.command("screenshot")
@click.argument("task")
@click.option("--sample", default=0, show_default=True, type=click.IntRange(min=0))
@click.option(
    "--project",
    "project_dir",
    default=".",
    show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The project directory holding the task.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PNG file to write.",
)
@click.option("--width", default=1280, show_default=True, type=click.IntRange(min=200))
@click.option(
    "--full-page/--viewport-only",
    default=True,
    show_default=True,
    help="Capture the whole page, or only the first screen.",
)
@reports_errors
def screenshot(
    task: str,
    sample: int,
    project_dir: Path,
    output: Path,
    width: int,
    full_page: bool,
) -> None:
    """Save a picture of what a worker sees for TASK, for reviews and docs."""
    from ..harness import TaskCheckFailed, TaskPage
    from ..project import Project
    from ..smoke import browser_session

    known = [found.name for found in Project(project_dir).tasks()]
    if task not in known:
        listed = ", ".join(known) or "none"
        raise UsageError(
            Problem(str(project_dir), 0, 0, f"found no task {task!r}; tasks: {listed}")
        )

    with browser_session(project_dir) as session:
        page = session.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        task_page = TaskPage(page, task, sample)
        try:
            task_page.open(session.base_url)
        except TaskCheckFailed as error:
            raise GTTemplatesError(str(error)) from None
        page.evaluate(DECODE_IMAGES)
        image = page.screenshot(full_page=full_page)

    write_atomically(output, image)
    for message in task_page.errors:
        click.echo(f"warning: {message}", err=True)
    click.echo(f"wrote {output}")
