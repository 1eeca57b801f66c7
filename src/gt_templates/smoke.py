"""Smoke tests generated for every task and sample of a project.

Each sample's worker page must load without console errors, use only
defined crowd-* elements, accept what the page asks for (a verdict, a
comment, a box, a brush stroke, required inputs) and submit an answer that
matches the task's compiled answer schema, or for a hand-written template
the documented shape of each answer element.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from .harness import (
    DEFAULT_TIMEOUT_MS,
    TaskCheckFailed,
    TaskPage,
    schema_problems,
    serve_project,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .project import Task

SMOKE_COMMENT = "gt-templates smoke test"
SMOKE_TEXT = "gt-templates smoke test"
VIEWPORT = {"width": 1280, "height": 800}

# What the page asks for: every crowd-* element inside crowd-form with its
# name and choices, and every required native control.
SURVEY_JS = """
() => {
  const elements = [];
  for (const node of document.querySelectorAll('*')) {
    const tag = node.localName;
    if (!tag.startsWith('crowd-') || tag === 'crowd-form') continue;
    const choices = Array.isArray(node.categories) ? node.categories
      : Array.isArray(node.labels) ? node.labels : [];
    elements.push({
      tag,
      name: node.getAttribute('name'),
      choices: choices.map(String),
      required: node.hasAttribute('required'),
      comment: !!node.querySelector(':scope > worker-comment'),
    });
  }
  const controls = [];
  const radioGroups = new Set();
  document.querySelectorAll('input[required], select[required], textarea[required]')
    .forEach((node, index) => {
      if (node.type === 'radio') {
        if (radioGroups.has(node.name)) return;
        radioGroups.add(node.name);
      }
      node.setAttribute('data-gt-smoke', String(index));
      controls.push({ index, tag: node.localName, type: node.type, name: node.name });
    });
  return { elements, controls };
}
"""

_BOX = {
    "type": "object",
    "required": ["height", "label", "left", "top", "width"],
    "properties": {
        "label": {"type": "string"},
        **{key: {"type": "number"} for key in ("height", "left", "top", "width")},
    },
}
_IMAGE_SIZE = {
    "type": "object",
    "required": ["height", "width"],
    "properties": {"height": {"type": "number"}, "width": {"type": "number"}},
}
_VERTICES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["x", "y"],
        "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
    },
}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> Any:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
    }


def _shapes(key: str) -> Any:
    item = _object({"label": {"type": "string"}, "vertices": _VERTICES})
    return _object(
        {"inputImageProperties": _IMAGE_SIZE, key: {"type": "array", "items": item}},
        {"initialValueModified": {"type": "boolean"}},
    )


_LABELS = {"type": "array", "items": {"type": "string"}}
_FLAGS = {"type": "object", "additionalProperties": {"type": "boolean"}}

# The documented answer of each element, under its name in the answer object.
ELEMENT_SHAPES: dict[str, Any] = {
    "crowd-image-classifier": _object(
        {"label": {"type": "string"}}, {"workerComment": {"type": "string"}}
    ),
    "crowd-classifier": _object({"label": {"type": "string"}}),
    "crowd-image-classifier-multi-select": _object({"labels": _LABELS}),
    "crowd-classifier-multi-select": _object({"labels": _LABELS}),
    "crowd-bounding-box": _object(
        {
            "boundingBoxes": {"type": "array", "items": _BOX},
            "inputImageProperties": _IMAGE_SIZE,
        },
        {"initialValueModified": {"type": "boolean"}},
    ),
    "crowd-semantic-segmentation": _object(
        {
            "inputImageProperties": _IMAGE_SIZE,
            "labelMappings": {
                "type": "object",
                "additionalProperties": _object({"color": {"type": "string"}}),
            },
            "labeledImage": _object({"pngImageData": {"type": "string"}}),
        },
        {"initialValueModified": {"type": "boolean"}},
    ),
    "crowd-instance-segmentation": _object(
        {
            "inputImageProperties": _IMAGE_SIZE,
            "instances": {"type": "array"},
            "labeledImage": _object({"pngImageData": {"type": "string"}}),
        }
    ),
    "crowd-keypoint": _object(
        {"inputImageProperties": _IMAGE_SIZE, "keypoints": {"type": "array"}}
    ),
    "crowd-polygon": _shapes("polygons"),
    "crowd-line": _shapes("lines"),
    "crowd-polyline": _shapes("polylines"),
    "crowd-entity-annotation": _object({"entities": {"type": "array"}}),
    "crowd-input": {"type": "string"},
    "crowd-text-area": {"type": "string"},
    "crowd-checkbox": _FLAGS,
    "crowd-radio-button": _FLAGS,
    "crowd-toggle-button": _FLAGS,
    "crowd-slider": {"type": "number"},
}

CHOOSERS = (
    "crowd-image-classifier",
    "crowd-classifier",
    "crowd-image-classifier-multi-select",
    "crowd-classifier-multi-select",
)


@dataclass
class SmokeResult:
    """The outcome of one smoke test: one sample of one task."""

    task: str
    sample: int | None
    ok: bool
    seconds: float
    detail: str = ""
    actions: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Return ``task[sample]``, or the task alone for task-wide failures."""
        return self.task if self.sample is None else f"{self.task}[{self.sample}]"


