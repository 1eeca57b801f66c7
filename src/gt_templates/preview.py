"""The local preview server: every task with its sample data, submissions and output.

``create_app`` builds the Flask app. Bad templates, manifests, images or Lambda
handlers are shown on the page with ``path:line:col``; they never stop the
server. The server logs through ``app.logger`` only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from .consolidation import DataObject, Job, consolidate
from .consolidation import Response as WorkerResponse
from .errors import GTTemplatesError, Problem
from .project import Project, RenderedTask, Task
from .rendering import MAX_INPUT_CHARS, MAX_TEMPLATE_CHARS, GroundTruthEnvironment
from .rendering import render_ui_template as render_library
from .s3 import (
    DEFAULT_BASE_URL,
    EXPIRES_PARAM,
    SIGNATURE_PARAM,
    LocalPresigner,
    S3Folder,
    content_type,
)
from .standalone import (
    AWS_SCRIPT_PATTERN,
    ELEMENTS_DIR,
    ENTRY_FILE,
    elements_bundle,
    local_script_tag,
)
from .submissions import DEFAULT_WORKER_ID, Submission, SubmissionStore

WEB_DIR = Path(__file__).parent / "web"
EXTENSION = "gt_templates"
ELEMENT_MODES = ("local", "aws")
RELOAD_POLL_SECONDS = 0.25
RELOAD_STREAM_SECONDS = 55.0
FINGERPRINT_TTL_SECONDS = 0.2
RENDER_TARGET = "SageMaker.RenderUiTemplate"
AMZ_JSON = "application/x-amz-json-1.1"
ROLE_ARN_PATTERN = re.compile(
    r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"
)
TASK_UI_ARN_PATTERN = re.compile(
    r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:human-task-ui/.*"
)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Expose-Headers": "Access-Control-Allow-Origin, ETag, Content-Length",
}


class RequestPresigner:
    """Signs local S3 URLs for the host the current request came in on."""

    def __init__(self, state: PreviewState) -> None:
        self.state = state

    def signer(self) -> LocalPresigner:
        """Return a LocalPresigner for this request's base URL."""
        base = request.host_url if has_request_context() else DEFAULT_BASE_URL
        return LocalPresigner(
            base_url=base, secret=self.state.secret, clock=self.state.clock
        )

    def __call__(self, bucket: str, key: str) -> str:
        return self.signer()(bucket, key)


@dataclass
class PreviewState:
    """Everything the app keeps between requests."""

    project: Project
    store: SubmissionStore
    secret: bytes
    elements: str
    clock: Callable[[], float] = time.time
    environment: GroundTruthEnvironment = field(init=False)
    _fingerprint: tuple[float, str] = (0.0, "")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.environment = GroundTruthEnvironment(presigner=RequestPresigner(self))

    def fingerprint(self) -> str:
        """Return a token that changes whenever a watched file changes."""
        with self._lock:
            checked, token = self._fingerprint
            if time.monotonic() - checked < FINGERPRINT_TTL_SECONDS:
                return token
        digest = hashlib.sha1(usedforsecurity=False)
        for path in sorted(self.project.watched_files()):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
        token = digest.hexdigest()[:16]
        with self._lock:
            self._fingerprint = (time.monotonic(), token)
        return token


def state() -> PreviewState:
    """Return the preview state of the running app."""
    found: PreviewState = current_app.extensions[EXTENSION]
    return found


def create_app(
    project_dir: Path,
    *,
    s3_root: Path | None = None,
    elements: str = "local",
    secret: bytes | None = None,
) -> Flask:
    """Return the preview app for a project directory."""
    if elements not in ELEMENT_MODES:
        raise ValueError(f"elements must be one of {ELEMENT_MODES}, not {elements!r}")
    project = Project(project_dir, s3_root=s3_root)
    app = Flask(
        __name__,
        template_folder=str(WEB_DIR / "templates"),
        static_folder=str(WEB_DIR / "static"),
        static_url_path="/static",
    )
    app.extensions[EXTENSION] = PreviewState(
        project=project,
        store=SubmissionStore.for_project(project.state_dir),
        secret=secret or _default_secret(),
        elements=elements,
    )
    app.jinja_env.filters["pretty"] = _pretty
    app.jinja_env.filters["jsonline"] = _jsonline
    _register_routes(app)
    return app


