"""_support.js: lenient attribute parsing, ready events and unknown crowd-* tags."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from elements_helpers import (
    ELEMENTS_DIR,
    ORIGIN,
    console_errors,
    console_warnings,
    open_elements_page,
)

pytestmark = pytest.mark.browser

PARSE_CASES = [
    pytest.param('["a", "b"]', ["a", "b"], id="strict-json"),
    pytest.param("['Cat', 'Dog']", ["Cat", "Dog"], id="single-quotes"),
    pytest.param(
        "{ text: 'None of the above' }",
        {"text": "None of the above"},
        id="unquoted-key",
    ),
    pytest.param("[1, 2, ]", [1, 2], id="trailing-comma-array"),
    pytest.param(
        "{ a: 1, b: [ { c: 2, }, ], }",
        {"a": 1, "b": [{"c": 2}]},
        id="trailing-commas-nested",
    ),
    pytest.param("[ // first\n 1, /* two */ 2 ]", [1, 2], id="comments"),
    pytest.param(
        "{ $x_1: -1.5e2, y: .5, z: +3 }", {"$x_1": -150, "y": 0.5, "z": 3}, id="numbers"
    ),
    pytest.param("[true, false, null]", [True, False, None], id="literals"),
    pytest.param(
        r"['it\'s', 'a\"b', '\u00e9\n\t\\']", ["it's", 'a"b', "é\n\t\\"], id="escapes"
    ),
    pytest.param(
        "{ 'quoted key': 1, \"double\": 2 }",
        {"quoted key": 1, "double": 2},
        id="quoted-keys",
    ),
    pytest.param(
        "'a // not a comment'", "a // not a comment", id="comment-marker-in-string"
    ),
    pytest.param(
        "\n  { label: 'x', left: 0 }  \n",
        {"label": "x", "left": 0},
        id="surrounding-space",
    ),
]

PARSE_ERROR_CASES = [
    pytest.param("", "Empty value", 0, id="empty"),
    pytest.param("[1 2]", "expected ',' or ']'", 3, id="missing-comma"),
    pytest.param("{ a 1 }", "expected ':'", 4, id="missing-colon"),
    pytest.param("['open", "Unterminated string", 1, id="unterminated-string"),
    pytest.param("[1] x", "expected the end", 4, id="trailing-garbage"),
    pytest.param("{ 1: 2 }", "expected a key", 2, id="numeric-key"),
    pytest.param("[undefined]", "expected a value", 1, id="unknown-word"),
    pytest.param(
        "[1, /* never closed", "Unclosed /* comment", 4, id="unclosed-comment"
    ),
]


def open_support_module(page: Page) -> None:
    """Load a blank page that exposes _support.js as window.support."""
    page.route(
        f"{ORIGIN}/**",
        lambda route: route.fulfill(
            body=(ELEMENTS_DIR / "_support.js").read_bytes()
            if route.request.url.endswith(".js")
            else b"<!doctype html><title>support</title>",
            content_type="text/javascript"
            if route.request.url.endswith(".js")
            else "text/html",
        ),
    )
    page.goto(f"{ORIGIN}/blank.html")
    page.evaluate(
        f"import('{ORIGIN}/elements/_support.js').then((m) => {{ window.support = m; }})"
    )
    page.wait_for_function("window.support !== undefined")


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_lenient_accepts_aws_attribute_syntax(
    page: Page, text: str, expected: Any
) -> None:
    open_support_module(page)

    assert (
        page.evaluate("(text) => window.support.parseLenient(text)", text) == expected
    )


@pytest.mark.parametrize(("text", "message", "position"), PARSE_ERROR_CASES)
def test_parse_lenient_reports_bad_input_with_its_position(
    page: Page, text: str, message: str, position: int
) -> None:
    open_support_module(page)

    error = page.evaluate(
        "(text) => { try { window.support.parseLenient(text); return null; }"
        " catch (e) { return { message: e.message, position: e.position, name: e.name }; } }",
        text,
    )

    assert error is not None
    assert message in error["message"]
    assert error["position"] == position
    assert f"position {position}" in error["message"]


@pytest.mark.parametrize(
    ("index", "color"),
    [(0, "#1f77b4"), (1, "#ff7f0e"), (9, "#17becf"), (10, "#1f77b4")],
    ids=["first", "second", "tenth", "wraps"],
)
def test_label_color_follows_category10(page: Page, index: int, color: str) -> None:
    open_support_module(page)

    assert page.evaluate("(i) => window.support.labelColor(i)", index) == color


def test_bad_attribute_shows_a_visible_error_and_logs_it(page: Page) -> None:
    open_elements_page(
        page,
        "<crowd-form><crowd-image-classifier name=\"c\" categories=\"['a', 'b'\">"
        "</crowd-image-classifier></crowd-form>",
    )

    error = page.locator("[data-gt-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text('attribute "categories" cannot be parsed')
    assert any("categories" in error for error in console_errors(page))


def test_unknown_crowd_tag_shows_a_notice_and_warns(page: Page) -> None:
    open_elements_page(
        page, "<crowd-form><crowd-hologram>beam me up</crowd-hologram></crowd-form>"
    )

    notice = page.locator("crowd-hologram").get_by_role("note")
    expect(notice).to_contain_text("<crowd-hologram> is not supported")
    expect(page.locator("crowd-hologram")).to_contain_text("beam me up")
    assert any("crowd-hologram" in warning for warning in console_warnings(page))


def test_all_ready_fires_once_after_every_element_reported(page: Page) -> None:
    open_elements_page(
        page,
        "<crowd-form><crowd-image-classifier name='a' categories='[\"x\"]'></crowd-image-classifier>"
        "<crowd-image-classifier name='b' categories='[\"y\"]'></crowd-image-classifier>"
        "<crowd-unknown-thing></crowd-unknown-thing></crowd-form>",
    )

    ready = page.evaluate("window.__gtReadyEvents.length")
    assert ready == page.evaluate(
        "[...document.querySelectorAll('*')].filter((n) => n.localName.startsWith('crowd-')).length"
    )
    assert page.evaluate("window.__gtAllReady") == 1


def test_all_ready_fires_on_a_page_without_crowd_elements(page: Page) -> None:
    open_elements_page(page, "<p>nothing to see</p>")

    assert page.evaluate("window.__gtAllReady") == 1
