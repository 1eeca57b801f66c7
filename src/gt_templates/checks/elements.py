"""The documented Crowd HTML Elements and their attributes, as data for the checks.

Source: ground-truth.md section 1 (AWS element reference pages, plus the A2I-only and
gen-AI "v2" elements seen in AWS samples). ``required`` lists only attributes without
which an element cannot work (its answer key, its image, its choices); attributes the
reference calls required but that only change presentation, such as ``header``, are
left optional so that the checks flag broken tasks rather than style.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ElementSpec:
    """One crowd element: its attributes and how the checks treat it."""

    attributes: frozenset[str]
    required: frozenset[str] = frozenset()
    answer: bool = False
    merges_by_name: bool = False
    standalone: bool = False
    label_limit: int | None = None


def _spec(
    attributes: str,
    required: str = "",
    *,
    answer: bool = False,
    merges_by_name: bool = False,
    standalone: bool = False,
    label_limit: int | None = None,
) -> ElementSpec:
    return ElementSpec(
        attributes=frozenset(attributes.split()),
        required=frozenset(required.split()),
        answer=answer,
        merges_by_name=merges_by_name,
        standalone=standalone,
        label_limit=label_limit,
    )


_IMAGE_TOOL = "header labels name src initial-value"

ELEMENTS: dict[str, ElementSpec] = {
    # crowd-form extends the native form; answer-format is MTurk's (OBSERVED).
    "crowd-form": _spec(
        "answer-format action method target novalidate autocomplete name "
        "enctype accept-charset"
    ),
    "crowd-image-classifier": _spec(
        "categories header name src overlay",
        "categories name src",
        answer=True,
        label_limit=10,
    ),
    "crowd-image-classifier-multi-select": _spec(
        "categories header name src exclusion-category",
        "categories name src",
        answer=True,
    ),
    "crowd-bounding-box": _spec(
        _IMAGE_TOOL, "labels name src", answer=True, label_limit=10
    ),
    "crowd-semantic-segmentation": _spec(_IMAGE_TOOL, "labels name src", answer=True),
    "crowd-instance-segmentation": _spec(_IMAGE_TOOL, "labels name src", answer=True),
    "crowd-keypoint": _spec(_IMAGE_TOOL, "labels name src", answer=True),
    "crowd-polygon": _spec(_IMAGE_TOOL, "labels name src", answer=True),
    "crowd-line": _spec(
        f"{_IMAGE_TOOL} label-colors", "labels name src", answer=True, label_limit=10
    ),
    "crowd-polyline": _spec(
        f"{_IMAGE_TOOL} label-colors", "labels name src", answer=True, label_limit=10
    ),
    "crowd-classifier": _spec(
        "categories header name exclusion-category", "categories name", answer=True
    ),
    "crowd-classifier-multi-select": _spec(
        "categories header name exclusion-category", "categories name", answer=True
    ),
    "crowd-entity-annotation": _spec(
        "header initial-value labels name text",
        "labels name text",
        answer=True,
        standalone=True,
    ),
    "crowd-input": _spec(
        "allowed-pattern auto-focus auto-validate disabled error-message label "
        "max-length min-length name placeholder required type value",
        "name",
        answer=True,
    ),
    "crowd-text-area": _spec(
        "allowed-pattern auto-focus auto-validate char-counter disabled "
        "error-message label max-length max-rows name placeholder rows value required",
        "name",
        answer=True,
    ),
    "crowd-checkbox": _spec(
        "checked disabled name required value",
        "name",
        answer=True,
        merges_by_name=True,
    ),
    "crowd-radio-button": _spec(
        "checked disabled name value", "name", answer=True, merges_by_name=True
    ),
    "crowd-toggle-button": _spec(
        "checked disabled invalid name required value",
        "name",
        answer=True,
        merges_by_name=True,
    ),
    "crowd-slider": _spec(
        "disabled editable max min name pin required secondary-progress step value",
        "name",
        answer=True,
    ),
    "crowd-slider-label": _spec("position"),
    "crowd-radio-group": _spec(""),
    "crowd-instructions": _spec("link-text link-type"),
    "crowd-modal": _spec("link-text link-type"),
    "crowd-alert": _spec("dismissible type"),
    "crowd-badge": _spec("for icon label"),
    "crowd-button": _spec(
        "disabled form-action href icon icon-align icon-url loading target variant"
    ),
    "crowd-card": _spec("heading image"),
    "crowd-fab": _spec("disabled icon label title"),
    "crowd-icon-button": _spec("disabled icon"),
    "crowd-tabs": _spec(""),
    "crowd-tab": _spec("header"),
    "crowd-toast": _spec("duration text opened"),
    # Augmented AI only.
    "crowd-textract-analyze-document": _spec(
        "src initial-value block-types keys no-key-edit no-geometry-edit",
        "src keys",
    ),
    "crowd-rekognition-detect-moderation-labels": _spec(
        "categories exclusion-category src header", "categories src"
    ),
    # Gen-AI "v2" elements, attributes as AWS samples use them.
    "crowd-question-answer-generation": _spec(
        "name text min-questions max-questions question-min-words "
        "question-max-words answer-min-words answer-max-words question-tags "
        "allow-custom-question-tags",
        "name",
        answer=True,
    ),
    "crowd-text-ranking": _spec(
        "name text responses ordinal-ranking-dimensions", "name", answer=True
    ),
}

# Attribute values the elements parse as JSON5-style literals (section 1.1).
JSON_ATTRIBUTES = frozenset(
    {
        "categories",
        "labels",
        "initial-value",
        "overlay",
        "exclusion-category",
        "label-colors",
        "keys",
        "block-types",
        "question-tags",
        "responses",
        "ordinal-ranking-dimensions",
    }
)

# HTML global attributes any element accepts; data-*, aria-* and on* are prefixes.
_GLOBAL_NAMES = (
    "accesskey autocapitalize autofocus class contenteditable dir draggable "
    "enterkeyhint exportparts hidden id inert inputmode is itemid itemprop itemref "
    "itemscope itemtype lang nonce part popover role slot spellcheck style "
    "tabindex title translate"
)
GLOBAL_ATTRIBUTES = frozenset(_GLOBAL_NAMES.split())
GLOBAL_PREFIXES = ("data-", "aria-", "on")

CROWD_SCRIPT_NAMES = ("crowd-html-elements.js", "crowd-html-elements-v2.js")

NATIVE_CONTROLS = frozenset({"input", "select", "textarea", "button"})


def is_known_attribute(tag: str, attribute: str) -> bool:
    """Tell whether ``attribute`` is documented for ``tag`` or global in HTML."""
    spec = ELEMENTS.get(tag)
    if spec is None or attribute in spec.attributes:
        return True

    return attribute in GLOBAL_ATTRIBUTES or attribute.startswith(GLOBAL_PREFIXES)