def _default_secret() -> bytes:
    configured = os.environ.get("GT_TEMPLATES_SECRET")
    return configured.encode() if configured else secrets.token_bytes(32)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _jsonline(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _register_routes(app: Flask) -> None:
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/", "render_api", render_api, methods=["POST"])
    app.add_url_rule("/tasks/<task>/<int:sample>", "task_page", task_page)
    app.add_url_rule("/tasks/<task>/<int:sample>/worker", "worker_page", worker_page)
    app.add_url_rule(
        "/tasks/<task>/<int:sample>/submit", "submit", submit, methods=["POST"]
    )
    app.add_url_rule(
        "/tasks/<task>/output.manifest", "output_manifest", output_manifest
    )
    app.add_url_rule("/elements/<path:filename>", "element", element)
    # S3 keys may hold "//"; merging slashes would change the signed key.
    app.add_url_rule(
        "/s3/<bucket>/<path:key>",
        "s3_object",
        s3_object,
        methods=["GET", "HEAD", "OPTIONS"],
        merge_slashes=False,
    )
    app.add_url_rule("/api/tasks", "api_tasks", api_tasks)
    app.add_url_rule(
        "/api/tasks/<task>/<int:sample>/submissions", "api_submissions", api_submissions
    )
    app.add_url_rule("/api/events", "events", events)
    app.register_error_handler(GTTemplatesError, _problem_page)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


# Pages -----------------------------------------------------------------------


def index() -> str:
    """List every task with its samples and problems."""
    preview = state()
    tasks = preview.project.tasks()
    rows = [(task, task.samples(), task.sample_problems()) for task in tasks]
    return render_template(
        "index.html",
        rows=rows,
        project=preview.project,
        token=preview.fingerprint(),
    )


def _task_or_404(name: str) -> Task:
    task = state().project.task(name)
    if task is None:
        names = [t.name for t in state().project.tasks()]
        abort(404, f"there is no task {name!r}; tasks: {', '.join(names) or 'none'}")
    return task


def task_page(task: str, sample: int) -> tuple[str, int]:
    """Show one sample: the worker page, task.input, HTML, answers and output."""
    preview = state()
    chosen = _task_or_404(task)
    rendered = chosen.render(sample, environment=preview.environment)
    rendered.errors += _script_problems(chosen, rendered)
    count = len(chosen.samples())
    submissions = (
        preview.store.for_sample(chosen.name, sample) if rendered.sample else []
    )
    outputs = _outputs(chosen, rendered, submissions)
    page = render_template(
        "task.html",
        task=chosen,
        sample=sample,
        count=count,
        rendered=rendered,
        submissions=submissions,
        outputs=outputs,
        problems=[*chosen.sample_problems(), *rendered.errors],
        token=preview.fingerprint(),
    )
    return page, 200 if sample < count or not count else 404


def _script_problems(task: Task, rendered: RenderedTask) -> list[Problem]:
    if not rendered.html or "<crowd-" not in rendered.html:
        return []
    if AWS_SCRIPT_PATTERN.search(rendered.html):
        return []
    return [
        Problem(
            task.relative(task.source),
            1,
            1,
            "found crowd-* elements but no crowd-html-elements.js script tag",
            'add <script src="https://assets.crowd.aws/crowd-html-elements.js"></script>'
            " at the top of the template",
        )
    ]


@dataclass(frozen=True)
class Output:
    """An output manifest line (or why there is none) for some answers."""

    title: str
    line: dict[str, Any] | None
    problems: list[Problem]


def _outputs(
    task: Task, rendered: RenderedTask, submissions: list[Submission]
) -> list[Output]:
    if not submissions or rendered.sample is None or rendered.sample.data is None:
        return []
    latest = submissions[-1]
    outputs = [
        _output(task, rendered, [latest], "Output manifest line for this answer")
    ]
    if len(submissions) > 1:
        title = f"Output manifest line for all {len(submissions)} answers, by vote"
        outputs.append(_output(task, rendered, submissions, title))
    return outputs


def _output(
    task: Task, rendered: RenderedTask, submissions: list[Submission], title: str
) -> Output:
    assert rendered.sample is not None and rendered.sample.data is not None
    responses = [WorkerResponse(s.worker_id, s.answer_content) for s in submissions]
    item = DataObject(rendered.sample.index, rendered.sample.data, responses)
    # The submission time is the creation date, so output files keep stable names.
    moment = datetime.strptime(submissions[-1].submission_time, "%Y-%m-%dT%H:%M:%S.%fZ")
    try:
        line = consolidate(Job.from_task(task), [item], now=moment.replace(tzinfo=UTC))
    except GTTemplatesError as error:
        return Output(title, None, error.problems)
    return Output(title, line[0], [])


def worker_page(task: str, sample: int) -> tuple[str, int]:
    """Serve the rendered template as the worker sees it, with the local elements."""
    preview = state()
    chosen = _task_or_404(task)
    rendered = chosen.render(sample, environment=preview.environment)
    if not rendered.html:
        count = len(chosen.samples())
        page = render_template("problems.html", problems=rendered.errors, task=chosen)
        return page, 404 if count and not 0 <= sample < count else 422

    html = rendered.html
    if preview.elements == "local":
        tag = local_script_tag(request.script_root + "/elements")
        html = AWS_SCRIPT_PATTERN.sub(lambda _: tag, html)
    accepted = int(preview.clock() * 1000)
    submit_url = url_for("submit", task=chosen.name, sample=sample, accepted=accepted)
    head = render_template(
        "worker_head.html", submit_url=submit_url, token=preview.fingerprint()
    )
    return _with_head(html, head), 200


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_DOCUMENT = re.compile(r"^\s*(<!doctype[^>]*>\s*)?<html\b", re.IGNORECASE)


def _with_head(html: str, head: str) -> str:
    match = _HEAD.search(html)
    if match:
        return html[: match.end()] + head + html[match.end() :]
    if _DOCUMENT.match(html):
        opening = re.search(r"<html\b[^>]*>", html, re.IGNORECASE)
        assert opening is not None
        at = opening.end()
        return f"{html[:at]}<head>{head}</head>{html[at:]}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{head}</head>\n<body>\n{html}\n</body>\n</html>\n"
    )


