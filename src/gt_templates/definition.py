"""Read a YAML task definition into a checked ``TaskDefinition``.

The file is composed into PyYAML nodes, not loaded into Python objects, so every
problem keeps its line and column and every problem in the file is reported at
once. Text fields take the scalar exactly as written: YAML 1.1 would otherwise
turn ``yes``, ``no`` and ``off`` into booleans.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DefinitionError, Problem
from .s3 import is_s3_uri

TASKS = (
    "bounding-box-verification",
    "semantic-segmentation-verification",
    "bounding-box-adjustment",
    "semantic-segmentation-adjustment",
)
COMMENT_MODES = ("off", "optional", "required")

# The AWS accounts that own the built-in PRE-/ACS- Lambda functions, per Region.
LAMBDA_ACCOUNTS = {
    "us-east-1": "432418664414",
    "us-east-2": "266458841044",
    "us-west-2": "081040173940",
    "ca-central-1": "918755190332",
    "eu-west-1": "568282634449",
    "eu-west-2": "487402164563",
    "eu-central-1": "203001061592",
    "ap-northeast-1": "477331159723",
    "ap-northeast-2": "845288260483",
    "ap-south-1": "565803892007",
    "ap-southeast-1": "377565633583",
    "ap-southeast-2": "454466003867",
}
DEFAULT_REGION = "us-east-1"
DEFAULT_ELEMENT_NAMES = {
    "bounding-box-verification": "verification",
    "semantic-segmentation-verification": "verification",
    "bounding-box-adjustment": "boundingBox",
    "semantic-segmentation-adjustment": "crowd-semantic-segmentation",
}

ATTRIBUTE_PATTERN = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,126}")
NAME_PATTERN = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
ELEMENT_NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
HANDLER_PATTERN = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*"
)
# Example images become Liquid string literals, so these characters cannot appear.
UNSAFE_IMAGE_CHARACTERS = set("'\"{}%<>\\")
MAX_LABEL_LENGTH = 256


@dataclass(frozen=True)
class FieldSpec:
    """One documented field of the definition format."""

    name: str
    kind: str
    required: str
    summary: str


FIELDS = (
    FieldSpec("name", "text", "yes", "Identifier; output files are named after it."),
    FieldSpec("task", "text", "yes", "One of the four task types."),
    FieldSpec("label_attribute", "text", "yes", "Earlier job's label attribute."),
    FieldSpec("output_attribute", "text", "yes", "New job's label attribute."),
    FieldSpec("header", "text", "yes", "Question or request shown to the worker."),
    FieldSpec("verdicts", "list of texts", "verification", "2 to 10 categories."),
    FieldSpec("comments", "text", "no", "off, optional or required."),
    FieldSpec("instructions", "mapping", "no", "Worker instructions."),
    FieldSpec("instructions.short", "Markdown", "no", "Shown beside the task."),
    FieldSpec("instructions.full", "Markdown", "no", "Shown in a dialog."),
    FieldSpec("instructions.examples", "list of mappings", "no", "Example labels."),
    FieldSpec("instructions.examples[].image", "text", "yes", "S3 or HTTPS image."),
    FieldSpec("instructions.examples[].caption", "text", "no", "What to notice."),
    FieldSpec("instructions.examples[].verdict", "text", "yes", "Verdict it deserves."),
    FieldSpec("labels", "list of texts", "adjustment", "Earlier job's label names."),
    FieldSpec("title", "text", "no", "Job title shown to workers."),
    FieldSpec("description", "text", "no", "Job description shown to workers."),
    FieldSpec("region", "text", "no", "AWS Region of the built-in Lambdas."),
    FieldSpec("sample_manifest", "path", "no", "Sample input manifest."),
    FieldSpec("pre_annotation_lambda", "text", "no", "Local pre-annotation handler."),
    FieldSpec("post_annotation_lambda", "text", "no", "Local post-annotation handler."),
    FieldSpec("element_name", "text", "no", "Answer key of the main element."),
    FieldSpec("workers_per_object", "integer", "no", "Workers per data object."),
)


def _children(prefix: str) -> tuple[str, ...]:
    depth = prefix.count(".")
    return tuple(
        spec.name.rsplit(".", 1)[-1]
        for spec in FIELDS
        if spec.name.startswith(prefix) and spec.name.count(".") == depth
    )


TOP_FIELDS = _children("")
INSTRUCTION_FIELDS = _children("instructions.")
EXAMPLE_FIELDS = _children("instructions.examples[].")


@dataclass(frozen=True)
class Example:
    """One example image of a good or bad label, with the verdict it deserves."""

    image: str
    caption: str
    verdict: str


@dataclass(frozen=True)
class Instructions:
    """Short and full Markdown instructions plus example images."""

    short: str = ""
    full: str = ""
    examples: tuple[Example, ...] = ()


@dataclass
class TaskDefinition:
    """A checked task definition, ready to compile."""

    name: str
    task: str
    label_attribute: str
    output_attribute: str
    header: str
    path: Path
    sample_manifest: Path
    verdicts: list[str] = field(default_factory=list)
    comments: str = "optional"
    instructions: Instructions = field(default_factory=Instructions)
    labels: list[str] | None = None
    title: str = ""
    description: str = ""
    region: str = DEFAULT_REGION
    pre_annotation_lambda: str | None = None
    post_annotation_lambda: str | None = None
    element_name: str = ""
    workers_per_object: int = 1

    @property
    def is_verification(self) -> bool:
        """Tell whether workers judge the labels rather than edit them."""
        return self.task.endswith("-verification")

    @property
    def is_segmentation(self) -> bool:
        """Tell whether the earlier labels are a semantic-segmentation mask."""
        return self.task.startswith("semantic-segmentation")


def project_dir_for(path: Path) -> Path:
    """Return the project folder of a definition file (the parent of template_sources/)."""
    folder = path.resolve().parent
    return folder.parent if folder.name == "template_sources" else folder


def load_definition(path: str | Path) -> TaskDefinition:
    """Read and check one definition file, raising DefinitionError with every problem."""
    path = Path(path)
    reader = _Reader(str(path))
    root = reader.compose(path)
    definition = reader.definition(root, path) if root is not None else None

    if reader.problems or definition is None:
        raise DefinitionError(sorted(reader.problems, key=lambda p: (p.line, p.col)))

    return definition


def suggest(found: str, choices: Sequence[str]) -> str:
    """Return a did-you-mean hint for a misspelt name, or list the choices."""
    close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "expected one of " + ", ".join(f"`{choice}`" for choice in choices)


def did_you_mean(found: str, choices: Sequence[str]) -> str:
    """Return a did-you-mean hint when a close choice exists, else nothing."""
    close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def describe(node: Node) -> str:
    """Name the kind of YAML value a node holds, for messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "an empty value"
    return f"`{node.value}`"


