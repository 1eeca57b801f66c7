"""Durable storage of worker submissions as Ground Truth worker-response records.

One SQLite database per project (``.gt-templates/submissions.sqlite3``) in WAL
mode. Every ``add`` commits with ``synchronous=FULL`` before it returns, so a
stored answer survives a crash or restart of the preview server. Each call
opens its own connection, which keeps the store safe to share between the
threads of the server.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATABASE_NAME = "submissions.sqlite3"
DEFAULT_WORKER_ID = "private.us-east-1.gt-templates-preview"
BUSY_TIMEOUT_SECONDS = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task TEXT NOT NULL,
    sample INTEGER NOT NULL,
    answers TEXT NOT NULL,
    acceptance_time TEXT NOT NULL,
    submission_time TEXT NOT NULL,
    time_spent REAL NOT NULL,
    worker_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_sample ON submissions (task, sample, id);
"""


def timestamp(moment: datetime) -> str:
    """Return a time the way worker-response files write it (UTC, milliseconds)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Submission:
    """One stored worker answer for one sample of one task."""

    id: int
    task: str
    sample: int
    answers: list[Any]
    acceptance_time: str
    submission_time: str
    time_spent: float
    worker_id: str

    @property
    def answer_content(self) -> Any:
        """Return the answer object: the first item of the submitted array."""
        return self.answers[0] if self.answers else {}

    def answer_record(self) -> dict[str, Any]:
        """Return this submission as one ``answers[]`` entry of a worker-response file."""
        return {
            "answerContent": self.answer_content,
            "acceptanceTime": self.acceptance_time,
            "submissionTime": self.submission_time,
            "timeSpentInSeconds": self.time_spent,
            "workerId": self.worker_id,
        }

    def worker_response(self) -> dict[str, Any]:
        """Return the worker-response file Ground Truth writes for this answer."""
        return {"answers": [self.answer_record()]}

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready view with the raw array and the GT record."""
        return {
            "id": self.id,
            "task": self.task,
            "sample": self.sample,
            "taskAnswers": self.answers,
            "workerResponse": self.worker_response(),
        }


_INSERT = (
    "INSERT INTO submissions (task, sample, answers, acceptance_time,"
    " submission_time, time_spent, worker_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class _Pending:
    row: tuple[Any, ...]
    id: int | None = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.id is not None or self.error is not None


class _GroupCommit:
    """Commits the rows of concurrent callers together, one fsync per batch.

    The first waiting caller becomes the leader and writes every pending row
    in one transaction; the others wait until their row is committed. Each
    caller still returns only after its own row is on disk.
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.pending: list[_Pending] = []
        self.committing = False

    def commit(
        self, row: tuple[Any, ...], write: Callable[[list[_Pending]], None]
    ) -> int:
        entry = _Pending(row)
        with self.condition:
            self.pending.append(entry)
            while not entry.done:
                if self.committing:
                    self.condition.wait()
                    continue
                self._lead(write)
        if entry.error is not None:
            raise entry.error
        assert entry.id is not None
        return entry.id

    def _lead(self, write: Callable[[list[_Pending]], None]) -> None:
        self.committing = True
        batch, self.pending = self.pending, []
        self.condition.release()
        try:
            write(batch)
        except BaseException as error:
            for item in batch:
                item.error = error
        finally:
            self.condition.acquire()
            self.committing = False
            self.condition.notify_all()


_WRITERS: dict[Path, _GroupCommit] = {}
_WRITERS_GUARD = threading.Lock()


def _writer_for(path: Path) -> _GroupCommit:
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(path.resolve(), _GroupCommit())


class SubmissionStore:
    """Stores and reads back submissions in one SQLite file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            # Reading a project that never stored anything must not create files.
            self._empty = True
            return
        self._empty = False
        self._writer = _writer_for(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)

    @classmethod
    def for_project(
        cls, state_dir: str | Path, *, create: bool = True
    ) -> SubmissionStore:
        """Return the store kept in a project's ``.gt-templates`` folder."""
        return cls(Path(state_dir) / DATABASE_NAME, create=create)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
        )
        with closing(connection):
            connection.execute("PRAGMA synchronous=FULL")
            yield connection

    def add(
        self,
        task: str,
        sample: int,
        answers: list[Any],
        *,
        accepted: datetime | None = None,
        submitted: datetime | None = None,
        worker_id: str = DEFAULT_WORKER_ID,
    ) -> Submission:
        """Store one submission and commit it before returning."""
        if self._empty:
            raise ValueError(f"{self.path} was opened without create=True")
        submitted = submitted or datetime.now(UTC)
        accepted = min(accepted or submitted, submitted)
        spent = round((submitted - accepted).total_seconds(), 3)
        row = (
            task,
            sample,
            json.dumps(answers, ensure_ascii=False),
            timestamp(accepted),
            timestamp(submitted),
            spent,
            worker_id,
        )
        new_id = self._writer.commit(row, self._write)
        return Submission(new_id, task, sample, answers, *row[3:])

    def _write(self, batch: list[_Pending]) -> None:
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for item in batch:
                    item.id = connection.execute(_INSERT, item.row).lastrowid
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                for item in batch:
                    item.id = None
                raise

    def for_sample(self, task: str, sample: int) -> list[Submission]:
        """Return the submissions for one sample, oldest first."""
        return self._select("WHERE task = ? AND sample = ?", (task, sample))

    def for_task(self, task: str) -> list[Submission]:
        """Return every submission for a task, by sample then age."""
        return self._select("WHERE task = ?", (task,))

    def get(self, submission_id: int) -> Submission | None:
        """Return one submission by id, or None."""
        found = self._select("WHERE id = ?", (submission_id,))
        return found[0] if found else None

    def count(self) -> int:
        """Return how many submissions are stored."""
        if self._empty:
            return 0
        with self._connection() as connection:
            (total,) = connection.execute("SELECT COUNT(*) FROM submissions").fetchone()
        return int(total)

    def _select(self, where: str, parameters: tuple[Any, ...]) -> list[Submission]:
        if self._empty:
            return []
        query = (
            "SELECT id, task, sample, answers, acceptance_time, submission_time,"
            f" time_spent, worker_id FROM submissions {where} ORDER BY sample, id"
        )
        with self._connection() as connection:
            rows = connection.execute(query, parameters).fetchall()
        return [
            Submission(row[0], row[1], row[2], json.loads(row[3]), *row[4:])
            for row in rows
        ]
