"""Read a template's source into located pieces: Liquid markup, HTML elements, scripts.

The HTML scan runs on a copy of the source in which every Liquid output is replaced
by private-use filler characters and every Liquid tag by spaces, both of the same
length, so positions stay exact and Liquid inside or between attributes neither
breaks the HTML parser nor invents attributes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

# Two alternating filler characters keep adjacent outputs ({{a}}{{b}}) apart.
FILLERS = ("\ue000", "\ue001")
_FILLER_RE = re.compile("[\ue000\ue001]")

_LIQUID_RE = re.compile(
    r"(?P<comment>\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
    r"|(?P<output>\{\{.*?\}\})"
    r"|(?P<tag>\{%.*?%\})",
    re.DOTALL,
)
_ATTRIBUTE_RE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_QUOTE_ENTITIES = {
    "&quot;": '"',
    "&#34;": '"',
    "&#x22;": '"',
    "&#39;": "'",
    "&#x27;": "'",
    "&apos;": "'",
}
_ENTITY_RE = re.compile(r"&(?:quot|apos|#34|#39|#x22|#x27);", re.IGNORECASE)


class LineIndex:
    """Converts between offsets and 1-based ``(line, column)`` positions."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, col0: int) -> int:
        """Return the offset of a 1-based line and 0-based column."""
        return self.starts[min(line, len(self.starts)) - 1] + col0


@dataclass(frozen=True)
class LiquidSpan:
    """One piece of Liquid markup in the source: an output or a tag."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def expression(self) -> str:
        """Return the markup without its delimiters and whitespace control."""
        return self.text[2:-2].strip("-").strip()


@dataclass(frozen=True)
class Attribute:
    """One attribute of a start tag, located in the source."""

    name: str
    value: str | None
    offset: int
    value_start: int
    value_end: int
    raw_value: str
    dynamic: bool


@dataclass
class Element:
    """One start tag in the source."""

    tag: str
    offset: int
    attributes: list[Attribute]
    self_closing: bool
    in_form: bool

    def get(self, name: str) -> Attribute | None:
        """Return the first attribute called ``name``, if any."""
        return next((a for a in self.attributes if a.name == name), None)


@dataclass
class SourceScan:
    """Everything the static checks need to know about a template's text."""

    text: str
    lines: LineIndex
    liquid: list[LiquidSpan]
    elements: list[Element] = field(default_factory=list)
    scripts: list[tuple[int, int]] = field(default_factory=list)

    def liquid_between(self, start: int, end: int) -> list[LiquidSpan]:
        """Return the Liquid spans that start inside ``[start, end)``."""
        starts = [span.start for span in self.liquid]
        low = bisect.bisect_left(starts, start)
        high = bisect.bisect_left(starts, end)
        return self.liquid[low:high]


def mask_liquid(text: str) -> tuple[str, list[LiquidSpan]]:
    """Return ``text`` with Liquid masked (same length) and the Liquid spans."""
    pieces: list[str] = []
    spans: list[LiquidSpan] = []
    last = 0
    outputs = 0

    for match in _LIQUID_RE.finditer(text):
        kind = match.lastgroup or "tag"
        chunk = match.group()
        pieces.append(text[last : match.start()])

        if kind == "output":
            fill = FILLERS[outputs % 2]
            outputs += 1
            pieces.append(re.sub(r"[^\n]", fill, chunk))
        else:
            pieces.append(re.sub(r"[^\n]", " ", chunk))

        spans.append(LiquidSpan(kind, match.start(), match.end(), chunk))
        last = match.end()

    pieces.append(text[last:])
    return "".join(pieces), spans


class _Scanner(HTMLParser):
    """Collects start tags with attribute positions, crowd-form nesting and scripts."""

    def __init__(self, scan: SourceScan, masked: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.masked = masked
        self.form_depth = 0
        self.script_start = -1

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.scan.lines.offset(line, col)

    def _element(self, tag: str, self_closing: bool) -> Element:
        offset = self._offset()
        raw = self.get_starttag_text() or ""
        element = Element(
            tag=tag,
            offset=offset,
            attributes=list(self._attributes(raw, offset)),
            self_closing=self_closing,
            in_form=self.form_depth > 0,
        )
        self.scan.elements.append(element)
        return element

    def _attributes(self, raw: str, offset: int) -> list[Attribute]:
        name_end = re.match(r"<[^\s/>]+", raw)
        start = name_end.end() if name_end else 0

        return [
            self._attribute(match, offset)
            for match in _ATTRIBUTE_RE.finditer(raw, start)
        ]

    def _attribute(self, match: re.Match[str], offset: int) -> Attribute:
        group = next((g for g in (2, 3, 4) if match.group(g) is not None), None)
        value_start = offset + match.start(group) if group else -1
        value_end = offset + match.end(group) if group else -1
        raw_value = match.group(group) if group else ""
        dynamic = bool(group) and bool(self.scan.liquid_between(value_start, value_end))
        return Attribute(
            name=match.group(1).lower(),
            value=unescape(raw_value) if group else None,
            offset=offset + match.start(1),
            value_start=value_start,
            value_end=value_end,
            raw_value=raw_value,
            dynamic=dynamic,
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._element(tag, self_closing=False)

        if tag == "crowd-form":
            self.form_depth += 1
        elif tag == "script":
            self.script_start = element.offset + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, self_closing=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "crowd-form":
            self.form_depth = max(self.form_depth - 1, 0)
        elif tag == "script" and self.script_start >= 0:
            self.scan.scripts.append((self.script_start, self._offset()))
            self.script_start = -1


def scan_source(text: str) -> SourceScan:
    """Locate the Liquid spans, HTML elements and script bodies of a template."""
    masked, spans = mask_liquid(text)
    scan = SourceScan(text=text, lines=LineIndex(text), liquid=spans)
    scanner = _Scanner(scan, masked)
    scanner.feed(masked)
    scanner.close()
    return scan


def string_literal_mask(chars: str) -> list[bool]:
    """Return, for each character, whether it lies inside a JS/JSON5 string literal."""
    inside = [False] * len(chars)
    quote = ""
    index = 0

    while index < len(chars):
        char = chars[index]

        if quote:
            inside[index] = True
            if char == "\\":
                index += 1
                if index < len(chars):
                    inside[index] = True
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif chars.startswith("//", index):
            index = _skip_to(chars, "\n", index)
        elif chars.startswith("/*", index):
            index = _skip_to(chars, "*/", index)

        index += 1

    return inside


def _skip_to(chars: str, end: str, index: int) -> int:
    found = chars.find(end, index + 2)
    return len(chars) if found < 0 else found + len(end) - 1


def decode_quotes(raw: str, start: int) -> tuple[str, list[int]]:
    """Decode quote entities in an attribute's raw value, keeping source offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    position = 0

    for match in _ENTITY_RE.finditer(raw):
        for index in range(position, match.start()):
            chars.append(raw[index])
            offsets.append(start + index)
        chars.append(_QUOTE_ENTITIES[match.group().lower()])
        offsets.append(start + match.start())
        position = match.end()

    for index in range(position, len(raw)):
        chars.append(raw[index])
        offsets.append(start + index)

    return "".join(chars), offsets


def has_filler(value: str) -> bool:
    """Tell whether a masked value contains Liquid output."""
    return _FILLER_RE.search(value) is not None
