"""Serve the crowd-* stand-ins and a test page to Playwright with no network.

Usage in a browser test::

    open_elements_page(page, '<crowd-form><crowd-input name="a"></crowd-input></crowd-form>')
    page.get_by_role("button", name="Submit").click()
    assert submitted_answers(page) == [{"a": "..."}]

Pages live under ``ORIGIN`` and are answered by ``page.route``; element files
come from the package, extra files (images) from the ``files`` mapping.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route

ORIGIN = "http://gt.test"
ELEMENTS_DIR = Path(__file__).resolve().parents[1] / "src" / "gt_templates" / "elements"
ENTRY_URL = f"{ORIGIN}/elements/crowd-html-elements.js"

# Installed before any page script: records submissions, ready events and
# console warnings so tests can assert on them.
RECORDER_SCRIPT = """
window.__gtSubmissions = [];
window.__gtReadyEvents = [];
window.__gtAllReady = 0;
window.__gtWarnings = [];
document.addEventListener('gt-templates-submit', (event) => {
  window.__gtSubmissions.push(JSON.parse(JSON.stringify(event.detail)));
});
window.addEventListener('crowd-element-ready', (event) => {
  window.__gtReadyEvents.push(event.target === window ? 'window' : String(event.target));
});
document.addEventListener('all-crowd-elements-ready', () => { window.__gtAllReady += 1; });
const gtOriginalWarn = console.warn.bind(console);
console.warn = (...args) => { window.__gtWarnings.push(args.map(String).join(' ')); gtOriginalWarn(...args); };
window.__gtErrors = [];
const gtOriginalError = console.error.bind(console);
console.error = (...args) => { window.__gtErrors.push(args.map(String).join(' ')); gtOriginalError(...args); };
"""


# Lists every control (in nested open shadow roots too) without an accessible name:
# no aria-label, label text, own text (slotted text included) or title.
UNNAMED_CONTROLS = """(tags) => {
  // Text as the accessibility tree sees it: slotted content counts.
  const textOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      return node.textContent.trim();
    }
    const children = node.localName === 'slot'
      ? node.assignedNodes({ flatten: true }) : Array.from(node.childNodes);
    return children.map(textOf).join(' ').trim();
  };
  const unnamed = [];
  const visit = (root, where) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        visit(el.shadowRoot, where);
      }
      if (!el.matches('button, input, select, textarea, [tabindex], [role="slider"]')) {
        continue;
      }
      const label = el.labels && el.labels.length ? textOf(el.labels[0]) : '';
      const name = el.getAttribute('aria-label') || label || textOf(el)
        || el.getAttribute('title');
      if (!name) {
        unnamed.push(`${where}: ${el.outerHTML.slice(0, 80)}`);
      }
    }
  };
  for (const tag of tags) {
    const el = document.querySelector(tag);
    if (!el || !el.shadowRoot || el.shadowRoot.mode !== 'open') {
      unnamed.push(`${tag}: no open shadow root`);
    } else {
      visit(el.shadowRoot, tag);
    }
  }
  return unnamed;
}"""


def page_html(body_html: str, head_html: str = "") -> str:
    """Return a worker page that loads the stand-ins the way the preview server does."""
    return (
        "<!doctype html>\n<html><head><meta charset='utf-8'>"
        f"{head_html}"
        f'<script type="module" src="{ENTRY_URL}"></script>'
        f"</head><body>\n{body_html}\n</body></html>"
    )


def open_elements_page(
    page: Page,
    body_html: str,
    *,
    head_html: str = "",
    files: dict[str, bytes] | None = None,
    wait_ready: bool = True,
) -> None:
    """Load ``body_html`` with the stand-ins; ``files`` are served at ``ORIGIN/files/<name>``."""
    served = {f"{ORIGIN}/page.html": page_html(body_html, head_html).encode()}
    for name, data in (files or {}).items():
        served[f"{ORIGIN}/files/{name}"] = data

    def handle(route: Route) -> None:
        url = route.request.url.split("?", 1)[0]
        if url in served:
            body = served[url]
        elif url.startswith(f"{ORIGIN}/elements/"):
            path = ELEMENTS_DIR / url.rsplit("/", 1)[1]
            if not path.is_file():
                route.fulfill(status=404, body="no such element file")
                return
            body = path.read_bytes()
        else:
            # Lets routes the test registered itself answer (e.g. a submit URL).
            route.fallback()
            return
        kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
        if url.endswith(".js"):
            kind = "text/javascript"
        route.fulfill(status=200, body=body, content_type=kind)

    page.route(f"{ORIGIN}/**", handle)
    page.add_init_script(RECORDER_SCRIPT)
    page.goto(f"{ORIGIN}/page.html")
    if wait_ready:
        page.wait_for_function("window.__gtAllReady > 0")


def submitted_answers(page: Page, count: int = 1) -> Any:
    """Wait for ``count`` ``gt-templates-submit`` events and return the last detail."""
    page.wait_for_function(f"window.__gtSubmissions.length >= {count}")
    return page.evaluate("window.__gtSubmissions[window.__gtSubmissions.length - 1]")


def submission_count(page: Page) -> int:
    """Return how many ``gt-templates-submit`` events fired so far."""
    count: int = page.evaluate("window.__gtSubmissions.length")
    return count


def console_warnings(page: Page) -> list[str]:
    """Return the console.warn messages the page produced so far."""
    warnings: list[str] = page.evaluate("window.__gtWarnings")
    return warnings


def console_errors(page: Page) -> list[str]:
    """Return the console.error messages the page produced so far."""
    errors: list[str] = page.evaluate("window.__gtErrors")
    return errors


def attribute_json(value: object) -> str:
    """Return ``value`` as JSON escaped for a double-quoted HTML attribute."""
    return json.dumps(value).replace("&", "&amp;").replace('"', "&quot;")
