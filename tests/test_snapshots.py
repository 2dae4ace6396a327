"""Metric snapshots (`snapshots/<YYYY-MM-DD>.csv`): what loads, and every problem as reported.

Each test writes a small valid content folder (`BASE`: two journeys and a metric catalog)
plus one or more snapshot files into tmp_path, loads it with `load_content` and compares
either the measurements or the problem lines the author would see, exactly.

CSV rows are written one text line each; the header is line 1, and the `# n` comments next to
the rows give the line each one lands on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.content.model import Content
from journeymap.content.problems import ContentError
from journeymap.content.series import Measurement

from . import contentkit
from .contentkit import problem_lines, shown, write_files, yaml_text

TODAY = dt.date(2026, 11, 18)  # onboarding v2 (2026-06-01) is current, v1 is history

METRICS = "metrics.yml"
ONBOARDING_V1 = "journeys/onboarding/v1.yml"
ONBOARDING_V2 = "journeys/onboarding/v2.yml"
RENEWAL_V1 = "journeys/renewal/v1.yml"

SNAPSHOT = "snapshots/2026-11-15.csv"
SNAPSHOT_DATE = dt.date(2026, 11, 15)
HEADER = "journey,stage,metric,value,segment,responses,note"
COLUMNS = "'journey', 'stage', 'metric', 'value', 'segment', 'responses', 'note'"


BASE: dict[str, str] = {
    METRICS: yaml_text("""
        metrics:                            # 1
          - id: csat                        # 2
            title: Customer satisfaction    # 3
            better: higher                  # 4
            min: 1                          # 5
            max: 5                          # 6
          - id: time-to-value               # 7
            title: Time to value            # 8
            better: lower                   # 9
          - id: churn                       # 10
            title: Churn                    # 11
            better: lower                   # 12
            min: 0                          # 13
            max: 1                          # 14
        """),
    ONBOARDING_V1: yaml_text("""
        id: onboarding                      # 1
        version: 1                          # 2
        title: Onboarding                   # 3
        effective: 2026-01-01               # 4
        stages:                             # 5
          - id: signup                      # 6
            title: Sign up                  # 7
          - id: kickoff                     # 8
            title: Kickoff                  # 9
          - id: first-use                   # 10
            title: First use                # 11
        """),
    ONBOARDING_V2: yaml_text("""
        id: onboarding                      # 1
        version: 2                          # 2
        title: Onboarding                   # 3
        effective: 2026-06-01               # 4
        summary: Sign up and kickoff merged # 5
        stages:                             # 6
          - id: welcome                     # 7
            title: Welcome                  # 8
            replaces: [signup, kickoff]     # 9
          - id: first-use                   # 10
            title: First use                # 11
        """),
    RENEWAL_V1: yaml_text("""
        id: renewal                         # 1
        version: 1                          # 2
        title: Renewal                      # 3
        effective: 2026-01-01               # 4
        stages:                             # 5
          - id: notice                      # 6
            title: Renewal notice           # 7
          - id: decision                    # 8
            title: Decision                 # 9
        """),
}


def at(line: int, what: str, file: str = SNAPSHOT) -> str:
    """One problem line about a CSV file (CSV problems name no field, only the line)."""
    return f"{shown(file)}:{line}: {what}"


def csv_text(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def write_content(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """Write `BASE` with `files` added (or replacing base files) into tmp_path/content."""
    return write_files(tmp_path, {**BASE, **(files or {})})


def write_snapshot(tmp_path: Path, *rows: str, header: str = HEADER, file: str = SNAPSHOT) -> Path:
    """Write `BASE` and one snapshot: `header` on line 1, then `rows` from line 2 on."""
    return write_content(tmp_path, {file: csv_text(header, *rows)})


def load(tmp_path: Path) -> Content:
    return contentkit.load(tmp_path, TODAY)


def loaded(tmp_path: Path) -> tuple[Measurement, ...]:
    """Every value loaded, as rows, in the order of the files and their lines."""
    return tuple(load(tmp_path).snapshots.rows())


def problems(tmp_path: Path) -> list[str]:
    return problem_lines(tmp_path, TODAY)


def measured(line: int, stage: str | None, metric: str, text: str, **optional) -> Measurement:
    """The measurement of an onboarding row of `SNAPSHOT`; `optional` sets segment etc."""
    fields = {"segment": None, "responses": None, "note": None, **optional}
    return Measurement(
        date=SNAPSHOT_DATE,
        journey="onboarding",
        stage=stage,
        metric=metric,
        value=float(text),
        text=text,
        path=shown(SNAPSHOT),
        line=line,
        **fields,
    )


# --- a valid snapshot -----------------------------------------------------------------------

VALID_ROWS = [
    {"journey": "onboarding", "stage": "kickoff", "metric": "csat", "value": "4.10"},
    {
        "journey": "onboarding",
        "stage": "first-use",
        "metric": "csat",
        "value": "3.9",
        "segment": "enterprise",
        "responses": "120",
        "note": "Survey in Q3",
    },
    {"journey": "onboarding", "stage": "", "metric": "churn", "value": "0.02"},
    {"journey": "onboarding", "stage": "welcome", "metric": "time-to-value", "value": "12"},
]
"""Rows by column, to write them under any header (none of the values needs quoting)."""

VALID_MEASUREMENTS = (
    measured(2, "kickoff", "csat", "4.10"),
    measured(
        3, "first-use", "csat", "3.9", segment="enterprise", responses=120, note="Survey in Q3"
    ),
    measured(4, None, "churn", "0.02"),
    measured(5, "welcome", "time-to-value", "12"),
)


def under(header: str, row: dict[str, str]) -> str:
    """`row` as a CSV line with its fields in the order of `header`."""
    return ",".join(row.get(column.strip(), "") for column in header.split(","))


def write_valid_snapshot(tmp_path: Path, header: str = HEADER) -> Path:
    return write_snapshot(tmp_path, *(under(header, row) for row in VALID_ROWS), header=header)


def test_valid_snapshot_loads(tmp_path: Path) -> None:
    write_valid_snapshot(tmp_path)
    content = load(tmp_path)
    assert tuple(content.snapshots.rows()) == VALID_MEASUREMENTS
    first = next(content.snapshots.rows())
    assert (first.value, first.text) == (4.1, "4.10")  # the text stays as written


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("note,responses,segment,value,metric,stage,journey", id="reversed"),
        pytest.param("value,journey,note,metric,segment,stage,responses", id="shuffled"),
        pytest.param(" journey , stage,metric ,value,segment,responses,note", id="spaces"),
    ],
)
def test_columns_may_come_in_any_order(tmp_path: Path, header: str) -> None:
    write_valid_snapshot(tmp_path, header)
    assert loaded(tmp_path) == VALID_MEASUREMENTS


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    write_valid_snapshot(tmp_path, header="metric,value,stage,journey")
    without_optional = {"segment": None, "responses": None, "note": None}
    assert loaded(tmp_path) == tuple(m._replace(**without_optional) for m in VALID_MEASUREMENTS)


def test_header_only_snapshot_has_no_measurements(tmp_path: Path) -> None:
    write_snapshot(tmp_path)
    assert loaded(tmp_path) == ()


def test_measurements_come_oldest_snapshot_first(tmp_path: Path) -> None:
    row = "onboarding,welcome,csat,4.2,,,"
    write_content(
        tmp_path,
        {
            "snapshots/2026-11-15.csv": csv_text(HEADER, row),
            "snapshots/2026-02-01.csv": csv_text(HEADER, row),
            "snapshots/2026-10-01.csv": csv_text(HEADER, row),
        },
    )
    assert [m.date for m in loaded(tmp_path)] == [
        dt.date(2026, 2, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 15),
    ]


# --- reading the file: encoding, name, header -----------------------------------------------


def test_utf8_byte_order_mark_is_accepted_and_does_not_shift_lines(tmp_path: Path) -> None:
    root = write_valid_snapshot(tmp_path)
    path = root / SNAPSHOT
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert loaded(tmp_path) == VALID_MEASUREMENTS

    with path.open("a", encoding="utf-8") as file:
        file.write("onboarding,welcome,cast,4.2,,,\n")  # line 6
    assert problems(tmp_path) == [
        at(6, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)")
    ]


@pytest.mark.parametrize(
    ("rows", "line", "byte"),
    [
        pytest.param(b"onboarding,welcome,csat,4.2,,,Caf\xe9\n", 2, "0xe9, 'é'", id="latin-1-note"),
        pytest.param(b"onboarding,welcome,csat,4.2,,,\n\xff\n", 3, "0xff, 'ÿ'", id="0xff-line"),
    ],
)
def test_invalid_utf8_is_reported_at_its_line_with_how_to_resave_it(
    tmp_path: Path, rows: bytes, line: int, byte: str
) -> None:
    root = write_snapshot(tmp_path)
    (root / SNAPSHOT).write_bytes(HEADER.encode() + b"\n" + rows)
    assert problems(tmp_path) == [
        at(
            line,
            f"is not valid UTF-8 (byte {byte} in Windows-1252): save the file again as UTF-8 "
            '(in Excel: Save As "CSV UTF-8"; in a text editor: encoding "UTF-8"), or move it '
            "out of snapshots/ and run `journeymap import-snapshot export.csv --date 2026-11-15 "
            "--encoding cp1252`",
        )
    ]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("latest.csv", id="a-word"),
        pytest.param("20261115.csv", id="no-hyphens"),
        pytest.param("2026-11-15-bis.csv", id="suffix"),
        pytest.param("2026-W46-7.csv", id="iso-week-date"),
    ],
)
def test_file_name_that_is_not_a_date_is_reported(tmp_path: Path, name: str) -> None:
    write_snapshot(tmp_path, "onboarding,welcome,cast,not-checked,,,", file=f"snapshots/{name}")
    assert problems(tmp_path) == [
        f"content/snapshots/{name}: name snapshot files by their date: YYYY-MM-DD.csv"
    ]


@pytest.mark.parametrize(
    "name", ["2026-11-31.csv", "2026-02-30.csv", "2026-13-01.csv", "1850-01-01.csv"]
)
def test_file_named_by_a_date_that_does_not_exist_says_so(tmp_path: Path, name: str) -> None:
    write_snapshot(tmp_path, "onboarding,welcome,cast,not-checked,,,", file=f"snapshots/{name}")
    assert problems(tmp_path) == [
        f"content/snapshots/{name}: '{name[:10]}' is not a date of the calendar between 1900 "
        "and 2999: name the file by the snapshot's real date (YYYY-MM-DD.csv)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="no-bytes"),
        pytest.param("\ufeff", id="only-a-byte-order-mark"),
        pytest.param("\n\n", id="blank-lines"),
    ],
)
def test_empty_file_is_reported(tmp_path: Path, text: str) -> None:
    write_content(tmp_path, {SNAPSHOT: text})
    assert problems(tmp_path) == [
        at(1, "is empty: the first line must name the columns (journey, stage, metric, value)")
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            "journey,stage,metric,segment",
            ["missing column 'value'"],
            id="missing-value",
        ),
        pytest.param(
            "journey,stage,note",
            ["missing columns 'metric', 'value'"],
            id="missing-two",
        ),
        pytest.param(
            "journey,stage,metric,value,segmnet",
            [f"unknown column 'segmnet' (did you mean 'segment'?); columns are {COLUMNS}"],
            id="typo",
        ),
        pytest.param(
            "journey,stage,metric,value,comment",
            [f"unknown column 'comment'; columns are {COLUMNS}"],
            id="unknown-without-suggestion",
        ),
        pytest.param(
            "journey,stage,metric,value,note,note",
            ["column 'note' appears twice"],
            id="duplicate",
        ),
        pytest.param(
            "journey,stage,metrik,segment",
            [
                f"unknown column 'metrik' (did you mean 'metric'?); columns are {COLUMNS}",
                "missing columns 'metric', 'value'",
            ],
            id="several",
        ),
    ],
)
def test_header_problems_are_reported_on_line_1_and_rows_are_not_checked(
    tmp_path: Path, header: str, expected: list[str]
) -> None:
    bad_row = ",".join(["unknown"] * len(header.split(",")))
    write_snapshot(tmp_path, bad_row, header=header)
    assert problems(tmp_path) == [at(1, what) for what in expected]


# --- rows -------------------------------------------------------------------------------------


DECIMAL_COMMA_HINT = (
    ": a number with a decimal comma (4,2) splits in two; write it with a point (4.2) "
    'or in quotes ("4,2")'
)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # the number of fields
        pytest.param("onboarding,welcome,csat,4.2", "has 4 fields, the header has 7", id="too-few"),
        pytest.param(
            "onboarding,welcome,csat,4.2,,,ok,extra",
            "has 8 fields, the header has 7" + DECIMAL_COMMA_HINT,
            id="too-many",
        ),
        pytest.param(
            "onboarding,welcome,csat,4,2,,,",
            "has 8 fields, the header has 7" + DECIMAL_COMMA_HINT,
            id="unquoted-decimal-comma",
        ),
        # journey
        pytest.param(
            "onbaording,welcome,csat,4.2,,,",
            "journey 'onbaording' is not a journey (did you mean 'onboarding'?)",
            id="journey-typo",
        ),
        pytest.param(
            "billing,welcome,csat,4.2,,,",
            "journey 'billing' is not a journey",
            id="journey-unknown",
        ),
        pytest.param(",welcome,csat,4.2,,,", "journey is empty", id="journey-empty"),
        # stage
        pytest.param(
            "onboarding,welcom,csat,4.2,,,",
            "stage 'welcom' is not a stage of journey 'onboarding' (did you mean 'welcome'?)",
            id="stage-typo",
        ),
        pytest.param(
            "onboarding,notice,csat,4.2,,,",
            "stage 'notice' is not a stage of journey 'onboarding'",
            id="stage-of-another-journey",
        ),
        # metric
        pytest.param(
            "onboarding,welcome,cast,4.2,,,",
            "metric 'cast' is not in metrics.yml (did you mean 'csat'?)",
            id="metric-typo",
        ),
        pytest.param(
            "onboarding,welcome,nps,42,,,",
            "metric 'nps' is not in metrics.yml",
            id="metric-unknown",
        ),
        pytest.param(
            "onboarding,welcome,CSAT,4.2,,,",
            "metric 'CSAT' is not in metrics.yml (did you mean 'csat'?)",
            id="metric-in-capitals",
        ),
        pytest.param("onboarding,welcome,,4.2,,,", "metric is empty", id="metric-empty"),
        # value
        pytest.param(
            "onboarding,welcome,csat,high,,,", "value 'high' is not a number", id="a-word"
        ),
        pytest.param("onboarding,welcome,csat,,,,", "value '' is not a number", id="empty"),
        pytest.param(
            'onboarding,welcome,csat,"4,2",,,',
            "value '4,2' is not a number: use . as the decimal point",
            id="decimal-comma",
        ),
        pytest.param(
            "onboarding,welcome,csat,4.2%,,,",
            "value '4.2%' is not a number: write it without the '%', like 4.2; a metric's unit "
            'belongs in metrics.yml (unit: "%")',
            id="percent",
        ),
        pytest.param(
            'onboarding,welcome,csat,"4,2%",,,',
            "value '4,2%' is not a number: write it without the '%', like 4.2; a metric's unit "
            'belongs in metrics.yml (unit: "%")',
            id="percent-with-a-decimal-comma",
        ),
        pytest.param("onboarding,welcome,csat,nan,,,", "value 'nan' is not a number", id="nan"),
        pytest.param("onboarding,welcome,csat,inf,,,", "value 'inf' is not a number", id="inf"),
        pytest.param(
            "onboarding,welcome,csat,-Infinity,,,",
            "value '-Infinity' is not a number",
            id="minus-infinity",
        ),
        pytest.param(
            "onboarding,welcome,csat,5.5,,,",
            "value 5.5 is above the maximum 5 of metric 'csat'",
            id="above-max",
        ),
        pytest.param(
            "onboarding,welcome,csat,0,,,",
            "value 0 is below the minimum 1 of metric 'csat'",
            id="below-min",
        ),
        pytest.param(
            "onboarding,,churn,-0.1,,,",
            "value -0.1 is below the minimum 0 of metric 'churn'",
            id="below-min-zero",
        ),
        # responses
        pytest.param(
            "onboarding,welcome,csat,4.2,,12.5,",
            "responses '12.5' is not a whole number",
            id="responses-fraction",
        ),
        pytest.param(
            "onboarding,welcome,csat,4.2,,-3,",
            "responses '-3' is not a whole number",
            id="responses-negative",
        ),
        pytest.param(
            "onboarding,welcome,csat,4.2,,many,",
            "responses 'many' is not a whole number",
            id="responses-word",
        ),
        pytest.param(
            "onboarding,welcome,csat,4.2,,²,",
            "responses '²' is not a whole number",
            id="responses-superscript-digit",
        ),
    ],
)
def test_row_problem_is_reported_at_its_line(tmp_path: Path, row: str, expected: str) -> None:
    write_snapshot(
        tmp_path,
        "onboarding,welcome,csat,4.2,,,",  # 2
        row,  # 3
        "onboarding,first-use,csat,4.4,,,",  # 4
    )
    assert problems(tmp_path) == [at(3, expected)]


def test_unknown_stage_is_reported_as_in_the_spec(tmp_path: Path) -> None:
    valid_rows = [f"onboarding,welcome,csat,4.{n},segment-{n},," for n in range(15)]  # 2-16
    write_snapshot(tmp_path, *valid_rows, "onboarding,kikoff,csat,4.2,,,")  # 17
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert str(raised.value) == (
        "1 content problem found:\n"
        "content/snapshots/2026-11-15.csv:17: stage 'kikoff' is not a stage of journey "
        "'onboarding' (did you mean 'kickoff'?)"
    )


def test_a_stage_renamed_to_an_id_in_use_is_one_problem_for_all_its_rows(
    tmp_path: Path,
) -> None:
    # Issue 31: the author renames `decision` to `notice`, which another stage has. One
    # root cause: the id problem, and one line for the rows, not one per row with a
    # guess from the spelling ('decision' -> 'notice' is not what happened).
    renamed = BASE[RENEWAL_V1].replace("  - id: decision ", "  - id: notice   ")
    rows = [f"renewal,decision,csat,4.{n},segment-{n},," for n in range(3)]
    write_content(
        tmp_path,
        {
            RENEWAL_V1: renamed,
            SNAPSHOT: csv_text(HEADER, *rows),  # 2-4
            "snapshots/2026-10-15.csv": csv_text(HEADER, "renewal,decision,csat,4,,,"),
        },
    )
    assert problems(tmp_path) == [
        f"{shown(RENEWAL_V1)}:8: stage 'notice' (2nd): id: 'notice' is already the id of the "
        "1st stage",
        at(
            2,
            "stage 'decision' is not a stage of journey 'renewal': if it is the stage now "
            "given the id 'notice' a second time, give it back the id 'decision': ids are how "
            "snapshots find a stage (to rename one, start a new version with `journeymap "
            "new-version renewal` and list 'decision' in the new stage's replaces); 4 rows in "
            "2 snapshot files name it (this is the first)",
            "snapshots/2026-10-15.csv",
        ),
    ]


def test_a_removed_stage_is_one_problem_for_all_its_rows(tmp_path: Path) -> None:
    rows = [f"renewal,decison,csat,4.{n},segment-{n},," for n in range(3)]
    write_snapshot(tmp_path, *rows)
    assert problems(tmp_path) == [
        at(
            2,
            "stage 'decison' is not a stage of journey 'renewal' (did you mean 'decision'?); "
            "3 rows name it (this is the first)",
        )
    ]


def test_an_excel_lock_file_is_left_alone_and_said_so(tmp_path: Path) -> None:
    # Issue 31: Excel writes `~$<name>` beside a file it has open; it is no snapshot.
    write_snapshot(tmp_path, "onboarding,welcome,csat,4.2,,,")
    (tmp_path / "content/snapshots/~$2026-11-30.csv").write_bytes(b"\x0bEXCEL\x00" * 20)
    content = load(tmp_path)
    assert content.ignored == (
        "content/snapshots/~$2026-11-30.csv: ignored: Excel's lock file, there while the "
        "snapshot is open in Excel (it goes when Excel closes it; do not commit it)",
    )
    assert len(content.snapshots) == 1


def test_all_problems_of_a_row_are_reported(tmp_path: Path) -> None:
    write_snapshot(tmp_path, 'onboarding,kikoff,cast,"4,2",,12.5,')
    assert problems(tmp_path) == [
        at(2, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)"),
        at(2, "stage 'kikoff' is not a stage of journey 'onboarding' (did you mean 'kickoff'?)"),
        at(2, "value '4,2' is not a number: use . as the decimal point"),
        at(2, "responses '12.5' is not a whole number"),
    ]


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        pytest.param("welcome", "welcome", id="current-version"),
        pytest.param("kickoff", "kickoff", id="only-in-an-earlier-version"),
        pytest.param("signup", "signup", id="replaced-in-the-current-version"),
        pytest.param("", None, id="empty-is-journey-level"),
    ],
)
def test_valid_stage(tmp_path: Path, stage: str, expected: str | None) -> None:
    write_snapshot(tmp_path, f"onboarding,{stage},csat,4.2,,,")
    assert [m.stage for m in loaded(tmp_path)] == [expected]


# --- one row per journey, stage, metric and segment -------------------------------------------


@pytest.mark.parametrize(
    ("row", "repeat"),
    [
        pytest.param(
            "onboarding,welcome,csat,4.2,,,",
            "onboarding,welcome,csat,3.1,,40,another value",
            id="all-customers",
        ),
        pytest.param(
            "onboarding,welcome,csat,4.2,smb,,",
            "onboarding,welcome,csat,4.2,smb,,",
            id="same-segment",
        ),
        pytest.param(
            "onboarding,,churn,0.02,,,",
            "onboarding,,churn,0.03,,,",
            id="journey-level",
        ),
    ],
)
def test_repeated_row_in_one_file_names_the_line_it_repeats(
    tmp_path: Path, row: str, repeat: str
) -> None:
    write_snapshot(
        tmp_path,
        row,  # 2
        "onboarding,first-use,csat,4.4,,,",  # 3
        repeat,  # 4
    )
    assert problems(tmp_path) == [
        at(4, "repeats line 2: the same journey, stage, metric and segment")
    ]


def test_same_key_in_another_file_or_segment_is_not_a_repeat(tmp_path: Path) -> None:
    rows = [
        "onboarding,welcome,csat,4.2,,,",
        "onboarding,welcome,csat,4.0,smb,,",
        "onboarding,welcome,csat,4.4,enterprise,,",
        "onboarding,,csat,4.1,,,",  # journey-level: another stage
        "renewal,,csat,4.1,,,",  # another journey
    ]
    write_content(
        tmp_path,
        {
            "snapshots/2026-10-01.csv": csv_text(HEADER, *rows),
            "snapshots/2026-11-15.csv": csv_text(HEADER, *rows),
        },
    )
    assert len(loaded(tmp_path)) == 2 * len(rows)


# --- rows spread over lines, blank lines -------------------------------------------------------

NOTE_ROWS = (
    'onboarding,welcome,csat,4.2,,,"Asked at kickoff, in person',  # 2
    "and again by mail",  # 3
    '""quick"" answers only"',  # 4
    "onboarding,first-use,csat,4.4,,,plain",  # 5
)


def test_quoted_note_may_hold_commas_quotes_and_newlines(tmp_path: Path) -> None:
    write_snapshot(tmp_path, *NOTE_ROWS)
    assert [(m.line, m.note) for m in loaded(tmp_path)] == [
        (2, 'Asked at kickoff, in person\nand again by mail\n"quick" answers only'),
        (5, "plain"),
    ]


def test_rows_after_a_multiline_note_keep_their_line_numbers(tmp_path: Path) -> None:
    write_snapshot(
        tmp_path,
        *NOTE_ROWS,  # 2-5
        "onboarding,first-use,cast,4.4,smb,,",  # 6
        "onboarding,first-use,csat,4.4,,,",  # 7
    )
    assert problems(tmp_path) == [
        at(6, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)"),
        at(7, "repeats line 5: the same journey, stage, metric and segment"),
    ]


@pytest.mark.parametrize(
    "character",
    [
        pytest.param("\x0c", id="form-feed"),
        pytest.param("\u2028", id="unicode-line-separator"),
        pytest.param("\x85", id="next-line-control"),
    ],
)
def test_unusual_whitespace_in_a_note_does_not_split_the_row(
    tmp_path: Path, character: str
) -> None:
    # CSV rows end only at \n or \r; these characters are plain text inside a field.
    write_snapshot(
        tmp_path,
        f"onboarding,welcome,csat,4.2,,,pasted{character}text",  # 2
        "onboarding,first-use,csat,4.4,,,",  # 3
    )
    assert problems(tmp_path) == []
    assert [(m.line, m.note) for m in loaded(tmp_path)] == [
        (2, f"pasted{character}text"),
        (3, None),
    ]


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    write_snapshot(
        tmp_path,
        "",  # 2
        "onboarding,welcome,csat,4.2,,,",  # 3
        ",,,,,,",  # 4: every field empty
        "   ",  # 5
        "",  # 6
        "onboarding,first-use,cast,4.4,,,",  # 7
        "",  # 8
    )
    assert problems(tmp_path) == [
        at(7, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)")
    ]


def test_blank_lines_around_valid_rows_load(tmp_path: Path) -> None:
    write_snapshot(tmp_path, "", "onboarding,welcome,csat,4.2,,,", "", "")
    assert [(m.line, m.stage) for m in loaded(tmp_path)] == [(3, "welcome")]


# --- every problem at once, and problems elsewhere --------------------------------------------


def test_all_problems_in_all_files_are_reported_sorted_by_path_then_line(
    tmp_path: Path,
) -> None:
    october = "snapshots/2026-10-01.csv"
    fine = [f"renewal,notice,csat,4.{n},segment-{n},," for n in range(7)]
    write_content(
        tmp_path,
        {
            # checked before the journeys (the catalog loads first), sorted after them
            METRICS: BASE[METRICS].replace("min: 0 ", "min: 2 "),
            "snapshots/latest.csv": csv_text(HEADER),
            SNAPSHOT: csv_text(
                HEADER,
                "onboarding,welcome,csat,4.2,,,",  # 2
                "onboarding,kikoff,csat,4.2,,,",  # 3
                "onboarding,welcome,csat,9,,,",  # 4
                'renewal,notice,csat,"4,2",,12.5,',  # 5: two problems
            ),
            # line 10 sorts after line 2: by number, not as text
            october: csv_text(
                HEADER,
                "renewal,decison,csat,4.2,,,",  # 2
                *fine,  # 3-9
                "renewal,notice,cast,4.2,,,",  # 10
            ),
            # a problem of a rule between fields: the journey still loads, its rows are checked
            RENEWAL_V1: BASE[RENEWAL_V1].replace(
                "    title: Decision", "    title: Decision\n    phase: final"
            ),
        },
    )
    expected = [
        at(
            10,
            "stage 'decision' (2nd): phase: 'final' is not a phase: this version defines no phases",
            RENEWAL_V1,
        ),
        at(14, "metrics[2].max: 1 is below the minimum 2", METRICS),
        at(
            2,
            "stage 'decison' is not a stage of journey 'renewal' (did you mean 'decision'?)",
            october,
        ),
        at(10, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)", october),
        at(3, "stage 'kikoff' is not a stage of journey 'onboarding' (did you mean 'kickoff'?)"),
        at(4, "value 9 is above the maximum 5 of metric 'csat'"),
        at(5, "value '4,2' is not a number: use . as the decimal point"),
        at(5, "responses '12.5' is not a whole number"),
        "content/snapshots/latest.csv: name snapshot files by their date: YYYY-MM-DD.csv",
    ]
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert [str(p) for p in raised.value.problems] == expected
    assert str(raised.value) == "9 content problems found:\n" + "\n".join(expected)


BAD_SNAPSHOT_ROWS = csv_text(
    HEADER,
    "onboarding,welcome,csat,4.2,,,",  # 2
    "onboarding,welcom,csat,4.2,,,",  # 3
    "onboarding,first-use,cast,high,,,",  # 4
)
"""Rows of the onboarding journey: one fine, two with problems of their own."""


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            ONBOARDING_V2,
            "  - id: welcome",
            "\t- id: welcome",
            f"{shown(ONBOARDING_V2)}:7: this line is indented with a tab: YAML needs spaces "
            "(replace the tab with spaces)",
            id="syntax-error-in-v2",
        ),
    ],
)
def test_rows_of_a_journey_with_broken_yaml_are_not_checked(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    assert BASE[file].count(old) == 1
    write_content(
        tmp_path,
        {
            file: BASE[file].replace(old, new),
            SNAPSHOT: BAD_SNAPSHOT_ROWS,
            "snapshots/2026-10-01.csv": csv_text(HEADER, "renewal,notice,cast,4.2,,,"),
        },
    )
    assert problems(tmp_path) == [
        expected,  # no "journey 'onboarding' is not a journey", nor the rows' own problems
        at(
            2,
            "metric 'cast' is not in metrics.yml (did you mean 'csat'?)",
            "snapshots/2026-10-01.csv",
        ),  # rows of other journeys are still checked
    ]


def test_rows_of_a_journey_with_a_wrong_field_are_checked_in_the_same_run(
    tmp_path: Path,
) -> None:
    # Issue 31: a field's problem does not hide the rows' own, which are independent of it
    # (every stage id is still known); no round of fixes to find them.
    v1 = BASE[ONBOARDING_V1].replace(
        "    title: Kickoff", "    title: Kickoff\n    emotion: {score: 7}"
    )
    write_content(tmp_path, {ONBOARDING_V1: v1, SNAPSHOT: BAD_SNAPSHOT_ROWS})
    assert problems(tmp_path) == [
        f"{shown(ONBOARDING_V1)}:10: stage 'kickoff' (2nd): emotion.score: 7 is above the "
        "maximum 5",
        at(3, "stage 'welcom' is not a stage of journey 'onboarding' (did you mean 'welcome'?)"),
        at(4, "metric 'cast' is not in metrics.yml (did you mean 'csat'?)"),
        at(4, "value 'high' is not a number"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    better: lower                   # 9",
            "    better: lower: sooner           # 9",
            f"{shown(METRICS)}:9: this text contains ': ', which YAML reads as a field name: "
            'put the text in quotes, like better: "lower: sooner"',
            id="syntax-error",
        ),
        pytest.param(
            "    better: higher ",
            "    better: more ",
            f"{shown(METRICS)}:4: metrics[0].better: 'more' is not allowed: "
            "use 'higher' or 'lower'",
            id="shape-error",
        ),
    ],
)
def test_a_broken_metrics_yml_hides_no_other_snapshot_problem(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    # Issue 16: a metrics.yml problem hid an unrelated missing column. Only what needs
    # the catalog (metric ids, bounds) goes unchecked while it is broken.
    assert BASE[METRICS].count(old) == 1
    write_content(
        tmp_path,
        {
            METRICS: BASE[METRICS].replace(old, new),
            SNAPSHOT: BAD_SNAPSHOT_ROWS,
            "snapshots/latest.csv": csv_text("journey,value"),
            "snapshots/2026-10-01.csv": csv_text("journey,stage,metric", "onboarding,welcome,csat"),
        },
    )
    assert problems(tmp_path) == [
        expected,
        at(1, "missing column 'value'", "snapshots/2026-10-01.csv"),
        at(3, "stage 'welcom' is not a stage of journey 'onboarding' (did you mean 'welcome'?)"),
        at(4, "value 'high' is not a number"),
        f"{shown('snapshots/latest.csv')}: name snapshot files by their date: YYYY-MM-DD.csv",
    ]


def test_a_semicolon_csv_points_to_the_importer(tmp_path: Path) -> None:
    # Issue 16: Excel's CSV where ',' is the decimal separator, dropped into snapshots/.
    write_snapshot(tmp_path, "onboarding;welcome;csat;4,2;;;", header=HEADER.replace(",", ";"))
    assert problems(tmp_path) == [
        at(
            1,
            "separates columns with ';': snapshots are comma-separated. Move the file out of "
            "snapshots/ (to export.csv, say) and run `journeymap import-snapshot export.csv "
            "--date 2026-11-15`, which reads ';' and decimal commas",
        )
    ]
