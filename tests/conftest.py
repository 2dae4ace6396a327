"""Shared fixtures: building real sites with MkDocs, in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from journeymap import i18n

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE_EPOCH = "1795000000"  # 2026-11-18: v3 of the B2B journey (2027-02-01) is planned


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A build chooses its language for the rest of the process (`i18n.use`): one test's
    German build must not word the next test's English one."""
    with i18n.speaking(i18n.language(i18n.SOURCE)):
        yield


def copy_example(root: Path) -> Path:
    """A copy of the example site (config, docs, content, theme) in `root`."""
    for name in ("docs", "content", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


Page = Callable[[str], BeautifulSoup]


def build_site(root: Path, **overrides: object) -> Page:
    """Build the site in `root` strictly; return a reader of its pages by URL."""
    config = load_config(str(root / "mkdocs.yml"), strict=True, **overrides)
    build(config)
    site = Path(config.site_dir)

    def page(url: str) -> BeautifulSoup:
        path = site / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return page


def run_mkdocs(
    root: Path, *args: str, epoch: str = BUILD_DATE_EPOCH, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `root` as CI runs it: a child process, output captured
    (`env`: variables to set besides this process's own)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def build_example_once(
    factory: pytest.TempPathFactory, name: str, epoch: str = BUILD_DATE_EPOCH
) -> Path:
    """The example site built in a fresh folder for `epoch`: for module-scoped fixtures."""
    root = copy_example(factory.mktemp(name))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        build_site(root)
    return root / "site"


@pytest.fixture
def built(example: Path) -> Page:
    return build_site(example)
