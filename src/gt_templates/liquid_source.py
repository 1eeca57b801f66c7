"""Places in Liquid source: its expressions, and where a syntax error is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError

_DANGLING_PIPE = re.compile(r"\|\s*-?\s*$")


@dataclass(frozen=True)
class Expression:
    """A Liquid expression and what owns it: ``output`` or a tag name."""

    owner: str
    start: int
    text: str


def expressions(tokens: list[Any]) -> list[Expression]:
    """Return the expressions of a token stream, each with its owner and offset."""
    found = []
    owner = ""

    for token in tokens:
        if token.kind == "output":
            owner = "output"
        elif token.kind == "tag":
            owner = token.value
        elif token.kind == "expression":
            found.append(Expression(owner, token.start_index, token.value))

    return found


def line_col(source: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``offset`` in ``source``."""
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def syntax_error_offset(
    error: LiquidError, source: str, env: Environment
) -> int | None:
    """Return the offset in ``source`` of the markup ``error`` is about.

    python-liquid places most errors itself. For the rest, each expression is
    parsed alone and the first that fails is the place; failing that, the
    first block tag left open. Returns None when nothing can be placed.
    """
    if error.token is not None and error.token.start_index >= 0:
        return int(error.token.start_index)

    try:
        tokens = list(env.tokenizer()(source))
    except LiquidError:
        return None

    for expression in expressions(tokens):
        if _fails_alone(expression, env):
            return _place_in(expression)

    return _first_unclosed(source, env)


def _fails_alone(expression: Expression, env: Environment) -> bool:
    probe = _probe(expression)
    if probe is None:
        return False
    try:
        env.from_string(probe)
    except LiquidError:
        return True
    return False


def _probe(expression: Expression) -> str | None:
    if expression.owner == "output":
        return "{{ " + expression.text + " }}"
    if expression.owner in ("assign", "echo", "cycle", "increment", "decrement"):
        return "{% " + expression.owner + " " + expression.text + " %}"
    if expression.owner in ("if", "unless", "case", "for", "tablerow"):
        end = "end" + expression.owner
        return "{% " + expression.owner + " " + expression.text + " %}{% " + end + " %}"
    return None


def _place_in(expression: Expression) -> int:
    """Point at a filter pipe with no filter after it, else at the expression."""
    dangling = _DANGLING_PIPE.search(expression.text)
    return expression.start + (dangling.start() if dangling else 0)


def _first_unclosed(source: str, env: Environment) -> int | None:
    try:
        analysis = env.analyze_tags_from_string(source)
    except Exception:
        # The tag audit itself fails on some broken nestings: nothing to point at.
        return None

    spans = [span for found in analysis.unclosed_tags.values() for span in found]
    if not spans:
        return None

    # The span is the tag's name; the markup starts at its "{%".
    name = min(span.index for span in spans)
    opening = source.rfind("{%", 0, name)
    return opening if opening >= 0 else name
