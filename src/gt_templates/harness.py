"""Driving a worker page in a real browser: open a task, answer it, submit it.

``TaskPage`` acts the way a worker does (clicks, drags, typing) and returns
the answer object that ``crowd-form`` submits. ``serve`` runs a WSGI app,
usually the preview server, on a free local port in a background thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
from playwright.sync_api import ConsoleMessage, Error, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from werkzeug.serving import WSGIRequestHandler, make_server

SUBMIT_SIGNAL = "gt-templates-submit "
READY_SYMBOL = "gt-templates.ready"
SUBMIT_URL_META = 'meta[name="gt-templates-submit-url"]'
DEFAULT_TIMEOUT_MS = 5_000
ELEMENTS_PATH = "/elements/"
EVENTS_PATH = "/api/events"

# Runs in the page before any of its scripts. It removes the preview's
# submit URL, so crowd-form shows the answer on the page instead of posting
# it: the page stays put for the test to inspect, and nothing is stored. The
# submitted array reaches Python through the console, which also works for
# pages that post their answers elsewhere and navigate away.
INIT_SCRIPT = f"""
(() => {{
  const installed = Symbol.for('gt-templates.harness');
  if (window[installed]) return;
  window[installed] = true;
  const ready = Symbol.for({json.dumps(READY_SYMBOL)});
  document.addEventListener('all-crowd-elements-ready', () => {{ window[ready] = true; }},
    {{ once: true }});
  document.addEventListener('DOMContentLoaded', () => {{
    document.querySelectorAll({json.dumps(SUBMIT_URL_META)}).forEach((meta) => meta.remove());
  }}, {{ once: true, capture: true }});
  window.addEventListener('gt-templates-submit', (event) => {{
    console.debug({json.dumps(SUBMIT_SIGNAL)} + JSON.stringify(event.detail));
  }}, true);
}})();
"""

# What the loaded page holds: the crowd-* tags no stand-in implements (not
# defined, or defined only as the visible "not supported" placeholder),
# whether it has crowd elements at all, loads the element library, and has
# already reported every element ready.
PAGE_STATE_JS = f"""
() => {{
  const missing = new Set();
  let crowd = false;
  for (const node of document.querySelectorAll('*')) {{
    const tag = node.localName;
    if (!tag.startsWith('crowd-')) continue;
    crowd = true;
    const cls = customElements.get(tag);
    const placeholder = node.shadowRoot && node.shadowRoot.querySelector('.gt-unknown-notice');
    if (!cls || cls.gtUnsupported || placeholder) missing.add(tag);
  }}
  return {{
    missing: Array.from(missing).sort(),
    crowd,
    library: !!document.querySelector('script[src*="crowd-html-elements"]'),
    ready: window[Symbol.for({json.dumps(READY_SYMBOL)})] === true,
  }};
}}
"""

READY_JS = f"() => window[Symbol.for({json.dumps(READY_SYMBOL)})] === true"

# Scrolls an annotation tool's canvas into view and returns where it is on
# screen, the image size and the tool's current value.
TOOL_GEOMETRY_JS = """
(el) => {
  const canvas = el.shadowRoot && el.shadowRoot.querySelector('canvas.upper-canvas');
  if (!canvas) return null;
  canvas.scrollIntoView({ block: 'center', inline: 'center' });
  const rect = canvas.getBoundingClientRect();
  const value = el.value || {};
  return {
    x: rect.left, y: rect.top, width: rect.width, height: rect.height,
    image: value.inputImageProperties || null,
    value,
  };
}
"""

# Names of the choices a worker can click, for the "no such choice" message.
CHOICES_JS = """
() => {
  const names = [];
  const visit = (root) => {
    for (const node of root.querySelectorAll('*')) {
      const role = node.getAttribute('role');
      const isInput = node.localName === 'input' && ['radio', 'checkbox'].includes(node.type);
      if (isInput || role === 'radio' || role === 'checkbox') {
        names.push(node.getAttribute('aria-label')
          || (node.labels && node.labels[0] && node.labels[0].textContent.trim())
          || node.value || node.textContent.trim());
      }
      if (node.shadowRoot) visit(node.shadowRoot);
    }
  };
  visit(document);
  return names;
}
"""

HIDDEN_SYMBOL = "gt-templates.hidden"

# Remembers the light-DOM nodes hidden before Submit is pressed, so that a
# message a template reveals when it refuses to submit can be reported.
MARK_HIDDEN_JS = f"""
() => {{
  window[Symbol.for({json.dumps(HIDDEN_SYMBOL)})] = new Set(document.querySelectorAll('[hidden]'));
}}
"""

# The messages a page shows after a refused submit: alerts (in shadow roots
# too) and template nodes that were hidden before Submit was pressed.
FORM_MESSAGES_JS = f"""
() => {{
  const texts = new Set();
  const add = (node) => {{
    const text = node.textContent.trim();
    const visible = node.checkVisibility ? node.checkVisibility() : !node.hidden;
    if (text && visible) texts.add(text.replace(/\\s+/g, ' '));
  }};
  const visit = (root) => {{
    for (const node of root.querySelectorAll('*')) {{
      if (node.getAttribute('role') === 'alert' || node.hasAttribute('data-gt-error')) add(node);
      if (node.shadowRoot) visit(node.shadowRoot);
    }}
  }};
  visit(document);
  for (const node of window[Symbol.for({json.dumps(HIDDEN_SYMBOL)})] || []) {{
    if (node.isConnected && !node.hidden) add(node);
  }}
  return Array.from(texts);
}}
"""

SUBMIT_BUTTONS = ", ".join(
    (
        'crowd-button[form-action="submit"]',
        'crowd-form button[type="submit"]',
        'crowd-form input[type="submit"]',
        'form button[type="submit"]',
        'form input[type="submit"]',
    )
)


class TaskCheckFailed(AssertionError):
    """A worker page did not behave the way a Ground Truth task must."""


class _QuietHandler(WSGIRequestHandler):
    """Serves requests without printing a log line for each one."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


