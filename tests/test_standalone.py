"""Standalone pages: element stand-ins and local S3 files inlined into one HTML file."""

from __future__ import annotations

import base64
import html as html_lib
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from elements_helpers import RECORDER_SCRIPT, attribute_json
from gt_templates.errors import TemplateError
from gt_templates.s3 import LocalPresigner, S3Folder
from gt_templates.standalone import (
    AWS_SCRIPT_PATTERN,
    ELEMENTS_DIR,
    element_files,
    elements_bundle,
    local_script_tag,
    make_standalone,
)

AWS_TAG = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'
IMPORT_FROM = re.compile(r"^import\b[^;]*?'\./(?P<file>[\w.\-]+\.js)'", re.M)
TOP_LEVEL_NAME = re.compile(
    r"^(?:export\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)",
    re.M,
)


def presigner() -> LocalPresigner:
    return LocalPresigner(
        base_url="http://127.0.0.1:5000", secret=b"test", clock=lambda: 1000
    )


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 128, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def s3_folder(tmp_path: Path) -> S3Folder:
    root = tmp_path / "s3"
    (root / "my-bucket" / "images").mkdir(parents=True)
    (root / "my-bucket" / "images" / "cat 1.png").write_bytes(png_bytes(40, 30))
    (root / "my-bucket" / "notes.txt").write_bytes(b"hello")
    return S3Folder(root)


def test_element_files_list_every_file_after_its_imports() -> None:
    files = element_files()
    names = [path.name for path in files]

    assert names[0] == "_support.js"
    assert names[-1] == "crowd-html-elements.js"
    assert len(set(names)) == len(names)
    for position, path in enumerate(files):
        for match in IMPORT_FROM.finditer(path.read_text(encoding="utf-8")):
            assert names.index(match["file"]) < position, (
                f"{path.name} before {match['file']}"
            )


def test_element_files_include_every_imported_element() -> None:
    entry = (ELEMENTS_DIR / "crowd-html-elements.js").read_text(encoding="utf-8")
    imported = {match["file"] for match in IMPORT_FROM.finditer(entry)}

    assert imported <= {path.name for path in element_files()}
    assert {"crowd-form.js", "crowd-image-classifier.js"} <= imported


def test_top_level_names_are_unique_across_element_files() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for path in element_files():
        for name in TOP_LEVEL_NAME.findall(path.read_text(encoding="utf-8")):
            if name in seen:
                clashes.append(f"{name} in {seen[name]} and {path.name}")
            seen[name] = path.name

    assert clashes == []


def test_element_files_use_only_single_line_imports_and_plain_exports() -> None:
    problems = []
    for path in element_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("import ") and not line.rstrip().endswith(";"):
                problems.append(f"{path.name}:{number}: multi-line import")
            if line.startswith("export ") and not re.match(
                r"export (async )?(function|class|const|let) ", line
            ):
                problems.append(f"{path.name}:{number}: {line}")

    assert problems == []


@pytest.mark.parametrize(
    "tag",
    [
        AWS_TAG,
        "<script src='https://assets.crowd.aws/crowd-html-elements.js'></script>",
        '<SCRIPT type="text/javascript" src="https://assets.crowd.aws/crowd-html-elements-v2.js" >'
        "</SCRIPT>",
        local_script_tag("http://127.0.0.1:5000/elements/"),
        local_script_tag("/elements"),
    ],
    ids=[
        "aws",
        "aws-single-quotes",
        "aws-v2-upper-case",
        "local-absolute",
        "local-relative",
    ],
)
def test_make_standalone_replaces_the_elements_script_with_one_inline_module(
    tag: str,
) -> None:
    page = make_standalone(
        f"<html><head>{tag}</head><body><crowd-form></crowd-form></body></html>", None
    )

    assert "assets.crowd.aws" not in page
    assert "modulepreload" not in page
    assert "crowd-html-elements.js" not in page.split("<body>")[0].split("// ----")[0]
    assert page.count('<script type="module">') == 1
    assert page.count("</script>") == 1
    assert "\nimport " not in page
    assert "\nexport " not in page
    assert "class CrowdForm extends HTMLElement" in page


