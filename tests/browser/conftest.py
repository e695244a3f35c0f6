"""The course in real JupyterLab, in headless Chromium (`make test-browser`).

JupyterLab is started by `make lab` itself, in a copy of the course under
build/browser/, so nothing a test types or runs can reach the notebooks in
the work tree. The browser is the system's Chromium driven by Playwright;
nothing is downloaded.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build" / "browser"
SCREENSHOTS = REPO / "build" / "screenshots"
START_TIMEOUT = 120
WINDOW = {"width": 1280, "height": 800}

INSTALL_HINT = (
    "make test-browser needs Chromium, and found none.\n"
    "  Debian/Ubuntu: sudo apt-get install chromium   (or chromium-browser on Ubuntu)\n"
    "  elsewhere: install Chromium or Chrome, then: make test-browser CHROMIUM=/path/to/chromium"
)
# Chromium as root in a container needs --no-sandbox; the rest keep it off the network
# (a closed network turns its background fetches into many refused connections).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
# The course files JupyterLab needs to serve the notebooks as `make lab` does.
COPIED = ["Makefile", "requirements.txt", "pyproject.toml", "notebooks", "assets", "jupyter_config"]


def find_chromium() -> str | None:
    """$CHROMIUM if set, else the first Chromium or Chrome on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((found for name in names if (found := shutil.which(name))), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_course(target: Path) -> Path:
    """Copy what `make lab` serves into ``target``; share this run's venv with it."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints", "lab", "migrated", "__pycache__")
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)  # keeps mtimes: make sees the venv as up to date
    (target / ".venv").symlink_to(Path(sys.prefix))
    # Test-only setting: every cell attached to the page, so offscreen outputs can be measured
    # (JupyterLab's default lets the browser skip laying out cells it does not show).
    settings = target / "jupyter_config/lab/user-settings/@jupyterlab/notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}\n')
    return target


@dataclass
class Lab:
    """A running JupyterLab: its address, token and the course copy it serves."""

    base: str
    token: str
    root: Path
    log: list[str]

    def url(self, path: str) -> str:
        """The lab URL of ``path`` with a fresh workspace (no tabs left from an earlier page)."""
        return f"{self.base}/lab/tree/{path}?reset&token={self.token}"

    def api(self, path: str, method: str = "GET") -> bytes:
        request = urllib.request.Request(f"{self.base}{path}", method=method)
        request.add_header("Authorization", f"token {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    def stop_kernels(self) -> None:
        """Shut down every kernel this server runs (each test page starts its own)."""
        import json

        for session in json.loads(self.api("/api/sessions")):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_chromium()
    if not path or not os.access(path, os.X_OK):
        pytest.exit(INSTALL_HINT, returncode=2)
    return path


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """`make lab` in a copy of the course, on a free loopback port; stopped at the end."""
    root = copy_course(BUILD / "course")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env.pop("IPYKERNEL_CELL_NAME", None)  # `make lab` does not set it; a learner's shell does not
    env.update(JUPYTER_PORT=str(_free_port()), BROWSER="true")  # `true` stands in for a browser
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab"],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.put(line)
            log.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    url = None
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while url is None and time.monotonic() < deadline and process.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            match = re.search(r"(http://127\.0\.0\.1:\d+)/\S*\?token=(\w+)", line)
            url = match.groups() if match else None
        assert url, "`make lab` printed no URL with a token:\n" + "".join(log[-30:])
        running = Lab(url[0], url[1], root, log)
        while time.monotonic() < deadline:  # the URL may be printed just before the port listens
            try:
                running.api("/api/status")
                break
            except OSError:
                time.sleep(0.3)
        yield running
    finally:
        if process.poll() is None:
            if url:
                try:
                    Lab(url[0], url[1], root, log).api("/api/shutdown", method="POST")
                except OSError:
                    os.killpg(process.pid, signal.SIGTERM)
            else:
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        reader.join(timeout=5)
        process.stdout.close()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = BUILD / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=WINDOW,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


# ---- the static editions (make html, make slides), opened from files with the network shut ----
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in LOCAL_HOSTS


class OfflinePage:
    """A browser page that blocks the network and records every blocked or failed request."""

    def __init__(self, browser):
        self.page = browser.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda request: self.failed.append(
            f"{request.url[:120]}: {request.failure}"))

    def _route(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri(), wait_until="load")
        # MathJax typesets after load and fetches its fonts as it goes.
        self.page.evaluate("""async () => {
            if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
            await document.fonts.ready;
        }""")

    def problems(self) -> list[str]:
        return ([f"blocked request to {url}" for url in self.blocked]
                + [f"failed request {failure}" for failure in self.failed])
