"""pytest plugin: fixtures for testing Ground Truth templates in a real browser.

Loaded through the ``pytest11`` entry point. It adds ``--gt-project DIR`` (or
the ini option ``gt_project``), a session-wide live preview server, the
``gt_task`` fixture, and makes pytest-playwright launch a Chromium that this
machine has. Console errors and uncaught page errors on a task page fail the
test.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .harness import (
    DEFAULT_TIMEOUT_MS,
    TaskCheckFailed,
    TaskPage,
    open_task,
    serve_project,
)

if TYPE_CHECKING:
    from .project import Project

OPENED_PAGES = pytest.StashKey[list[TaskPage]]()


@dataclass
class PreviewServer:
    """The live preview server of the project under test."""

    url: str
    project: Project
    schemas: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def project_dir(self) -> Path:
        """Return the project directory being served."""
        return self.project.root

    def answer_schema(self, task: str) -> dict[str, Any] | None:
        """Return a definition's compiled answer schema; None for other tasks."""
        if task not in self.schemas:
            found = self.project.task(task)
            compiled = found.compiled if found else None
            self.schemas[task] = compiled.answer_schema if compiled else None
        return self.schemas[task]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--gt-project`` and the ini option ``gt_project``."""
    group = parser.getgroup("gt-templates", "Ground Truth template tests")
    group.addoption(
        "--gt-project",
        dest="gt_project",
        metavar="DIR",
        default=None,
        help="project directory with the templates under test (default: the "
        "ini option gt_project, else the current directory)",
    )
    parser.addini(
        "gt_project",
        "project directory with the templates under test, relative to the ini file",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the browser marker and the Chromium launch override."""
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium through Playwright"
    )
    # Registered now, after every entry-point plugin, so that this override
    # comes after pytest-playwright's fixture and wraps it.
    if config.pluginmanager.has_plugin("playwright"):
        config.pluginmanager.register(ChromiumLaunch(), "gt_templates.chromium")


def chromium_launch_args(
    launch_args: dict[str, Any], browser_name: str | None
) -> dict[str, Any]:
    """Add this machine's Chromium to pytest-playwright's launch arguments.

    Other browsers, an explicit channel or executable, and Playwright's own
    installed Chromium are left alone.
    """
    chosen = {"executable_path", "channel"} & launch_args.keys()
    if browser_name not in (None, "chromium") or chosen:
        return launch_args

    from .browser import launch_options

    headless = launch_args.get("headless", True) is not False
    return {**launch_args, **launch_options(headless=headless)}


class ChromiumLaunch:
    """Points pytest-playwright at a Chromium that exists on this machine."""

    @pytest.fixture(scope="session")
    def browser_type_launch_args(
        self,
        browser_type_launch_args: dict[str, Any],
        browser_name: str | None,
    ) -> dict[str, Any]:
        """Launch this machine's Chromium; fail naming the install command if none."""
        from .errors import BrowserNotFoundError

        try:
            return chromium_launch_args(browser_type_launch_args, browser_name)
        except BrowserNotFoundError as error:
            pytest.fail(str(error), pytrace=False)


def project_dir(config: pytest.Config) -> Path:
    """Return the project under test: option, then ini, then the current directory."""
    option = config.getoption("gt_project")
    if option:
        return Path(config.invocation_params.dir, str(option)).resolve()

    configured = str(config.getini("gt_project") or "")
    if configured:
        base = config.inipath.parent if config.inipath else config.rootpath
        return (base / configured).resolve()
    return config.invocation_params.dir.resolve()


@pytest.fixture(scope="session")
def gt_project(pytestconfig: pytest.Config) -> Path:
    """Return the project directory whose templates are under test."""
    return project_dir(pytestconfig)


@pytest.fixture(scope="session")
def gt_preview_server(gt_project: Path) -> Iterator[PreviewServer]:
    """Run the project's preview server on a free local port for the session."""
    from .project import Project

    if not gt_project.is_dir():
        pytest.fail(
            f"{gt_project}: the gt-templates project directory does not exist; "
            "pass --gt-project DIR or set gt_project in the ini file",
            pytrace=False,
        )
    with serve_project(gt_project) as url:
        yield PreviewServer(url, Project(gt_project))


@pytest.fixture
def gt_task(
    request: pytest.FixtureRequest, gt_preview_server: PreviewServer
) -> Callable[..., TaskPage]:
    """Return ``open(task, sample=0) -> TaskPage`` for the project's tasks.

    The first task opens in pytest-playwright's ``page``; any further one in a
    new page of the same context.
    """
    try:
        first_page = request.getfixturevalue("page")
    except pytest.FixtureLookupError:
        pytest.fail(
            "gt_task needs pytest-playwright; install it with "
            "\"pip install 'gt-templates[test]'\"",
            pytrace=False,
        )
    opened = request.node.stash.setdefault(OPENED_PAGES, [])

    def open_one(
        task: str, sample: int = 0, *, timeout_ms: int = DEFAULT_TIMEOUT_MS
    ) -> TaskPage:
        __tracebackhide__ = True
        page = first_page if not opened else first_page.context.new_page()
        schema = gt_preview_server.answer_schema(task)
        task_page = TaskPage(page, task, sample, schema, timeout_ms)
        opened.append(task_page)
        task_page.open(gt_preview_server.url)
        return task_page

    return open_one


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail a test whose task pages logged console errors or threw."""
    try:
        result = yield
    except BaseException as error:
        for task_page in item.stash.get(OPENED_PAGES, []):
            if task_page.errors:
                error.add_note("\n".join([task_page.task, *task_page.errors]))
        raise

    for task_page in item.stash.get(OPENED_PAGES, []):
        try:
            task_page.check_no_errors()
        except TaskCheckFailed as error:
            pytest.fail(str(error), pytrace=False)
    return result


__all__ = ["PreviewServer", "TaskCheckFailed", "TaskPage", "open_task"]
