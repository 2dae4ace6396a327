"""The guide (guide/*.md) and the README's site: what they show works as written.

The guide is built as a site of its own with `--strict`; its starter site, and the
README's, build exactly as written; its options table is the options' declaration;
every command it shows exists with the flags it uses; every YAML example parses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journeymap.site.options import OPTIONS

from .conftest import REPO, run_mkdocs

GUIDE = REPO / "guide"
PAGES = sorted(GUIDE.glob("*.md"))


def text(page: str) -> str:
    return (GUIDE / page).read_text(encoding="utf-8")


def blocks(source: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", source, flags=re.S)


def test_the_guide_builds_as_a_site_strictly(tmp_path: Path) -> None:
    site = str(tmp_path / "guide-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "guide.yml", "--strict", "-d", site],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    nav = yaml.safe_load((REPO / "guide.yml").read_text(encoding="utf-8"))["nav"]
    assert sorted(next(iter(entry.values())) for entry in nav) == [p.name for p in PAGES]
    assert (tmp_path / "guide-site/content-format/index.html").is_file()


def site_from(tmp_path: Path, config: str, files: dict[str, str]) -> Path:
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Customer journeys\n", encoding="utf-8")
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content, encoding="utf-8")
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def test_the_guides_starter_site_builds_as_written(tmp_path: Path) -> None:
    page = text("getting-started.md")
    config = next(b for b in blocks(page, "yaml") if b.startswith("site_name:"))
    journeys = [b for b in blocks(page, "yaml") if b.startswith("id: onboarding")]
    metrics = next(b for b in blocks(page, "yaml") if b.startswith("metrics:"))
    assert len(journeys) == 2
    site = site_from(
        tmp_path,
        config,
        {
            "content/journeys/onboarding/v1.yml": journeys[0],
            "content/journeys/onboarding/v2.yml": journeys[1],
            "content/metrics.yml": metrics,
            "content/snapshots/2026-11-16.csv": blocks(page, "csv")[0],
        },
    )
    stage = (site / "journeys/onboarding/kickoff/index.html").read_text(encoding="utf-8")
    assert "Kickoff call" in stage and "4.1" in stage


def test_the_readmes_site_builds_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A site of your own") :]
    config, journey = blocks(section, "yaml")[:2]
    site = site_from(tmp_path, config, {"content/journeys/onboarding/v1.yml": journey})
    assert "Account setup" in (site / "journeys/onboarding/index.html").read_text()


def test_the_options_table_is_the_options_declaration() -> None:
    """The table in getting started says what `Options` declares (site/options.py)."""
    rows = re.findall(r"^\| `([a-z_]+)` \| `([^`]*)` \| (.*) \|$", text("getting-started.md"), re.M)
    shown = {name: (default, help) for name, default, help in rows}
    for option in OPTIONS:
        default = option.default
        if default is None:
            written = "none"
        elif isinstance(default, tuple):
            written = json.dumps(list(default)).replace('"', "")
        else:
            written = str(default)
        assert shown.pop(option.name) == (written, option.metadata["help"]), option.name
    assert not shown, f"the guide names options that do not exist: {sorted(shown)}"


def help_of(*command: str) -> str:
    journeymap = Path(sys.executable).parent / "journeymap"
    result = subprocess.run(
        [str(journeymap), *command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (command, result.stderr)
    return result.stdout


def test_every_command_the_guide_shows_exists_with_its_flags() -> None:
    commands = [
        line.strip()
        for page in [REPO / "README.md", *PAGES]
        for block in blocks(page.read_text(encoding="utf-8"), "sh")
        + blocks(page.read_text(encoding="utf-8"), "yaml")
        for line in block.replace("\\\n", " ").splitlines()
        if re.search(r"(^|[\s/-])journeymap [a-z]", line.split("#")[0])
    ]
    assert len(commands) >= 10
    names = re.findall(r"^    ([a-z-]+)", help_of(), re.M)
    for command in commands:
        words = command.split("#")[0].split("journeymap ", 1)[1].split()
        words.insert(0, "journeymap")
        subcommand = words[1]
        assert subcommand in names, command
        flags = help_of(subcommand)
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", " ".join(words[2:])):
            assert flag in flags, f"{command}: {flag}"


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_every_yaml_example_parses(page: str) -> None:
    for block in blocks(text(page), "yaml"):
        yaml.safe_load(block)
