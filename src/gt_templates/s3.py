"""S3 URIs, presigners for ``grant_read_access``, and the local folder standing in for S3."""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlencode, urlsplit

DEFAULT_S3_ROOT = Path("preview") / "s3"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
EXPIRES_PARAM = "X-Gt-Expires"
SIGNATURE_PARAM = "X-Gt-Signature"

# Bucket names follow S3's rules loosely: 3-63 characters of lower-case letters,
# digits, dots and hyphens. Keys may hold anything but must not be empty.
_BUCKET = r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]"
_S3_SCHEME = re.compile(rf"^s3://(?P<bucket>{_BUCKET})/(?P<key>.+)$")
_PATH_STYLE_HOST = re.compile(r"^s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
_VIRTUAL_HOST = re.compile(
    rf"^(?P<bucket>{_BUCKET})\.s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$"
)


def parse_s3_uri(value: str) -> tuple[str, str]:
    """Return ``(bucket, key)`` for an S3 URI or S3 HTTPS URL.

    Accepts ``s3://bucket/key``, path-style ``https://s3.amazonaws.com/bucket/key``
    (with or without a region) and virtual-hosted
    ``https://bucket.s3.region.amazonaws.com/key``. Raises ``ValueError`` for
    anything else.
    """
    text = value.strip() if isinstance(value, str) else ""
    if text != value or not text:
        raise ValueError(value)

    match = _S3_SCHEME.match(text)
    if match:
        return match["bucket"], match["key"]

    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(value)
    path = unquote(parts.path)

    virtual = _VIRTUAL_HOST.match(parts.hostname)
    if virtual and len(path) > 1:
        return virtual["bucket"], path[1:]

    if _PATH_STYLE_HOST.match(parts.hostname):
        bucket, _, key = path[1:].partition("/")
        if re.fullmatch(_BUCKET, bucket) and key:
            return bucket, key

    raise ValueError(value)


def is_s3_uri(value: object) -> bool:
    """Tell whether ``value`` is something ``grant_read_access`` accepts."""
    if not isinstance(value, str):
        return False
    try:
        parse_s3_uri(value)
    except ValueError:
        return False
    return True


class Presigner(Protocol):
    """Turns a bucket and key into a URL a browser can fetch."""

    def __call__(self, bucket: str, key: str) -> str: ...


def _signature(secret: bytes, bucket: str, key: str, expires: int) -> str:
    message = f"{bucket}\n{key}\n{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@dataclass
class LocalPresigner:
    """Signs local URLs that the preview server verifies and serves.

    URLs look like ``<base_url>/s3/<bucket>/<key>?X-Gt-Expires=..&X-Gt-Signature=..``.
    The secret defaults to the ``GT_TEMPLATES_SECRET`` environment variable, or
    a random one per process.
    """

    base_url: str = DEFAULT_BASE_URL
    expires_in: int = 3600
    secret: bytes = field(default_factory=lambda: _default_secret())
    clock: Any = time.time

    def __call__(self, bucket: str, key: str) -> str:
        expires = int(self.clock()) + self.expires_in
        query = urlencode(
            {
                EXPIRES_PARAM: expires,
                SIGNATURE_PARAM: _signature(self.secret, bucket, key, expires),
            }
        )
        return f"{self.base_url.rstrip('/')}/s3/{bucket}/{quote(key)}?{query}"

    def verify(self, bucket: str, key: str, expires: str, signature: str) -> bool:
        """Tell whether a signature is genuine and has not expired."""
        try:
            expires_at = int(expires)
        except ValueError:
            return False
        expected = _signature(self.secret, bucket, key, expires_at)
        if not hmac.compare_digest(expected, signature):
            return False
        return expires_at >= int(self.clock())


def _default_secret() -> bytes:
    configured = os.environ.get("GT_TEMPLATES_SECRET")
    return configured.encode() if configured else secrets.token_bytes(32)


@dataclass
class Boto3Presigner:
    """Presigns real S3 GET URLs with boto3 (opt-in; needs credentials)."""

    expires_in: int = 3600
    client: Any = None

    def __call__(self, bucket: str, key: str) -> str:
        if self.client is None:
            import boto3

            self.client = boto3.client("s3")
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": bucket, "Key": key},
            ExpiresIn=self.expires_in,
        )
        return url


@dataclass(frozen=True)
class S3Folder:
    """A local folder laid out as ``<root>/<bucket>/<key>`` standing in for S3."""

    root: Path

    def path_for(self, bucket: str, key: str) -> Path | None:
        """Return the file for ``bucket/key``, or None if absent or outside the root."""
        root = self.root.resolve()
        candidate = (root / bucket / key).resolve()
        if not candidate.is_relative_to(root / bucket) or bucket in ("", ".", ".."):
            return None
        return candidate if candidate.is_file() else None

    def read(self, bucket: str, key: str) -> bytes | None:
        """Return the object's bytes, or None when there is no such object."""
        path = self.path_for(bucket, key)
        return path.read_bytes() if path else None


def content_type(key: str) -> str:
    """Guess the Content-Type S3 would serve for ``key``."""
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"
