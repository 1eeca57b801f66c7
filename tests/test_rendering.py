"""The Ground Truth Liquid dialect and RenderUiTemplate's result shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup

from gt_templates import ground_truth_environment, render_ui_template
from gt_templates.s3 import LocalPresigner, parse_s3_uri

PEACH = "Have you read 'James & the Giant Peach'?"
PEACH_ESCAPED = "Have you read &#39;James &amp; the Giant Peach&#39;?"

AWKWARD_LABELS = [
    'say "hi"',
    "it's",
    "a & b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "naïve café 車",
    "line\nbreak",
    "back\\slash",
    "",
]

DIALECT_CASES = [
    ("autoescape", "{{ task.input.text }}", {"text": PEACH}, PEACH_ESCAPED),
    (
        "escape_matches_aws",
        "{{ task.input.text | escape }}",
        {"text": PEACH},
        PEACH_ESCAPED,
    ),
    (
        "escape_once_keeps_entities",
        "{{ task.input.text | escape_once }}",
        {"text": "Have you read 'James &amp; the Giant Peach'?"},
        PEACH_ESCAPED,
    ),
    (
        "skip_autoescape_raw",
        "{{ task.input.text | skip_autoescape }}",
        {"text": PEACH},
        PEACH,
    ),
    (
        "html_escaped_once",
        "{{ task.input.html }}",
        {"html": "<b>&amp;</b>"},
        "&lt;b&gt;&amp;amp;&lt;/b&gt;",
    ),
    (
        "hyphenated_dot_path",
        "{{ task.input.source-ref }}",
        {"source-ref": "s3://bucket/a.jpg"},
        "s3://bucket/a.jpg",
    ),
    (
        "hyphenated_metadata_key",
        "{{ task.input.manifestLine.label-ref-metadata.type }}",
        {
            "manifestLine": {
                "label-ref-metadata": {"type": "groundtruth/semantic-segmentation"}
            }
        },
        "groundtruth/semantic-segmentation",
    ),
    (
        "bracket_access",
        "{{ task.input.manifestLine['bbox-metadata']['class-map']['0'] }}",
        {"manifestLine": {"bbox-metadata": {"class-map": {"0": "dog"}}}},
        "dog",
    ),
    (
        "hash_iteration_pairs",
        "{% for item in task.input.map %}{{ item[0] }}={{ item[1]['class-name'] }};{% endfor %}",
        {"map": {"0": {"class-name": "BACKGROUND"}, "1": {"class-name": "road"}}},
        "0=BACKGROUND;1=road;",
    ),
    (
        "integer_key_misses_string_key",
        "[{{ task.input.map[0] }}]",
        {"map": {"0": "dog"}},
        "[]",
    ),
    (
        "capture_class_map_recipe",
        "{% for box in task.input.boxes %}{% capture id %}{{ box.class_id }}{% endcapture %}"
        "{% assign label = task.input.map[id] %}{{ label | to_json }},{% endfor %}",
        {"boxes": [{"class_id": 0}, {"class_id": 5}], "map": {"0": "dog", "5": "bone"}},
        "&#34;dog&#34;,&#34;bone&#34;,",
    ),
    (
        "internal_color_map_recipe",
        "{% for e in task.input.m %}{% if e[1]['class-name'] != 'BACKGROUND' %}"
        "{{ e[1]['class-name'] | to_json }}: { 'color': {{ e[1]['hex-color'] | to_json }} },"
        "{% endif %}{% endfor %}",
        {
            "m": {
                "0": {"class-name": "BACKGROUND", "hex-color": "#ffffff"},
                "1": {"class-name": "road", "hex-color": "#2acf59"},
            }
        },
        "&#34;road&#34;: { 'color': &#34;#2acf59&#34; },",
    ),
    ("undefined_renders_empty", "[{{ task.input.nothing.deeper }}]", {}, "[]"),
    ("to_json_number", "{{ task.input.n | to_json }}", {"n": 8}, "8"),
    ("to_json_undefined_is_null", "{{ task.input.nope | to_json }}", {}, "null"),
    ("standard_filter", "{{ task.input.t | downcase }}", {"t": "CAT"}, "cat"),
]


@pytest.mark.parametrize(
    ("template", "task_input", "expected"),
    [case[1:] for case in DIALECT_CASES],
    ids=[case[0] for case in DIALECT_CASES],
)
def test_dialect_renders_like_ground_truth(
    template: str, task_input: dict[str, Any], expected: str
) -> None:
    result = render_ui_template(template, task_input)

    assert result.errors == []
    assert result.rendered_content == expected


ATTRIBUTE_TEMPLATES = [
    ("to_json", '<x data="{{ task.input.v | to_json }}"></x>'),
    ("to_json_escape", '<x data="{{ task.input.v | to_json | escape }}"></x>'),
]
ATTRIBUTE_VALUES = [
    ("labels", AWKWARD_LABELS),
    ("object", {"label": 'q"uote', "left": 1, "nested": {"k": ["<", "&", "'"]}}),
    ("string", "a\"b'c&d<e>f\n"),
    ("entity_lookalike", "&amp; &quot; &#39;"),
]


@pytest.mark.parametrize(
    "template",
    [t for _, t in ATTRIBUTE_TEMPLATES],
    ids=[n for n, _ in ATTRIBUTE_TEMPLATES],
)
@pytest.mark.parametrize(
    "value", [v for _, v in ATTRIBUTE_VALUES], ids=[n for n, _ in ATTRIBUTE_VALUES]
)
def test_json_in_double_quoted_attribute_round_trips(
    template: str, value: object
) -> None:
    result = render_ui_template(template, {"v": value})

    attribute = BeautifulSoup(result.rendered_content, "html.parser").find("x")["data"]
    assert json.loads(attribute) == value


@pytest.mark.parametrize(
    "uri",
    [
        "s3://my-bucket/images/cat.jpg",
        "https://s3.amazonaws.com/my-bucket/images/cat.jpg",
        "https://s3.us-west-2.amazonaws.com/my-bucket/images/cat.jpg",
        "https://my-bucket.s3.amazonaws.com/images/cat.jpg",
        "https://my-bucket.s3.eu-west-1.amazonaws.com/images/cat.jpg",
        "https://my-bucket.s3-eu-west-1.amazonaws.com/images/cat.jpg",
    ],
)
def test_grant_read_access_accepts_s3_uris_and_urls(uri: str) -> None:
    presigner = LocalPresigner(base_url="http://local.test", secret=b"k")

    result = render_ui_template(
        "{{ task.input.u | grant_read_access }}", {"u": uri}, presigner=presigner
    )

    assert result.errors == []
    assert result.rendered_content.startswith(
        "http://local.test/s3/my-bucket/images/cat.jpg?"
    )
    assert parse_s3_uri(uri) == ("my-bucket", "images/cat.jpg")


@pytest.mark.parametrize(
    "value",
    [
        " ",
        "",
        "http://example.com/cat.jpg",
        "s3://",
        "s3://bucket",
        "cat.jpg",
        "s3:/b/k",
    ],
)
def test_grant_read_access_rejects_anything_else(value: str) -> None:
    result = render_ui_template(
        "\n  {{ task.input.u | grant_read_access }}", {"u": value}
    )

    assert result.rendered_content == ""
    assert result.to_api()["Errors"] == [
        {
            "Code": "InvalidParameters",
            "Message": f'"grant_read_access" input is not a valid S3 URI: "{value}".',
        }
    ]
    assert (result.errors[0].line, result.errors[0].col) == (2, 3)


@pytest.mark.parametrize("task_input", [{"u": None}, {}], ids=["null", "missing"])
def test_grant_read_access_names_nil_as_empty_text(task_input: dict[str, None]) -> None:
    result = render_ui_template("{{ task.input.u | grant_read_access }}", task_input)

    assert result.to_api()["Errors"] == [
        {
            "Code": "InvalidParameters",
            "Message": '"grant_read_access" input is not a valid S3 URI: "".',
        }
    ]


def test_local_presigned_url_verifies_until_it_expires() -> None:
    now = [1_000_000.0]
    presigner = LocalPresigner(
        base_url="http://h", secret=b"s", expires_in=60, clock=lambda: now[0]
    )
    url = presigner("bucket", "a/b.png")
    query = dict(part.split("=") for part in url.split("?")[1].split("&"))

    assert presigner.verify(
        "bucket", "a/b.png", query["X-Gt-Expires"], query["X-Gt-Signature"]
    )
    assert not presigner.verify(
        "bucket", "a/c.png", query["X-Gt-Expires"], query["X-Gt-Signature"]
    )
    now[0] += 61
    assert not presigner.verify(
        "bucket", "a/b.png", query["X-Gt-Expires"], query["X-Gt-Signature"]
    )


LIMIT_CASES = [
    ("template_too_long", "x" * 128_001, "{}", "uiTemplate.content"),
    ("template_empty", "", "{}", "uiTemplate.content"),
    ("input_too_long", "x", json.dumps({"t": "y" * 128_000}), "task.input"),
    ("input_too_short", "x", "{", "task.input"),
]


@pytest.mark.parametrize(
    ("template", "task_input", "member"),
    [case[1:] for case in LIMIT_CASES],
    ids=[case[0] for case in LIMIT_CASES],
)
def test_api_length_limits_come_back_as_errors(
    template: str, task_input: str, member: str
) -> None:
    result = render_ui_template(template, task_input)

    assert [error.code for error in result.errors] == ["ValidationException"]
    assert member in result.errors[0].message


def test_limits_allow_exactly_128000_characters() -> None:
    result = render_ui_template("x" * 128_000, "{}")

    assert result.ok


SYNTAX_CASES = [
    ("unclosed_output", "<p>\n  {{ task.input.x </p>", (2, 3)),
    ("unclosed_if", "<p>\n<b>{% if task.input.x %}</b>", (2, 4)),
    ("empty_filter", "a\nb\n  {{ task.input.x | }}", (3, 19)),
    ("unknown_tag", "a\n{% nosuchtag %}", (2, 4)),
    ("jinja_set", "{% set x = 1 %}", (1, 4)),
]


@pytest.mark.parametrize(
    ("template", "position"),
    [case[1:] for case in SYNTAX_CASES],
    ids=[case[0] for case in SYNTAX_CASES],
)
def test_syntax_errors_carry_line_and_column(
    template: str, position: tuple[int, int]
) -> None:
    result = render_ui_template(template, "{}")

    assert [error.code for error in result.errors] == ["TemplateSyntaxError"]
    assert (result.errors[0].line, result.errors[0].col) == position
    assert f"line {position[0]}, column {position[1]}" in result.errors[0].message


BAD_INPUTS = [
    ("not_json", "{'a': 1}"),
    ("truncated", '{"a": '),
]


@pytest.mark.parametrize(
    "task_input", [v for _, v in BAD_INPUTS], ids=[n for n, _ in BAD_INPUTS]
)
def test_bad_task_input_is_an_error_not_an_exception(task_input: str) -> None:
    result = render_ui_template("{{ task.input.a }}", task_input)

    assert result.errors[0].code == "ValidationException"
    assert result.to_api()["RenderedContent"] == ""


def test_unknown_filter_is_a_rendering_error() -> None:
    result = render_ui_template("a\n  {{ task.input.x | nosuch }}", {"x": 1})

    assert result.errors[0].code == "RenderingError"
    assert (result.errors[0].line, result.errors[0].col) == (2, 21)


def test_api_shape_on_success() -> None:
    assert render_ui_template("<p>{{ task.input.a }}</p>", '{"a": 1}').to_api() == {
        "RenderedContent": "<p>1</p>",
        "Errors": [],
    }


def test_environment_without_autoescape_is_plain_liquid() -> None:
    env = ground_truth_environment(autoescape=False)

    assert env.from_string("{{ x }}|{{ x | to_json }}").render(x="<a>") == '<a>|"<a>"'