class _Reader:
    """Collects problems while turning composed YAML nodes into a TaskDefinition."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._keys: dict[int, Node] = {}

    def report(self, node: Node | None, message: str, hint: str = "") -> None:
        line, col = (
            (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        )
        self.problems.append(Problem(self.path, line, col, message, hint))

    def key_of(self, node: Node | None) -> Node | None:
        """Return the key a mapping value sits under, to point at the whole field."""
        return self._keys.get(id(node), node) if node is not None else None

    def compose(self, path: Path) -> Node | None:
        """Parse the file into nodes, reporting unreadable files and YAML syntax."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.report(
                None, f"cannot read the definition: {error}", "pass a UTF-8 YAML file"
            )
            return None

        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            self._report_syntax(error)
            return None

        if root is None:
            self.report(
                None, "the definition is empty", "start with `name:` and `task:`"
            )
        return root

    def _report_syntax(self, error: yaml.MarkedYAMLError) -> None:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        found = "; ".join(part for part in (error.context, error.problem) if part)
        self.problems.append(
            Problem(
                self.path,
                line,
                col,
                f"YAML syntax error: {found}",
                "fix the YAML here; quote texts that contain `: `, `#` or start with a symbol",
            )
        )

    def mapping(
        self, node: Node, allowed: Sequence[str], where: str
    ) -> dict[str, Node] | None:
        """Return a mapping's values by key, reporting unknown and repeated keys."""
        if not isinstance(node, MappingNode):
            self.report(
                node, f"{where} is {describe(node)}, expected a mapping of fields"
            )
            return None

        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                self.report(
                    key_node, f"unknown field `{key}` in {where}", suggest(key, allowed)
                )
            elif key in values:
                self.report(
                    key_node, f"field `{key}` appears twice in {where}", "keep one"
                )
            else:
                values[key] = value_node
                self._keys[id(value_node)] = key_node
        return values

    def text(self, node: Node | None, label: str) -> str | None:
        """Return a scalar's source text, reporting lists, mappings and empty values."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
            self.report(node, f"`{label}` is {describe(node)}, expected a text")
            return None
        return str(node.value)

    def texts(self, node: Node | None, label: str) -> list[tuple[str, Node]] | None:
        """Return a list of texts with their nodes, reporting items of other types."""
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.report(
                node, f"`{label}` is {describe(node)}, expected a list of texts"
            )
            return None

        items = []
        for item in node.value:
            value = self.text(item, f"{label}[]")
            if value is not None:
                items.append((value, item))
        return items

    def integer(self, node: Node | None, label: str) -> int | None:
        """Return an integer scalar, reporting anything else."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or not node.tag.endswith(":int"):
            self.report(node, f"`{label}` is {describe(node)}, expected a whole number")
            return None
        return int(str(node.value).replace("_", ""), 0)

    def definition(self, root: Node, path: Path) -> TaskDefinition | None:
        """Check every field and build the definition when nothing is wrong."""
        fields = self.mapping(root, TOP_FIELDS, "the definition")
        if fields is None:
            return None

        for spec in FIELDS:
            if (
                spec.required == "yes"
                and "." not in spec.name
                and spec.name not in fields
            ):
                self.report(
                    root, f"missing required field `{spec.name}`", f"add `{spec.name}:`"
                )

        task = self._task(fields.get("task"))
        name = self._name(fields.get("name"))
        label_attribute, output_attribute = self._attributes(fields, task)
        header = self._bounded_text(fields.get("header"), "header", 2000)
        verdicts = self._verdicts(fields.get("verdicts"), task, root)
        comments = self._comments(fields.get("comments"), task)
        labels = self._labels(fields.get("labels"), task, root)
        instructions = self._instructions(fields.get("instructions"), task, verdicts)
        extras = self._extras(fields)
        workers = self._workers(fields.get("workers_per_object"))

        required = (task, name, label_attribute, output_attribute, header)
        if self.problems or None in required:
            return None

        assert task and name and label_attribute and output_attribute and header
        project = project_dir_for(path)
        manifest = Path(
            extras.pop("sample_manifest") or f"preview/manifests/{name}.manifest"
        )
        return TaskDefinition(
            name=name,
            task=task,
            label_attribute=label_attribute,
            output_attribute=output_attribute,
            header=header,
            path=path,
            sample_manifest=manifest if manifest.is_absolute() else project / manifest,
            verdicts=verdicts,
            comments=comments,
            instructions=instructions,
            labels=labels,
            title=extras["title"] or name,
            description=extras["description"] or header[:255],
            region=extras["region"] or DEFAULT_REGION,
            pre_annotation_lambda=extras["pre_annotation_lambda"],
            post_annotation_lambda=extras["post_annotation_lambda"],
            element_name=extras["element_name"] or DEFAULT_ELEMENT_NAMES[task],
            workers_per_object=workers or 1,
        )

    def _task(self, node: Node | None) -> str | None:
        task = self.text(node, "task")
        if task is not None and task not in TASKS:
            self.report(
                node,
                f"`task` is `{task}`, expected one of the four task types",
                suggest(task, TASKS),
            )
            return None
        return task

    def _name(self, node: Node | None) -> str | None:
        name = self.text(node, "name")
        if name is not None and not NAME_PATTERN.fullmatch(name):
            self.report(
                node,
                f"`name` is `{name}`, expected 1-63 letters, digits and inner hyphens",
                "it names the output files and the labeling job, e.g. `vehicle-boxes`",
            )
            return None
        return name

    def _bounded_text(self, node: Node | None, label: str, limit: int) -> str | None:
        value = self.text(node, label)
        if value is not None and not value.strip():
            self.report(
                node, f"`{label}` is blank, expected a text", f"write the {label}"
            )
            return None
        if value is not None and len(value) > limit:
            self.report(
                node, f"`{label}` has {len(value)} characters, expected at most {limit}"
            )
            return None
        return value

    def _attributes(
        self, fields: dict[str, Node], task: str | None
    ) -> tuple[str | None, str | None]:
        label_node = fields.get("label_attribute")
        output_node = fields.get("output_attribute")
        label = self.text(label_node, "label_attribute")
        output = self.text(output_node, "output_attribute")
        checks = _attribute_rules(task)

        for node, value, field_name in (
            (label_node, label, "label_attribute"),
            (output_node, output, "output_attribute"),
        ):
            if value is None:
                continue
            for broken, message, hint in checks[field_name]:
                if broken(value):
                    self.report(node, f"`{field_name}` is `{value}`, {message}", hint)

        if label is not None and label == output:
            self.report(
                output_node,
                f"`output_attribute` is `{output}`, the same as `label_attribute`",
                "the new job needs its own attribute, e.g. add `-verified`",
            )
        return label, output

    def _verdicts(self, node: Node | None, task: str | None, root: Node) -> list[str]:
        if task and not task.endswith("-verification"):
            if node is not None:
                self.report(
                    node,
                    f"`verdicts` is set for the adjustment task `{task}`",
                    "remove `verdicts`; adjustment workers edit the labels",
                )
            return []

        items = self.texts(node, "verdicts")
        if node is None and task:
            self.report(
                root,
                "missing required field `verdicts` for a verification task",
                "add e.g. `verdicts: [correct, incorrect]`",
            )
        if items is None:
            return []

        self._distinct(items, "verdict")
        count = len(node.value) if isinstance(node, SequenceNode) else 0
        if not 2 <= count <= 10:
            self.report(
                self.key_of(node),
                f"`verdicts` has {count} item{'' if count == 1 else 's'}, expected 2 to 10",
                "crowd-image-classifier shows at most 10 categories",
            )
        return [value for value, _ in items]

    def _distinct(self, items: list[tuple[str, Node]], label: str) -> None:
        seen: dict[str, int] = {}
        for index, (value, node) in enumerate(items, 1):
            if not value.strip():
                self.report(node, f"{label} {index} is blank, expected a text")
            elif len(value) > MAX_LABEL_LENGTH:
                self.report(
                    node,
                    f"{label} {index} has {len(value)} characters, expected at most {MAX_LABEL_LENGTH}",
                )
            elif value in seen:
                self.report(
                    node,
                    f"{label} `{value}` repeats {label} {seen[value]}",
                    f"each {label} must be distinct",
                )
            else:
                seen[value] = index

    def _comments(self, node: Node | None, task: str | None) -> str:
        value = self.text(node, "comments")
        if value is None:
            return (
                "optional" if task is None or task.endswith("-verification") else "off"
            )
        if value not in COMMENT_MODES:
            self.report(
                node,
                f"`comments` is `{value}`, expected `off`, `optional` or `required`",
                did_you_mean(value, COMMENT_MODES),
            )
        elif task and not task.endswith("-verification") and value != "off":
            self.report(
                node,
                f"`comments` is `{value}` for the adjustment task `{task}`",
                "worker comments exist only in verification tasks; remove `comments`",
            )
        return value

    def _labels(
        self, node: Node | None, task: str | None, root: Node
    ) -> list[str] | None:
        items = self.texts(node, "labels")
        if node is None and task and task.endswith("-adjustment"):
            self.report(
                root,
                "missing required field `labels` for an adjustment task",
                "list every label of the earlier job: the adjustment job's label file must hold them all",
            )
        if items is None:
            return None

        self._distinct(items, "label")
        if not items:
            self.report(
                self.key_of(node),
                "`labels` is an empty list, expected at least one label",
                "remove `labels` to take the names from each manifest line",
            )
        return [value for value, _ in items]

    def _instructions(
        self, node: Node | None, task: str | None, verdicts: list[str]
    ) -> Instructions:
        if node is None:
            return Instructions()
        fields = self.mapping(node, INSTRUCTION_FIELDS, "`instructions`")
        if fields is None:
            return Instructions()

        short = self.text(fields.get("short"), "instructions.short") or ""
        full = self.text(fields.get("full"), "instructions.full") or ""
        examples = list(self._examples(fields.get("examples"), task, verdicts))
        return Instructions(short=short, full=full, examples=tuple(examples))

    def _examples(
        self, node: Node | None, task: str | None, verdicts: list[str]
    ) -> Iterator[Example]:
        if node is None:
            return
        if not isinstance(node, SequenceNode):
            self.report(
                node,
                f"`instructions.examples` is {describe(node)}, expected a list of mappings",
            )
            return

        for item in node.value:
            fields = self.mapping(item, EXAMPLE_FIELDS, "an example")
            if fields is None:
                continue
            for required in ("image", "verdict"):
                if required not in fields:
                    self.report(
                        item, f"example is missing `{required}`", f"add `{required}:`"
                    )
            image = self._image(fields.get("image"))
            caption = self.text(fields.get("caption"), "caption") or ""
            verdict = self.text(fields.get("verdict"), "verdict")
            self._check_example_verdict(fields.get("verdict"), verdict, task, verdicts)
            if image is not None and verdict is not None:
                yield Example(image=image, caption=caption, verdict=verdict)

    def _image(self, node: Node | None) -> str | None:
        image = self.text(node, "image")
        if image is None:
            return None
        if not (is_s3_uri(image) or image.startswith("https://")):
            self.report(
                node,
                f"`image` is `{image}`, expected an s3:// URI or an https:// URL",
                "e.g. `s3://my-bucket/examples/good.jpg`",
            )
        elif UNSAFE_IMAGE_CHARACTERS & set(image) or any(ch.isspace() for ch in image):
            self.report(
                node,
                f"`image` is `{image}`, which holds a quote, brace, space, percent or angle bracket",
                "rename the object with letters, digits, `-`, `_`, `.` and `/`",
            )
        else:
            return image
        return None

    def _check_example_verdict(
        self,
        node: Node | None,
        verdict: str | None,
        task: str | None,
        verdicts: list[str],
    ) -> None:
        if (
            verdict is None
            or not task
            or not task.endswith("-verification")
            or not verdicts
        ):
            return
        if verdict not in verdicts:
            self.report(
                node,
                f"example verdict `{verdict}` is not one of the `verdicts`",
                suggest(verdict, verdicts),
            )

    def _workers(self, node: Node | None) -> int | None:
        workers = self.integer(node, "workers_per_object")
        if workers is not None and not 1 <= workers <= 9:
            self.report(node, f"`workers_per_object` is {workers}, expected 1 to 9")
            return None
        return workers

    def _extras(self, fields: dict[str, Node]) -> dict[str, str | None]:
        region = self.text(fields.get("region"), "region")
        if region is not None and region not in LAMBDA_ACCOUNTS:
            self.report(
                fields.get("region"),
                f"`region` is `{region}`, expected a Region with built-in Ground Truth Lambdas",
                suggest(region, list(LAMBDA_ACCOUNTS)),
            )

        handlers: dict[str, str | None] = {}
        for key in ("pre_annotation_lambda", "post_annotation_lambda"):
            value = self.text(fields.get(key), key)
            if value is not None and not HANDLER_PATTERN.fullmatch(value):
                self.report(
                    fields.get(key),
                    f"`{key}` is `{value}`, expected `module:function`",
                    "e.g. `lambdas.pre:handler`, a module importable from the project folder",
                )
            handlers[key] = value

        element_name = self.text(fields.get("element_name"), "element_name")
        if element_name is not None and not ELEMENT_NAME_PATTERN.fullmatch(
            element_name
        ):
            self.report(
                fields.get("element_name"),
                f"`element_name` is `{element_name}`, expected letters, digits, `_` and `-`, starting with a letter or `_`",
                "it becomes the answer key, e.g. `verification`",
            )

        return {
            "title": self._bounded_text(fields.get("title"), "title", 128),
            "description": self._bounded_text(
                fields.get("description"), "description", 255
            ),
            "region": region,
            "sample_manifest": self.text(
                fields.get("sample_manifest"), "sample_manifest"
            ),
            "element_name": element_name,
            **handlers,
        }


