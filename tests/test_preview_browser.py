"""In Chromium: open each example task, submit an answer, find it and its output line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from gt_templates.harness import serve
from gt_templates.preview import create_app
from gt_templates.project import Project, Task

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TASKS = sorted(path.stem for path in (ROOT / "template_sources").glob("*.yaml"))
COMMENT = "checked in the browser test"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the bundled examples, so answers are stored outside the repository."""
    target = tmp_path_factory.mktemp("examples")
    for name in ("template_sources", "preview"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    """Serve the copied examples on a free port; yield the base URL."""
    with serve(create_app(project)) as url:
        yield url


def example(project: Path, stem: str) -> Task:
    """Return the task defined in ``template_sources/<stem>.yaml``."""
    source = project / "template_sources" / f"{stem}.yaml"
    found = [
        task for task in Project(project).tasks() if task.source == source.resolve()
    ]
    assert found and found[0].definition is not None, found
    assert not found[0].problems, found[0].problems
    return found[0]


def answer_verification(worker: FrameLocator, task: Task) -> None:
    """Choose the first verdict and, when comments are on, write one."""
    assert task.definition is not None
    worker.get_by_role("radio", name=task.definition.verdicts[0], exact=True).click()
    if task.definition.comments == "off":
        return
    worker.locator("[data-gt-comment-link]").click()
    dialog = worker.get_by_role("dialog", name="Add a comment")
    dialog.get_by_role("textbox").fill(COMMENT)
    dialog.get_by_role("button", name="Save comment").click()
    expect(dialog).to_be_hidden()


@pytest.mark.parametrize("stem", EXAMPLE_TASKS)
def test_example_task_submits_and_shows_its_output_line(
    page: Page, server: str, project: Path, stem: str
) -> None:
    task = example(project, stem)
    assert task.definition is not None
    page.goto(f"{server}/tasks/{task.name}/0")
    worker = page.frame_locator("#worker")

    if task.definition.is_verification:
        answer_verification(worker, task)
    worker.get_by_role("button", name="Submit").click()

    answer = page.locator("#answer")
    expect(answer).to_contain_text(f'"{task.definition.element_name}"')
    expect(page.locator("#output-line")).to_contain_text(
        f'"{task.output_attribute}-metadata"'
    )
    with urlopen(f"{server}/api/tasks/{task.name}/0/submissions") as response:
        stored = json.load(response)
    assert len(stored) == 1
    content = stored[0]["workerResponse"]["answers"][0]["answerContent"]
    assert task.definition.element_name in content
    if task.definition.is_verification and task.definition.comments != "off":
        assert content[task.definition.element_name]["workerComment"] == COMMENT


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serve a private copy of the examples that a test may edit."""
    for name in ("template_sources", "preview"):
        shutil.copytree(ROOT / name, tmp_path / name)
    with serve(create_app(tmp_path)) as url:
        yield url, tmp_path


def test_editing_a_definition_reloads_the_open_task_page(
    page: Page, own_server: tuple[str, Path]
) -> None:
    server, project = own_server
    stem = EXAMPLE_TASKS[0]
    task = example(project, stem)
    assert task.definition is not None
    page.goto(f"{server}/tasks/{task.name}/0")
    header = task.definition.header
    worker = page.frame_locator("#worker")
    expect(worker.get_by_text(header)).to_be_visible()

    definition = project / "template_sources" / f"{stem}.yaml"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace(header, "Edited while open"), encoding="utf-8")

    expect(worker.get_by_text("Edited while open")).to_be_visible(timeout=2_000)
