"""``gt-templates preview``: serve every task of a project with its sample data."""

from __future__ import annotations

import socket
from pathlib import Path

import click
from werkzeug.serving import make_server

from ..errors import UsageError
from . import reports_errors


def _check_free(host: str, port: int) -> None:
    # werkzeug exits on its own when it cannot bind; check first to say how to fix it.
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise UsageError(
            f"cannot listen on {host}:{port}: {error.strerror or error}; "
            "choose another --port (0 picks a free one) or --host"
        ) from None


@click.command("preview")
@click.argument(
    "project_dir",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--elements",
    type=click.Choice(["local", "aws"]),
    default="local",
    show_default=True,
    help="'local' swaps in the offline element stand-ins; 'aws' keeps the AWS script.",
)
@click.option(
    "--s3-root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Local folder standing in for S3 (<root>/<bucket>/<key>) "
    "[default: PROJECT_DIR/preview/s3].",
)
@reports_errors
def preview(
    project_dir: Path, host: str, port: int, elements: str, s3_root: Path | None
) -> None:
    """Serve the tasks of PROJECT_DIR with live reload until interrupted."""
    from ..preview import create_app

    _check_free(host, port)
    app = create_app(project_dir, s3_root=s3_root, elements=elements)
    server = make_server(host, port, app, threaded=True)

    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving {project_dir.resolve()} on http://{shown}:{server.server_port}/"
    )
    click.echo("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
