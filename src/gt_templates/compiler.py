"""Compile a task definition into a worker template and the files a labeling job needs.

Everything the definition supplies (header, labels, instructions) is written into
the template as escaped literal text, with ``{`` and ``}`` as character references
so Liquid never sees a tag in it. Everything the manifest line supplies is output
with ``to_json`` inside double-quoted attributes, where autoescape turns ``"`` into
``&quot;``; the browser decodes the attribute back into strict JSON.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .definition import LAMBDA_ACCOUNTS, TaskDefinition, load_definition
from .errors import TemplateError, file_problem

DEFINITION_SUFFIXES = (".yaml", ".yml")
ELEMENTS_SCRIPT = "https://assets.crowd.aws/crowd-html-elements.js"
LABEL_CONFIG_VERSION = "2018-11-28"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
BUILT_IN_LAMBDAS = {
    "bounding-box-verification": "VerificationBoundingBox",
    "semantic-segmentation-verification": "VerificationSemanticSegmentation",
    "bounding-box-adjustment": "AdjustmentBoundingBox",
    "semantic-segmentation-adjustment": "AdjustmentSemanticSegmentation",
}
# Markdown images whose address is an S3 URI are presigned like task images.
_S3_IMAGE = re.compile(r'<img src="(s3://[A-Za-z0-9._~/!$()*+,;=:@-]+)"')
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_QUOT = "&quot;"
_STYLE = """<style>
  .gt-examples { display: grid; gap: 12px; }
  .gt-example { margin: 0; }
  .gt-example img { display: block; max-width: 100%; border: 1px solid #d5dbdb; }
  .gt-example figcaption { margin-top: 4px; }
  .gt-comment-required { color: #d13212; }
</style>"""
_REQUIRED_COMMENT_NOTE = (
    '  <p id="gt-comment-required" class="gt-comment-required" hidden>'
    "Add a comment before you submit.</p>"
)
_REQUIRED_COMMENT_SCRIPT = """<script>
  // Ground Truth has no required worker comment, so the form checks it on submit.
  document.querySelector('crowd-form').addEventListener('submit', (event) => {
    const classifier = document.querySelector('crowd-image-classifier');
    const answer = classifier.value || classifier._submittableValue;
    if (answer && answer.label && !String(answer.workerComment || '').trim()) {
      event.preventDefault();
      document.getElementById('gt-comment-required').hidden = false;
    }
  });
</script>"""


@dataclass(frozen=True)
class CompiledTask:
    """The worker template and job files compiled from one definition."""

    name: str
    template: str
    labels_config: dict[str, Any]
    task_input_schema: dict[str, Any]
    answer_schema: dict[str, Any]
    job_request: dict[str, Any]
    definition: TaskDefinition

    def files(self) -> dict[str, str]:
        """Return every output file name with its text."""
        return {
            f"{self.name}.liquid.html": self.template,
            f"{self.name}.labels.json": _json_text(self.labels_config),
            f"{self.name}.task-input.schema.json": _json_text(self.task_input_schema),
            f"{self.name}.answer.schema.json": _json_text(self.answer_schema),
            f"{self.name}.job.json": _json_text(self.job_request),
        }


def compile_definition(definition: TaskDefinition) -> CompiledTask:
    """Compile a checked definition; the output depends on nothing else."""
    return CompiledTask(
        name=definition.name,
        template=build_template(definition),
        labels_config=labels_config(definition),
        task_input_schema=task_input_schema(definition),
        answer_schema=answer_schema(definition),
        job_request=job_request(definition),
        definition=definition,
    )


def load_template_source(path: str | Path) -> tuple[str, TaskDefinition | None]:
    """Return a template's text, compiling it first when ``path`` is a definition."""
    path = Path(path)
    if path.suffix.lower() in DEFINITION_SUFFIXES:
        definition = load_definition(path)
        return build_template(definition), definition

    try:
        return path.read_text(encoding="utf-8"), None
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(
            file_problem(
                path, f"cannot read the template: {error}", "pass a UTF-8 file"
            )
        ) from error


def html_text(value: str) -> str:
    """Escape text for HTML content or a double-quoted attribute, and hide it from Liquid."""
    escaped = html.escape(value, quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def markdown_html(text: str) -> str:
    """Render Markdown without raw HTML, safe to embed in a Liquid template."""
    rendered = _MARKDOWN.render(text).replace("{", "&#123;").replace("}", "&#125;")
    return _S3_IMAGE.sub(_presigned_image, rendered)


def _presigned_image(match: re.Match[str]) -> str:
    return f"<img src=\"{{{{ '{match[1]}' | grant_read_access }}}}\""


def build_template(definition: TaskDefinition) -> str:
    """Return the Liquid worker template for a definition."""
    if definition.is_verification:
        element = _verification_element(definition)
    elif definition.is_segmentation:
        element = _segmentation_adjustment_element(definition)
    else:
        element = _box_adjustment_element(definition)

    parts = [
        "<!-- Generated by gt-templates compile; edit the task definition instead. -->",
        f'<script src="{ELEMENTS_SCRIPT}"></script>',
        _STYLE,
        _assignments(definition),
        "",
        "<crowd-form>",
        element,
    ]
    if definition.is_verification and definition.comments == "required":
        parts += [_REQUIRED_COMMENT_NOTE, "</crowd-form>", _REQUIRED_COMMENT_SCRIPT]
    else:
        parts.append("</crowd-form>")
    return "\n".join(parts) + "\n"


def _line_value(attribute: str) -> str:
    return f"task.input.manifestLine['{attribute}']"


def _assignments(definition: TaskDefinition) -> str:
    metadata = _line_value(f"{definition.label_attribute}-metadata")
    if definition.is_segmentation:
        return f"{{% assign gt_color_map = {metadata}['internal-color-map'] %}}"
    return f"{{% assign gt_class_map = {metadata}['class-map'] %}}"


def _attributes(pairs: list[tuple[str, str]]) -> str:
    return "".join(f'\n    {name}="{value}"' for name, value in pairs)


def _common_attributes(definition: TaskDefinition) -> list[tuple[str, str]]:
    return [
        ("name", definition.element_name),
        ("src", "{{ task.input.taskObject | grant_read_access }}"),
        ("header", html_text(definition.header)),
    ]


def _verification_element(definition: TaskDefinition) -> str:
    if definition.is_segmentation:
        overlay = f"{{ {_QUOT}semanticSegmentation{_QUOT}: {_segmentation_overlay(definition)} }}"
    else:
        overlay = f"{{ {_QUOT}boundingBox{_QUOT}: {_box_overlay(definition)} }}"

    attributes = [
        *_common_attributes(definition),
        ("categories", "{{ task.input.labels | to_json }}"),
        ("overlay", overlay),
    ]
    regions = [*_instruction_regions(definition), *_worker_comment(definition)]
    return _element("crowd-image-classifier", attributes, regions)


def _box_adjustment_element(definition: TaskDefinition) -> str:
    attributes = [
        *_common_attributes(definition),
        ("labels", _adjustment_box_labels(definition)),
        ("initial-value", _box_values(definition)),
    ]
    return _element("crowd-bounding-box", attributes, _instruction_regions(definition))


def _segmentation_adjustment_element(definition: TaskDefinition) -> str:
    initial = (
        f"{{ {_QUOT}labelMappings{_QUOT}: {_label_mappings()}, "
        f"{_QUOT}src{_QUOT}: {_mask_source(definition)} }}"
    )
    attributes = [
        *_common_attributes(definition),
        ("labels", _adjustment_segmentation_labels(definition)),
        ("initial-value", initial),
    ]
    return _element(
        "crowd-semantic-segmentation", attributes, _instruction_regions(definition)
    )


def _element(tag: str, attributes: list[tuple[str, str]], regions: list[str]) -> str:
    body = "\n".join(regions)
    return f"  <{tag}{_attributes(attributes)}\n  >\n{body}\n  </{tag}>"


def _fixed_labels(definition: TaskDefinition) -> str | None:
    if definition.labels is None:
        return None
    return html_text(json.dumps(definition.labels, ensure_ascii=False))


def _fixed_items(definition: TaskDefinition) -> str:
    return html_text(json.dumps(definition.labels or [], ensure_ascii=False)[1:-1])


def _adjustment_box_labels(definition: TaskDefinition) -> str:
    """Return the fixed labels plus every other name the line's boxes carry.

    The adjustment tool does not draw a box whose label is missing from
    ``labels``, and a box it does not draw is lost on submit.
    """
    named = (
        "{% for gt_class in gt_class_map %}"
        "{% unless task.input.labels contains gt_class[1] %}"
        ", {{ gt_class[1] | to_json }}{% endunless %}{% endfor %}"
    )
    unknown = (
        "{% assign gt_seen = ',' %}"
        f"{{% for gt_box in {_line_value(definition.label_attribute)}.annotations %}}"
        "{% capture gt_class_id %}{{ gt_box.class_id }}{% endcapture %}"
        "{% if gt_class_map[gt_class_id] == nil %}"
        "{% capture gt_probe %},{{ gt_class_id }},{% endcapture %}"
        "{% unless gt_seen contains gt_probe %}"
        "{% assign gt_label = 'unknown class ' | append: gt_class_id %}"
        ", {{ gt_label | to_json }}{% assign gt_seen = gt_seen | append: gt_probe %}"
        "{% endunless %}{% endif %}{% endfor %}"
    )
    return f"[{_fixed_items(definition)}{named}{unknown}]"


def _adjustment_segmentation_labels(definition: TaskDefinition) -> str:
    """Return the fixed labels plus every other class the line's mask paints."""
    named = (
        f"{{% for gt_class in gt_color_map %}}{_SKIP_BACKGROUND}"
        "{% unless task.input.labels contains gt_class[1]['class-name'] %}"
        ", {{ gt_class[1]['class-name'] | to_json }}{% endunless %}{% endif %}{% endfor %}"
    )
    return f"[{_fixed_items(definition)}{named}]"


def _box_overlay(definition: TaskDefinition) -> str:
    return (
        f"{{ {_QUOT}labels{_QUOT}: {_box_labels(definition)}, "
        f"{_QUOT}value{_QUOT}: {_box_values(definition)} }}"
    )


def _box_labels(definition: TaskDefinition) -> str:
    fixed = _fixed_labels(definition)
    if fixed is not None:
        return fixed
    return (
        "[{% assign gt_sep = '' %}{% for gt_class in gt_class_map %}"
        "{{ gt_sep }}{{ gt_class[1] | to_json }}{% assign gt_sep = ', ' %}{% endfor %}]"
    )


def _box_values(definition: TaskDefinition) -> str:
    """Return the documented capture recipe: class_id as text indexes the class-map."""
    box = ", ".join(
        f"{_QUOT}{key}{_QUOT}: {{{{ gt_box.{key} | to_json }}}}"
        for key in ("left", "top", "width", "height")
    )
    return (
        "[{% assign gt_sep = '' %}"
        f"{{% for gt_box in {_line_value(definition.label_attribute)}.annotations %}}"
        "{% capture gt_class_id %}{{ gt_box.class_id }}{% endcapture %}"
        "{% assign gt_label = gt_class_map[gt_class_id] %}"
        "{% if gt_label == nil %}"
        "{% assign gt_label = 'unknown class ' | append: gt_class_id %}{% endif %}"
        f"{{{{ gt_sep }}}}{{ {_QUOT}label{_QUOT}: {{{{ gt_label | to_json }}}}, {box} }}"
        "{% assign gt_sep = ', ' %}{% endfor %}]"
    )


def _segmentation_overlay(definition: TaskDefinition) -> str:
    return (
        f"{{ {_QUOT}labels{_QUOT}: {_segmentation_labels(definition)}, "
        f"{_QUOT}labelMappings{_QUOT}: {_label_mappings()}, "
        f"{_QUOT}src{_QUOT}: {_mask_source(definition)} }}"
    )


_SKIP_BACKGROUND = "{% if gt_class[1]['class-name'] != 'BACKGROUND' %}"


def _segmentation_labels(definition: TaskDefinition) -> str:
    fixed = _fixed_labels(definition)
    if fixed is not None:
        return fixed
    return (
        "[{% assign gt_sep = '' %}{% for gt_class in gt_color_map %}"
        f"{_SKIP_BACKGROUND}{{{{ gt_sep }}}}{{{{ gt_class[1]['class-name'] | to_json }}}}"
        "{% assign gt_sep = ', ' %}{% endif %}{% endfor %}]"
    )


def _label_mappings() -> str:
    return (
        "{ {% assign gt_sep = '' %}{% for gt_class in gt_color_map %}"
        f"{_SKIP_BACKGROUND}{{{{ gt_sep }}}}{{{{ gt_class[1]['class-name'] | to_json }}}}: "
        f"{{ {_QUOT}color{_QUOT}: {{{{ gt_class[1]['hex-color'] | to_json }}}} }}"
        "{% assign gt_sep = ', ' %}{% endif %}{% endfor %} }"
    )


def _mask_source(definition: TaskDefinition) -> str:
    return f"{{{{ {_line_value(definition.label_attribute)} | grant_read_access | to_json }}}}"


def _instruction_regions(definition: TaskDefinition) -> list[str]:
    """Return both instruction regions; Markdown HTML stays unindented for <pre>."""
    instructions = definition.instructions
    short = [markdown_html(instructions.short).strip(), _examples(definition)]
    return [
        '    <full-instructions header="Full instructions">',
        markdown_html(instructions.full).strip(),
        "    </full-instructions>",
        "    <short-instructions>",
        "\n".join(part for part in short if part),
        "    </short-instructions>",
    ]


def _examples(definition: TaskDefinition) -> str:
    examples = definition.instructions.examples
    if not examples:
        return ""

    figures = []
    for example in examples:
        source = html_text(example.image)
        if not example.image.startswith("https://"):
            source = f"{{{{ '{example.image}' | grant_read_access }}}}"
        caption = html_text(example.caption)
        figures.append(
            '  <figure class="gt-example">\n'
            f'    <img src="{source}" alt="{caption}">\n'
            f"    <figcaption><strong>{html_text(example.verdict)}</strong>"
            f"{' ' + caption if caption else ''}</figcaption>\n"
            "  </figure>"
        )
    return (
        '<h3>Examples</h3>\n<div class="gt-examples">\n'
        + "\n".join(figures)
        + "\n</div>"
    )


def _worker_comment(definition: TaskDefinition) -> list[str]:
    if definition.comments == "off":
        return []

    required = definition.comments == "required"
    link = "Add a comment (required)" if required else "Add a comment"
    return [
        f'    <worker-comment header="Add a comment" link-text="{link}"'
        f' placeholder="Explain your choice"{" required" if required else ""}>',
        "      <p>Explain what is wrong with the labels, or why they are correct.</p>",
        "    </worker-comment>",
    ]


def labels_config(definition: TaskDefinition) -> dict[str, Any]:
    """Return the label category configuration file's content."""
    names = (
        definition.verdicts if definition.is_verification else definition.labels or []
    )
    return {
        "document-version": LABEL_CONFIG_VERSION,
        "labels": [{"label": name} for name in names],
    }


def _string_array(items: list[str] | None, minimum: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    if items:
        schema["items"] = {"enum": list(items)}
    if minimum:
        schema["minItems"] = minimum
    return schema


def _earlier_labels_schema(definition: TaskDefinition) -> dict[str, Any]:
    attribute = definition.label_attribute
    if definition.is_segmentation:
        mask, metadata = _mask_schemas()
    else:
        mask, metadata = _box_schemas()
    return {attribute: mask, f"{attribute}-metadata": metadata}


def _mask_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    color = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
    entry = {
        "type": "object",
        "required": ["class-name", "hex-color"],
        "properties": {"class-name": {"type": "string"}, "hex-color": color},
    }
    mask = {"type": "string", "pattern": "^s3://", "description": "Label mask PNG."}
    metadata = {
        "type": "object",
        "required": ["internal-color-map"],
        "properties": {
            "internal-color-map": {"type": "object", "additionalProperties": entry}
        },
    }
    return mask, metadata


def _box_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    number = {"type": "number"}
    box = {
        "type": "object",
        "required": ["class_id", "left", "top", "width", "height"],
        "properties": {
            "class_id": {"type": "integer"},
            **{key: number for key in ("left", "top", "width", "height")},
        },
    }
    boxes = {
        "type": "object",
        "required": ["annotations"],
        "properties": {"annotations": {"type": "array", "items": box}},
    }
    metadata = {
        "type": "object",
        "required": ["class-map"],
        "properties": {
            "class-map": {"type": "object", "additionalProperties": {"type": "string"}}
        },
    }
    return boxes, metadata


def task_input_schema(definition: TaskDefinition) -> dict[str, Any]:
    """Return a JSON Schema of the ``task.input`` the template reads."""
    earlier = _earlier_labels_schema(definition)
    properties: dict[str, Any] = {
        "taskObject": {"type": "string", "description": "S3 URI of the image."},
        "manifestLine": {
            "type": "object",
            "required": list(earlier),
            "properties": earlier,
        },
    }
    required = ["taskObject", "manifestLine"]
    if definition.is_verification:
        properties["labels"] = _string_array(definition.verdicts, 1)
        required.insert(1, "labels")

    return {
        "$schema": JSON_SCHEMA,
        "title": f"task.input of {definition.name}",
        "type": "object",
        "required": required,
        "properties": properties,
    }


def _image_size() -> dict[str, Any]:
    size = {"type": "integer", "minimum": 0}
    return {
        "type": "object",
        "required": ["height", "width"],
        "properties": {"height": size, "width": size},
    }


def _element_answer(definition: TaskDefinition) -> dict[str, Any]:
    if definition.is_verification:
        return _verdict_answer(definition)
    if definition.is_segmentation:
        return _mask_answer()
    return _boxes_answer()


def _verdict_answer(definition: TaskDefinition) -> dict[str, Any]:
    properties: dict[str, Any] = {"label": {"enum": list(definition.verdicts)}}
    required = ["label"]
    if definition.comments == "optional":
        properties["workerComment"] = {"type": "string"}
    elif definition.comments == "required":
        properties["workerComment"] = {"type": "string", "minLength": 1}
        required.append("workerComment")
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _mask_answer() -> dict[str, Any]:
    color = {
        "type": "object",
        "required": ["color"],
        "properties": {"color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}},
    }
    image = {
        "type": "object",
        "required": ["pngImageData"],
        "properties": {"pngImageData": {"type": "string"}},
    }
    return {
        "type": "object",
        "required": ["inputImageProperties", "labelMappings", "labeledImage"],
        "properties": {
            "inputImageProperties": _image_size(),
            "labelMappings": {"type": "object", "additionalProperties": color},
            "labeledImage": image,
            "initialValueModified": {"type": "boolean"},
        },
    }


def _boxes_answer() -> dict[str, Any]:
    """Return the crowd-bounding-box answer; kept boxes may carry earlier names."""
    number = {"type": "number"}
    box = {
        "type": "object",
        "required": ["height", "label", "left", "top", "width"],
        "properties": {
            "label": {"type": "string"},
            **{key: number for key in ("height", "left", "top", "width")},
        },
    }
    return {
        "type": "object",
        "required": ["boundingBoxes", "inputImageProperties"],
        "properties": {
            "boundingBoxes": {"type": "array", "items": box},
            "inputImageProperties": _image_size(),
            "initialValueModified": {"type": "boolean"},
        },
    }


def answer_schema(definition: TaskDefinition) -> dict[str, Any]:
    """Return a JSON Schema of the answer object a worker submits."""
    return {
        "$schema": JSON_SCHEMA,
        "title": f"Answer of {definition.name}",
        "type": "object",
        "required": [definition.element_name],
        "properties": {definition.element_name: _element_answer(definition)},
    }


def built_in_lambda_arn(definition: TaskDefinition, prefix: str) -> str:
    """Return the ARN of a built-in PRE- or ACS- Lambda for the definition's Region."""
    account = LAMBDA_ACCOUNTS[definition.region]
    function = f"{prefix}-{BUILT_IN_LAMBDAS[definition.task]}"
    return f"arn:aws:lambda:{definition.region}:{account}:function:{function}"


def job_request(definition: TaskDefinition) -> dict[str, Any]:
    """Return a CreateLabelingJob request skeleton; ``<...>`` marks values to fill in."""
    prefix = f"s3://<bucket>/<prefix>/{definition.name}"
    return {
        "LabelingJobName": definition.name,
        "LabelAttributeName": definition.output_attribute,
        "InputConfig": {
            "DataSource": {
                "S3DataSource": {"ManifestS3Uri": f"{prefix}/input.manifest"}
            }
        },
        "OutputConfig": {"S3OutputPath": f"{prefix}/output/"},
        "RoleArn": "arn:aws:iam::<account-id>:role/<sagemaker-execution-role>",
        "LabelCategoryConfigS3Uri": f"{prefix}/{definition.name}.labels.json",
        "HumanTaskConfig": {
            "WorkteamArn": f"arn:aws:sagemaker:{definition.region}:<account-id>:workteam/private-crowd/<team>",
            "UiConfig": {"UiTemplateS3Uri": f"{prefix}/{definition.name}.liquid.html"},
            "PreHumanTaskLambdaArn": built_in_lambda_arn(definition, "PRE"),
            "TaskTitle": definition.title,
            "TaskDescription": definition.description,
            "NumberOfHumanWorkersPerDataObject": definition.workers_per_object,
            "TaskTimeLimitInSeconds": 600,
            "TaskAvailabilityLifetimeInSeconds": 864000,
            "AnnotationConsolidationConfig": {
                "AnnotationConsolidationLambdaArn": built_in_lambda_arn(
                    definition, "ACS"
                )
            },
        },
    }


def _json_text(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
