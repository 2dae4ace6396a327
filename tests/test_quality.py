"""The code stays lint-clean and type-checked: CI runs these with the other tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "plugin", "tests"],
        ["ruff", "format", "--check", "plugin", "tests"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stylesheet_s_blocks_are_balanced() -> None:
    """Every `{` of journeymap.css is closed, and no rule starts inside another's block
    (a merge once lost a `}`, and every rule after it silently stopped applying)."""
    css = (REPO / "plugin/journeymap/site/assets/journeymap.css").read_text(encoding="utf-8")
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        starts_rule = line[:1] not in ("", " ", "}", "@", "/", "*")
        assert not (starts_rule and depth), f"journeymap.css:{number}: a rule inside a block"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"journeymap.css:{number}: '}}' closes nothing"
    assert depth == 0, "journeymap.css: a block is never closed"