Rule = tuple[Callable[[str], bool], str, str]


def _attribute_rules(task: str | None) -> dict[str, list[Rule]]:
    """Return the naming rules of both attributes for a task type."""
    shape: Rule = (
        lambda value: not ATTRIBUTE_PATTERN.fullmatch(value),
        "expected letters and digits joined by hyphens, at most 127 characters",
        "Ground Truth attribute names match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,126}",
    )
    metadata: Rule = (
        lambda value: value.endswith("-metadata"),
        "which ends in `-metadata`",
        "`-metadata` names the attribute's metadata; pick another name",
    )
    label_rules = [shape, metadata]
    output_rules = [shape, metadata]
    segmentation = bool(task and task.startswith("semantic-segmentation"))

    if task and segmentation:
        label_rules.append(
            (
                lambda value: not value.endswith("-ref"),
                "expected it to end in `-ref`",
                "segmentation jobs store the mask's S3 URI under an attribute ending in `-ref`",
            )
        )
    elif task:
        label_rules.append(
            (
                lambda value: value.endswith("-ref"),
                "which ends in `-ref`, expected a bounding-box attribute",
                "bounding-box attributes do not end in `-ref`",
            )
        )

    if task and task.endswith("-verification"):
        output_rules.append(
            (
                lambda value: value.endswith("-ref"),
                "which ends in `-ref`",
                "verification attributes must not end in `-ref`",
            )
        )
    elif task and segmentation:
        output_rules.append(
            (
                lambda value: not value.endswith("-ref"),
                "expected it to end in `-ref`",
                "segmentation adjustment attributes must end in `-ref`, e.g. `road-adjusted-ref`",
            )
        )
    elif task:
        output_rules.append(
            (
                lambda value: value.endswith("-ref"),
                "which ends in `-ref`",
                "bounding-box adjustment attributes must not end in `-ref`",
            )
        )

    return {"label_attribute": label_rules, "output_attribute": output_rules}
