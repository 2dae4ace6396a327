"""`journeymap validate`: the build's checks, without building."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.commands.cli import main

from .conftest import REPO


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The console script installed with the package, next to this interpreter.
    executable = Path(sys.executable).parent / "journeymap"
    return subprocess.run(
        [str(executable), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_validate_clean_content_exits_0() -> None:
    result = run("validate", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "content: 2 journeys, 5 versions, 5 personas, 8 metrics, 10 snapshots (768 values): "
        "no problems"
    )


def test_validate_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(REPO / "content", content)
    v1 = content / "journeys/grocery-app/v1.yml"
    v1.write_text(v1.read_text().replace("version: 1", "version: 4", 1))
    (content / "personas.yml").write_text("personas:\n  - id: Busy Parent\n    name: P\n")

    result = run("validate", "--content", "site/content", cwd=tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    line = next(n for n, text in enumerate(v1.read_text().splitlines(), 1) if text == "version: 4")
    assert lines[0] == "2 content problems found:"
    assert lines[1:] == [
        f"site/content/journeys/grocery-app/v1.yml:{line}: version: 4 must equal 1, as in v1.yml",
        "site/content/personas.yml:2: personas[0].id: 'Busy Parent' is not a valid id: use "
        "lowercase letters, digits and single hyphens (like 'free-trial')",
    ]


def test_validate_missing_folder(tmp_path: Path) -> None:
    result = run("validate", "--content", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1] == (
        "nowhere: content folder not found: run journeymap where your content folder is, "
        "or name it with --content (the content_dir of your mkdocs.yml)"
    )


def test_validate_warns_of_a_snapshot_dated_after_the_build_date(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    snapshots = tmp_path / "content/snapshots"
    shutil.copy(snapshots / "2026-11-16.csv", snapshots / "2026-12-01.csv")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "journeymap"), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.returncode == 0
    assert result.stderr == (
        "warning: content/snapshots/2026-12-01.csv: dated 2026-12-01, after the build date "
        "2026-11-18: pages would give metrics as of a day to come; name the file for the day "
        "its data is from\n"
    )


def test_validate_strict_fails_where_a_strict_build_fails(tmp_path: Path) -> None:
    # Issue 31: CI that runs validate first must not pass what `mkdocs build --strict` fails.
    shutil.copytree(REPO / "content", tmp_path / "content")
    snapshots = tmp_path / "content/snapshots"
    shutil.copy(snapshots / "2026-11-16.csv", snapshots / "2026-12-01.csv")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "journeymap"), "validate", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("warning: content/snapshots/2026-12-01.csv: dated ")
    assert result.stdout == "content: 1 warning, fatal with --strict\n"


def test_validate_says_it_left_an_excel_lock_file_alone(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "content/snapshots/~$2026-11-30.csv").write_bytes(b"\x0bExcel\x00")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "info: content/snapshots/~$2026-11-30.csv: ignored: Excel's lock file, there while "
        "the snapshot is open in Excel (it goes when Excel closes it; do not commit it)\n"
    )


def test_new_version_without_a_content_folder_says_which(tmp_path: Path) -> None:
    result = run("new-version", "grocery-app", "--content", "cx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "cx: content folder not found: name it with --content (the content_dir of your mkdocs.yml)"
    )


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`journeymap schema | head -1`: no broken-pipe message, exit 0."""
    executable = Path(sys.executable).parent / "journeymap"
    result = subprocess.run(
        f"'{executable}' schema | head -c 1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "{"
    assert result.stderr == ""
    assert result.returncode == 0


# Where each command does its work, and a command line that gets it there.
WORK = {
    "validate": ("journeymap.commands.cli.load_content", ["validate"]),
    "new-version": ("journeymap.commands.cli.draft_next_version", ["new-version", "onboarding"]),
    "import-snapshot": (
        "journeymap.commands.cli.import_snapshot",
        ["import-snapshot", "export.csv", "--date", "2026-12-01"],
    ),
    "pull": ("journeymap.commands.cli.pull", ["pull"]),
    "import-mermaid": (
        "journeymap.commands.cli.read_text",
        ["import-mermaid", "journey.mmd", "--id", "clinic"],
    ),
    "schema": ("journeymap.commands.cli.json_schema", ["schema"]),
    "generate": ("journeymap.engines.zensical.generate", ["generate"]),
}


def test_every_command_is_in_the_interruption_test(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = re.findall(r"^ {4}(\S+)", capsys.readouterr().out, re.M)
    assert sorted(listed) == sorted(WORK)


@pytest.mark.parametrize("command", sorted(WORK))
@pytest.mark.parametrize(
    "cause",
    [
        pytest.param(KeyboardInterrupt(), id="ctrl-c"),
        pytest.param(OSError(28, "No space left on device"), id="full-disk"),
    ],
)
def test_every_command_exits_2_on_ctrl_c_or_a_full_disk(
    command: str,
    cause: BaseException,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One place (cli.main) words an interruption or a refusal of the machine and exits 2."""
    work, argv = WORK[command]

    def refused(*args: object, **kwargs: object) -> None:
        raise cause

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(work, refused)
    assert main(argv) == 2
    expected = (
        "journeymap: interrupted; nothing was left half-written"
        if isinstance(cause, KeyboardInterrupt)
        else "journeymap: No space left on device"
    )
    assert capsys.readouterr().err == expected + "\n"
