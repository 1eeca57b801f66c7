"""Which Chromium gt-templates launches, and the message when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_templates import browser
from gt_templates.errors import BrowserNotFoundError
from gt_templates.pytest_plugin import chromium_launch_args

REVISION = browser.playwright_chromium_revision()


def make_executable(path: Path) -> Path:
    """Create a stand-in executable file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def install_playwright_build(root: Path, folder: str, complete: bool = True) -> Path:
    """Lay out a Playwright browser build the way ``playwright install`` does."""
    build = root / f"{folder}-{REVISION}"
    executable = make_executable(build / "chrome-linux64" / "chrome-headless-shell")
    if complete:
        (build / "INSTALLATION_COMPLETE").write_text("")
    return executable


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A machine with no browser at all, until a test installs one."""
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    monkeypatch.setattr(
        browser,
        "DISTRIBUTION_CHROMIUMS",
        (str(tmp_path / "usr-lib-chromium"), str(tmp_path / "usr-bin-chromium")),
    )
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    return tmp_path


# (id, set-up on the machine, expected launch options; "<tmp>" is the folder)
CASES = [
    ("playwright-own-headless-shell", ["playwright-shell"], {}),
    (
        "incomplete-playwright-install",
        ["playwright-shell-partial", "usr-bin"],
        "usr-bin",
    ),
    (
        "playwright-full-build-only-is-not-headless",
        ["playwright-full", "usr-bin"],
        "usr-bin",
    ),
    ("distribution-lib-first", ["usr-lib", "usr-bin"], "usr-lib"),
    ("distribution-bin", ["usr-bin"], "usr-bin"),
    ("chromium-path-wins", ["playwright-shell", "usr-lib", "env"], "env"),
]


def set_up(machine: Path, monkeypatch: pytest.MonkeyPatch, parts: list[str]) -> None:
    """Install the listed browsers on the fake machine."""
    browsers = machine / "ms-playwright"
    for part in parts:
        if part == "playwright-shell":
            install_playwright_build(browsers, "chromium_headless_shell")
        elif part == "playwright-shell-partial":
            install_playwright_build(browsers, "chromium_headless_shell", False)
        elif part == "playwright-full":
            install_playwright_build(browsers, "chromium")
        elif part == "usr-lib":
            make_executable(machine / "usr-lib-chromium")
        elif part == "usr-bin":
            make_executable(machine / "usr-bin-chromium")
        elif part == "env":
            path = make_executable(machine / "custom" / "chromium")
            monkeypatch.setenv("CHROMIUM_PATH", str(path))


@pytest.mark.parametrize(
    ("parts", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_launch_options_pick_the_expected_chromium(
    machine: Path,
    monkeypatch: pytest.MonkeyPatch,
    parts: list[str],
    expected: dict[str, str] | str,
) -> None:
    set_up(machine, monkeypatch, parts)

    options = browser.launch_options()

    if isinstance(expected, dict):
        assert options == expected
    else:
        paths = {
            "usr-lib": machine / "usr-lib-chromium",
            "usr-bin": machine / "usr-bin-chromium",
            "env": machine / "custom" / "chromium",
        }
        assert options == {"executable_path": str(paths[expected])}


def test_headed_launch_needs_playwrights_full_build(
    machine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(machine, monkeypatch, ["playwright-full"])

    assert browser.launch_options(headless=False) == {}


@pytest.mark.parametrize(
    ("chromium_path", "words"),
    [
        (None, ["no Chromium was found", "apt-get install chromium", "CHROMIUM_PATH"]),
        ("/nowhere/chromium", ["CHROMIUM_PATH is '/nowhere/chromium'", "apt-get"]),
    ],
    ids=["nothing-installed", "chromium-path-missing"],
)
def test_no_chromium_fails_naming_the_install_command(
    machine: Path,
    monkeypatch: pytest.MonkeyPatch,
    chromium_path: str | None,
    words: list[str],
) -> None:
    if chromium_path:
        monkeypatch.setenv("CHROMIUM_PATH", chromium_path)

    with pytest.raises(BrowserNotFoundError) as raised:
        browser.launch_options()

    for word in words:
        assert word in str(raised.value)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PLAYWRIGHT_BROWSERS_PATH", "/opt/pw", Path("/opt/pw")),
        ("XDG_CACHE_HOME", "/var/cache/me", Path("/var/cache/me/ms-playwright")),
    ],
    ids=["browsers-path", "xdg-cache"],
)
def test_playwright_browsers_dir_follows_playwrights_rules(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: Path
) -> None:
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    monkeypatch.setenv(variable, value)

    assert browser.playwright_browsers_dir() == expected


# pytest-playwright's launch arguments in, ours out.
PLUGIN_CASES = [
    ("chromium-gets-an-executable", {}, "chromium", {"executable_path": "<usr-bin>"}),
    (
        "keeps-other-arguments",
        {"slow_mo": 5},
        None,
        {"slow_mo": 5, "executable_path": "<usr-bin>"},
    ),
    ("firefox-untouched", {}, "firefox", {}),
    ("channel-untouched", {"channel": "chrome"}, "chromium", {"channel": "chrome"}),
    (
        "own-executable-untouched",
        {"executable_path": "/x"},
        "chromium",
        {"executable_path": "/x"},
    ),
]


@pytest.mark.parametrize(
    ("arguments", "engine", "expected"),
    [case[1:] for case in PLUGIN_CASES],
    ids=[case[0] for case in PLUGIN_CASES],
)
def test_plugin_adds_chromium_only_where_it_should(
    machine: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: dict[str, object],
    engine: str | None,
    expected: dict[str, object],
) -> None:
    set_up(machine, monkeypatch, ["usr-bin"])
    usr_bin = str(machine / "usr-bin-chromium")

    result = chromium_launch_args(dict(arguments), engine)

    assert result == {
        key: usr_bin if value == "<usr-bin>" else value
        for key, value in expected.items()
    }


def test_plugin_leaves_playwrights_own_chromium_to_playwright(
    machine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(machine, monkeypatch, ["playwright-shell", "usr-bin"])

    assert chromium_launch_args({"slow_mo": 5}, "chromium") == {"slow_mo": 5}
