"""Browser tests for the form-control stand-ins, driven by real mouse and keys.

Each case builds a page, drives it the way a worker would and compares the
`gt-templates-submit` detail (an array of one object) with the shape the
AWS element reference documents (reference section 1.4).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from elements_helpers import (
    RECORDER_SCRIPT,
    console_warnings,
    open_elements_page,
    submission_count,
    submitted_answers,
)
from gt_templates.standalone import make_standalone

pytestmark = pytest.mark.browser

Drive = Callable[[Page], None]


def open_form(page: Page, html: str) -> None:
    """Open ``html`` inside a crowd-form (which adds its own Submit button)."""
    open_elements_page(page, f"<crowd-form>{html}</crowd-form>")


def press_submit(page: Page) -> None:
    """Click the Submit button with the mouse."""
    page.get_by_role("button", name="Submit", exact=True).click()


def flat_text(locator: Locator) -> str:
    """Return the accessibility snapshot of ``locator``, which includes slotted text."""
    snapshot: str = locator.aria_snapshot()
    return snapshot


def submit_and_read(page: Page) -> Any:
    """Submit with the mouse and return the submitted array."""
    press_submit(page)
    return submitted_answers(page)


def type_into(role: str, name: str, text: str) -> Drive:
    """Return a step that clicks a control and types ``text`` on the keyboard."""

    def drive(page: Page) -> None:
        page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
        page.keyboard.type(text)

    return drive


def click(role: str, name: str) -> Drive:
    """Return a step that clicks the control ``role``/``name`` with the mouse."""

    def drive(page: Page) -> None:
        page.get_by_role(role, name=name, exact=True).click()  # type: ignore[arg-type]

    return drive


def keys(*presses: str) -> Drive:
    """Return a step that presses ``presses`` on the keyboard, in order."""

    def drive(page: Page) -> None:
        for key in presses:
            page.keyboard.press(key)

    return drive


def press_on(role: str, name: str, *presses: str) -> Drive:
    """Return a step that focuses a control and presses keys on it."""

    def drive(page: Page) -> None:
        control = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
        for key in presses:
            control.press(key)

    return drive


def click_at_end(role: str, name: str) -> Drive:
    """Return a step that clicks the far right end of a control (a slider track)."""

    def drive(page: Page) -> None:
        control = page.get_by_role(role, name=name)  # type: ignore[arg-type]
        box = control.bounding_box()
        assert box is not None
        control.click(position={"x": box["width"] - 1, "y": box["height"] / 2})

    return drive


CLASSIFIER = (
    "<crowd-classifier name=\"animal\" categories=\"['Cat', 'Dog', 'Bird',]\" header=\"Pick one\">"
    "<classification-target><p>A dog barks.</p></classification-target>"
    "<short-instructions>Choose the animal.</short-instructions>"
    '<full-instructions header="Animal rules">Dogs bark.</full-instructions>'
    "</crowd-classifier>"
)
MULTI = (
    '<crowd-classifier-multi-select name="tags" header="Tags"'
    " categories=\"['Red', 'Green', 'Blue']\" exclusion-category=\"{ text: 'None of these' }\">"
    "<classification-target>Colours</classification-target>"
    "</crowd-classifier-multi-select>"
)
CHECKBOXES = (
    '<crowd-checkbox name="image_attributes" value="blurry">Blurry</crowd-checkbox>'
    '<crowd-checkbox name="image_attributes" value="dim">Too Dim</crowd-checkbox>'
    '<crowd-checkbox name="image_attributes" value="exposed">Too Bright</crowd-checkbox>'
)
RADIOS = (
    "<crowd-radio-group>"
    '<crowd-radio-button name="btn1" value="yes">Yes</crowd-radio-button>'
    '<crowd-radio-button name="btn2" value="no">No</crowd-radio-button>'
    '<crowd-radio-button name="btn3" value="maybe" disabled>Maybe</crowd-radio-button>'
    "</crowd-radio-group>"
)
SLIDER = '<crowd-slider name="howMuch" min="1" max="10" step="1" pin editable></crowd-slider>'

ANSWER_CASES = [
    pytest.param(
        CLASSIFIER,
        [click("radio", "Dog")],
        {"animal": {"label": "Dog"}},
        id="classifier-click",
    ),
    pytest.param(
        CLASSIFIER,
        [keys("3")],
        {"animal": {"label": "Bird"}},
        id="classifier-number-key",
    ),
    pytest.param(
        CLASSIFIER,
        [keys("1"), keys("2")],
        {"animal": {"label": "Dog"}},
        id="classifier-last-key-wins",
    ),
    pytest.param(
        MULTI,
        [click("checkbox", "Blue"), click("checkbox", "Red")],
        {"tags": {"labels": ["Red", "Blue"]}},
        id="multi-select-click-in-category-order",
    ),
    pytest.param(
        MULTI,
        [keys("2", "3", "2")],
        {"tags": {"labels": ["Blue"]}},
        id="multi-select-number-keys-toggle",
    ),
    pytest.param(
        MULTI,
        [click("checkbox", "Red"), keys("4")],
        {"tags": {"labels": []}},
        id="multi-select-exclusion-clears",
    ),
    pytest.param(
        MULTI,
        [
            click("checkbox", "None of these"),
            click("checkbox", "None of these"),
            keys("1"),
        ],
        {"tags": {"labels": ["Red"]}},
        id="multi-select-exclusion-undone",
    ),
    pytest.param(
        '<crowd-text-area name="essay" rows="2"></crowd-text-area>',
        [type_into("textbox", "essay", "line one"), keys("Enter"), keys("l", "2")],
        {"essay": "line one\nl2"},
        id="text-area-keeps-newlines",
    ),
    pytest.param(
        '<crowd-text-area name="essay"></crowd-text-area><input name="native" value="kept">',
        [],
        {"native": "kept"},
        id="text-area-empty-omitted",
    ),
    pytest.param(
        '<crowd-text-area name="note" label="Note" max-length="5"></crowd-text-area>',
        [type_into("textbox", "Note", "abcdefgh")],
        {"note": "abcde"},
        id="text-area-max-length",
    ),
    pytest.param(
        '<crowd-input name="tag1" label="Word 1"></crowd-input>'
        '<crowd-input name="tag2" label="Word 2"></crowd-input>'
        '<crowd-input name="tag3" label="Word 3"></crowd-input>',
        [type_into("textbox", "Word 1", "blue"), type_into("textbox", "Word 3", "red")],
        {"tag1": "blue", "tag3": "red"},
        id="input-empty-omitted",
    ),
    pytest.param(
        '<crowd-input name="code" label="Code" allowed-pattern="[0-9]" auto-validate></crowd-input>',
        [type_into("textbox", "Code", "a1b2c3")],
        {"code": "123"},
        id="input-allowed-pattern-drops-characters",
    ),
    pytest.param(
        '<crowd-input name="code" label="Code" max-length="3"></crowd-input>',
        [type_into("textbox", "Code", "abcdef")],
        {"code": "abc"},
        id="input-max-length",
    ),
    pytest.param(
        '<crowd-input name="site" label="Site" value="http://example.com"></crowd-input>',
        [],
        {"site": "http://example.com"},
        id="input-value-preset",
    ),
    pytest.param(
        CHECKBOXES,
        [click("checkbox", "Blurry"), click("checkbox", "Too Dim")],
        {"image_attributes": {"blurry": True, "dim": True, "exposed": False}},
        id="checkboxes-same-name-merge",
    ),
    pytest.param(
        '<crowd-checkbox name="found">Website Found</crowd-checkbox>',
        [press_on("checkbox", "Website Found", "Space")],
        {"found": {"on": True}},
        id="checkbox-space-key-default-value",
    ),
    pytest.param(
        '<crowd-checkbox name="box" value="v" checked>Preset</crowd-checkbox>',
        [click("checkbox", "Preset")],
        {"box": {"v": False}},
        id="checkbox-checked-then-cleared",
    ),
    pytest.param(
        RADIOS,
        [click("radio", "Yes"), click("radio", "No")],
        {"btn1": {"yes": False}, "btn2": {"no": True}, "btn3": {"maybe": False}},
        id="radio-group-mutually-exclusive",
    ),
    pytest.param(
        RADIOS,
        [click("radio", "No"), press_on("radio", "No", "ArrowDown")],
        {"btn1": {"yes": True}, "btn2": {"no": False}, "btn3": {"maybe": False}},
        id="radio-group-arrow-keys-skip-disabled",
    ),
    pytest.param(
        '<crowd-toggle-button name="blurry"></crowd-toggle-button>',
        [click("switch", "blurry")],
        {"blurry": {"on": True}},
        id="toggle-click",
    ),
    pytest.param(
        '<crowd-toggle-button name="t" value="bright" aria-label="Bright"></crowd-toggle-button>',
        [press_on("switch", "Bright", "Space", "Space", "Space")],
        {"t": {"bright": True}},
        id="toggle-space-key",
    ),
    pytest.param(
        SLIDER,
        [press_on("slider", "howMuch", "ArrowRight", "ArrowRight")],
        {"howMuch": 3},
        id="slider-arrow-keys",
    ),
    pytest.param(
        SLIDER, [click_at_end("slider", "howMuch")], {"howMuch": 10}, id="slider-mouse"
    ),
    pytest.param(
        SLIDER,
        [press_on("spinbutton", "howMuch", "ArrowUp", "ArrowUp", "ArrowUp")],
        {"howMuch": 4},
        id="slider-editable-stepper",
    ),
    pytest.param(
        '<crowd-slider name="level" min="0" max="100" value="40"></crowd-slider>',
        [],
        {"level": 40},
        id="slider-value-preset",
    ),
]


@pytest.mark.parametrize(("html", "steps", "expected"), ANSWER_CASES)
def test_worker_input_submits_documented_shape(
    page: Page, html: str, steps: list[Drive], expected: dict[str, Any]
) -> None:
    open_form(page, html)

    for step in steps:
        step(page)

    assert submit_and_read(page) == [expected]


REQUIRED_CASES = [
    pytest.param(
        '<crowd-input name="color" label="Colour" required></crowd-input>',
        type_into("textbox", "Colour", "pink"),
        {"color": "pink"},
        id="input",
    ),
    pytest.param(
        '<crowd-input name="word" label="Word" min-length="3" value="ab"></crowd-input>',
        type_into("textbox", "Word", "c"),
        {"word": "abc"},
        id="input-min-length",
    ),
    pytest.param(
        '<crowd-text-area name="essay" label="Essay" required></crowd-text-area>',
        type_into("textbox", "Essay", "Birds fly."),
        {"essay": "Birds fly."},
        id="text-area",
    ),
    pytest.param(
        '<crowd-checkbox name="verified" required>Instructions were clear</crowd-checkbox>',
        click("checkbox", "Instructions were clear"),
        {"verified": {"on": True}},
        id="checkbox",
    ),
    pytest.param(
        '<crowd-toggle-button name="agree" required></crowd-toggle-button>',
        click("switch", "agree"),
        {"agree": {"on": True}},
        id="toggle-button",
    ),
    pytest.param(
        '<crowd-slider name="howMuch" min="1" max="10" required></crowd-slider>',
        press_on("slider", "howMuch", "ArrowRight"),
        {"howMuch": 2},
        id="slider",
    ),
    pytest.param(
        '<crowd-input name="e" label="Email" type="email" value="bad"></crowd-input>',
        type_into("textbox", "Email", "@example.org"),
        {"e": "bad@example.org"},
        id="input-type-email",
    ),
    pytest.param(
        CLASSIFIER, keys("1"), {"animal": {"label": "Cat"}}, id="classifier-choice"
    ),
    pytest.param(MULTI, keys("4"), {"tags": {"labels": []}}, id="multi-select-choice"),
]


@pytest.mark.parametrize(("html", "satisfy", "expected"), REQUIRED_CASES)
def test_required_blocks_submit_until_satisfied(
    page: Page, html: str, satisfy: Drive, expected: dict[str, Any]
) -> None:
    open_form(page, html)

    press_submit(page)
    expect(page.locator("[data-gt-form-message]")).to_be_visible()
    blocked = submission_count(page)
    satisfy(page)

    assert blocked == 0
    assert submit_and_read(page) == [expected]


def test_required_slider_with_preset_value_submits_untouched(page: Page) -> None:
    open_form(
        page,
        '<crowd-slider name="s" min="0" max="5" value="2" required></crowd-slider>',
    )

    assert submit_and_read(page) == [{"s": 2}]


def test_input_auto_validate_shows_error_message_while_typing(page: Page) -> None:
    open_form(
        page,
        '<crowd-input name="n" label="Name" min-length="4" auto-validate'
        ' error-message="Too short"></crowd-input>',
    )

    type_into("textbox", "Name", "ab")(page)

    expect(page.get_by_role("alert").filter(has_text="Too short")).to_be_visible()
    expect(page.get_by_role("textbox", name="Name")).to_have_attribute(
        "aria-invalid", "true"
    )


RESET_PAGE = (
    '<crowd-input name="word" label="Word" value="start"></crowd-input>'
    '<crowd-text-area name="essay" label="Essay"></crowd-text-area>'
    '<crowd-checkbox name="box" checked>Box</crowd-checkbox>'
    '<crowd-toggle-button name="tog"></crowd-toggle-button>'
    '<crowd-slider name="s" min="0" max="10" value="5"></crowd-slider>'
    '<crowd-radio-group><crowd-radio-button name="r" value="a">A</crowd-radio-button></crowd-radio-group>'
    + CLASSIFIER
    + MULTI
    + '<crowd-button form-action="reset">Reset</crowd-button>'
)


def test_reset_button_restores_every_default(page: Page) -> None:
    open_form(page, RESET_PAGE)
    type_into("textbox", "Word", " more")(page)
    type_into("textbox", "Essay", "text")(page)
    for role, name in [
        ("checkbox", "Box"),
        ("switch", "tog"),
        ("radio", "A"),
        ("radio", "Dog"),
    ]:
        click(role, name)(page)
    click("checkbox", "Green")(page)
    press_on("slider", "s", "ArrowLeft")(page)

    click("button", "Reset")(page)
    click("radio", "Cat")(page)
    click("checkbox", "Red")(page)

    assert submit_and_read(page) == [
        {
            "word": "start",
            "box": {"on": True},
            "tog": {"on": False},
            "s": 5,
            "r": {"a": False},
            "animal": {"label": "Cat"},
            "tags": {"labels": ["Red"]},
        }
    ]


DISABLED_CASES = [
    pytest.param(
        '<crowd-input name="a" label="A" disabled></crowd-input>',
        "textbox",
        "A",
        id="input",
    ),
    pytest.param(
        '<crowd-text-area name="a" label="A" disabled></crowd-text-area>',
        "textbox",
        "A",
        id="text-area",
    ),
    pytest.param(
        '<crowd-checkbox name="a" disabled>A</crowd-checkbox>',
        "checkbox",
        "A",
        id="checkbox",
    ),
    pytest.param(
        '<crowd-radio-button name="a" disabled>A</crowd-radio-button>',
        "radio",
        "A",
        id="radio",
    ),
    pytest.param(
        '<crowd-toggle-button name="A" disabled></crowd-toggle-button>',
        "switch",
        "A",
        id="toggle",
    ),
    pytest.param(
        '<crowd-slider name="A" disabled></crowd-slider>', "slider", "A", id="slider"
    ),
    pytest.param("<crowd-button disabled>A</crowd-button>", "button", "A", id="button"),
    pytest.param('<crowd-fab label="A" disabled></crowd-fab>', "button", "A", id="fab"),
    pytest.param(
        '<crowd-icon-button icon="delete" title="A" disabled></crowd-icon-button>',
        "button",
        "A",
        id="icon-button",
    ),
    pytest.param(
        '<crowd-classifier name="c" categories="[\'A\']" disabled></crowd-classifier>',
        "radio",
        "A",
        id="classifier",
    ),
]


@pytest.mark.parametrize(("html", "role", "name"), DISABLED_CASES)
def test_disabled_attribute_disables_the_control(
    page: Page, html: str, role: str, name: str
) -> None:
    open_form(page, html)

    expect(page.get_by_role(role, name=name, exact=True)).to_be_disabled()  # type: ignore[arg-type]


def test_disabled_submit_button_does_not_submit(page: Page) -> None:
    open_form(
        page,
        '<crowd-input name="a" label="A"></crowd-input>'
        '<crowd-button form-action="submit" disabled>Send</crowd-button>'
        '<crowd-button form-action="submit">Submit</crowd-button>',
    )
    type_into("textbox", "A", "x")(page)

    page.get_by_role("button", name="Send").click(force=True)
    page.keyboard.press("Tab")

    assert submission_count(page) == 0
    assert submit_and_read(page) == [{"a": "x"}]


def test_disabled_classifier_ignores_number_keys(page: Page) -> None:
    open_form(
        page,
        "<crowd-classifier name=\"c\" categories=\"['A', 'B']\" disabled></crowd-classifier>",
    )

    keys("2")(page)

    expect(page.get_by_role("radio", name="B")).not_to_be_checked()


NATIVE_INSIDE_CASES = [
    pytest.param(
        '<crowd-classifier name="c" categories="[\'A\']"><classification-target>'
        '<input name="extra" aria-label="Extra"></classification-target></crowd-classifier>',
        {"c": {"label": "A"}, "extra": "typed"},
        id="classification-target",
    ),
    pytest.param(
        '<crowd-tabs><crowd-tab header="One">one</crowd-tab><crowd-tab header="Two">'
        '<input name="extra" aria-label="Extra"></crowd-tab></crowd-tabs>',
        {"extra": "typed"},
        id="tab",
    ),
    pytest.param(
        '<crowd-card heading="Card"><input name="extra" aria-label="Extra"></crowd-card>',
        {"extra": "typed"},
        id="card",
    ),
    pytest.param(
        '<crowd-modal link-text="Open"><input name="extra" aria-label="Extra"></crowd-modal>',
        {"extra": "typed"},
        id="modal",
    ),
]


@pytest.mark.parametrize(("html", "expected"), NATIVE_INSIDE_CASES)
def test_native_controls_in_slotted_content_are_submitted(
    page: Page, html: str, expected: dict[str, Any]
) -> None:
    open_form(page, html)
    for opener in [("radio", "A"), ("tab", "Two"), ("button", "Open")]:
        control = page.get_by_role(opener[0], name=opener[1], exact=True)  # type: ignore[arg-type]
        if control.count():
            control.click()

    type_into("textbox", "Extra", "typed")(page)
    if page.get_by_role("dialog").count():
        click("button", "Close")(page)

    assert submit_and_read(page) == [expected]


ACCESSIBLE_CASES = [
    pytest.param(
        '<crowd-alert type="error">Bad input</crowd-alert>',
        "alert",
        "",
        "Bad input",
        id="alert-error",
    ),
    pytest.param(
        "<crowd-alert>Note this</crowd-alert>",
        "status",
        "",
        "Note this",
        id="alert-info-default",
    ),
    pytest.param(
        "<crowd-instructions></crowd-instructions>",
        "button",
        "Click for instructions",
        "",
        id="instructions-default",
    ),
    pytest.param(
        '<crowd-instructions link-text="Help" link-type="button"></crowd-instructions>',
        "button",
        "Help",
        "",
        id="instructions-link-text",
    ),
    pytest.param(
        "<crowd-modal>Body</crowd-modal>",
        "button",
        "Click to open modal",
        "",
        id="modal-default",
    ),
    pytest.param(
        '<crowd-card heading="Summary card">Inside</crowd-card>',
        "region",
        "Summary card",
        "Inside",
        id="card",
    ),
    pytest.param(
        '<crowd-card heading="Pic" image="data:image/gif;base64,R0lGODlhAQABAAAAACw=">x</crowd-card>',
        "img",
        "Pic",
        "",
        id="card-image",
    ),
    pytest.param(
        '<crowd-tabs><crowd-tab header="First">One</crowd-tab></crowd-tabs>',
        "tab",
        "First",
        "First",
        id="tab",
    ),
    pytest.param(
        '<crowd-tabs><crowd-tab header="First">One</crowd-tab></crowd-tabs>',
        "tabpanel",
        "First",
        "One",
        id="tabpanel",
    ),
    pytest.param(
        '<crowd-toast text="Saved" opened duration="0"></crowd-toast>',
        "status",
        "",
        "Saved",
        id="toast-text",
    ),
    pytest.param(
        '<crowd-toast opened duration="0">From content</crowd-toast>',
        "status",
        "",
        "From content",
        id="toast-content",
    ),
    pytest.param(
        '<span id="t">x</span><crowd-badge for="t" label="3"></crowd-badge>',
        "img",
        "3",
        "",
        id="badge-label",
    ),
    pytest.param(
        '<crowd-badge icon="star" label="9"></crowd-badge>',
        "img",
        "9",
        "",
        id="badge-icon-over-label",
    ),
    pytest.param(
        '<crowd-fab icon="add" title="Add item"></crowd-fab>',
        "button",
        "Add item",
        "",
        id="fab-title",
    ),
    pytest.param(
        '<crowd-fab label="+"></crowd-fab>', "button", "+", "", id="fab-label"
    ),
    pytest.param(
        '<crowd-icon-button icon="delete"></crowd-icon-button>',
        "button",
        "delete",
        "",
        id="icon-button",
    ),
    pytest.param(
        '<crowd-icon-button icon="https://x.test/zoom-in.png"></crowd-icon-button>',
        "button",
        "zoom in",
        "",
        id="icon-button-url",
    ),
    pytest.param(
        '<crowd-button icon="search"></crowd-button>',
        "button",
        "search",
        "",
        id="button-icon-only",
    ),
    pytest.param(
        '<crowd-button variant="link" href="#top" target="_self">Top</crowd-button>',
        "link",
        "Top",
        "Top",
        id="button-href",
    ),
    pytest.param(
        "<crowd-button loading>Wait</crowd-button>",
        "button",
        "Wait",
        "",
        id="button-loading",
    ),
    pytest.param(
        '<crowd-slider name="n" aria-label="Loudness"></crowd-slider>',
        "slider",
        "Loudness",
        "",
        id="slider-aria-label",
    ),
]


@pytest.mark.parametrize(("html", "role", "name", "text"), ACCESSIBLE_CASES)
def test_element_renders_with_accessible_role_and_name(
    page: Page, html: str, role: str, name: str, text: str
) -> None:
    open_form(page, html)

    control = page.get_by_role(role, name=name or None, exact=True)  # type: ignore[arg-type]

    expect(control).to_be_visible()
    assert text in flat_text(control)


def test_every_element_reports_ready(page: Page) -> None:
    open_form(page, RESET_PAGE + "".join(case.values[0] for case in ACCESSIBLE_CASES))

    tags = page.evaluate(
        "[...document.querySelectorAll('*')].filter((n) => n.localName.startsWith('crowd-'))"
        ".map((n) => n.localName)"
    )
    ready = page.evaluate("window.__gtReadyEvents.length")

    assert ready >= len(tags)


def test_alert_dismiss_button_hides_it(page: Page) -> None:
    open_form(page, '<crowd-alert type="warning" dismissible>Careful</crowd-alert>')

    click("button", "Dismiss")(page)

    expect(page.get_by_role("alert")).to_be_hidden()


def test_instructions_dialog_has_three_tabs_from_regions(page: Page) -> None:
    open_form(
        page,
        "<crowd-instructions><short-summary>Quick tip</short-summary>"
        "<detailed-instructions>Long text</detailed-instructions>"
        "<positive-example>Good one</positive-example><negative-example>Bad one</negative-example>"
        "</crowd-instructions>",
    )

    click("button", "Click for instructions")(page)
    dialog = page.get_by_role("dialog", name="Instructions")
    expect(dialog.get_by_role("tab")).to_have_text(
        ["Summary", "Detailed Instructions", "Examples"]
    )
    assert "Quick tip" in flat_text(dialog.get_by_role("tabpanel", name="Summary"))
    dialog.get_by_role("tab", name="Summary").press("End")

    expect(dialog.get_by_role("tab", name="Examples")).to_have_attribute(
        "aria-selected", "true"
    )
    examples = flat_text(dialog.get_by_role("tabpanel", name="Examples"))
    assert "Good one" in examples and "Bad one" in examples
    expect(dialog.get_by_role("tabpanel", name="Summary")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_modal_opens_its_content_and_closes(page: Page) -> None:
    open_form(
        page,
        '<crowd-modal link-text="Details" link-type="button"><p>Secret</p></crowd-modal>',
    )
    expect(page.get_by_role("dialog")).to_be_hidden()

    click("button", "Details")(page)
    assert "Secret" in flat_text(page.get_by_role("dialog", name="Details"))
    click("button", "Close")(page)

    expect(page.get_by_role("dialog")).to_be_hidden()


def test_tabs_switch_by_click_and_arrow_keys(page: Page) -> None:
    open_form(
        page,
        '<crowd-tabs><crowd-tab header="One">First body</crowd-tab>'
        '<crowd-tab header="Two">Second body</crowd-tab></crowd-tabs>',
    )

    click("tab", "Two")(page)
    expect(page.get_by_text("Second body")).to_be_visible()
    expect(page.get_by_text("First body")).to_be_hidden()
    page.keyboard.press("ArrowRight")

    expect(page.get_by_role("tab", name="One")).to_be_focused()
    expect(page.get_by_text("First body")).to_be_visible()


def test_toast_closes_after_duration_and_show_reopens_only_one(page: Page) -> None:
    open_form(
        page,
        '<crowd-toast id="a" text="First" duration="1500" opened></crowd-toast>'
        '<crowd-toast id="b" text="Second" duration="0"></crowd-toast>',
    )
    expect(page.get_by_role("status")).to_have_text("First")
    expect(page.get_by_role("status")).to_be_hidden()

    page.evaluate(
        "document.getElementById('a').show(); document.getElementById('b').show()"
    )

    expect(page.get_by_role("status")).to_have_text("Second")


def test_badge_sits_on_target_top_right_corner(page: Page) -> None:
    open_form(
        page,
        '<div id="target" style="width:200px;height:80px;margin:40px">box</div>'
        '<crowd-badge for="target" label="7"></crowd-badge>',
    )

    target = page.locator("#target").bounding_box()
    badge = page.get_by_role("img", name="7").bounding_box()

    assert target is not None and badge is not None
    assert abs(badge["x"] + badge["width"] / 2 - (target["x"] + target["width"])) <= 2
    assert abs(badge["y"] + badge["height"] / 2 - target["y"]) <= 2


@pytest.mark.parametrize(
    ("html", "name"),
    [
        pytest.param(
            '<crowd-fab icon="send" title="Send" onclick="this.closest(\'crowd-form\').submit()"></crowd-fab>',
            "Send",
            id="fab",
        ),
        pytest.param(
            '<crowd-icon-button icon="send" onclick="this.closest(\'crowd-form\').submit()"></crowd-icon-button>',
            "send",
            id="icon-button",
        ),
    ],
)
def test_click_handlers_on_buttons_can_submit_the_form(
    page: Page, html: str, name: str
) -> None:
    open_form(page, '<crowd-input name="a" label="A" value="v"></crowd-input>' + html)

    page.get_by_role("button", name=name, exact=True).click()

    assert submitted_answers(page) == [{"a": "v"}]


def test_keyboard_enter_on_crowd_button_submits(page: Page) -> None:
    open_form(
        page,
        '<crowd-checkbox name="c">C</crowd-checkbox><crowd-button form-action="submit">Go</crowd-button>',
    )

    click("checkbox", "C")(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    assert submitted_answers(page) == [{"c": {"on": True}}]


def test_classifier_change_event_and_settable_categories(page: Page) -> None:
    open_form(page, CLASSIFIER)
    page.evaluate(
        "const c = document.querySelector('crowd-classifier');"
        "c.categories = ['Excellent', 'Poor'];"
        "c.addEventListener('change', (e) => { window.__chosen = e.target.value; });"
    )

    click("radio", "Poor")(page)

    assert page.evaluate("window.__chosen") == "Poor"
    expect(page.get_by_role("radio", name="Cat")).to_have_count(0)
    assert submit_and_read(page) == [{"animal": {"label": "Poor"}}]


def test_classifier_regions_show_instructions_and_full_dialog(page: Page) -> None:
    open_form(page, CLASSIFIER)

    pane = page.get_by_role("complementary", name="Instructions")
    assert "Choose the animal." in flat_text(pane)
    click("button", "View full instructions")(page)

    assert "Dogs bark." in flat_text(page.get_by_role("dialog", name="Animal rules"))


def test_number_keys_are_ignored_while_typing(page: Page) -> None:
    open_form(page, CLASSIFIER + '<crowd-input name="n" label="Note"></crowd-input>')

    type_into("textbox", "Note", "12")(page)
    click("radio", "Bird")(page)

    assert submit_and_read(page) == [{"animal": {"label": "Bird"}, "n": "12"}]


@pytest.mark.parametrize(
    ("html", "warning"),
    [
        pytest.param(
            '<crowd-input name="a" label="A"/><p>After</p>',
            "close it with </crowd-input>",
            id="self-closed-input",
        ),
        pytest.param(
            '<crowd-text-area name="a"/><p>After</p>',
            "close it with </crowd-text-area>",
            id="self-closed-text-area",
        ),
        pytest.param(
            '<crowd-radio-group><crowd-radio-button name="r" required>R</crowd-radio-button>'
            "</crowd-radio-group>",
            'does not support "required"',
            id="required-radio-button",
        ),
    ],
)
def test_unsupported_markup_warns_on_the_console(
    page: Page, html: str, warning: str
) -> None:
    open_form(page, html)

    assert any(warning in message for message in console_warnings(page))


def test_controls_work_inlined_into_one_page_from_a_file_url(
    page: Page, tmp_path: Path
) -> None:
    template = (
        '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'
        f"<crowd-form>{CHECKBOXES}{RESET_PAGE}</crowd-form>"
    )
    target = tmp_path / "page.html"
    target.write_text(make_standalone(template, None), encoding="utf-8")
    page.add_init_script(RECORDER_SCRIPT)
    page.goto(target.as_uri())
    page.wait_for_function("window.__gtAllReady > 0")

    page.keyboard.press("2")
    click("checkbox", "Too Dim")(page)
    click("checkbox", "Red")(page)

    assert submit_and_read(page) == [
        {
            "animal": {"label": "Dog"},
            "image_attributes": {"blurry": False, "dim": True, "exposed": False},
            "word": "start",
            "box": {"on": True},
            "tog": {"on": False},
            "s": 5,
            "r": {"a": False},
            "tags": {"labels": ["Red"]},
        }
    ]


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            '<crowd-input name="a" label="Field" auto-focus></crowd-input>', id="input"
        ),
        pytest.param(
            '<crowd-text-area name="a" label="Field" auto-focus></crowd-text-area>',
            id="text-area",
        ),
    ],
)
def test_auto_focus_puts_the_caret_in_the_field(page: Page, html: str) -> None:
    open_form(page, html)

    page.keyboard.type("hi")

    expect(page.get_by_role("textbox", name="Field")).to_have_value("hi")


def test_text_area_char_counter_counts_typed_characters(page: Page) -> None:
    open_form(
        page,
        '<crowd-text-area name="a" label="Field" char-counter max-length="20"></crowd-text-area>',
    )

    type_into("textbox", "Field", "abc")(page)

    expect(page.locator("crowd-text-area .counter")).to_have_text("3/20")


def test_slider_pin_shows_the_value_over_the_knob(page: Page) -> None:
    open_form(page, SLIDER)

    press_on("slider", "howMuch", "ArrowRight", "ArrowRight")(page)

    expect(page.locator("crowd-slider .pin")).to_have_text("3")
    expect(page.get_by_role("spinbutton", name="howMuch")).to_have_value("3")


def test_sample_can_extend_the_category_picker_and_follow_changes(page: Page) -> None:
    open_form(page, CLASSIFIER)
    page.evaluate(
        """() => {
          const classifier = document.querySelector('crowd-classifier');
          const picker = classifier.shadowRoot.querySelector(
            '.annotation-area .category-picker-wrapper');
          const card = document.createElement('crowd-card');
          card.setAttribute('heading', 'More questions');
          picker.insertAdjacentElement('afterend', card);
          classifier.categories = ['Excellent', 'Good'];
          classifier.addEventListener('change', (e) => { card.textContent = e.target.value; });
        }"""
    )

    keys("2")(page)

    card = page.get_by_role("region", name="More questions")
    expect(card).to_be_visible()
    assert "Good" in flat_text(card)
