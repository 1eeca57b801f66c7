"""boto3's ``render_ui_template`` against a live preview server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.client import HTTPConnection
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from gt_templates.harness import serve
from gt_templates.preview import create_app
from gt_templates.rendering import render_ui_template
from gt_templates.s3 import LocalPresigner

SECRET = b"render-api-secret"
CLOCK = 1_900_000_000.0
ROLE = "arn:aws:iam::123456789012:role/GroundTruthPreview"
TEMPLATE = """<crowd-form>
  <crowd-image-classifier name="v" src="{{ task.input.taskObject | grant_read_access }}"
    categories="{{ task.input.labels | to_json }}" header="{{ task.input.q }}">
  </crowd-image-classifier>
</crowd-form>"""
INPUT = {
    "taskObject": "s3://bucket/a b.jpg",
    "labels": ["ok", "bad"],
    "q": "Is <it> 'ok'?",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve an empty project on a free port; yield its base URL."""
    app = create_app(tmp_path_factory.mktemp("project"), secret=SECRET)
    app.extensions["gt_templates"].clock = lambda: CLOCK
    with serve(app) as url:
        yield url


def client(server: str, *, validate: bool) -> Any:
    """Return a SageMaker client that talks to the preview server."""
    return boto3.client(
        "sagemaker",
        endpoint_url=server,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(parameter_validation=validate),
    )


@pytest.fixture(scope="module")
def sagemaker(server: str) -> Any:
    """Return a SageMaker client as users create it."""
    return client(server, validate=True)


@pytest.fixture(scope="module")
def unchecked(server: str) -> Any:
    """Return a client that sends requests botocore itself would refuse."""
    return client(server, validate=False)


def library(server: str, template: str, task_input: str) -> dict[str, Any]:
    """Return what the library (and ``render --json``) gives for the same request."""
    presigner = LocalPresigner(
        base_url=server + "/", secret=SECRET, clock=lambda: CLOCK
    )
    result: dict[str, Any] = render_ui_template(
        template, task_input, presigner=presigner
    ).to_api()
    return result


@pytest.mark.parametrize(
    ("template", "task_input"),
    [
        (TEMPLATE, json.dumps(INPUT)),
        ("<p>{{ task.input.missing }}</p>", "{}"),
        ("<p>{{ task.input.x | grant_read_access }}</p>", '{"x": "not-s3"}'),
        ("<p>{% if task.input.x %}</p>", '{"x": 1}'),
        ("<p>{{ task.input }}</p>", "[1, 2"),
    ],
    ids=[
        "verification",
        "undefined-variable",
        "bad-s3-uri",
        "syntax-error",
        "input-not-json",
    ],
)
def test_render_ui_template_returns_what_the_library_returns(
    sagemaker: Any, server: str, template: str, task_input: str
) -> None:
    response = sagemaker.render_ui_template(
        UiTemplate={"Content": template}, Task={"Input": task_input}, RoleArn=ROLE
    )
    del response["ResponseMetadata"]

    assert response == library(server, template, task_input)


def test_rendered_images_are_signed_for_this_server(
    sagemaker: Any, server: str
) -> None:
    response = sagemaker.render_ui_template(
        UiTemplate={"Content": TEMPLATE},
        Task={"Input": json.dumps(INPUT)},
        RoleArn=ROLE,
    )

    assert response["Errors"] == []
    assert (
        f'src="{server}/s3/bucket/a%20b.jpg?X-Gt-Expires='
        in response["RenderedContent"]
    )


