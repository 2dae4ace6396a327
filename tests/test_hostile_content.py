"""Hostile and malformed content: one test per cause of issue #12, each a precise message.

Each case once gave a traceback, a hang, a crash or a write outside the content
folder. Now every problem is one line `path:line: where: what` naming the limit,
and the commands exit with their documented code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journeymap import atomic
from journeymap.commands.cli import main
from journeymap.commands.drafts import DraftError, draft_next_version
from journeymap.commands.imports import snapshot_text, write_snapshot
from journeymap.content import limits
from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.content.series import Measurement

from .conftest import REPO, copy_example, run_mkdocs

TODAY = dt.date(2026, 11, 18)
LINE = re.compile(r"^content/[^:\n]+(:\d+)?: .+$")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def problems(tmp_path: Path) -> list[str]:
    """The problem lines of tmp_path/content; every one of them one well-formed line."""
    try:
        load_content(tmp_path / "content", display_root=tmp_path, today=TODAY)
    except ContentError as error:
        lines = [str(p) for p in error.problems]
        assert all(LINE.match(line) for line in lines), lines
        return lines
    return []


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    journeymap = Path(sys.executable).parent / "journeymap"
    return subprocess.run(
        [str(journeymap), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


# 1. A merge key on a non-mapping.
@pytest.mark.parametrize("text", ["<<: 5\n", "<<:\n"])
def test_1_merge_key_on_a_non_mapping(content: Path, tmp_path: Path, text: str) -> None:
    (content / "personas.yml").write_text(text)
    assert "content/personas.yml:1: <<: a YAML merge key (<<) needs a mapping" in "\n".join(
        problems(tmp_path)
    )


def test_1_a_mapping_that_merges_itself(content: Path, tmp_path: Path) -> None:
    (content / "personas.yml").write_text("a: &a\n  <<: *a\n")
    assert any("refers to the mapping it is in" in line for line in problems(tmp_path))


# 2. Deep nesting: RecursionError, and a segfault in libyaml's composer.
@pytest.mark.parametrize("depth", [400, 30_000])
def test_2_deep_nesting(content: Path, tmp_path: Path, depth: int) -> None:
    (content / "personas.yml").write_text("personas: " + "[" * depth + "]" * depth + "\n")
    assert problems(tmp_path) == [
        f"content/personas.yml:1: nested more than {limits.MAX_DEPTH} levels deep, "
        "the limit for a file"
    ]


# 3. CSV fields over csv's limit, unclosed quotes.
def test_3_huge_csv_field_and_unclosed_quote(content: Path, tmp_path: Path) -> None:
    snapshot = content / "snapshots/2026-11-16.csv"
    snapshot.write_text(snapshot.read_text() + 'grocery-app,checkout,csat,,4,,"' + "x" * 200_000)
    found = problems(tmp_path)
    assert len(found) == 1
    assert found[0].startswith("content/snapshots/2026-11-16.csv:")
    assert "a field is longer than 10,000 characters, the limit" in found[0]


# 4. Characters YAML refuses, outside the parser's `try`.
@pytest.mark.parametrize("char", ["\x01", "\uffff"])
def test_4_characters_yaml_does_not_allow(content: Path, tmp_path: Path, char: str) -> None:
    (content / "personas.yml").write_text(f"# ok\npersonas: {char}\n")
    found = problems(tmp_path)
    assert f"content/personas.yml:2: contains the character U+{ord(char):04X}" in found[0]


# 5. Core tags with values they cannot take.
@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("!!bool maybe", "bool"),
        ("!!int ''", "int"),
        ("!!float ''", "float"),
        ("!!timestamp foo", "timestamp"),
    ],
)
def test_5_core_tags_with_bad_values(content: Path, tmp_path: Path, value: str, kind: str) -> None:
    (content / "personas.yml").write_text(f"personas: {value}\n")
    found = problems(tmp_path)
    assert found == [found[0]] and f"is not a valid {kind} (the tag !!{kind})" in found[0]


# 6. Line separators: PyYAML counts them as line breaks, editors do not.
@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_6_line_separators_keep_line_numbers(content: Path, tmp_path: Path, char: str) -> None:
    (content / "personas.yml").write_text(
        f"# a comment{char}with a separator\npersonas:\n  - {{id: x, name: 'a{char}b'}}\n"
        "  - {id: Bad, name: y}\n"
    )
    found = problems(tmp_path)
    assert found[0].startswith("content/personas.yml:1: contains an invisible")
    assert found[1].startswith("content/personas.yml:3: contains an invisible")
    assert found[2].startswith("content/personas.yml:4: personas[1].id: 'Bad' is not a valid id")


# 7. Hangs and memory.
def test_7_huge_version_number(content: Path, tmp_path: Path) -> None:
    (content / "journeys/grocery-app/v999999999999.yml").write_text("id: grocery-app\n")
    assert problems(tmp_path) == [
        "content/journeys/grocery-app/v999999999999.yml: version numbers go up to 999, the limit"
    ]


def test_7_snapshot_linked_to_dev_zero(content: Path, tmp_path: Path) -> None:
    os.symlink("/dev/zero", content / "snapshots/2026-12-01.csv")
    assert problems(tmp_path) == [
        "content/snapshots/2026-12-01.csv: is a symbolic link: journeymap reads nothing "
        "outside the content folder, so put the file or folder itself here"
    ]


def test_7_alias_bomb(content: Path, tmp_path: Path) -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
        for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    (content / "personas.yml").write_text(text)
    assert [line.split(": ", 1)[1] for line in problems(tmp_path)] == [
        "holds more than 50,000 values once YAML aliases are expanded, the limit for a file"
    ]


def test_7_huge_file(content: Path, tmp_path: Path) -> None:
    (content / "personas.yml").write_text("personas:\n" + "  - {id: a, name: b}\n" * 200_000)
    assert problems(tmp_path) == [
        "content/personas.yml:1: is larger than 2 MB, the limit for this file"
    ]


def test_7_too_many_stages(content: Path, tmp_path: Path) -> None:
    v1 = content / "journeys/grocery-app/v1.yml"
    text = (
        v1.read_text().split("stages:")[0]
        + "stages:\n"
        + "".join(f"  - {{id: s{n}, title: S}}\n" for n in range(limits.MAX_STAGES + 1))
    )
    v1.write_text(text)
    assert any("stages:" in line and str(limits.MAX_STAGES) in line for line in problems(tmp_path))


# 8. Messages that were not one `path:line: where: what` line.
def test_8_responses_with_thousands_of_digits(content: Path, tmp_path: Path) -> None:
    snapshot = content / "snapshots/2026-11-16.csv"
    snapshot.write_text(snapshot.read_text() + "grocery-app,checkout,ces,,4," + "9" * 5000 + ",\n")
    (line,) = problems(tmp_path)
    assert "responses '9999" in line and "is above 1,000,000,000, the limit" in line
    assert len(line) < 200


def test_8_values_with_newlines_stay_on_one_line(content: Path, tmp_path: Path) -> None:
    (content / "personas.yml").write_text('personas:\n  - {id: "a\\nb\\nc", name: x}\n')
    (line,) = problems(tmp_path)
    assert "\n" not in line and "a\\nb\\nc" in line


# 9-11. Content that validated and crashed the build.
def test_9_non_finite_and_huge_numbers(content: Path, tmp_path: Path) -> None:
    snapshot = content / "snapshots/2026-11-16.csv"
    snapshot.write_text(snapshot.read_text() + "grocery-app,checkout,ces,,1e999,,\n")
    (content / "metrics.yml").write_text(
        (content / "metrics.yml").read_text().replace("target: 40", "target: .inf")
    )
    found = "\n".join(problems(tmp_path))
    assert "value '1e999' is larger than 1,000,000,000,000,000, the limit" in found
    assert "target: '.inf' is not a finite number" in found


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "review_every_days: 120",
            "review_every_days: 3000000",
            "is above the maximum 3650",
        ),
        ("review_every_days: 120", "reviewed: 9999-12-31", "9999-12-31 is outside the years 1900"),
    ],
)
def test_10_review_dates_far_away(
    content: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    v2 = content / "journeys/grocery-app/v2.yml"
    v2.write_text(v2.read_text().replace(old, new, 1))
    assert any(message in line for line in problems(tmp_path))


def test_10_new_version_after_the_last_date(content: Path) -> None:
    v2 = content / "journeys/grocery-app/v2.yml"
    v2.write_text(re.sub(r"(?m)^effective: .*$", "effective: 2999-12-31", v2.read_text()))
    with pytest.raises(DraftError, match="no later date"):
        draft_next_version(content, "grocery-app", TODAY)


@pytest.mark.parametrize(
    ("indent", "levels", "message"),
    [
        ("    ", 400, "personas[0].description: is 320,799 characters long: the limit is 20,000"),
        (
            "\t",
            150,
            "personas[0].description: lists or quotes nested 149 levels deep: the limit is 20",
        ),
        (
            "",
            400,
            "personas[0].description: lists or quotes nested 400 levels deep: the limit is 20",
        ),
    ],
)
def test_11_deeply_nested_markdown(
    content: Path, tmp_path: Path, indent: str, levels: int, message: str
) -> None:
    if indent:
        nested = "\n".join(indent * n + "- x" for n in range(levels))
    else:
        nested = ">" * levels + " quoted"
    (content / "personas.yml").write_text(
        yaml.safe_dump({"personas": [{"id": "a", "name": "A", "description": nested}]})
    )
    assert any(line.endswith(message) for line in problems(tmp_path))


@pytest.mark.parametrize("markup", ["[", "<a ", "*[a]: b\n"])
def test_11_markdown_that_takes_quadratic_time(content: Path, tmp_path: Path, markup: str) -> None:
    # Found by the deep fuzz run: 5,000 '[' in a description took 78 s to render.
    (content / "personas.yml").write_text(
        yaml.safe_dump({"personas": [{"id": "a", "name": "A", "description": markup * 2000}]})
    )
    assert any(f"the limit is {limits.MAX_MARKDOWN_MARKS}" in line for line in problems(tmp_path))


# 12-13 are tests/test_hostile_site.py.


# 14. new-version writing outside the content folder.
@pytest.mark.parametrize("journey", ["../../../outside/evil", "/tmp/evil", "Grocery"])
def test_14_new_version_takes_only_journey_ids(tmp_path: Path, journey: str) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = cli("new-version", journey, cwd=tmp_path)
    assert result.returncode == 1
    assert "is not a journey id" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path.parent / "outside").exists()


# 15. Symlinks.
def test_15_linked_snapshot_outside_is_not_published(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    shutil.copy(content / "snapshots/2026-11-16.csv", outside)
    os.symlink(outside, content / "snapshots/2026-12-01.csv")
    os.symlink("/etc/passwd", content / "personas.yml.bak")
    found = problems(tmp_path)
    link = "is a symbolic link: journeymap reads nothing outside the content folder"
    assert [line.split(", so")[0] for line in found] == [
        f"content/personas.yml.bak: {link}",
        f"content/snapshots/2026-12-01.csv: {link}",
    ]
    assert "root:" not in "\n".join(found)


@pytest.mark.parametrize("linked", ["snapshots", "journeys/grocery-app"])
def test_15_commands_never_write_through_a_linked_folder(
    content: Path, tmp_path: Path, linked: str
) -> None:
    outside = tmp_path / "outside"
    shutil.move(content / linked, outside)
    os.symlink(outside, content / linked)
    before = sorted(p.name for p in outside.iterdir())
    if linked == "snapshots":
        with pytest.raises(OSError, match="symbolic link"):
            write_snapshot(content / "snapshots/2026-12-01.csv", (), replace=False)
    else:
        with pytest.raises(DraftError, match="symbolic link"):
            draft_next_version(content, "grocery-app", TODAY)
    assert sorted(p.name for p in outside.iterdir()) == before


# 16. Two imports of the same date.
ROWS = (
    Measurement(
        dt.date(2026, 12, 1), "grocery-app", "checkout", "csat", None, 4.0, "4.0", 12, None, "x", 2
    ),
)


def test_16_a_snapshot_that_appears_meanwhile_is_not_replaced(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = content / "snapshots/2026-12-01.csv"
    real_fsync = os.fsync

    def the_other_job_finishes_first(fd: int) -> None:
        real_fsync(fd)
        target.write_text("written by the other job\n")

    monkeypatch.setattr(atomic.os, "fsync", the_other_job_finishes_first)
    assert write_snapshot(target, ROWS, replace=False) is False
    assert target.read_text() == "written by the other job\n"
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_16_replace_replaces(content: Path) -> None:
    target = content / "snapshots/2026-12-01.csv"
    assert write_snapshot(target, (), replace=False)
    assert write_snapshot(target, ROWS, replace=True)
    assert target.read_text() == snapshot_text(ROWS)


# 17. Read-only folder, Ctrl-C, temporary files.
EXPORT = "journey,stage,metric,value\ngrocery-app,checkout,csat,3.7\n"


def test_17_unwritable_snapshots_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "export.csv").write_text(EXPORT)
    shutil.rmtree(tmp_path / "content/snapshots")
    (tmp_path / "content/snapshots").write_text("a file where the folder should be")
    result = cli("import-snapshot", "export.csv", "--date", "2026-12-01", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_17_ctrl_c_is_one_line_exit_2_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "export.csv").write_text(EXPORT)
    monkeypatch.chdir(tmp_path)

    def ctrl_c(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", ctrl_c)
    assert main(["import-snapshot", "export.csv", "--date", "2026-12-01"]) == 2
    assert capsys.readouterr().err == "journeymap: interrupted; nothing was left half-written\n"
    assert sorted(p.name for p in (tmp_path / "content/snapshots").iterdir())[0] != "."
    assert not any(p.name.startswith(".") for p in (tmp_path / "content/snapshots").iterdir())


def test_17_temporary_files_are_ignored_by_validate(content: Path, tmp_path: Path) -> None:
    (content / "snapshots/.journeymap-abc123.tmp").write_text("half a snapsh")
    assert problems(tmp_path) == []


def test_build_with_limits_is_a_precise_error_not_a_traceback(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "content/personas.yml").write_text("personas: " + "[" * 5000 + "]" * 5000 + "\n")
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/personas.yml:1: nested more than 32 levels deep" in result.stderr


@pytest.mark.parametrize("linked", ["journeys", "personas.yml"])
def test_15_import_mermaid_never_writes_through_a_link(tmp_path: Path, linked: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    outside = tmp_path / "outside"
    shutil.move(content / linked, outside)
    os.symlink(outside, content / linked)
    (tmp_path / "map.mmd").write_text(
        "journey\n  title Trial\n  section Try\n    Sign up: 3: Buyer\n"
    )
    result = cli("import-mermaid", "map.mmd", "--id", "trial", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"content/{linked}: is a symbolic link" in result.stderr
    assert not (outside / "trial").exists()
