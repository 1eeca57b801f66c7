"""crowd-form: answer collection, submit handlers, validation and delivery."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Page, Request, Route, expect

from elements_helpers import (
    ORIGIN,
    open_elements_page,
    submission_count,
    submitted_answers,
)

pytestmark = pytest.mark.browser

Step = Callable[[Page], None]

# A tiny answer-bearing element standing in for any crowd element: its answer
# is its `answer` attribute, parsed as JSON.
FAKE_ELEMENT_SCRIPT = """
<script>
customElements.define('test-answer', class extends HTMLElement {
  gtAnswer() { return this.hasAttribute('answer') ? JSON.parse(this.getAttribute('answer')) : undefined; }
  gtValidate() { return this.hasAttribute('invalid') ? 'test-answer needs a value' : ''; }
});
</script>
"""


def fill(selector: str, text: str) -> Step:
    return lambda page: page.locator(selector).fill(text)


def click(selector: str) -> Step:
    return lambda page: page.locator(selector).click()


def type_text(selector: str, text: str) -> Step:
    def step(page: Page) -> None:
        page.locator(selector).click()
        page.keyboard.type(text)

    return step


def select(selector: str, *values: str) -> Step:
    return lambda page: page.locator(selector).select_option(list(values))


COLLECTION_CASES = [
    pytest.param(
        '<input name="country" aria-label="Country">'
        '<textarea name="weather" aria-label="Weather"></textarea>',
        [type_text("input", "Spain"), type_text("textarea", "sunny\nwarm")],
        {"country": "Spain", "weather": "sunny\nwarm"},
        id="text-input-and-textarea",
    ),
    pytest.param(
        '<input type="checkbox" name="a" value="yes" aria-label="A">'
        '<input type="checkbox" name="b" aria-label="B">',
        [click("input[name=a]")],
        {"a": "yes"},
        id="checked-checkbox-only",
    ),
    pytest.param(
        '<input type="radio" name="r" value="one" aria-label="One">'
        '<input type="radio" name="r" value="two" aria-label="Two">',
        [click("input[value=two]")],
        {"r": "two"},
        id="chosen-radio",
    ),
    pytest.param(
        '<select name="s" aria-label="S"><option>x</option><option>y</option></select>',
        [select("select", "y")],
        {"s": "y"},
        id="select",
    ),
    pytest.param(
        '<select name="m" multiple aria-label="M"><option>x</option><option>y</option>'
        "<option>z</option></select>",
        [select("select", "x", "z")],
        {"m": ["x", "z"]},
        id="multiple-select-as-list",
    ),
    pytest.param(
        '<input name="d" value="1" aria-label="D1"><input name="d" value="2" aria-label="D2">'
        '<input value="no name" aria-label="N"><input name="off" value="x" disabled aria-label="O">',
        [],
        {"d": "2"},
        id="last-duplicate-wins-unnamed-and-disabled-skipped",
    ),
    pytest.param(
        '<test-answer name="cb" answer=\'{"x": true}\'></test-answer>'
        '<test-answer name="cb" answer=\'{"y": false}\'></test-answer>'
        '<test-answer name="omitted"></test-answer>',
        [],
        {"cb": {"x": True, "y": False}},
        id="same-name-objects-merge-and-undefined-omitted",
    ),
    pytest.param(
        '<test-answer name="el" answer=\'{"label": "cat"}\'><input name="inner" value="x"></test-answer>'
        '<input name="outer" value="y" aria-label="Outer">',
        [],
        {"el": {"label": "cat"}, "outer": "y"},
        id="controls-inside-answer-elements-belong-to-them",
    ),
]


@pytest.mark.parametrize(("body", "steps", "expected"), COLLECTION_CASES)
def test_submit_collects_named_answers_into_one_object(
    page: Page, body: str, steps: list[Step], expected: dict[str, object]
) -> None:
    open_elements_page(page, f"{FAKE_ELEMENT_SCRIPT}<crowd-form>{body}</crowd-form>")

    for step in steps:
        step(page)
    page.get_by_role("button", name="Submit").click()

    assert submitted_answers(page) == [expected]


def test_answer_panel_shows_the_submitted_json_without_a_submit_url(page: Page) -> None:
    open_elements_page(
        page, '<crowd-form><input name="a" value="b" aria-label="A"></crowd-form>'
    )

    page.get_by_role("button", name="Submit").click()

    panel = page.locator("pre[data-gt-answer]")
    expect(panel).to_be_visible()
    assert json.loads(panel.text_content() or "") == [{"a": "b"}]


def test_submit_button_is_appended_only_when_the_template_has_none(page: Page) -> None:
    open_elements_page(
        page,
        '<crowd-form><crowd-button form-action="submit">Send</crowd-button>'
        '<input name="a" value="b" aria-label="A"></crowd-form>',
    )

    expect(page.locator("[data-gt-auto-submit]")).to_have_count(0)
    page.locator("crowd-button").click()
    assert submitted_answers(page) == [{"a": "b"}]


def test_enter_in_a_text_field_submits(page: Page) -> None:
    open_elements_page(page, '<crowd-form><input name="q" aria-label="Q"></crowd-form>')

    page.get_by_label("Q").click()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")

    assert submitted_answers(page) == [{"q": "hello"}]


def test_button_without_type_does_not_submit(page: Page) -> None:
    open_elements_page(
        page,
        '<crowd-form><button onclick="window.tool = 1">Zoom</button>'
        '<input name="a" value="b" aria-label="A"></crowd-form>',
    )

    page.get_by_role("button", name="Zoom").click()
    page.wait_for_function("window.tool === 1")
    page.get_by_role("button", name="Submit").click()

    assert submitted_answers(page) == [{"a": "b"}]
    assert submission_count(page) == 1


def test_onsubmit_runs_first_and_fills_hidden_inputs(page: Page) -> None:
    open_elements_page(
        page,
        "<crowd-form onsubmit=\"document.getElementById('h').value = 'from handler'\">"
        '<input type="hidden" id="h" name="hidden"></crowd-form>',
    )

    page.get_by_role("button", name="Submit").click()

    assert submitted_answers(page) == [{"hidden": "from handler"}]


def test_onsubmit_prevent_default_cancels_the_submission(page: Page) -> None:
    open_elements_page(
        page,
        '<crowd-form onsubmit="if (!window.allow) { event.preventDefault(); '
        'window.vetoed = (window.vetoed || 0) + 1; }">'
        '<input name="a" value="b" aria-label="A"></crowd-form>',
    )

    page.get_by_role("button", name="Submit").click()
    page.wait_for_function("window.vetoed === 1")
    assert submission_count(page) == 0
    expect(page.locator("pre[data-gt-answer]")).to_have_count(0)

    page.evaluate("window.allow = true")
    page.get_by_role("button", name="Submit").click()
    assert submitted_answers(page) == [{"a": "b"}]


def test_submit_listeners_added_by_script_can_veto(page: Page) -> None:
    open_elements_page(
        page, '<crowd-form><input name="a" value="b" aria-label="A"></crowd-form>'
    )
    page.evaluate(
        "document.querySelector('crowd-form').addEventListener('submit', (event) => {"
        " event.preventDefault(); window.vetoed = true; })"
    )

    page.get_by_role("button", name="Submit").click()

    page.wait_for_function("window.vetoed === true")
    assert submission_count(page) == 0


REQUIRED_CASES = [
    pytest.param(
        '<input name="a" required aria-label="Answer">',
        type_text("input", "ok"),
        {"a": "ok"},
        "Answer",
        id="native-required-input",
    ),
    pytest.param(
        '<input type="radio" name="r" value="x" required aria-label="X">',
        click("input[type=radio]"),
        {"r": "x"},
        "X",
        id="native-required-radio",
    ),
    pytest.param(
        '<test-answer name="t" invalid answer="1"></test-answer>',
        lambda page: page.evaluate(
            "document.querySelector('test-answer').removeAttribute('invalid')"
        ),
        {"t": 1},
        "test-answer needs a value",
        id="crowd-element-gtValidate",
    ),
]


@pytest.mark.parametrize(("body", "fix", "expected", "message"), REQUIRED_CASES)
def test_required_answers_block_submit_with_a_visible_message(
    page: Page, body: str, fix: Step, expected: dict[str, object], message: str
) -> None:
    open_elements_page(page, f"{FAKE_ELEMENT_SCRIPT}<crowd-form>{body}</crowd-form>")

    page.get_by_role("button", name="Submit").click()

    alert = page.locator("[data-gt-form-message]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(message)
    assert submission_count(page) == 0

    fix(page)
    page.get_by_role("button", name="Submit").click()
    assert submitted_answers(page) == [expected]
    expect(alert).to_be_hidden()


def test_programmatic_submit_and_inputs_appended_to_form(page: Page) -> None:
    open_elements_page(page, "<crowd-form></crowd-form>")

    page.evaluate(
        "() => { const form = document.querySelector('crowd-form');"
        " const input = document.createElement('input');"
        " input.name = 'added'; input.value = 'yes'; form.form.appendChild(input);"
        " form.submit(); }"
    )

    assert submitted_answers(page) == [{"added": "yes"}]


def test_form_action_reset_clears_the_form(page: Page) -> None:
    open_elements_page(
        page,
        '<crowd-form><input name="a" aria-label="A">'
        '<span role="button" tabindex="0" form-action="reset">Clear</span></crowd-form>',
    )
    page.get_by_label("A").fill("typed")

    page.get_by_role("button", name="Clear").click()

    expect(page.get_by_label("A")).to_have_value("")


def test_submit_posts_task_answers_to_the_meta_url_and_dispatches_the_event(
    page: Page,
) -> None:
    posted: list[Request] = []
    events: list[object] = []
    page.expose_function("recordSubmit", lambda detail: events.append(detail))
    page.add_init_script(
        "document.addEventListener('gt-templates-submit', (e) => window.recordSubmit(e.detail))"
    )

    def answer_post(route: Route) -> None:
        posted.append(route.request)
        route.fulfill(status=200, body="<p>submitted</p>", content_type="text/html")

    page.route(f"{ORIGIN}/submit", answer_post)
    open_elements_page(
        page,
        '<crowd-form><input name="a" aria-label="A"></crowd-form>',
        head_html=f'<meta name="gt-templates-submit-url" content="{ORIGIN}/submit">',
    )
    page.get_by_label("A").fill("x")

    page.get_by_role("button", name="Submit").click()

    expect(page.locator("p")).to_have_text("submitted")
    assert len(posted) == 1
    assert posted[0].method == "POST"
    fields = parse_qs(posted[0].post_data or "")
    assert list(fields) == ["taskAnswers"]
    assert json.loads(fields["taskAnswers"][0]) == [{"a": "x"}]
    assert events == [[{"a": "x"}]]
