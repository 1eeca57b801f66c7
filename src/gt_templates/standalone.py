"""Self-contained worker pages: the element stand-ins and local S3 files inlined."""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path
from urllib.parse import unquote

from .errors import Problem, TemplateError
from .s3 import EXPIRES_PARAM, SIGNATURE_PARAM, S3Folder, content_type

ELEMENTS_DIR = Path(__file__).parent / "elements"
ENTRY_FILE = "crowd-html-elements.js"

AWS_SCRIPT_PATTERN = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*[\"']?https?://assets\.crowd\.aws/"
    r"crowd-html-elements(?:-v2)?\.js[\"']?[^>]*>\s*</script\s*>",
    re.IGNORECASE,
)
_LOCAL_SCRIPT_PATTERN = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*[\"'][^\"'>]*/crowd-html-elements\.js[\"'][^>]*>\s*</script\s*>",
    re.IGNORECASE,
)

# Element files import each other with `import ... from './x.js';` or
# `import './x.js';`, possibly spread over several lines.
_IMPORT = re.compile(
    r"^import\b[^;]*?['\"]\./(?P<file>[\w.\-]+\.js)['\"]\s*;[ \t]*\n?", re.M
)
_EXPORT = re.compile(r"^export\s+(?=(?:async\s+)?(?:function|class|const|let)\b)", re.M)

# The URL shape LocalPresigner produces, as it may appear in a rendered page:
# raw, HTML-escaped (&amp;) or JSON-escaped (\u0026) between its parameters.
_AMP = r"(?:&amp;|&#38;|&#x26;|\\u0026|&)"
_PRESIGNED_URL = re.compile(
    r"(?:https?://[^/\s\"'<>]+)?/s3/(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/"
    r"(?P<key>[^?\s\"'<>]+)\?"
    rf"{EXPIRES_PARAM}=\d+{_AMP}{SIGNATURE_PARAM}=[0-9a-f]+"
)


def local_script_tag(base_url: str) -> str:
    """Return the tag that loads the stand-ins from ``base_url`` (the elements folder URL).

    A server of that folder answers the entry file with ``elements_bundle()``, so
    the page makes one request for all the elements instead of one per file.
    """
    base = base_url.rstrip("/")
    return f'<script type="module" src="{base}/{ENTRY_FILE}"></script>'


def element_files() -> list[Path]:
    """Return the element files the entry module loads, each after its imports."""
    ordered: list[Path] = []
    _visit(ELEMENTS_DIR / ENTRY_FILE, ordered, set())
    return ordered


def _visit(path: Path, ordered: list[Path], seen: set[Path]) -> None:
    if path in seen:
        return
    seen.add(path)
    for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
        _visit(ELEMENTS_DIR / match["file"], ordered, seen)
    ordered.append(path)


def elements_bundle() -> str:
    """Return every element file as one JavaScript module, imports resolved."""
    files = element_files()
    return _bundle(tuple((path, path.stat().st_mtime_ns) for path in files))


@functools.lru_cache(maxsize=4)
def _bundle(files: tuple[tuple[Path, int], ...]) -> str:
    """Concatenate ``files``; the modification times make edits miss the cache."""
    parts = []
    for path, _ in files:
        source = _EXPORT.sub("", _IMPORT.sub("", path.read_text(encoding="utf-8")))
        parts.append(f"// ---- {path.name}\n{source}")
    return "\n".join(parts)


def inline_elements_script() -> str:
    """Return one ``<script type="module">`` holding every element file."""
    # Keep the HTML parser from ending or escaping the script early.
    code = elements_bundle().replace("</script", "<\\/script").replace("<!--", "<\\!--")
    return f'<script type="module">\n{code}</script>'


def make_standalone(
    html: str, s3_folder: S3Folder | None, *, path: str = "<template>"
) -> str:
    """Return ``html`` with the stand-ins inlined and presigned local files as data: URIs."""
    # Files first, so problem locations refer to the page as given.
    page = html if s3_folder is None else _inline_presigned_files(html, s3_folder, path)
    return _inline_elements(page)


def _inline_elements(html: str) -> str:
    """Replace the first elements script tag with the inline module; drop the others."""
    if not _element_script_tags(html):
        return html

    pieces = []
    position = 0
    for match in _element_script_tags(html):
        if match.start() < position:
            continue
        pieces.append(html[position : match.start()])
        if position == 0:
            pieces.append(inline_elements_script())
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def _element_script_tags(html: str) -> list[re.Match[str]]:
    """Return the AWS and local element script tags in document order."""
    found = [*AWS_SCRIPT_PATTERN.finditer(html), *_LOCAL_SCRIPT_PATTERN.finditer(html)]
    return sorted(found, key=lambda match: match.start())


def _inline_presigned_files(html: str, folder: S3Folder, path: str) -> str:
    """Replace every local presigned URL with the object's bytes as a data: URI."""
    problems: list[Problem] = []
    cache: dict[tuple[str, str], str] = {}

    def replace(match: re.Match[str]) -> str:
        bucket, key = match["bucket"], unquote(match["key"])
        if (bucket, key) not in cache:
            data = folder.read(bucket, key)
            if data is None:
                problems.append(
                    _missing_file(html, match.start(), path, bucket, key, folder)
                )
                return match[0]
            encoded = base64.b64encode(data).decode("ascii")
            cache[(bucket, key)] = f"data:{content_type(key)};base64,{encoded}"
        return cache[(bucket, key)]

    page = _PRESIGNED_URL.sub(replace, html)
    if problems:
        raise TemplateError(problems)
    return page


def _missing_file(
    html: str, offset: int, path: str, bucket: str, key: str, folder: S3Folder
) -> Problem:
    """Describe a presigned URL whose object is not in the local S3 folder."""
    line = html.count("\n", 0, offset) + 1
    col = offset - (html.rfind("\n", 0, offset) + 1) + 1
    return Problem(
        path,
        line,
        col,
        f"found a grant_read_access URL for s3://{bucket}/{key}, "
        f"expected the file {folder.root / bucket / key} in the local S3 folder {folder.root}",
        f"copy the object to {folder.root / bucket / key} or pass --s3-root with the folder that has it",
    )