@dataclass
class BrowserSession:
    """A preview server and a Chromium context, shared by many page visits."""

    base_url: str
    context: BrowserContext

    def new_page(self) -> Page:
        """Return a fresh page in the shared context."""
        return self.context.new_page()


@contextmanager
def browser_session(project_dir: Path) -> Iterator[BrowserSession]:
    """Serve the project and start Chromium for the length of the block."""
    from playwright.sync_api import sync_playwright

    from .browser import launch_options

    options = launch_options()
    with serve_project(project_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**options)  # type: ignore[arg-type]
        try:
            context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            yield BrowserSession(base_url, context)
        finally:
            browser.close()


def answer_page(task_page: TaskPage) -> tuple[list[str], list[dict[str, Any]]]:
    """Do what the page asks a worker to do; return the actions and the survey."""
    survey = task_page.page.evaluate(SURVEY_JS)
    elements: list[dict[str, Any]] = survey["elements"]
    actions: list[str] = []

    for element in elements:
        actions += _answer_element(task_page, element)
    for control in survey["controls"]:
        actions.append(_fill_control(task_page.page, control))
    return actions, elements


def _answer_element(task_page: TaskPage, element: dict[str, Any]) -> list[str]:
    tag, choices = element["tag"], element["choices"]
    if tag in CHOOSERS and choices:
        task_page.choose(choices[0])
        done = [f"chose {choices[0]!r}"]
        if element["comment"]:
            task_page.comment(SMOKE_COMMENT)
            done.append("commented")
        return done

    if tag == "crowd-bounding-box" and choices:
        size = _image_size(task_page, tag)
        box = task_page.draw_box(
            choices[0], size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2
        )
        return [f"drew a {box['label']!r} box"]

    if tag == "crowd-semantic-segmentation" and choices:
        width, height = _image_size(task_page, tag)
        stroke = [(width * step / 8, height / 2) for step in range(2, 7)]
        task_page.paint(choices[0], stroke)
        return [f"painted {choices[0]!r}"]

    if tag in ("crowd-input", "crowd-text-area") and element["required"]:
        field_locator = task_page.page.locator(
            f"{tag}[name={json.dumps(element['name'])}]"
        )
        field_locator.locator("input, textarea").first.fill(SMOKE_TEXT)
        return [f"filled {element['name']!r}"]

    if tag in ("crowd-checkbox", "crowd-toggle-button") and element["required"]:
        task_page.page.locator(
            f"{tag}[name={json.dumps(element['name'])}]"
        ).first.click()
        return [f"ticked {element['name']!r}"]
    return []


def _image_size(task_page: TaskPage, tag: str) -> tuple[int, int]:
    size = task_page.page.locator(tag).first.evaluate(
        "el => el.value.inputImageProperties"
    )
    return int(size["width"]), int(size["height"])


def _fill_control(page: Page, control: dict[str, Any]) -> str:
    node = page.locator(f'[data-gt-smoke="{control["index"]}"]')
    name = control["name"] or control["tag"]
    if control["type"] in ("radio", "checkbox"):
        node.check()
        return f"ticked {name!r}"
    if control["tag"] == "select":
        values = node.evaluate(
            "el => Array.from(el.options).map((o) => o.value).filter(Boolean)"
        )
        node.select_option(values[0] if values else None)
        return f"selected in {name!r}"
    node.fill("1" if control["type"] in ("number", "range") else SMOKE_TEXT)
    return f"filled {name!r}"


