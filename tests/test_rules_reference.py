"""The README's rule table lists exactly the rules of the registry, as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gt_templates.checks.rules import RULES, Rule

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(r"<!-- rules:start -->(.*?)<!-- rules:end -->", re.S)
RULE_ROW = re.compile(r"^\| (GT\d+) \| `([^`]+)` \| (\w+) \|", re.M)


def documented_rules() -> list[tuple[str, str, str]]:
    """Return ``(id, slug, severity)`` for every row of the README's rule table."""
    match = SECTION.search(README.read_text(encoding="utf-8"))
    assert match, "README lacks the rules markers"
    return RULE_ROW.findall(match[1])


def test_readme_documents_every_rule_once_and_no_other() -> None:
    ids = [rule_id for rule_id, _, _ in documented_rules()]

    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(RULES)


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_readme_row_matches_the_registry(rule: Rule) -> None:
    rows = [row for row in documented_rules() if row[0] == rule.id]

    assert rows == [(rule.id, rule.slug, str(rule.severity))]


def test_readme_lists_rules_in_registry_order() -> None:
    assert [rule_id for rule_id, _, _ in documented_rules()] == list(RULES)
