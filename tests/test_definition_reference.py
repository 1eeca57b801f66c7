"""The README's task definition reference lists exactly the fields the loader accepts."""

from __future__ import annotations

import re
from pathlib import Path

from gt_templates.definition import FIELDS

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(
    r"<!-- definition-reference:start -->(.*?)<!-- definition-reference:end -->", re.S
)
FIELD_ROW = re.compile(r"^\| `([^`]+)` \|", re.M)


def documented_fields() -> list[str]:
    """Return the field names in the first column of the reference's field table."""
    match = SECTION.search(README.read_text(encoding="utf-8"))
    assert match, "README lacks the definition-reference markers"
    fields_table = match[1].split("### Fields", 1)[1].split("\n### ", 1)[0]
    return FIELD_ROW.findall(fields_table)


def test_readme_documents_every_field_once_and_no_other() -> None:
    documented = documented_fields()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == sorted(spec.name for spec in FIELDS)


def test_readme_lists_fields_in_schema_order() -> None:
    assert documented_fields() == [spec.name for spec in FIELDS]
