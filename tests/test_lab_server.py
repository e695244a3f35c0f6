"""The JupyterLab server that `make lab` starts: loopback only, token required, serves the course.

Started here with the same configuration (jupyter_config/), without a browser, on a
free loopback port, and shut down within the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import REPO

START_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[str, str, str]]:
    """Start the server; yield (base URL, token, the URL it printed); stop it afterwards."""
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(REPO / "jupyter_config"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.port_retries=0",
        ],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    )
    reader.start()
    printed_url = None
    log = []
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while printed_url is None and time.monotonic() < deadline and process.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            log.append(line)
            match = re.search(rf"(http://127\.0\.0\.1:{port}/\S*\?token=\w+)", line)
            printed_url = match.group(1) if match else None
        assert printed_url, "the server printed no URL with a token:\n" + "".join(log[-30:])
        token = printed_url.rsplit("token=", 1)[1]
        base = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:  # the URL may be printed just before the port listens
            try:
                if _get(f"{base}/api/status", token)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield base, token, printed_url
    finally:
        if process.poll() is None and printed_url:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/shutdown",
                method="POST",
                headers={"Authorization": f"token {printed_url.rsplit('token=', 1)[1]}"},
            )
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=10).close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=5)
        process.stdout.close()


def test_prints_the_start_page_url_with_its_token(lab) -> None:
    base, _, printed_url = lab
    assert printed_url.startswith(f"{base}/lab/tree/notebooks/00_index.ipynb?token=")
    status, body = _get(printed_url)
    assert status == 200 and b"JupyterLab" in body


def test_refuses_requests_without_the_token(lab) -> None:
    base, _, _ = lab
    status, _ = _get(f"{base}/api/contents/notebooks")
    assert status == 403


def test_lists_the_notebooks_with_the_token(lab) -> None:
    base, token, _ = lab
    status, body = _get(f"{base}/api/contents/notebooks", token)
    assert status == 200
    names = {item["name"] for item in json.loads(body)["content"]}
    expected = {path.name for path in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert expected and expected <= names


def test_news_and_update_checks_are_off(lab) -> None:
    base, token, _ = lab
    status, body = _get(f"{base}/lab/api/news", token)
    assert status == 200 and json.loads(body)["news"] == []
    status, body = _get(f"{base}/lab/api/update", token)
    assert status == 200 and json.loads(body)["notification"] is None