@contextmanager
def serve(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a WSGI app on a free port in a thread; yield its base URL."""
    server = make_server(host, 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(
        target=server.serve_forever, name="gt-templates server", daemon=True
    )
    thread.start()

    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def _for_tests(app: Any) -> Any:
    """Adapt the preview app to a test run: cached scripts, no live reload.

    The element scripts cannot change during a run, so the browser may cache
    them. The reload stream is answered with 204, which tells EventSource
    not to reconnect: a page reloading because a file changed mid-run would
    lose the answer being tested.
    """

    def adapted(environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            start_response("204 No Content", [("Content-Length", "0")])
            return [b""]
        if not path.startswith(ELEMENTS_PATH):
            return app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], *info: Any) -> Any:
            kept = [(k, v) for k, v in headers if k.lower() != "cache-control"]
            kept.append(("Cache-Control", "max-age=3600"))
            return start_response(status, kept, *info)

        return app(environ, start)

    return adapted


@contextmanager
def serve_project(project_dir: Path) -> Iterator[str]:
    """Serve a project's preview server for tests; yield its base URL.

    Unlike ``gt-templates preview``, which must show edits at once, a test run
    lets the browser cache the element scripts (each page after the first
    loads them from memory) and turns live reload off.
    """
    from .preview import create_app

    with serve(_for_tests(create_app(project_dir))) as url:
        yield url


def worker_url(base_url: str, task: str, sample: int) -> str:
    """Return the URL of the bare worker page of one task sample."""
    return f"{base_url.rstrip('/')}/tasks/{quote(task, safe='')}/{sample}/worker"


def _holds(value: Any, verdict: str) -> bool:
    if value == verdict:
        return True
    if isinstance(value, dict):
        labels = value.get("labels")
        return (
            value.get("label") == verdict
            or value.get(verdict) is True
            or (isinstance(labels, list) and verdict in labels)
        )
    return isinstance(value, list) and verdict in value


def _compact(value: Any, limit: int = 600) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def schema_problems(answer: Any, schema: Mapping[str, Any]) -> list[str]:
    """Return one readable line per way ``answer`` breaks ``schema``."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    problems = []
    for error in sorted(validator.iter_errors(answer), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(the answer)"
        problems.append(f"at {where}: {error.message}")
    return problems


@dataclass
class TaskPage:
    """One task sample open in a browser page, acted on as a worker would."""

    page: Page
    task: str
    sample: int
    answer_schema: Mapping[str, Any] | None = None
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    errors: list[str] = field(default_factory=list)
    verdict: str | None = None

    @property
    def url(self) -> str:
        """Return the worker page's URL."""
        return str(self.page.url)

    def choose(self, verdict: str) -> None:
        """Pick a verdict (a category) the way a worker clicks it."""
        __tracebackhide__ = True
        choice = self._choice(verdict)
        choice.click(timeout=self.timeout_ms)
        self.verdict = verdict

    def comment(self, text: str) -> None:
        """Write a worker comment: the ``worker-comment`` dialog, or a text area."""
        __tracebackhide__ = True
        link = self.page.locator("[data-gt-comment-link]")
        if link.count():
            link.first.click(timeout=self.timeout_ms)
            self.page.locator("[data-gt-comment]").first.fill(text)
            self.page.get_by_role("button", name="Save comment").first.click()
            return

        boxes = self.page.locator("crowd-form textarea").filter(visible=True)
        if not boxes.count():
            raise TaskCheckFailed(
                f"{self._where()}: found no place for a comment; expected a "
                "<worker-comment> inside the classifier or a <textarea> in <crowd-form>"
            )
        boxes.first.fill(text)

    def draw_box(
        self, label: str, left: int, top: int, width: int, height: int
    ) -> dict[str, Any]:
        """Drag out a labelled box (image pixels); return the box the tool recorded."""
        __tracebackhide__ = True
        tool = self._tool("crowd-bounding-box", label)
        before = self._geometry(tool)
        start, end = _on_screen(before, [(left, top), (left + width, top + height)])

        self.page.mouse.move(*start)
        self.page.mouse.down()
        self.page.mouse.move(*end, steps=2)
        self.page.mouse.up()

        boxes: list[dict[str, Any]] = tool.evaluate("el => el.value.boundingBoxes")
        if len(boxes) != len(before["value"]["boundingBoxes"]) + 1:
            raise TaskCheckFailed(
                f"{self._where()}: dragging on <crowd-bounding-box> drew no box "
                f"({self._status(tool)})"
            )
        return boxes[-1]

    def paint(self, label: str, points: Sequence[tuple[float, float]]) -> None:
        """Paint one brush stroke with a label through points in image pixels."""
        __tracebackhide__ = True
        if not points:
            raise ValueError("paint() needs at least one point")
        tool = self._tool("crowd-semantic-segmentation", label)
        before = self._geometry(tool)
        screen = _on_screen(before, points)

        self.page.mouse.move(*screen[0])
        self.page.mouse.down()
        for point in screen[1:]:
            self.page.mouse.move(*point)
        self.page.mouse.up()

        after = tool.evaluate("el => el.value.labeledImage")
        if after == before["value"]["labeledImage"]:
            raise TaskCheckFailed(
                f"{self._where()}: painting on <crowd-semantic-segmentation> "
                f"changed no pixel ({self._status(tool)})"
            )

    def submit(self) -> dict[str, Any]:
        """Press Submit and return the answer object crowd-form submitted.

        Fails when there is no submit button, when nothing is submitted, when
        the chosen verdict is missing from the answer, or when the answer
        breaks the task's compiled answer schema.
        """
        __tracebackhide__ = True
        button = self._submit_button()
        self.page.evaluate(MARK_HIDDEN_JS)
        try:
            with self.page.expect_console_message(
                _is_submit_signal, timeout=self.timeout_ms
            ) as message:
                button.click(timeout=self.timeout_ms)
        except PlaywrightTimeoutError:
            raise TaskCheckFailed(
                f"{self._where()}: pressing Submit sent no answer within "
                f"{self.timeout_ms / 1000:g} s; {self._form_messages()}"
            ) from None

        answers = json.loads(message.value.text[len(SUBMIT_SIGNAL) :])
        answer = self._single_answer(answers)
        self._check_verdict(answer)
        self._check_schema(answer)
        return answer

    def check_no_errors(self) -> None:
        """Fail when the page logged a console error or threw an uncaught error."""
        __tracebackhide__ = True
        if self.errors:
            listed = "\n  ".join(self.errors)
            raise TaskCheckFailed(
                f"{self._where()}: the page reported {len(self.errors)} error(s):\n"
                f"  {listed}"
            )

    def undefined_elements(self) -> list[str]:
        """Return the crowd-* tags on the page that no stand-in implements."""
        found: list[str] = self.page.evaluate(PAGE_STATE_JS)["missing"]
        return found

    # ----- opening --------------------------------------------------------

    def open(self, base_url: str) -> None:
        """Load the worker page and wait until every crowd element is ready."""
        __tracebackhide__ = True
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.add_init_script(INIT_SCRIPT)

        url = worker_url(base_url, self.task, self.sample)
        response = self.page.goto(url, timeout=self.timeout_ms * 2)
        if response is None or not response.ok:
            status = response.status if response else "no response"
            text = " ".join(self.page.locator("body").inner_text().split())[:800]
            # The failed load is the whole story; its console echo adds nothing.
            self.errors.clear()
            raise TaskCheckFailed(f"{self._where()}: {url} answered {status}: {text}")

        state = self.page.evaluate(PAGE_STATE_JS)
        self._check_defined(state["missing"], state["library"])
        if state["crowd"] and not state["ready"]:
            self._wait_until_ready()

    def _check_defined(self, missing: list[str], library: bool) -> None:
        __tracebackhide__ = True
        if not missing:
            return
        hint = (
            "no stand-in defines it: check the spelling of the tag; gt-templates "
            "cannot vouch for elements it does not implement"
            if library
            else "the page does not load crowd-html-elements.js; add "
            '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'
        )
        tags = ", ".join(f"<{tag}>" for tag in missing)
        raise TaskCheckFailed(f"{self._where()}: element not defined: {tags} ({hint})")

    def _wait_until_ready(self) -> None:
        __tracebackhide__ = True
        try:
            self.page.wait_for_function(READY_JS, timeout=self.timeout_ms)
        except PlaywrightTimeoutError:
            raise TaskCheckFailed(
                f"{self._where()}: the crowd elements did not report ready within "
                f"{self.timeout_ms / 1000:g} s (all-crowd-elements-ready never fired)"
            ) from None

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        where = location.get("url", "")
        if where.endswith("/favicon.ico"):
            # Chromium asks every server for an icon; templates cannot set one.
            return
        if where:
            where = f" ({where}:{location.get('lineNumber', 0) + 1})"
        self.errors.append(f"console error: {message.text}{where}")

    def _page_error(self, error: Error) -> None:
        self.errors.append(f"uncaught {error.name or 'error'}: {error.message}")

    # ----- finding things -------------------------------------------------

    def _where(self) -> str:
        return f"task {self.task!r} sample {self.sample}"

    def _choice(self, verdict: str) -> Locator:
        __tracebackhide__ = True
        by_role = self.page.get_by_role("radio", name=verdict, exact=True).or_(
            self.page.get_by_role("checkbox", name=verdict, exact=True)
        )
        if by_role.count():
            return by_role.first
        quoted = json.dumps(verdict)
        by_value = self.page.locator(
            f"input[type=radio][value={quoted}], input[type=checkbox][value={quoted}]"
        )
        if by_value.count():
            return by_value.first

        offered = self.page.evaluate(CHOICES_JS)
        listed = ", ".join(repr(name) for name in offered) or "none"
        raise TaskCheckFailed(
            f"{self._where()}: found no choice {verdict!r}; the page offers: {listed}"
        )

    def _tool(self, tag: str, label: str) -> Locator:
        """Return the first ``tag`` element, with ``label`` chosen in its picker."""
        __tracebackhide__ = True
        labels = self.page.evaluate(
            "(tag) => { const el = document.querySelector(tag);"
            " return el ? Array.from(el.labels || [], String) : null; }",
            tag,
        )
        if labels is None:
            raise TaskCheckFailed(f"{self._where()}: the page has no <{tag}>")
        if label not in labels:
            raise TaskCheckFailed(
                f"{self._where()}: <{tag}> has no label {label!r}; its labels are "
                f"{labels}"
            )

        tool = self.page.locator(tag).first
        picker = tool.get_by_role("button", name=f"Label {label}", exact=True)
        picker.click(timeout=self.timeout_ms)
        return tool

    def _geometry(self, tool: Locator) -> dict[str, Any]:
        """Return where the tool's canvas is on screen, its image size and value."""
        __tracebackhide__ = True
        geometry: dict[str, Any] | None = tool.evaluate(TOOL_GEOMETRY_JS)
        if not geometry or not geometry["image"] or not geometry["image"]["width"]:
            raise TaskCheckFailed(
                f"{self._where()}: the annotation tool shows no image, so nothing "
                f"can be drawn on it ({self._status(tool)})"
            )
        return geometry

    def _status(self, tool: Locator) -> str:
        status: str = tool.evaluate(
            "el => el.shadowRoot?.querySelector('[role=status]')?.textContent || ''"
        )
        return f"the tool says: {status}" if status else "the tool said nothing"

    def _submit_button(self) -> Locator:
        __tracebackhide__ = True
        visible = self.page.locator(SUBMIT_BUTTONS).filter(visible=True)
        if visible.count():
            return visible.first
        hidden = self.page.locator(SUBMIT_BUTTONS).count()
        found = f" ({hidden} hidden)" if hidden else ""
        raise TaskCheckFailed(
            f"{self._where()}: found no submit button{found}; a Ground Truth "
            "template wraps its task in <crowd-form>, which adds one, or has a "
            '<crowd-button form-action="submit">'
        )

    def _form_messages(self) -> str:
        shown: list[str] = self.page.evaluate(FORM_MESSAGES_JS)
        if shown:
            return "the page says: " + " / ".join(shown)
        return "the form did not submit (an onsubmit handler may have cancelled it)"

    # ----- checking the answer --------------------------------------------

    def _single_answer(self, answers: Any) -> dict[str, Any]:
        __tracebackhide__ = True
        if (
            not isinstance(answers, list)
            or len(answers) != 1
            or not isinstance(answers[0], dict)
        ):
            raise TaskCheckFailed(
                f"{self._where()}: crowd-form submitted {_compact(answers)}; "
                "expected an array holding one answer object"
            )
        answer: dict[str, Any] = answers[0]
        return answer

    def _check_verdict(self, answer: dict[str, Any]) -> None:
        __tracebackhide__ = True
        if self.verdict is None:
            return
        if any(_holds(value, self.verdict) for value in answer.values()):
            return
        raise TaskCheckFailed(
            f"{self._where()}: the answer is missing the verdict {self.verdict!r} "
            f"chosen with choose(); the submitted answer is {_compact(answer)}. "
            "The element offering the verdicts needs a name attribute (the answer "
            "key) and must sit inside <crowd-form>."
        )

    def _check_schema(self, answer: dict[str, Any]) -> None:
        __tracebackhide__ = True
        if self.answer_schema is None:
            return
        problems = schema_problems(answer, self.answer_schema)
        if problems:
            listed = "\n  ".join(problems)
            raise TaskCheckFailed(
                f"{self._where()}: the answer does not match the compiled answer "
                f"schema:\n  {listed}\nthe submitted answer is {_compact(answer)}"
            )


def _on_screen(
    geometry: Mapping[str, Any], points: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Convert image pixels to viewport coordinates on the tool's canvas."""
    scale_x = geometry["width"] / geometry["image"]["width"]
    scale_y = geometry["height"] / geometry["image"]["height"]
    return [
        (geometry["x"] + x * scale_x, geometry["y"] + y * scale_y) for x, y in points
    ]


def _is_submit_signal(message: ConsoleMessage) -> bool:
    return message.type == "debug" and message.text.startswith(SUBMIT_SIGNAL)


def open_task(
    page: Page,
    base_url: str,
    task: str,
    sample: int = 0,
    *,
    answer_schema: Mapping[str, Any] | None = None,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> TaskPage:
    """Open a task sample's worker page in ``page`` and return it, ready to act on."""
    opened = TaskPage(page, task, sample, answer_schema, timeout_ms)
    opened.open(base_url)
    return opened