def submit(task: str, sample: int) -> Response | tuple[str, int]:
    """Store a worker's answer durably, then show it with its output line."""
    preview = state()
    chosen = _task_or_404(task)
    answers = _answers()
    if not 0 <= sample < len(chosen.samples()):
        abort(404, f"task {chosen.name!r} has no sample {sample}")

    submission = preview.store.add(
        chosen.name,
        sample,
        answers,
        accepted=_accepted(),
        worker_id=_field("workerId") or DEFAULT_WORKER_ID,
    )
    current_app.logger.info(
        "stored submission %s for %s/%s", submission.id, task, sample
    )
    rendered = RenderedTask(None, "", sample=chosen.samples()[sample])
    output = _output(
        chosen, rendered, [submission], "Output manifest line for this answer"
    )
    if _wants_json():
        body = {**submission.to_json(), "outputLine": output.line}
        body["problems"] = [str(problem) for problem in output.problems]
        return _json(body, 201)
    return render_template(
        "submitted.html",
        task=chosen,
        sample=sample,
        submission=submission,
        output=output,
    ), 201


def _field(name: str) -> str | None:
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get(name) if isinstance(body, dict) else None
        return value if isinstance(value, str) else None
    return request.form.get(name) or request.args.get(name)


def _answers() -> list[Any]:
    if request.is_json:
        body = request.get_json(silent=True)
        raw = body.get("taskAnswers") if isinstance(body, dict) else None
        answers = raw
    else:
        answers = request.form.get("taskAnswers", "")
    if isinstance(answers, str):
        try:
            answers = json.loads(answers)
        except json.JSONDecodeError:
            answers = None
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        abort(
            400,
            "found no taskAnswers field holding a JSON array of answer objects; "
            'crowd-form posts taskAnswers=[{"<element name>": ...}]',
        )
    return answers


def _accepted() -> datetime | None:
    raw = request.args.get("accepted", "")
    if not raw.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(raw) / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def _json(body: Any, status: int = 200, mimetype: str = "application/json") -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status, mimetype=mimetype)


