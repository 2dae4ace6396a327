"""The engines journeymap runs in: MkDocs 1.6 (the rest of the suite) and ProperDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import BUILD_DATE_EPOCH, copy_example, run_mkdocs
from .sitekit import small_site


def test_the_plugin_is_registered_for_mkdocs_and_properdocs() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        (plugin,) = entry_points(group=group, name="journeymap")
        assert plugin.value == "journeymap.engines.mkdocs:JourneyMapPlugin"


def test_properdocs_builds_the_example_site_strictly(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH},
    )
    assert result.returncode == 0, result.stderr
    assert "journeymap: loaded 3 journeys" in result.stderr
    page = BeautifulSoup(
        (root / "site/journeys/b2b-subscription/onboarding/index.html").read_text("utf-8"),
        "html.parser",
    )
    assert page.select_one("article h1") is not None
    assert page.select_one("nav.md-nav--primary a[href='../../']") is not None
    # The HTML between the headings, which does not go through Markdown, is in place.
    pains = page.select_one("article h2#pain-points")
    assert pains is not None
    assert (
        pains.find_next("li").get_text()
        == "SCIM setup guide assumes Okta; Entra ID customers open tickets"
    )
    assert page.select_one("nav.md-nav--secondary a[href='#pain-points']") is not None
    assert "journeymap-html" not in str(page)


def test_a_wrong_content_dir_names_the_folder_and_the_config_file(tmp_path: Path) -> None:
    root = small_site(tmp_path, "plugins: [{journeymap: {content_dir: contnt}}]\n")
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert (
        f"mkdocs.yml: plugins.journeymap.content_dir: the content folder {root / 'contnt'} "
        f"does not exist ('contnt' is relative to the folder of {root / 'mkdocs.yml'})"
    ) in result.stderr
    assert "Traceback" not in result.stderr
