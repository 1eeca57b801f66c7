"""Static checks of one template's source: Liquid, HTML structure, crowd elements."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from liquid import Environment

from ..rendering import MAX_TEMPLATE_CHARS, ground_truth_environment
from . import rules
from .attributes import check_element_values
from .elements import (
    CROWD_SCRIPT_NAMES,
    ELEMENTS,
    JSON_ATTRIBUTES,
    NATIVE_CONTROLS,
    is_known_attribute,
)
from .liquid import InputRead, RawFinding, check_liquid
from .rules import Finding
from .source import (
    Element,
    LineIndex,
    SourceScan,
    decode_quotes,
    has_filler,
    scan_source,
    string_literal_mask,
)

_TO_JSON = re.compile(r"\|\s*to_json\b")
# Presigned and URL-encoded values cannot contain quotes, so quoting them is safe.
_QUOTE_FREE = re.compile(r"\|\s*(grant_read_access|url_encode)\s*$")
_VALID_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class TemplateModel:
    """What per-line data checks need to know about a template, computed once."""

    path: str
    text: str
    parsed: bool
    input_reads: list[tuple[InputRead, int, int]] = field(default_factory=list)
    locations: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    def location(self, tag: str, attribute: str) -> tuple[int, int]:
        """Return where ``tag``'s ``attribute`` (or the tag) first appears, or 1:1."""
        return self.locations.get(
            (tag, attribute), self.locations.get((tag, ""), (1, 1))
        )


def check_template(
    text: str, path: str, env: Environment | None = None
) -> tuple[list[Finding], TemplateModel]:
    """Run every static check on a template; return the findings and its model."""
    env = env or ground_truth_environment()
    scan = scan_source(text)
    liquid = check_liquid(text, env)

    raw = list(liquid.findings)
    raw += _size(text)
    raw += _structure(scan)
    raw += _crowd_elements(scan)
    raw += _duplicate_names(scan)
    raw += _static_values(scan)
    raw += _quoted_outputs(scan)

    findings = [_locate(path, scan.lines, item) for item in raw]
    findings.sort(key=lambda f: (f.line, f.col, f.rule.id))
    return findings, _model(path, scan, liquid.parsed, liquid.input_reads)


def _locate(path: str, lines: LineIndex, item: RawFinding) -> Finding:
    line, col = lines.position(item.offset)
    return Finding(item.rule, path, line, col, item.message)


def _model(
    path: str, scan: SourceScan, parsed: bool, reads: list[InputRead]
) -> TemplateModel:
    model = TemplateModel(path, scan.text, parsed)
    model.input_reads = [(read, *scan.lines.position(read.offset)) for read in reads]

    for element in scan.elements:
        model.locations.setdefault(
            (element.tag, ""), scan.lines.position(element.offset)
        )
        for attribute in element.attributes:
            position = scan.lines.position(attribute.offset)
            model.locations.setdefault((element.tag, attribute.name), position)

    return model


def _size(text: str) -> list[RawFinding]:
    if len(text) <= MAX_TEMPLATE_CHARS:
        return []
    return [
        RawFinding(
            rules.TEMPLATE_TOO_LARGE,
            MAX_TEMPLATE_CHARS,
            f"the template has {len(text):,} characters, Ground Truth accepts at "
            f"most {MAX_TEMPLATE_CHARS:,}; this is where the limit is crossed",
        )
    ]


def _structure(scan: SourceScan) -> list[RawFinding]:
    findings = []
    scripts = [e for e in scan.elements if e.tag == "script"]

    if not any(_is_crowd_script(element) for element in scripts):
        findings.append(
            RawFinding(
                rules.MISSING_SCRIPT,
                0,
                'found no <script src="https://assets.crowd.aws/'
                'crowd-html-elements.js"></script>',
            )
        )

    has_form = any(e.tag == "crowd-form" for e in scan.elements)
    standalone = any(_spec_flag(e, "standalone") for e in scan.elements)
    answers = [e for e in scan.elements if _spec_flag(e, "answer")]

    if not has_form and not standalone:
        first = answers[0].offset if answers else 0
        findings.append(
            RawFinding(rules.MISSING_FORM, first, "found no <crowd-form> element")
        )
    elif has_form:
        findings += [
            RawFinding(
                rules.OUTSIDE_FORM,
                element.offset,
                f"<{element.tag}> is outside <crowd-form>, so its answer is not "
                "submitted",
            )
            for element in answers
            if not element.in_form and not _spec_flag(element, "standalone")
        ]

    return findings


def _is_crowd_script(element: Element) -> bool:
    src = element.get("src")
    if src is None or src.value is None:
        return False
    address = src.value.split("?", 1)[0].split("#", 1)[0]
    return address.endswith(CROWD_SCRIPT_NAMES)


def _spec_flag(element: Element, flag: str) -> bool:
    spec = ELEMENTS.get(element.tag)
    return bool(spec and getattr(spec, flag))


def _crowd_elements(scan: SourceScan) -> list[RawFinding]:
    findings: list[RawFinding] = []

    for element in scan.elements:
        if not element.tag.startswith("crowd-"):
            continue
        spec = ELEMENTS.get(element.tag)
        if spec is None:
            findings.append(
                RawFinding(
                    rules.UNKNOWN_ELEMENT,
                    element.offset,
                    f"<{element.tag}> is not a Crowd HTML Element",
                )
            )
            continue
        findings += _attributes_of(element)

    return findings