def shape_problems(answer: dict[str, Any], elements: list[dict[str, Any]]) -> list[str]:
    """Check a hand-written template's answer against the documented shapes."""
    problems = []
    for element in elements:
        name, tag = element["name"], element["tag"]
        shape = ELEMENT_SHAPES.get(tag)
        if not name or shape is None:
            continue
        if name not in answer:
            if tag in CHOOSERS or tag in ("crowd-bounding-box",) or element["required"]:
                problems.append(f"the answer has no {name!r} (the <{tag}>)")
            continue
        problems += [
            f"<{tag} name={name!r}> {problem}"
            for problem in schema_problems(answer[name], shape)
        ]
    return problems


def smoke_sample(
    session: BrowserSession, task: Task, sample: int, timeout_ms: int
) -> SmokeResult:
    """Open, answer and submit one sample; return what happened."""
    from playwright.sync_api import Error as PlaywrightError

    schema = task.compiled.answer_schema if task.compiled else None
    page = session.new_page()
    started = time.perf_counter()
    actions: list[str] = []
    try:
        task_page = TaskPage(page, task.name, sample, schema, timeout_ms)
        task_page.open(session.base_url)
        actions, elements = answer_page(task_page)
        answer = task_page.submit()
        problems = [] if schema else shape_problems(answer, elements)
        if problems:
            raise TaskCheckFailed(
                f"the answer does not have the documented shape: {'; '.join(problems)}"
            )
        task_page.check_no_errors()
    except (TaskCheckFailed, PlaywrightError) as error:
        detail = str(error).strip()
        return SmokeResult(task.name, sample, False, _since(started), detail, actions)
    finally:
        page.close()
    return SmokeResult(task.name, sample, True, _since(started), "", actions)


def _since(started: float) -> float:
    return time.perf_counter() - started


def smoke_task(
    session: BrowserSession, task: Task, timeout_ms: int = DEFAULT_TIMEOUT_MS
) -> Iterator[SmokeResult]:
    """Smoke-test every sample of a task, or report why it cannot be tested."""
    problems = task.problems or task.sample_problems()
    if problems:
        detail = "\n".join(str(problem) for problem in problems)
        yield SmokeResult(task.name, None, False, 0.0, detail)
        return

    samples = task.samples()
    if not samples:
        where = task.relative(task.manifest_path)
        yield SmokeResult(task.name, None, False, 0.0, f"{where}: has no samples")
    for sample in samples:
        yield smoke_sample(session, task, sample.index, timeout_ms)


def smoke_project(
    project_dir: Path,
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    on_result: Callable[[SmokeResult], None] | None = None,
) -> list[SmokeResult]:
    """Smoke-test every task and sample of a project."""
    from .project import Project

    tasks = Project(project_dir).tasks()
    results: list[SmokeResult] = []
    if not tasks:
        return results

    with browser_session(project_dir) as session:
        for task in tasks:
            for result in smoke_task(session, task, timeout_ms):
                results.append(result)
                if on_result is not None:
                    on_result(result)
    return results


def format_table(results: list[SmokeResult]) -> str:
    """Return the results as an aligned text table, one row per smoke test."""
    rows = [("TASK", "SAMPLE", "RESULT", "TIME", "DETAIL")]
    for result in results:
        detail = (
            result.detail.splitlines()[0]
            if result.detail
            else ", ".join(result.actions)
        )
        rows.append(
            (
                result.task,
                "-" if result.sample is None else str(result.sample),
                "ok" if result.ok else "FAIL",
                f"{result.seconds:.2f}s",
                detail if len(detail) <= 90 else detail[:89] + "…",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[4]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def junit_xml(results: list[SmokeResult], name: str = "gt-templates test") -> str:
    """Return the results as a JUnit XML report."""
    failures = sum(not result.ok for result in results)
    suite = ElementTree.Element(
        "testsuite",
        name=name,
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        time=f"{sum(result.seconds for result in results):.3f}",
    )
    for result in results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=result.task,
            name="task" if result.sample is None else f"sample {result.sample}",
            time=f"{result.seconds:.3f}",
        )
        if not result.ok:
            first_line = (result.detail.splitlines() or ["failed"])[0]
            failure = ElementTree.SubElement(case, "failure", message=first_line)
            failure.text = result.detail
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
