"""The rule registry: stable ids, slugs, severities and what each rule is for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is: errors fail ``check`` and ``dry-run``, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One check: a stable id (``GT001``), a slug, a severity and its short doc."""

    id: str
    slug: str
    severity: Severity
    summary: str
    why: str
    fix: str

    def doc(self) -> str:
        """Return the rule's documentation: why it matters and how to fix it."""
        return f"{self.summary}. Why it matters: {self.why} How to fix: {self.fix}"


RULES: dict[str, Rule] = {}


def _rule(
    id_: str, slug: str, severity: Severity, summary: str, why: str, fix: str
) -> Rule:
    rule = Rule(id_, slug, severity, summary, why, fix)
    RULES[id_] = rule
    return rule


E = Severity.ERROR
W = Severity.WARNING

LIQUID_SYNTAX = _rule(
    "GT001",
    "liquid-syntax-error",
    E,
    "The template is not valid Liquid",
    "Ground Truth cannot render the template, so every task of the job fails.",
    "Correct the tag or output at the reported position; close every block tag.",
)
UNKNOWN_TAG = _rule(
    "GT002",
    "unknown-tag",
    E,
    "A Liquid tag that Ground Truth does not know",
    "The template fails to parse, so every task fails to render.",
    "Use a standard Liquid tag (if, unless, case, for, assign, capture, ...).",
)
UNKNOWN_FILTER = _rule(
    "GT003",
    "unknown-filter",
    E,
    "A Liquid filter that Ground Truth does not know",
    "Rendering fails (or silently drops the value) for every task.",
    "Use a standard Liquid filter or one of to_json, grant_read_access, "
    "skip_autoescape; check the spelling.",
)
MISSING_INPUT_FIELD = _rule(
    "GT004",
    "missing-input-field",
    E,
    "The template reads a task.input field that the sample input lacks",
    "Missing fields render as empty text: a blank image, an empty label list.",
    "Fix the field name, add the field in the pre-annotation Lambda, or guard it "
    "with {% if %} or a default filter.",
)
MISSING_SCRIPT = _rule(
    "GT005",
    "missing-crowd-elements-script",
    E,
    "No crowd-html-elements script tag",
    "Without it no crowd-* element is defined and workers see a blank task.",
    'Add <script src="https://assets.crowd.aws/crowd-html-elements.js"></script> '
    "at the top of the template.",
)
MISSING_FORM = _rule(
    "GT006",
    "missing-crowd-form",
    E,
    "The template has no crowd-form",
    'Nothing can be submitted; the page shows an error such as "Cannot read '
    "properties of undefined (reading 'submit')\".",
    "Wrap the task's elements in <crowd-form> ... </crowd-form>.",
)
OUTSIDE_FORM = _rule(
    "GT007",
    "element-outside-crowd-form",
    E,
    "An answer element is outside crowd-form",
    "Its answer is not submitted, so the worker's work is lost.",
    "Move the element inside <crowd-form>.",
)
UNKNOWN_ELEMENT = _rule(
    "GT008",
    "unknown-crowd-element",
    E,
    "A crowd-* element that does not exist",
    "Browsers render unknown elements as empty boxes; the task cannot be done.",
    "Use a documented Crowd HTML Element; check the spelling.",
)
UNKNOWN_ATTRIBUTE = _rule(
    "GT009",
    "unknown-crowd-attribute",
    W,
    "An attribute a crowd-* element does not document",
    "The element ignores it, which often hides a misspelt attribute.",
    "Use a documented attribute of the element; check the spelling.",
)
MISSING_ATTRIBUTE = _rule(
    "GT010",
    "missing-required-attribute",
    E,
    "A crowd-* element lacks an attribute it needs",
    "Without a name the answer has no key; without src or choices the element "
    "shows nothing to label.",
    "Add the attribute named in the message.",
)
DUPLICATE_NAME = _rule(
    "GT011",
    "duplicate-name",
    E,
    "Two answer elements share a name",
    "Answers are keyed by name, so one answer overwrites the other.",
    "Give every answer element its own name (checkbox, radio and toggle groups "
    "may share one).",
)
TOO_MANY_LABELS = _rule(
    "GT012",
    "too-many-labels",
    E,
    "More than 10 categories or labels",
    "The element supports at most 10; the rest cannot be chosen.",
    "Reduce the list to 10 or split the task.",
)
UNKNOWN_INITIAL_LABEL = _rule(
    "GT013",
    "initial-value-label-not-in-labels",
    E,
    "An initial-value label is not one of the element's labels",
    "The element does not draw annotations whose label is not in labels.",
    "Add the label to labels or map the prior job's label names.",
)
INVALID_JSON = _rule(
    "GT014",
    "invalid-json-attribute",
    E,
    "A JSON-bearing attribute does not parse",
    "The element cannot read its categories, labels, overlay or initial value.",
    "Output values with to_json (and escape inside double-quoted attributes).",
)
QUOTED_WITHOUT_TO_JSON = _rule(
    "GT015",
    "quoted-value-without-to-json",
    W,
    "A value is interpolated into a quoted JavaScript or JSON literal",
    "A label or text containing a quote breaks the literal.",
    "Drop the quotes and write {{ value | to_json }} (| escape in an attribute).",
)
S3_WITHOUT_GRANT = _rule(
    "GT016",
    "s3-uri-without-grant-read-access",
    E,
    "An s3:// URI is used where a browser must fetch it",
    "Browsers cannot load s3:// URIs; the image or file does not show.",
    "Pipe the value through grant_read_access.",
)
GRANT_NOT_S3 = _rule(
    "GT017",
    "grant-read-access-not-s3",
    E,
    "grant_read_access is applied to a value that is not an S3 URI",
    'Ground Truth fails the task: "grant_read_access" input is not a valid S3 URI.',
    "Apply grant_read_access only to s3:// URIs or S3 HTTPS URLs.",
)
SKIP_AUTOESCAPE_INPUT = _rule(
    "GT018",
    "skip-autoescape-on-input",
    E,
    "skip_autoescape is applied to task.input data",
    "Manifest data is then inserted as raw HTML, an XSS risk for workers.",
    "Remove skip_autoescape, or sanitise the HTML in the pre-annotation Lambda.",
)
SELF_CLOSED_INPUT = _rule(
    "GT019",
    "self-closed-crowd-input",
    E,
    "crowd-input is self-closed",
    "Custom elements cannot self-close; the rest of the form ends up inside it.",
    "Write <crowd-input ...></crowd-input>.",
)
REQUIRED_RADIO = _rule(
    "GT020",
    "required-on-crowd-radio-button",
    E,
    "required on crowd-radio-button",
    "crowd-radio-button ignores required, so workers can submit without a choice.",
    'Use native <input type="radio" required> or validate in onsubmit.',
)
TEMPLATE_TOO_LARGE = _rule(
    "GT021",
    "template-too-large",
    E,
    "The template is over 128,000 characters",
    "Ground Truth rejects templates over 128,000 characters.",
    "Move scripts and styles to external files or shorten the template.",
)
LINE_TOO_LONG = _rule(
    "GT022",
    "manifest-line-too-long",
    E,
    "A manifest line is over 100,000 characters",
    "Ground Truth rejects the data object.",
    "Store large data in S3 and reference it from the line.",
)
ATTRIBUTE_TOO_LONG = _rule(
    "GT023",
    "manifest-attribute-too-long",
    E,
    "A manifest attribute is over 20,000 characters",
    "Ground Truth rejects the data object.",
    "Store large values in S3 and reference them from the line.",
)
MISSING_HEX_COLOR = _rule(
    "GT024",
    "segmentation-missing-hex-color",
    E,
    "Semantic segmentation metadata without hex-color",
    "Verification and adjustment jobs reject segmentation labels without "
    "hex colours at job setup.",
    "Add a hex-color to every internal-color-map entry (re-run the source job's "
    "output through a converter).",
)
LABEL_ATTRIBUTE_NAME = _rule(
    "GT025",
    "label-attribute-name",
    E,
    "A label attribute name breaks Ground Truth's naming rules",
    "CreateLabelingJob refuses the job.",
    "Use 1-127 letters, digits and single hyphens, not ending in -metadata, "
    "without -ref for verification, different from the source job's attribute.",
)
INVALID_MANIFEST_LINE = _rule(
    "GT026",
    "invalid-manifest-line",
    E,
    "A manifest line is not a usable JSON object",
    "Ground Truth cannot create a task from it.",
    "Write one JSON object per line with source-ref or source.",
)
RENDER_ERROR = _rule(
    "GT027",
    "render-error",
    E,
    "The template fails to render with a manifest line",
    "The worker gets no task for that data object.",
    "Read the message; fix the template or the data.",
)
PRE_ANNOTATION_ERROR = _rule(
    "GT028",
    "pre-annotation-error",
    E,
    "The pre-annotation step fails for a manifest line",
    "Ground Truth marks the data object as failed.",
    "Fix the Lambda handler or the manifest line.",
)
INVALID_DEFINITION = _rule(
    "GT029",
    "invalid-definition",
    E,
    "The task definition is invalid",
    "It cannot be compiled into a template.",
    "Fix the field named in the message.",
)
MISSING_LABEL_ATTRIBUTE = _rule(
    "GT030",
    "missing-label-attribute",
    E,
    "A verification manifest line lacks the labels to verify",
    "Objects without the prior job's label attribute fail individually and may "
    "still cost money.",
    "Filter such lines out or fix the definition's label_attribute.",
)


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule, located in a file."""

    rule: Rule
    path: str
    line: int
    col: int
    message: str

    @property
    def severity(self) -> Severity:
        """Return the rule's severity."""
        return self.rule.severity

    def format(self) -> str:
        """Return ``path:line:col: RULE-ID severity: message. Fix: ... [slug]``."""
        message = self.message.rstrip(".")
        return (
            f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}: "
            f"{self.rule.id} {self.rule.severity}: {message}. Fix: {self.rule.fix} "
            f"[{self.rule.slug}]"
        )

    def to_dict(self) -> dict[str, object]:
        """Return the finding as plain JSON data."""
        return {
            "path": self.path,
            "line": max(self.line, 1),
            "col": max(self.col, 1),
            "rule": self.rule.id,
            "slug": self.rule.slug,
            "severity": str(self.rule.severity),
            "message": self.message,
            "fix": self.rule.fix,
        }