def _attributes_of(element: Element) -> list[RawFinding]:
    spec = ELEMENTS[element.tag]
    findings = []
    present = {a.name for a in element.attributes}

    for attribute in element.attributes:
        if not _VALID_NAME.match(attribute.name) or _is_radio_required(
            element, attribute.name
        ):
            continue
        if not is_known_attribute(element.tag, attribute.name):
            known = ", ".join(sorted(spec.attributes)) or "none"
            findings.append(
                RawFinding(
                    rules.UNKNOWN_ATTRIBUTE,
                    attribute.offset,
                    f"<{element.tag}> has no attribute '{attribute.name}' "
                    f"(documented: {known})",
                )
            )

    for name in sorted(spec.required - present):
        findings.append(
            RawFinding(
                rules.MISSING_ATTRIBUTE,
                element.offset,
                f"<{element.tag}> lacks the required attribute '{name}'",
            )
        )

    if element.tag == "crowd-input" and element.self_closing:
        findings.append(
            RawFinding(
                rules.SELF_CLOSED_INPUT,
                element.offset,
                "<crowd-input /> is self-closed; custom elements need </crowd-input>",
            )
        )

    required = element.get("required")
    if element.tag == "crowd-radio-button" and required is not None:
        findings.append(
            RawFinding(
                rules.REQUIRED_RADIO,
                required.offset,
                "crowd-radio-button does not support 'required'",
            )
        )

    return findings


def _is_radio_required(element: Element, name: str) -> bool:
    # GT020 reports this one with the reason; GT009 would only repeat it.
    return element.tag == "crowd-radio-button" and name == "required"


def _duplicate_names(scan: SourceScan) -> list[RawFinding]:
    """Report answer names used by more than one element that cannot merge."""
    by_name: dict[str, list[Element]] = defaultdict(list)

    for element in scan.elements:
        attribute = element.get("name")
        is_answer = _spec_flag(element, "answer") or element.tag in NATIVE_CONTROLS
        if not is_answer or attribute is None or attribute.dynamic:
            continue
        if attribute.value:
            by_name[attribute.value].append(element)

    findings = []
    for name, elements in by_name.items():
        if not _clashes(elements):
            continue
        first = elements[0]
        for element in elements[1:]:
            findings.append(
                RawFinding(
                    rules.DUPLICATE_NAME,
                    element.offset,
                    f"<{element.tag}> uses name '{name}', already used by "
                    f"<{first.tag}>; one answer overwrites the other",
                )
            )
    return findings


def _clashes(elements: list[Element]) -> bool:
    crowd = [e for e in elements if e.tag in ELEMENTS]
    if len(elements) < 2 or not crowd:
        # Native controls may share a name (radio groups, last-wins hidden inputs).
        return False
    return not all(_spec_flag(e, "merges_by_name") for e in elements)


def _static_values(scan: SourceScan) -> list[RawFinding]:
    findings: list[RawFinding] = []

    for element in scan.elements:
        findings += _literal_s3(element)
        if element.tag not in ELEMENTS:
            continue
        literal = {
            a.name: a.value
            for a in element.attributes
            if a.name in JSON_ATTRIBUTES and a.value is not None and not a.dynamic
        }
        for rule, name, message in check_element_values(element.tag, literal):
            attribute = element.get(name)
            offset = attribute.offset if attribute else element.offset
            findings.append(RawFinding(rule, offset, message))

    return findings


def _literal_s3(element: Element) -> list[RawFinding]:
    findings = []
    for attribute in element.attributes:
        if attribute.name not in ("src", "href") or attribute.dynamic:
            continue
        if (attribute.value or "").strip().startswith("s3://"):
            findings.append(
                RawFinding(
                    rules.S3_WITHOUT_GRANT,
                    attribute.offset,
                    f"<{element.tag}> {attribute.name} is {attribute.value!r}; "
                    "browsers cannot load s3:// URIs",
                )
            )
    return findings


def _quoted_outputs(scan: SourceScan) -> list[RawFinding]:
    """Report outputs without to_json inside quoted JS or JSON5 string literals."""
    findings = []

    for chars, offsets in _literal_regions(scan):
        inside = string_literal_mask(chars)
        quoted = {offsets[i] for i, flag in enumerate(inside) if flag}
        for span in scan.liquid_between(offsets[0], offsets[-1] + 1) if offsets else []:
            if span.kind != "output" or _TO_JSON.search(span.expression):
                continue
            if _QUOTE_FREE.search(span.expression):
                continue
            if span.start in quoted:
                findings.append(
                    RawFinding(
                        rules.QUOTED_WITHOUT_TO_JSON,
                        span.start,
                        f"'{span.text}' is inside a quoted literal; a value "
                        "containing a quote breaks it",
                    )
                )

    return findings


def _literal_regions(scan: SourceScan) -> list[tuple[str, list[int]]]:
    """Return script bodies and JSON/event attribute values, with source offsets."""
    masked_regions = []

    for start, end in scan.scripts:
        masked = _masked_slice(scan, start, end)
        masked_regions.append((masked, list(range(start, end))))

    for element in scan.elements:
        for attribute in element.attributes:
            is_code = attribute.name in JSON_ATTRIBUTES or attribute.name.startswith(
                "on"
            )
            if is_code and attribute.dynamic and has_filler(attribute.raw_value):
                masked_regions.append(
                    decode_quotes(attribute.raw_value, attribute.value_start)
                )

    return masked_regions


def _masked_slice(scan: SourceScan, start: int, end: int) -> str:
    """Return the source slice with Liquid blanked, so its quotes are ignored."""
    chars = list(scan.text[start:end])
    for span in scan.liquid_between(start, end):
        for index in range(span.start, min(span.end, end)):
            if chars[index - start] != "\n":
                chars[index - start] = "\ue000" if span.kind == "output" else " "
    return "".join(chars)