def test_make_standalone_keeps_one_script_when_both_tags_are_present() -> None:
    page = make_standalone(AWS_TAG + local_script_tag("/elements") + AWS_TAG, None)

    assert page.count("<script") == 1


def test_local_script_tag_loads_only_the_entry_module() -> None:
    assert local_script_tag("/elements/") == (
        '<script type="module" src="/elements/crowd-html-elements.js"></script>'
    )


def test_elements_bundle_holds_every_element_file_without_imports() -> None:
    bundle = elements_bundle()

    for path in element_files():
        assert f"// ---- {path.name}\n" in bundle
    assert "\nimport " not in bundle
    assert "\nexport " not in bundle


def test_aws_script_pattern_leaves_other_scripts_alone() -> None:
    assert (
        AWS_SCRIPT_PATTERN.search('<script src="https://example.com/app.js"></script>')
        is None
    )
    assert AWS_SCRIPT_PATTERN.search(AWS_TAG) is not None


@pytest.mark.parametrize(
    "escape",
    [
        lambda url: url,
        html_lib.escape,
        lambda url: json.dumps(url).replace("&", "\\u0026")[1:-1],
    ],
    ids=["raw", "html-escaped", "json-escaped"],
)
def test_make_standalone_inlines_presigned_files_as_data_uris(
    s3_folder: S3Folder, escape: object
) -> None:
    url = presigner()("my-bucket", "images/cat 1.png")
    text_url = presigner()("my-bucket", "notes.txt")
    assert callable(escape)
    html = f'{AWS_TAG}<img src="{escape(url)}"><a href="{escape(text_url)}">n</a><i>{escape(url)}</i>'

    page = make_standalone(html, s3_folder)

    expected = "data:image/png;base64," + base64.b64encode(png_bytes(40, 30)).decode()
    assert f'<img src="{expected}">' in page
    assert f"<i>{expected}</i>" in page
    assert 'href="data:text/plain;base64,aGVsbG8="' in page
    assert "/s3/" not in page


def test_make_standalone_names_the_missing_object_and_the_folder(
    s3_folder: S3Folder,
) -> None:
    url = presigner()("my-bucket", "missing/dog.jpg")
    html = f"{AWS_TAG}\n<p>\n  <img src='{url}'>\n</p>"

    with pytest.raises(TemplateError) as raised:
        make_standalone(html, s3_folder, path="verify.liquid.html")

    message = str(raised.value)
    assert "verify.liquid.html:3:13" in message
    assert "s3://my-bucket/missing/dog.jpg" in message
    assert str(s3_folder.root) in message


def test_make_standalone_without_a_folder_leaves_urls_alone() -> None:
    url = presigner()("my-bucket", "a.png")

    assert url in make_standalone(f"<img src='{url}'>", None)


@pytest.mark.browser
def test_standalone_page_works_from_a_file_url(
    page: Page, tmp_path: Path, s3_folder: S3Folder
) -> None:
    image = presigner()("my-bucket", "images/cat 1.png")
    overlay = {
        "boundingBox": {
            "labels": ["cat"],
            "value": [{"label": "cat", "left": 2, "top": 2, "width": 20, "height": 10}],
        }
    }
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'>{AWS_TAG}</head><body>"
        f'<crowd-form><crowd-image-classifier name="verify" src="{html_lib.escape(image)}" '
        f"categories=\"['yes', 'no']\" overlay=\"{attribute_json(overlay)}\">"
        "</crowd-image-classifier></crowd-form></body></html>"
    )
    output = tmp_path / "page.html"
    output.write_text(make_standalone(html, s3_folder), encoding="utf-8")
    page.add_init_script(RECORDER_SCRIPT)

    page.goto(output.as_uri())
    page.wait_for_function("window.__gtAllReady > 0")
    natural_width = page.locator("crowd-image-classifier").evaluate(
        "(el) => el.shadowRoot.querySelector('img').naturalWidth"
    )
    page.keyboard.press("2")
    page.get_by_role("button", name="Submit").click()

    assert natural_width == 40
    page.wait_for_function("window.__gtSubmissions.length > 0")
    assert page.evaluate("window.__gtSubmissions") == [[{"verify": {"label": "no"}}]]
    expect(page.locator("pre[data-gt-answer]")).to_be_visible()
