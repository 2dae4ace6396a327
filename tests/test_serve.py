"""`mkdocs serve` with content problems: the browser shows them, and recovers (issue 31)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import BUILD_DATE_EPOCH, REPO, copy_example

V2 = "content/journeys/grocery-app/v2.yml"


def _problem() -> str:
    """What the page says of the second `emotion:` the fixture gives checkout: at the
    line of its own, one further down (found, so that the example may grow)."""
    lines = (REPO / V2).read_text(encoding="utf-8").split("\n")
    stage = lines.index("  - id: checkout")
    own = next(n for n in range(stage, len(lines)) if lines[n].startswith("    emotion:"))
    return (
        f"{V2}:{own + 2}: stage &#39;checkout&#39; (5th): emotion: "
        "appears twice in the same mapping"
    )


PROBLEM = _problem()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(check: Callable[[], bool], server: subprocess.Popen[str]) -> None:
    """Until `check()` holds; the server's output if it never does (or the server ends)."""
    deadline = time.monotonic() + 180  # a generous bound for a slow, shared machine
    while not check():
        if server.poll() is not None or time.monotonic() > deadline:
            server.terminate()
            pytest.fail(f"mkdocs serve never got there:\n{server.communicate()[0]}")
        time.sleep(0.5)


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    root = copy_example(tmp_path)
    v2 = root / V2
    v2.write_text(
        v2.read_text().replace(
            "  - id: checkout\n", "  - id: checkout\n    emotion: {score: 7}\n", 1
        )
    )
    return root


@pytest.fixture
def serve(broken_site: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=broken_site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH},
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_shows_content_problems_in_the_browser_and_recovers(
    broken_site: Path, serve: tuple[str, subprocess.Popen[str]]
) -> None:
    url, server = serve
    wait_for(lambda: "jm-problems" in get(url), server)
    home = get(url)
    assert PROBLEM in home
    assert "journeymap: 1 content problem." in home
    assert "jm-problems" in get(url + "journeys/")
    # Fixed and saved: the next build is the site again.
    v2 = broken_site / V2
    v2.write_text(v2.read_text().replace("    emotion: {score: 7}\n", "", 1))
    wait_for(lambda: "Checkout" in get(url + "journeys/grocery-app/checkout/"), server)
    assert "jm-problems" not in get(url)
    # Broken again: the journeymap pages of the good build answer with the problems.
    v2.write_text(
        v2.read_text().replace(
            "  - id: checkout\n", "  - id: checkout\n    emotion: {score: 7}\n", 1
        )
    )
    wait_for(lambda: "jm-problems" in get(url + "journeys/grocery-app/checkout/"), server)
    assert PROBLEM in get(url + "journeys/grocery-app/checkout/")
