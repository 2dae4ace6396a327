"""`journeymap import-snapshot`: a BI export checked row by row, written all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import stat
from pathlib import Path

import pytest

from journeymap import atomic
from journeymap.commands import imports
from journeymap.commands.imports import ImportRefused, import_snapshot, parse_mapping
from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.content.snapshots import records

from .conftest import REPO

TODAY = dt.date(2026, 11, 22)
DATE = dt.date(2026, 11, 23)
MAPPING = [
    "Journey=journey",
    "Stage=stage",
    "KPI=metric",
    "Segment=segment",
    "Score=value",
    "N=responses",
    "Region=",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def run(tmp_path: Path, export: str, *, mapping: list[str] = (), replace: bool = False):
    path = tmp_path / "export.csv"
    path.write_text(export, encoding="utf-8")
    return import_snapshot(
        path,
        DATE,
        tmp_path / "content",
        mapping=parse_mapping(list(mapping)),
        replace=replace,
        display_root=tmp_path,
        today=TODAY,
    )


def snapshot(tmp_path: Path) -> Path:
    return tmp_path / "content/snapshots/2026-11-23.csv"


def leftovers(tmp_path: Path) -> list[str]:
    return [p.name for p in (tmp_path / "content/snapshots").iterdir() if p.name.startswith(".")]


def test_a_good_export_is_written_as_a_snapshot(content: Path, tmp_path: Path) -> None:
    imported = run(
        tmp_path,
        "journey,stage,metric,value,segment\n"
        "grocery-app,checkout,csat,3.7,\n"
        "grocery-app,,nps,31,Families\n",
    )
    assert imported.path == snapshot(tmp_path)
    assert snapshot(tmp_path).read_text() == (
        "journey,stage,metric,segment,value,responses,note\n"
        "grocery-app,checkout,csat,,3.7,,\n"
        "grocery-app,,nps,Families,31,,\n"
    )
    assert imported.counts() == {("grocery-app", "csat"): 1, ("grocery-app", "nps"): 1}
    assert leftovers(tmp_path) == []


def test_semicolons_decimal_commas_and_column_mapping(content: Path, tmp_path: Path) -> None:
    run(
        tmp_path,
        "Journey;Stage;KPI;Segment;Score;N;Region\n"
        "b2b-subscription;onboarding;csat;;4,15;210;EU\n"
        "grocery-app;checkout;csat;Families;3,8;90;EU\n",
        mapping=MAPPING,
    )
    assert snapshot(tmp_path).read_text().splitlines()[1:] == [
        "b2b-subscription,onboarding,csat,,4.15,210,",
        "grocery-app,checkout,csat,Families,3.8,90,",
    ]


def test_a_percent_sign_is_the_problem_not_the_decimal_comma(content: Path, tmp_path: Path) -> None:
    # Issue 31: decimal commas are read, so the advice is to drop the '%', keeping the comma.
    with pytest.raises(ContentError) as raised:
        run(tmp_path, "journey;stage;metric;value\ngrocery-app;;churn;7,1%\n")
    assert [str(p) for p in raised.value.problems] == [
        "export.csv:2: value '7,1%' is not a number: write it without the '%', like 7,1; "
        'a metric\'s unit belongs in metrics.yml (unit: "%")'
    ]
    run(tmp_path, "journey;stage;metric;value\ngrocery-app;;churn;7,1\n")
    assert snapshot(tmp_path).read_text().splitlines()[1] == "grocery-app,,churn,,7.1,,"


def test_an_existing_snapshot_is_only_replaced_when_asked(content: Path, tmp_path: Path) -> None:
    run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,3.7\n")
    with pytest.raises(ImportRefused, match="already exists: pass --replace"):
        run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,4.9\n")
    assert "3.7" in snapshot(tmp_path).read_text()
    run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,4.9\n", replace=True)
    assert "4.9" in snapshot(tmp_path).read_text()


def test_a_bad_row_writes_nothing_and_names_every_problem(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        run(
            tmp_path,
            "journey,stage,metric,value\n"
            "grocery-app,checkout,csat,3.7\n"
            "grocery-app,chekout,csat,3.7\n"
            "grocery-app,checkout,csat,9\n",
        )
    assert [str(p) for p in raised.value.problems] == [
        "export.csv:3: stage 'chekout' is not a stage of journey 'grocery-app' "
        "(did you mean 'checkout'?)",
        "export.csv:4: value 9 is above the maximum 5 of metric 'csat'",
    ]
    assert not snapshot(tmp_path).exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("fail_in", ["fsync", "replace"])
def test_an_interrupted_write_leaves_no_partial_file(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_in: str
) -> None:
    run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,3.7\n")
    before = snapshot(tmp_path).read_bytes()

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt  # the CI job is cancelled mid-write

    monkeypatch.setattr(atomic.os, fail_in, interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,1.2\n", replace=True)
    assert snapshot(tmp_path).read_bytes() == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["Score"], "write it as COLUMN=FIELD"),
        (["Score=valeu"], "'valeu' is not a snapshot field (did you mean 'value'?)"),
    ],
)
def test_bad_mappings_are_refused(pairs: list[str], message: str) -> None:
    with pytest.raises(ImportRefused) as raised:
        parse_mapping(pairs)
    assert message in str(raised.value)


def test_a_mapping_for_a_missing_column_is_reported(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        run(
            tmp_path,
            "journey,stage,metric,value\ngrocery-app,checkout,csat,3.7\n",
            mapping=["Valeu=value"],
        )
    assert str(raised.value.problems[0]) == (
        "export.csv:1: --map names column 'Valeu', which the export does not have "
        "(did you mean 'value'?)"
    )
    assert not snapshot(tmp_path).exists()


def test_a_missing_export_is_refused_as_a_wrong_path(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=r"^nofile\.csv: no such file to import$"):
        import_snapshot(
            tmp_path / "nofile.csv",
            DATE,
            content,
            mapping={},
            replace=False,
            display_root=tmp_path,
            today=TODAY,
        )


def test_an_unmapped_export_column_points_to_map(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        run(tmp_path, "Journey,stage,KPI,value\ngrocery-app,checkout,csat,3.7\n")
    lines = [str(problem) for problem in raised.value.problems]
    assert lines[-1] == (
        "export.csv:1: name each of the export's columns as a snapshot column with --map, "
        "e.g. --map 'KPI=metric', or drop one with --map 'Region='"
    )
    assert not snapshot(tmp_path).exists()


def test_the_command_line_reports_and_exits_non_zero(content: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "export.csv").write_text("journey,stage,metric,value\ngrocery-app,x,csat,3\n")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "journeymap"),
            "import-snapshot",
            "export.csv",
            "--date",
            "2026-11-23",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.returncode == 1
    assert "export.csv:2: stage 'x' is not a stage of journey 'grocery-app'" in result.stderr
    assert result.stderr.rstrip().endswith("nothing was written")
    assert not snapshot(tmp_path).exists()


NOTES = [
    "a carriage\rreturn",
    "a Windows\r\nline end",
    "a\nline feed",
    'a "quote", and a comma',
    "a tab \t, NUL \x00 and LINE SEPARATOR \u2028 inside",
]


def test_what_is_written_loads_without_a_problem(content: Path, tmp_path: Path) -> None:
    """Notes holding line breaks of either kind, quotes and commas come back as they were."""
    stages = ["checkout", "delivery", "browse", "basket", "reorder"]
    export = io.StringIO()
    writer = csv.writer(export, quoting=csv.QUOTE_ALL)  # every field quoted, as Excel may
    writer.writerow(["journey", "stage", "metric", "value", "note"])
    writer.writerows(["grocery-app", s, "csat", "3", n] for s, n in zip(stages, NOTES, strict=True))
    run_bytes(tmp_path, export.getvalue().encode())
    load_content(content, display_root=tmp_path, today=TODAY)  # raises on any problem
    text = snapshot(tmp_path).read_bytes().decode()
    read = {fields[1]: fields[6] for _, fields in records(text)}
    assert [read[stage] for stage in stages] == NOTES


@pytest.mark.parametrize("date", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(3000, 1, 1)])
def test_a_snapshot_is_never_written_under_a_date_the_loader_refuses(
    date: dt.date, content: Path, tmp_path: Path
) -> None:
    (tmp_path / "export.csv").write_text("journey,stage,metric,value\ngrocery-app,,nps,31\n")
    with pytest.raises(ValueError) as raised:
        import_snapshot(
            tmp_path / "export.csv",
            date,
            content,
            mapping={},
            replace=False,
            display_root=tmp_path,
            today=TODAY,
        )
    assert str(raised.value) == (
        f"{date.isoformat()}.csv: a snapshot is named by its date, between 1900 and 2999: "
        "nothing was written"
    )
    assert leftovers(tmp_path) == []
    assert not (content / f"snapshots/{date.isoformat()}.csv").exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_snapshot_is_written_with_the_umask_s_mode(
    umask: int, mode: int, content: Path, tmp_path: Path
) -> None:
    """As any file the author writes: not private to the user the import ran as."""
    before = os.umask(umask)
    try:
        run(tmp_path, "journey,stage,metric,value\ngrocery-app,checkout,csat,3.7\n")
    finally:
        os.umask(before)
    assert stat.S_IMODE(snapshot(tmp_path).stat().st_mode) == mode


def run_bytes(tmp_path: Path, raw: bytes, encoding: str | None = None) -> imports.Imported:
    (tmp_path / "export.csv").write_bytes(raw)
    return import_snapshot(
        tmp_path / "export.csv",
        DATE,
        tmp_path / "content",
        mapping={},
        replace=False,
        display_root=tmp_path,
        today=TODAY,
        encoding=encoding,
    )


WINDOWS_EXPORT = "journey;stage;metric;value;note\ngrocery-app;checkout;csat;3,7;Caf\u00e9 visit\n"


def test_a_windows_1252_export_is_read_with_encoding_cp1252(content: Path, tmp_path: Path) -> None:
    imported = run_bytes(tmp_path, WINDOWS_EXPORT.encode("cp1252"), encoding="cp1252")
    assert imported.rows[0].note == "Caf\u00e9 visit"
    assert "Caf\u00e9 visit" in snapshot(tmp_path).read_text(encoding="utf-8")


def test_a_windows_1252_export_without_the_option_says_to_pass_it(
    content: Path, tmp_path: Path
) -> None:
    with pytest.raises(ContentError) as raised:
        run_bytes(tmp_path, WINDOWS_EXPORT.encode("cp1252"))
    assert [str(p) for p in raised.value.problems] == [
        "export.csv:2: is not valid UTF-8 (byte 0xe9, '\u00e9' in Windows-1252): if it comes "
        'from Excel or another Windows program, pass --encoding cp1252 (or save it as "CSV UTF-8")'
    ]
    assert not snapshot(tmp_path).exists()


def test_a_utf16_export_is_recognised_by_its_byte_order_mark(content: Path, tmp_path: Path) -> None:
    imported = run_bytes(tmp_path, WINDOWS_EXPORT.encode("utf-16"))
    assert imported.rows[0].value == 3.7


def test_an_unknown_encoding_is_refused(content: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as raised:
        run_bytes(tmp_path, WINDOWS_EXPORT.encode("cp1252"), encoding="excel")
    assert str(raised.value) == (
        "--encoding 'excel' is not a text encoding: use utf-8, or cp1252 for Windows-1252 "
        "(Excel's usual CSV on Windows)"
    )


@pytest.mark.parametrize("codec", ["rot13", "hex", "base64", "zlib", "uu", "quopri", "undefined"])
def test_a_codec_that_is_not_a_text_encoding_is_refused(
    codec: str, content: Path, tmp_path: Path
) -> None:
    with pytest.raises(ImportRefused) as raised:
        run_bytes(tmp_path, WINDOWS_EXPORT.encode("cp1252"), encoding=codec)
    assert str(raised.value).startswith(f"--encoding '{codec}' is not a text encoding: ")
    assert not snapshot(tmp_path).exists()


def test_an_export_an_encoding_cannot_place_is_a_problem(content: Path, tmp_path: Path) -> None:
    """punycode fails without a position: still a problem of the file, not a traceback."""
    with pytest.raises(ContentError) as raised:
        run_bytes(tmp_path, b"journey,stage,metric,value\n", encoding="punycode")
    assert [str(p) for p in raised.value.problems] == ["export.csv:1: is not valid punycode"]


def test_the_command_line_takes_an_encoding(content: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "export.csv").write_bytes(WINDOWS_EXPORT.encode("cp1252"))
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "journeymap"),
            "import-snapshot",
            "export.csv",
            "--date",
            "2026-11-23",
            "--encoding",
            "cp1252",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
    )
    assert result.returncode == 0, result.stderr
    assert "Caf\u00e9 visit" in snapshot(tmp_path).read_text(encoding="utf-8")


# Issue 31: headers and ids as BI tools write them, a dry run, Excel's lock file


def test_column_names_and_ids_in_capitals_are_read_as_the_fields_and_ids(
    content: Path, tmp_path: Path
) -> None:
    run(tmp_path, "Journey,Stage,Metric,VALUE\ngrocery-app,Checkout,CSAT,3.7\n")
    assert snapshot(tmp_path).read_text().splitlines()[1:] == ["grocery-app,checkout,csat,,3.7,,"]


def test_a_dry_run_checks_every_row_and_prints_the_snapshot_without_writing_it(
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from journeymap.commands.cli import main

    (tmp_path / "export.csv").write_text("journey,stage,metric,value\ngrocery-app,,nps,31\n")
    monkeypatch.chdir(tmp_path)
    code = main(["import-snapshot", "export.csv", "--date", "2026-11-23", "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == "journey,stage,metric,segment,value,responses,note\ngrocery-app,,nps,,31,,\n"
    assert err == (
        "dry run: content/snapshots/2026-11-23.csv would have 1 row; nothing was written\n"
    )
    assert not snapshot(tmp_path).exists() and leftovers(tmp_path) == []
    (tmp_path / "export.csv").write_text("journey,stage,metric,value\ngrocery-app,,nsp,31\n")
    assert main(["import-snapshot", "export.csv", "--date", "2026-11-23", "--dry-run"]) == 1
    assert "metric 'nsp' is not in metrics.yml (did you mean 'nps'?)" in capsys.readouterr().err
