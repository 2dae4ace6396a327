"""`journeymap validate`: the build's checks, without building."""

from __future__ import annotations

import os
import re
import resource
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
        "content: 3 journeys, 6 versions, 5 personas, 8 metrics, 10 snapshots (768 values): "
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


def _limited_memory() -> None:
    """A command that reads without bound fails here instead of filling the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


TEXT_ENCODING = (
    "is not a text encoding: use utf-8, or cp1252 for Windows-1252 (Excel's usual CSV on Windows)"
)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        *(
            pytest.param(
                ["import-snapshot", "export.csv", "--date", "2026-11-17", "--encoding", codec],
                f"argument --encoding: '{codec}' {TEXT_ENCODING}",
                id=f"encoding-{codec}",
            )
            for codec in ("rot13", "hex", "base64", "zlib", "uu", "quopri", "undefined")
        ),
        pytest.param(
            ["import-snapshot", "export.csv", "--date", "0001-01-01"],
            "argument --date: '0001-01-01' is not between 1900 and 2999, the years a snapshot "
            "may be dated",
            id="date-before-1900",
        ),
        pytest.param(
            ["pull", "--date", "3000-01-01"],
            "argument --date: '3000-01-01' is not between 1900 and 2999, the years a snapshot "
            "may be dated",
            id="date-after-2999",
        ),
        pytest.param(
            ["generate", "--config", "/dev/zero"],
            "argument --config: /dev/zero: is not a regular file: name a file",
            id="config-device",
        ),
        pytest.param(
            ["generate", "--config", "fifo.yml"],
            "argument --config: fifo.yml: is not a regular file: name a file",
            id="config-fifo",
        ),
        pytest.param(
            ["import-mermaid", "content", "--id", "clinic"],
            "argument FILE: content: is a folder: name a file",
            id="diagram-folder",
        ),
    ],
)
def test_a_wrong_argument_is_one_line_and_exit_2(
    args: list[str], error: str, tmp_path: Path
) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "export.csv").write_text("journey,stage,metric,value\ngrocery-app,,nps,31\n")
    os.mkfifo(tmp_path / "fifo.yml")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "journeymap"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_limited_memory,
        timeout=120,  # not a measure: a FIFO would otherwise keep the old code waiting
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"journeymap {args[0]}: error: {error}"
    assert not (tmp_path / "content/snapshots/0001-01-01.csv").exists()
