"""Liquid rendering the way Ground Truth's RenderUiTemplate does it.

Error codes in ``RenderResult.errors`` (AWS documents only ``InvalidParameters``;
the others are this tool's choice, see the README):

- ``InvalidParameters``: a filter got an input it rejects (``grant_read_access``).
- ``ValidationException``: the request breaks an API constraint (lengths, JSON).
- ``TemplateSyntaxError``: the template does not parse as Liquid.
- ``RenderingError``: the template parsed but failed while rendering.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from liquid import Environment, Markup, Undefined
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.filter import with_environment

from .liquid_source import line_col, syntax_error_offset
from .s3 import LocalPresigner, Presigner, parse_s3_uri

MAX_TEMPLATE_CHARS = 128_000
MAX_INPUT_CHARS = 128_000
MIN_INPUT_CHARS = 2
CACHE_SIZE = 256


class GrantReadAccessError(LiquidError):
    """``grant_read_access`` was given something that is not an S3 URI."""

    code = "InvalidParameters"


def _json_default(value: object) -> object:
    if isinstance(value, Undefined):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def to_json(value: object) -> str:
    """Serialise any value to JSON; autoescape then escapes it for HTML once."""
    if isinstance(value, Undefined):
        return "null"
    if isinstance(value, Markup):
        value = str(value)
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def skip_autoescape(value: object) -> Markup:
    """Mark a value as HTML that autoescape must leave alone."""
    if isinstance(value, Undefined):
        return Markup("")
    return Markup(str(value))


@with_environment
def grant_read_access(value: object, *, environment: GroundTruthEnvironment) -> str:
    """Turn an S3 URI into a URL a worker's browser can fetch."""
    # Liquid prints nil (an undefined or null value) as empty text.
    text = "" if value is None or isinstance(value, Undefined) else str(value)
    try:
        bucket, key = parse_s3_uri(text)
    except ValueError:
        raise GrantReadAccessError(
            f'"grant_read_access" input is not a valid S3 URI: "{text}".', token=None
        ) from None
    return environment.presigner(bucket, key)


class GroundTruthEnvironment(Environment):
    """A python-liquid environment with Ground Truth's filters and a presigner."""

    def __init__(self, *, autoescape: bool = True, presigner: Presigner | None = None):
        super().__init__(autoescape=autoescape)
        self.presigner: Presigner = presigner or LocalPresigner()
        self.filters["to_json"] = to_json
        self.filters["skip_autoescape"] = skip_autoescape
        self.filters["grant_read_access"] = grant_read_access
        self._parsed: OrderedDict[str, Any] = OrderedDict()

    def parse_cached(self, source: str) -> Any:
        """Return the parsed template for ``source``, parsing it once."""
        template = self._parsed.get(source)
        if template is None:
            template = self.from_string(source)
            self._parsed[source] = template
            if len(self._parsed) > CACHE_SIZE:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(source)
        return template


def ground_truth_environment(
    autoescape: bool = True, presigner: Presigner | None = None
) -> GroundTruthEnvironment:
    """Return a Liquid environment that renders like Ground Truth.

    Every ``{{ }}`` output is HTML-escaped once; ``to_json``,
    ``grant_read_access`` and ``skip_autoescape`` are registered. With
    ``autoescape=False`` it is plain Liquid plus those filters.
    """
    return GroundTruthEnvironment(autoescape=autoescape, presigner=presigner)


@dataclass(frozen=True)
class RenderError:
    """One entry of RenderUiTemplate's ``Errors`` list, with a location when known."""

    code: str
    message: str
    line: int = 0
    col: int = 0

    def to_api(self) -> dict[str, str]:
        """Return the entry as the API spells it."""
        return {"Code": self.code, "Message": self.message}


@dataclass
class RenderResult:
    """What RenderUiTemplate returns: the HTML and any errors."""

    rendered_content: str = ""
    errors: list[RenderError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the render produced no errors."""
        return not self.errors

    def to_api(self) -> dict[str, Any]:
        """Return the API-shaped JSON object."""
        return {
            "RenderedContent": self.rendered_content,
            "Errors": [error.to_api() for error in self.errors],
        }


def _length_error(member: str, value: str, minimum: int, maximum: int) -> RenderError:
    if len(value) < minimum:
        constraint = f"Member must have length greater than or equal to {minimum}"
    else:
        constraint = f"Member must have length less than or equal to {maximum}"
    return RenderError(
        "ValidationException",
        f"1 validation error detected: Value at '{member}' failed to satisfy "
        f"constraint: {constraint} (it has {len(value):,} characters)",
    )


def _position(error: LiquidError) -> tuple[int, int]:
    context = error.context()
    if context is None:
        return 0, 0
    line, col = context[0], context[1]
    return line, col + 1


def _liquid_error(
    error: LiquidError, source: str, env: GroundTruthEnvironment
) -> RenderError:
    line, col = _position(error)
    if not line and isinstance(error, LiquidSyntaxError):
        offset = syntax_error_offset(error, source, env)
        line, col = (0, 0) if offset is None else line_col(source, offset)
    message = str(error.message)
    if isinstance(error, GrantReadAccessError):
        return RenderError(error.code, message, line, col)
    if isinstance(error, LiquidSyntaxError):
        code = "TemplateSyntaxError"
    else:
        code = "RenderingError"
    where = f" at line {line}, column {col}" if line else ""
    return RenderError(code, f"{message}{where}", line, col)


def _task_input(task_input: str | Mapping[str, Any]) -> tuple[Any, RenderError | None]:
    if not isinstance(task_input, str):
        return task_input, None
    problem = None
    if not MIN_INPUT_CHARS <= len(task_input) <= MAX_INPUT_CHARS:
        problem = _length_error(
            "task.input", task_input, MIN_INPUT_CHARS, MAX_INPUT_CHARS
        )
        return None, problem
    try:
        return json.loads(task_input), None
    except json.JSONDecodeError as error:
        message = (
            f"Task.Input is not a JSON document: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        )
        return None, RenderError(
            "ValidationException", message, error.lineno, error.colno
        )


_DEFAULT_ENVIRONMENT: GroundTruthEnvironment | None = None


def _environment(presigner: Presigner | None) -> GroundTruthEnvironment:
    global _DEFAULT_ENVIRONMENT
    if presigner is not None:
        return ground_truth_environment(presigner=presigner)
    if _DEFAULT_ENVIRONMENT is None:
        _DEFAULT_ENVIRONMENT = ground_truth_environment()
    return _DEFAULT_ENVIRONMENT


def render_ui_template(
    template: str,
    task_input: str | Mapping[str, Any],
    *,
    presigner: Presigner | None = None,
    environment: GroundTruthEnvironment | None = None,
) -> RenderResult:
    """Render ``template`` with ``task_input`` as RenderUiTemplate does.

    ``task_input`` is the JSON string of ``Task.Input`` or an already decoded
    mapping; it becomes ``task.input``. Bad templates and inputs never raise:
    they come back in ``errors``. Pass one ``environment`` (or ``presigner``)
    across calls to reuse parsed templates.
    """
    if not template or len(template) > MAX_TEMPLATE_CHARS:
        error = _length_error("uiTemplate.content", template, 1, MAX_TEMPLATE_CHARS)
        return RenderResult(errors=[error])

    data, input_error = _task_input(task_input)
    if input_error is not None:
        return RenderResult(errors=[input_error])

    env = environment or _environment(presigner)
    try:
        parsed = env.parse_cached(template)
        html = parsed.render(task={"input": data})
    except LiquidError as error:
        return RenderResult(errors=[_liquid_error(error, template, env)])
    return RenderResult(rendered_content=html)