@pytest.mark.parametrize(
    ("request_", "code", "message"),
    [
        (
            {
                "UiTemplate": {"Content": "x"},
                "Task": {"Input": "{}"},
                "RoleArn": "short",
            },
            "ValidationException",
            "at 'roleArn' failed to satisfy constraint: Member must have length greater "
            "than or equal to 20",
        ),
        (
            {
                "UiTemplate": {"Content": "x"},
                "Task": {"Input": "{}"},
                "RoleArn": "arn:aws:iam::123:role/not-twelve-digits",
            },
            "ValidationException",
            "failed to satisfy constraint: Member must satisfy regular expression pattern",
        ),
        (
            {
                "UiTemplate": {"Content": "x" * 128_001},
                "Task": {"Input": "{}"},
                "RoleArn": ROLE,
            },
            "ValidationException",
            "at 'uiTemplate.content' failed to satisfy constraint: Member must have length "
            "less than or equal to 128000",
        ),
        (
            {"UiTemplate": {"Content": "x"}, "Task": {"Input": "{"}, "RoleArn": ROLE},
            "ValidationException",
            "at 'task.input' failed to satisfy constraint: Member must have length greater "
            "than or equal to 2",
        ),
        (
            {
                "UiTemplate": {"Content": "x"},
                "Task": {"Input": "[" + "1," * 64_000 + "1]"},
                "RoleArn": ROLE,
            },
            "ValidationException",
            "Member must have length less than or equal to 128000",
        ),
        (
            {
                "UiTemplate": {"Content": ""},
                "Task": {"Input": "{}"},
                "RoleArn": "short",
            },
            "ValidationException",
            "2 validation errors detected",
        ),
        (
            {"Task": {"Input": "{}"}, "RoleArn": ROLE},
            "ValidationException",
            "Specify either UiTemplate or HumanTaskUiArn.",
        ),
        (
            {
                "UiTemplate": {"Content": "x"},
                "HumanTaskUiArn": "arn:aws:sagemaker:us-east-1:123456789012:human-task-ui/t",
                "Task": {"Input": "{}"},
                "RoleArn": ROLE,
            },
            "ValidationException",
            "not both",
        ),
        (
            {
                "HumanTaskUiArn": "arn:aws:sagemaker:us-east-1:123456789012:human-task-ui/t",
                "Task": {"Input": "{}"},
                "RoleArn": ROLE,
            },
            "ResourceNotFound",
            "human-task-ui/t does not exist",
        ),
    ],
    ids=[
        "role-too-short",
        "role-pattern",
        "template-too-long",
        "input-too-short",
        "input-too-long",
        "two-violations",
        "no-template",
        "template-and-arn",
        "unknown-task-ui",
    ],
)
def test_constraint_violations_raise_the_api_error(
    unchecked: Any, request_: dict[str, Any], code: str, message: str
) -> None:
    with pytest.raises(ClientError) as caught:
        unchecked.render_ui_template(**request_)

    error = caught.value.response["Error"]
    assert error["Code"] == code
    assert message in error["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def post(server: str, body: bytes, target: str | None) -> tuple[int, dict[str, Any]]:
    """POST raw bytes to the server's root and return the status and JSON body."""
    connection = HTTPConnection(server.removeprefix("http://"), timeout=10)
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = target
    connection.request("POST", "/", body=body, headers=headers)
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    return response.status, payload


@pytest.mark.parametrize(
    ("body", "target", "kind"),
    [
        (b"{not json", "SageMaker.RenderUiTemplate", "SerializationException"),
        (b"[1]", "SageMaker.RenderUiTemplate", "SerializationException"),
        (
            b'{"Task": "text", "RoleArn": "x"}',
            "SageMaker.RenderUiTemplate",
            "SerializationException",
        ),
        (b"{}", "SageMaker.ListLabelingJobs", "UnknownOperationException"),
        (b"{}", None, "UnknownOperationException"),
    ],
    ids=[
        "malformed-json",
        "not-an-object",
        "wrong-member-type",
        "other-operation",
        "no-target",
    ],
)
def test_malformed_requests_get_a_json_error(
    server: str, body: bytes, target: str | None, kind: str
) -> None:
    status, payload = post(server, body, target)

    assert status == 400
    assert payload["__type"] == kind
    assert payload["message"]


def test_the_server_keeps_serving_after_bad_requests(
    sagemaker: Any, server: str
) -> None:
    post(server, b"{not json", "SageMaker.RenderUiTemplate")

    response = sagemaker.render_ui_template(
        UiTemplate={"Content": "<b>{{ task.input.a }}</b>"},
        Task={"Input": '{"a": 1}'},
        RoleArn=ROLE,
    )

    assert response["RenderedContent"] == "<b>1</b>"