def output_manifest(task: str) -> Response:
    """Return the output manifest of every sample from the stored answers."""
    from .consolidation import consolidate_task

    chosen = _task_or_404(task)
    lines = consolidate_task(chosen, state().store)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    return Response(text, mimetype="application/jsonlines")


# Files -------------------------------------------------------------------------


def element(filename: str) -> Response:
    """Serve a file of the element stand-ins; the entry file comes as one bundle."""
    if filename == ENTRY_FILE:
        response = Response(elements_bundle(), mimetype="text/javascript")
        response.headers["Cache-Control"] = "no-cache"
        return response

    mimetype = "text/javascript" if filename.endswith(".js") else None
    return send_from_directory(ELEMENTS_DIR, filename, mimetype=mimetype, max_age=0)


_SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided."
)
_S3_ERROR = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>{code}</Code><Message>{message}</Message>"
    "<Key>{key}</Key><RequestId>{request_id}</RequestId></Error>"
)


def _s3_error(status: int, code: str, message: str, key: str) -> Response:
    body = _S3_ERROR.format(
        code=code,
        message=Markup.escape(message),
        key=Markup.escape(key),
        request_id=uuid.uuid4().hex[:16].upper(),
    )
    response = Response(body, status, mimetype="application/xml")
    response.headers.update(CORS_HEADERS)
    return response


def s3_object(bucket: str, key: str) -> Response:
    """Serve a local S3 object behind a signed, expiring URL, as S3 does."""
    if request.method == "OPTIONS":
        response = Response(status=200)
        response.headers.update(CORS_HEADERS)
        return response

    expires = request.args.get(EXPIRES_PARAM, "")
    signature = request.args.get(SIGNATURE_PARAM, "")
    signer = RequestPresigner(state()).signer()
    if not expires or not signature:
        return _s3_error(403, "AccessDenied", "Access Denied", key)
    if not signer.verify(bucket, key, expires, signature):
        # A signature that is genuine when the clock is ignored has expired.
        undated = LocalPresigner(secret=signer.secret, clock=lambda: 0)
        if undated.verify(bucket, key, expires, signature):
            return _s3_error(403, "AccessDenied", "Request has expired", key)
        return _s3_error(403, "SignatureDoesNotMatch", _SIGNATURE_MISMATCH, key)

    path = S3Folder(state().project.s3_root).path_for(bucket, key)
    if path is None:
        return _s3_error(404, "NoSuchKey", "The specified key does not exist.", key)
    response = send_file(path, mimetype=content_type(key), conditional=True, max_age=0)
    response.headers.update(CORS_HEADERS)
    return response


# JSON API ----------------------------------------------------------------------


def api_tasks() -> Response:
    """List the tasks with their sample counts and problems."""
    tasks = [
        {
            "name": task.name,
            "kind": task.kind,
            "source": task.relative(task.source),
            "samples": len(task.samples()),
            "problems": [str(p) for p in [*task.problems, *task.sample_problems()]],
        }
        for task in state().project.tasks()
    ]
    return _json(tasks)


def api_submissions(task: str, sample: int) -> Response:
    """List the stored submissions of one sample, oldest first."""
    chosen = _task_or_404(task)
    found = state().store.for_sample(chosen.name, sample)
    return _json([submission.to_json() for submission in found])


