"""Helpers for tests that build small sites with other MkDocs plugins beside journeymap."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import REPO, run_mkdocs

THEME = "theme: {name: material, font: false, features: [navigation.indexes]}\n"


def small_site(root: Path, config: str, docs: dict[str, str] | None = None) -> Path:
    """A site in `root`: the example content, `docs` (name -> text) and an mkdocs.yml.

    `config` is YAML after `site_name`; a Material theme without fonts and a `site_url`
    are added when `config` names none.
    """
    shutil.copytree(REPO / "content", root / "content")
    for name, text in (docs or {"index.md": "# Home\n"}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    config = textwrap.dedent(config)
    theme = "" if "theme:" in config else THEME
    # A site without site_url is warned about (fatal under --strict), as README sites have it.
    url = "" if "site_url:" in config else "site_url: https://plugins.example.com/\n"
    (root / "mkdocs.yml").write_text(f"site_name: Plugins\n{url}{theme}{config}", encoding="utf-8")
    return root


def build(root: Path) -> Path:
    """`mkdocs build --strict` of the site in `root`; its site folder (the build must pass)."""
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def html(site: Path, path: str) -> BeautifulSoup:
    """A built page by its path in the site ('journeys/' reads journeys/index.html)."""
    file = site / path
    if path == "" or path.endswith("/"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def nav_titles(page: BeautifulSoup) -> list[str]:
    """The titles of the primary navigation's top level, in order."""
    nav = page.select_one("nav.md-nav--primary > ul.md-nav__list")
    assert nav is not None
    titles = []
    for item in nav.find_all("li", recursive=False):
        label = item.find(["a", "label"], class_="md-nav__link")
        assert label is not None
        titles.append(" ".join(label.get_text(" ").split()))
    return titles
