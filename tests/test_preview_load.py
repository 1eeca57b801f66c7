"""Load: 20 concurrent clients make 1,000 submissions over HTTP; all are kept intact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from gt_templates.harness import serve
from gt_templates.preview import create_app
from gt_templates.submissions import SubmissionStore

CLIENTS = 20
SUBMISSIONS = 1_000
SAMPLES = 5
TEMPLATE = """<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-image-classifier name="choice" src="{{ task.input.taskObject | grant_read_access }}"
    categories="{{ task.input.labels | to_json }}" header="Pick one">
  </crowd-image-classifier>
</crowd-form>
"""
LABELS = {
    "document-version": "2018-11-28",
    "labels": [{"label": "yes"}, {"label": "no"}],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a project with one hand-written template and five samples."""
    (tmp_path / "pick.liquid.html").write_text(TEMPLATE, encoding="utf-8")
    manifests = tmp_path / "preview" / "manifests"
    manifests.mkdir(parents=True)
    lines = [{"source-ref": f"s3://bucket/{i}.jpg", "n": i} for i in range(SAMPLES)]
    (manifests / "pick.manifest").write_text(
        "".join(json.dumps(x) + "\n" for x in lines)
    )
    (manifests / "pick.labels.json").write_text(json.dumps(LABELS))
    return tmp_path


@pytest.fixture
def server(project: Path) -> Iterator[str]:
    """Serve the project on a free port; yield host:port."""
    with serve(create_app(project)) as url:
        yield url.removeprefix("http://")


def answer(client: int, number: int) -> list[dict[str, Any]]:
    """Return a distinct answer array, with text that is easy to mangle."""
    label = "yes" if number % 2 else "no"
    note = f'client {client} #{number}: "quotes", <tags> & ünïcödé ✓\nsecond line'
    return [{"choice": {"label": label}, "note": note, "number": number}]


def request(host: str, method: str, path: str, body: str | None = None) -> Any:
    """Make one HTTP request and return the decoded JSON answer."""
    connection = HTTPConnection(host, timeout=60)
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    assert response.status in (200, 201), payload[:500]
    return json.loads(payload)


def submit_many(host: str, client: int) -> list[int]:
    """Make this client's share of the submissions; return the stored ids."""
    ids = []
    for number in range(client, SUBMISSIONS, CLIENTS):
        form = urlencode(
            {
                "taskAnswers": json.dumps(answer(client, number)),
                "workerId": f"w{client}",
            }
        )
        stored = request(host, "POST", f"/tasks/pick/{number % SAMPLES}/submit", form)
        ids.append(stored["id"])
    return ids


def test_concurrent_submissions_are_all_stored_intact(
    server: str, project: Path
) -> None:
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(
            pool.map(lambda client: submit_many(server, client), range(CLIENTS))
        )

    ids = [i for result in results for i in result]
    stored = [
        item
        for sample in range(SAMPLES)
        for item in request(server, "GET", f"/api/tasks/pick/{sample}/submissions")
    ]
    by_number = {item["taskAnswers"][0]["number"]: item for item in stored}

    assert len(set(ids)) == SUBMISSIONS
    assert len(stored) == SUBMISSIONS
    assert sorted(by_number) == list(range(SUBMISSIONS))
    for number, item in by_number.items():
        client = number % CLIENTS
        record = item["workerResponse"]["answers"][0]
        assert item["taskAnswers"] == answer(client, number)
        assert item["sample"] == number % SAMPLES
        assert record["answerContent"] == answer(client, number)[0]
        assert record["workerId"] == f"w{client}"
    assert SubmissionStore.for_project(project / ".gt-templates").count() == SUBMISSIONS
