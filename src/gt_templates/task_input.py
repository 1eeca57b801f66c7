"""Building ``task.input`` from a manifest line, as the pre-annotation step does."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LambdaError, ManifestError, Problem

LABEL_CONFIG_VERSION = "2018-11-28"
PRE_ANNOTATION_VERSION = "2018-10-16"
DEFAULT_JOB_ARN = (
    "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/gt-templates-preview"
)


def verification_task_input(
    line: Mapping[str, Any], labels: list[str]
) -> dict[str, Any]:
    """Return what the built-in verification and adjustment functions provide.

    ``taskObject`` is the line's ``source-ref`` (or inline ``source``),
    ``labels`` the label category names, ``manifestLine`` the whole line.
    """
    task_object = line.get("source-ref", line.get("source"))
    return {
        "taskObject": task_object,
        "labels": list(labels),
        "manifestLine": dict(line),
    }


def load_label_config(path: str | Path) -> list[str]:
    """Return the label names of a label category configuration file."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ManifestError(
            Problem(
                name, 0, 0, f"cannot read the label configuration: {error.strerror}"
            )
        ) from None
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise ManifestError(
            Problem(name, error.lineno, error.colno, f"not valid JSON: {error.msg}")
        ) from None
    return _label_names(name, config)


def _label_names(name: str, config: object) -> list[str]:
    expected = (
        f'expected {{"document-version": "{LABEL_CONFIG_VERSION}", '
        '"labels": [{"label": "..."}, ...]}'
    )
    if not isinstance(config, dict) or not isinstance(config.get("labels"), list):
        raise ManifestError(Problem(name, 1, 1, f"found no 'labels' list, {expected}"))

    names = []
    for index, entry in enumerate(config["labels"]):
        label = entry.get("label") if isinstance(entry, dict) else None
        if not isinstance(label, str):
            raise ManifestError(
                Problem(
                    name, 1, 1, f"labels[{index}] has no string 'label', {expected}"
                )
            )
        names.append(label)
    return names


@dataclass(frozen=True)
class PreAnnotationResult:
    """The pre-annotation step's answer for one data object."""

    task_input: Any
    human_required: bool


def _truthy(value: object) -> bool:
    # AWS's own examples return the flag as a string, so "false" must mean False.
    if isinstance(value, str):
        return value.strip().lower() != "false"
    return bool(value)


class PreAnnotation:
    """Runs a local pre-annotation Lambda handler, or emulates the built-in one."""

    def __init__(
        self, handler: str | None = None, project_dir: str | Path = "."
    ) -> None:
        self.handler_name = handler
        self.project_dir = Path(project_dir)
        self._handler: Callable[[dict[str, Any], Any], Any] | None = None

    def run(
        self,
        line: Mapping[str, Any],
        labels: list[str],
        job_arn: str = DEFAULT_JOB_ARN,
    ) -> PreAnnotationResult:
        """Return ``task.input`` for one manifest line."""
        if self.handler_name is None:
            return PreAnnotationResult(verification_task_input(line, labels), True)

        event = {
            "version": PRE_ANNOTATION_VERSION,
            "labelingJobArn": job_arn,
            "dataObject": dict(line),
        }
        response = self._call(event)
        return self._result(response)

    def _call(self, event: dict[str, Any]) -> Any:
        handler = self._load()
        try:
            return handler(event, None)
        except Exception as error:
            raise LambdaError(
                Problem(
                    self.handler_name or "",
                    0,
                    0,
                    f"the pre-annotation handler raised {type(error).__name__}: {error}",
                    "fix the handler; it gets the documented event "
                    "{version, labelingJobArn, dataObject}",
                )
            ) from None

    def _result(self, response: Any) -> PreAnnotationResult:
        if not isinstance(response, Mapping) or "taskInput" not in response:
            raise LambdaError(
                Problem(
                    self.handler_name or "",
                    0,
                    0,
                    f"the pre-annotation handler returned {type(response).__name__} "
                    "without 'taskInput'",
                    'return {"taskInput": {...}, "isHumanAnnotationRequired": true}',
                )
            )
        flag = response.get(
            "isHumanAnnotationRequired", response.get("humanAnnotationRequired", True)
        )
        return PreAnnotationResult(response["taskInput"], _truthy(flag))

    def _load(self) -> Callable[[dict[str, Any], Any], Any]:
        if self._handler is None:
            self._handler = load_handler(self.handler_name or "", self.project_dir)
        return self._handler


def load_handler(spec: str, project_dir: Path) -> Callable[[dict[str, Any], Any], Any]:
    """Import a ``module:function`` Lambda handler, looking in ``project_dir`` first."""
    module_name, _, function_name = spec.partition(":")
    if not module_name or not function_name:
        raise LambdaError(
            Problem(
                spec,
                0,
                0,
                f"found handler {spec!r}, expected 'module:function'",
                "for example 'lambdas.pre_annotation:handler'",
            )
        )

    root = str(project_dir.resolve())
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name)
    except Exception as error:
        raise LambdaError(
            Problem(
                spec,
                0,
                0,
                f"cannot import module {module_name!r}: {type(error).__name__}: {error}",
                f"put {module_name.replace('.', '/')}.py in {root}",
            )
        ) from None

    handler = getattr(module, function_name, None)
    if not callable(handler):
        raise LambdaError(
            Problem(
                spec,
                0,
                0,
                f"module {module_name!r} has no function {function_name!r}",
                "name a function that takes (event, context)",
            )
        )
    return handler  # type: ignore[no-any-return]