def events() -> Response:
    """Stream a ``reload`` event when a watched file changes (server-sent events)."""
    preview = state()
    since = request.args.get("since", "")

    def stream() -> Iterator[str]:
        yield "retry: 500\n\n"
        deadline = time.monotonic() + RELOAD_STREAM_SECONDS
        while time.monotonic() < deadline:
            token = preview.fingerprint()
            if token != since:
                yield f"event: reload\ndata: {token}\n\n"
                return
            time.sleep(RELOAD_POLL_SECONDS)
        yield ": idle\n\n"

    response = Response(stream(), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


# RenderUiTemplate ------------------------------------------------------------------


class ApiError(Exception):
    """An AWS JSON 1.1 error: its type, message and HTTP status."""

    def __init__(self, kind: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status


def render_api() -> Response:
    """Answer ``SageMaker.RenderUiTemplate`` as the AWS JSON 1.1 API does."""
    try:
        target = request.headers.get("X-Amz-Target", "")
        if target != RENDER_TARGET:
            raise ApiError("UnknownOperationException", f"unknown operation {target!r}")
        body = _api_body()
        content, task_input = _validate(body)
    except ApiError as error:
        response = _json(
            {"__type": error.kind, "message": error.message}, error.status, AMZ_JSON
        )
        response.headers["x-amzn-ErrorType"] = error.kind
        return response

    result = render_library(content, task_input, presigner=RequestPresigner(state()))
    response = _json(result.to_api(), 200, AMZ_JSON)
    response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    return response


def _api_body() -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(as_text=True) or "{}")
    except json.JSONDecodeError as error:
        raise ApiError(
            "SerializationException", f"request body is not JSON: {error.msg}"
        ) from None
    if not isinstance(body, dict):
        raise ApiError("SerializationException", "request body must be a JSON object")
    return body


def _violation(path: str, value: Any, constraint: str) -> str:
    shown = "null" if value is None else f"'{quote(str(value)[:64], safe=' :/')}'"
    if isinstance(value, str) and len(value) > 64:
        shown = f"'{value[:64]}...' ({len(value):,} characters)"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"


def _check_text(
    violations: list[str],
    path: str,
    value: Any,
    low: int,
    high: int,
    pattern: re.Pattern[str] | None = None,
) -> None:
    if value is None:
        violations.append(_violation(path, value, "Member must not be null"))
    elif not isinstance(value, str):
        raise ApiError("SerializationException", f"'{path}' must be a string")
    elif len(value) < low:
        violations.append(
            _violation(
                path, value, f"Member must have length greater than or equal to {low}"
            )
        )
    elif len(value) > high:
        violations.append(
            _violation(
                path, value, f"Member must have length less than or equal to {high}"
            )
        )
    elif pattern is not None and not pattern.fullmatch(value):
        violations.append(
            _violation(
                path,
                value,
                f"Member must satisfy regular expression pattern: {pattern.pattern}",
            )
        )


def _member(body: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise ApiError("SerializationException", f"'{name}' must be a structure")
    return value


def _validate(body: dict[str, Any]) -> tuple[str, str]:
    violations: list[str] = []
    ui_template, task = _member(body, "UiTemplate"), _member(body, "Task")
    _check_text(violations, "roleArn", body.get("RoleArn"), 20, 2048, ROLE_ARN_PATTERN)
    if task is None:
        violations.append(_violation("task", None, "Member must not be null"))
    else:
        _check_text(violations, "task.input", task.get("Input"), 2, MAX_INPUT_CHARS)
    if ui_template is not None:
        _check_text(
            violations,
            "uiTemplate.content",
            ui_template.get("Content"),
            1,
            MAX_TEMPLATE_CHARS,
        )
    arn = body.get("HumanTaskUiArn")
    if arn is not None:
        _check_text(violations, "humanTaskUiArn", arn, 1, 1024, TASK_UI_ARN_PATTERN)

    if violations:
        count = len(violations)
        noun = "error" if count == 1 else "errors"
        raise ApiError(
            "ValidationException",
            f"{count} validation {noun} detected: " + "; ".join(violations),
        )
    if ui_template is not None and arn is not None:
        raise ApiError(
            "ValidationException",
            "Specify either UiTemplate or HumanTaskUiArn, not both.",
        )
    if arn is not None:
        raise ApiError(
            "ResourceNotFound",
            f"Human task UI {arn} does not exist in the local preview.",
        )
    if ui_template is None:
        raise ApiError(
            "ValidationException", "Specify either UiTemplate or HumanTaskUiArn."
        )
    assert task is not None
    return ui_template["Content"], task["Input"]


# Errors ----------------------------------------------------------------------------


def _problem_page(error: GTTemplatesError) -> tuple[str, int]:
    return render_template("problems.html", problems=error.problems, task=None), 422


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if request.path.startswith("/api/") or _wants_json():
        return _json(
            {"error": error.name, "message": error.description}, error.code or 500
        )
    page = render_template("error.html", title=error.name, message=error.description)
    return page, error.code or 500


def _unexpected(error: Exception) -> tuple[str, int]:
    current_app.logger.exception("unexpected error on %s", request.path)
    message = f"{type(error).__name__}: {error}"
    return render_template("error.html", title="Internal error", message=message), 500
