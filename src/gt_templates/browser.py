"""Finding a Chromium that Playwright can drive, with no browser download."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from .errors import BrowserNotFoundError

DISTRIBUTION_CHROMIUMS = (
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
)
INSTALL_COMMAND = "apt-get install chromium"
INSTALL_HINT = (
    f"install one with '{INSTALL_COMMAND}' (Debian or Ubuntu), "
    "or 'python -m playwright install chromium' where downloads work, "
    "or point CHROMIUM_PATH at a Chromium executable"
)


def playwright_browsers_dir() -> Path:
    """Return the folder where ``playwright install`` puts browsers."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":
        return _playwright_package() / "driver" / "package" / ".local-browsers"
    if configured:
        return Path(configured)

    if sys.platform == "darwin":
        cache = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        cache = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "ms-playwright"


def _playwright_package() -> Path:
    import playwright

    return Path(playwright.__file__).parent


def playwright_chromium_revision() -> str | None:
    """Return the Chromium build revision this Playwright release drives."""
    manifest = _playwright_package() / "driver" / "package" / "browsers.json"
    try:
        browsers = json.loads(manifest.read_text())["browsers"]
    except (OSError, ValueError, KeyError):
        return None
    for browser in browsers:
        if browser.get("name") == "chromium":
            return str(browser["revision"])
    return None


def playwright_chromium_build(
    headless: bool = True, browsers_dir: Path | None = None
) -> Path | None:
    """Return the folder of Playwright's own Chromium for this release, if installed.

    Headless launches use the headless shell, headed ones the full browser, so
    the build that the launch will actually look for is the one checked.
    """
    revision = playwright_chromium_revision()
    if revision is None:
        return None

    folder = "chromium_headless_shell" if headless else "chromium"
    build = (browsers_dir or playwright_browsers_dir()) / f"{folder}-{revision}"
    return build if (build / "INSTALLATION_COMPLETE").is_file() else None


def playwright_chromium(headless: bool = True) -> str | None:
    """Return the executable of Playwright's own Chromium when it is installed."""
    build = playwright_chromium_build(headless)
    if build is None:
        return None
    names = ("chrome-headless-shell", "headless_shell") if headless else ("chrome",)
    for name in names:
        found = sorted(build.glob(f"*/{name}"))
        if found:
            return str(found[0])
    return None


def find_chromium() -> str | None:
    """Return the path of a non-Playwright Chromium to use, or None.

    Order: ``CHROMIUM_PATH``, then the distribution's packages.
    """
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            raise BrowserNotFoundError(
                f"CHROMIUM_PATH is {configured!r}, which is not a file; {INSTALL_HINT}"
            )
        return configured

    for candidate in DISTRIBUTION_CHROMIUMS:
        if Path(candidate).is_file():
            return candidate

    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_options(headless: bool = True) -> dict[str, object]:
    """Return ``browser_type.launch`` keyword arguments for this machine.

    ``CHROMIUM_PATH`` wins because it is an explicit choice; then Playwright's
    own Chromium (no options needed), then the distribution's. Raises
    ``BrowserNotFoundError`` naming the install command when none exists.
    """
    if not os.environ.get("CHROMIUM_PATH") and playwright_chromium_build(headless):
        return {}

    path = find_chromium()
    if path is None:
        raise BrowserNotFoundError(f"no Chromium was found; {INSTALL_HINT}")
    return {"executable_path": path}
