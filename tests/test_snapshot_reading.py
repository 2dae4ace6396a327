"""The column-wise snapshot reader (`SnapshotReader.read`) against row-by-row reading.

Randomly generated files of good and bad rows (every kind of problem, blank lines,
quotes, Windows line endings, columns in any order) must give exactly what reading
record by record gives (`SnapshotReader.rows`, as pulls and imports read, whose messages
tests/test_snapshots.py pins down): the same values, texts, sample sizes, notes and
lines, and the same problems in the same order. A straightforward reference written
here, one row at a time, checks the good rows and the lines that have problems too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from array import array
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.content.model import Content
from journeymap.content.problems import Problems
from journeymap.content.series import (
    BLOCK_FILES,
    NO_RESPONSES,
    FileValues,
    NumberedKeys,
    Snapshots,
)
from journeymap.content.snapshots import KeyColumns, SnapshotReader, records

from .contentkit import load, write_files
from .test_snapshots import BASE, TODAY

DATE = dt.date(2026, 11, 15)
COLUMNS = ["journey", "stage", "metric", "value", "segment", "responses", "note"]

FIELDS = {
    "journey": ["onboarding", "renewal", " renewal", "onbaording", "", "broken"],
    "stage": ["", "welcome", "signup", "first-use", "notice", "decision", "nope", "welcome "],
    "metric": ["csat", "churn", "time-to-value", "cast", ""],
    "value": [
        "4.1", "4.10", "3", "1", "5", "0.02", "1e0", ".5", "+2.", "-1", "12", "0", "5.0001",
        "1e999", "2e15", "-1e16", "abc", "4,2", "", " 3.5 ", "nan", "7.7%", "١٢", "1_0",
    ],
    "segment": ["", "smb", "enterprise", "a\0b"],
    "responses": ["", "120", "0", "x", "1000000000", "1000000001", "00012", " 7 ", "-1", "²"],
    "note": ["", "Survey in Q3", "with, a comma", 'a "quote"', " padded "],
}  # fmt: skip


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    tmp_path = tmp_path_factory.mktemp("reading")
    write_files(tmp_path, BASE)
    return load(tmp_path, TODAY)


def field(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(FIELDS[name])


@st.composite
def snapshot_text(draw: Any) -> str:
    """A snapshot file: a header of some columns in some order, then rows of all kinds."""
    optional = draw(st.lists(st.sampled_from(COLUMNS[4:]), unique=True))
    header = draw(st.permutations(COLUMNS[:4] + optional))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["row"] * 8 + ["repeat", "blank", "commas", "short", "long"]))
        if kind == "repeat" and len(lines) > 1:
            lines.append(draw(st.sampled_from(lines[1:])))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   "])))
        elif kind == "commas":
            lines.append("," * (len(header) - 1))
        else:
            fields = [draw(field(name)) for name in header]
            if kind == "short":
                fields = fields[: draw(st.integers(1, len(fields) - 1))]
            elif kind == "long":
                fields.append(draw(field("value")))
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(fields)
            lines.append(out.getvalue())
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(lines) + draw(st.sampled_from([end, ""]))


def read(
    content: Content,
    text: str,
    column_wise: bool,
    checked: bool,
    skipped: frozenset[str] = frozenset({"broken"}),
    key_columns: KeyColumns | None = None,
) -> tuple[Any, ...]:
    """What one way of reading `text` gives: its rows and its problems (`key_columns`:
    what was found of the keys of the file read before)."""
    problems = Problems()
    reader = SnapshotReader(
        DATE,
        "snapshots/x.csv",
        content.journeys,
        content.metrics if checked else None,
        problems,
        skipped,
        key_columns=key_columns,
    )
    found = reader.read(text) if column_wise else FileValues.of(reader.rows(records(text)))
    return rows_of(found), [(p.line, p.what) for p in problems]


def rows_of(found: FileValues) -> list[tuple[Any, ...]]:
    """Each row as (journey, stage, metric, segment, value, text, responses, note, line)."""
    names, keys = found.names, found.keys
    return [
        (
            *(names[keys[4 * row + k]] for k in range(4)),
            found.values[row],
            names[found.texts[row]],
            found.responses[row],
            found.notes.get(row),
            found.lines[row],
        )
        for row in range(len(found))
    ]


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def reference(
    content: Content, text: str, checked: bool, skipped: frozenset[str]
) -> tuple[list[Any], set[int]]:
    """The good rows and the lines with problems, row by row, as the content format says."""
    table = list(csv.reader(io.StringIO(text, newline="")))  # no field spans lines here
    header = [name.strip() for name in table[0]]
    good: list[tuple[Any, ...]] = []
    bad: set[int] = set()
    seen: set[tuple[str, ...]] = set()
    for line, fields in enumerate(table[1:], start=2):
        if not any(f.strip() for f in fields):
            continue  # blank
        if len(fields) != len(header):
            bad.add(line)
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update((name, f.strip()) for name, f in zip(header, fields, strict=True))
        if row["journey"] in skipped:
            continue  # a journey with problems of its own: not checked
        journey = content.journeys.get(row["journey"])
        metric = content.metrics.get(row["metric"])
        value = float(row["value"]) if NUMBER.fullmatch(row["value"]) else None
        responses = row["responses"]
        ok = (
            journey is not None
            and (not row["stage"] or row["stage"] in journey.stage_ids_ever)
            and (metric is not None or not checked)
            and value is not None
            and abs(value) <= 1e15
            and not (checked and metric and metric.min is not None and value < metric.min)
            and not (checked and metric and metric.max is not None and value > metric.max)
            and (not responses or (responses.isascii() and responses.isdigit()))
            and (not responses or int(responses) <= 1_000_000_000)
        )
        key = (row["journey"], row["stage"], row["metric"], row["segment"])
        if not ok or key in seen:
            bad.add(line)
            continue
        seen.add(key)
        count = int(responses) if responses else NO_RESPONSES
        good.append((*key, value, row["value"], count, row["note"] or None, line))
    return good, bad


@settings(max_examples=400, deadline=None)
@given(
    text=snapshot_text(),
    checked=st.booleans(),
    skipped=st.sampled_from([frozenset({"broken"}), frozenset({"broken", "renewal"})]),
)
def test_column_wise_reading_gives_what_row_by_row_reading_gives(
    content: Content, text: str, checked: bool, skipped: frozenset[str]
) -> None:
    """`skipped`: journeys with problems of their own (`broken` has no journey file)."""
    rows, problems = read(content, text, True, checked, skipped)
    assert (rows, problems) == read(content, text, False, checked, skipped)
    good, bad = reference(content, text, checked, skipped)
    assert rows == good
    assert {line for line, _ in problems} == bad


@pytest.mark.parametrize(
    "text",
    [
        'journey,stage,metric,value,note\nonboarding,welcome,csat,4,"two\nlines"\n'
        "onboarding,welcome,cast,4,\n",
        "journey,stage,metric,value\ronboarding,welcome,csat,4\ronboarding,welcome,cast,4\r",
        'journey,stage,metric,value,note\nonboarding,welcome,csat,4,"' + "x" * 10_001 + '"\n'
        "onboarding,welcome,cast,4,\n",
        "journey,stage,metric,value\nonboarding,welcome,csat,4\n"
        "onboarding,first-use,csat," + "1" * 10_001 + "\n",
        'journey,stage,metric,value\nonboarding,welcome,csat,4\nonboarding,"a"b"\n',
        'journey,stage,metric,value\nonboarding,welcome,csat,4\n"unclosed,x\n' + "y\n" * 3,
        "",
        "\n",
        "\n\njourney,stage,metric,value\n",
        "journey;stage;metric;value\n",
    ],
    ids=[
        "note-over-lines",
        "cr-line-ends",
        "quoted-field-too-long",
        "field-too-long",
        "stray-quote",
        "unclosed-quote",
        "empty",
        "blank",
        "blank-header",
        "semicolons",
    ],
)
def test_files_read_record_by_record_give_the_same(content: Content, text: str) -> None:
    """Files that the column-wise reader hands to `rows` (or reads itself) as they are."""
    for checked in (True, False):
        assert read(content, text, True, checked) == read(content, text, False, checked)


def test_a_large_file_of_good_rows_is_read_whole(content: Content, tmp_path: Path) -> None:
    rows = [
        f"onboarding,{stage},csat,{n % 4 + 1}.{n % 100:02d},segment-{n},{n % 400}"
        for n in range(3000)
        for stage in ("welcome", "first-use")
    ]
    text = "journey,stage,metric,value,segment,responses\n" + "\n".join(rows) + "\n"
    found, problems = read(content, text, column_wise=True, checked=True)
    assert problems == []
    assert found == read(content, text, column_wise=False, checked=True)[0]
    assert len(found) == 6000


@st.composite
def files_with_the_same_keys(draw: Any) -> list[str]:
    """Snapshot files one after the other, mostly naming the same rows (good or bad) in
    the same order, with other values, sample sizes and notes; some with a row changed."""
    header = ["journey", "stage", "metric", "segment", "value", "responses", "note"]
    keys = draw(st.lists(st.tuples(*(field(name) for name in header[:4])), min_size=1, max_size=12))
    texts = []
    for _ in range(draw(st.integers(2, 5))):
        rows = list(keys)
        if draw(st.integers(0, 3)) == 0:  # a row of another key, or a row left out
            at = draw(st.integers(0, len(rows) - 1))
            if draw(st.booleans()):
                rows[at] = draw(st.tuples(*(field(name) for name in header[:4])))
            else:
                del rows[at]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for key in rows:
            writer.writerow([*key, *(draw(field(name)) for name in header[4:])])
        texts.append(out.getvalue())
    return texts


@settings(max_examples=200, deadline=None)
@given(texts=files_with_the_same_keys(), checked=st.booleans())
def test_files_with_the_same_keys_give_what_each_alone_gives(
    content: Content, texts: list[str], checked: bool
) -> None:
    """What is found of a file's keys is kept for the next (`KeyColumns`): each file still
    gives what reading it alone, row by row, gives."""
    last = KeyColumns()
    for text in texts:
        found = read(content, text, True, checked, key_columns=last)
        assert found == read(content, text, False, checked)


def file_values(rows: list[tuple[str, str, str, str, float, str, int, str]]) -> FileValues:
    """A file's values from rows (journey, stage, metric, segment, value, text, responses,
    note), through the reader's way of making them."""
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 8
    return FileValues.of_columns(
        NumberedKeys.of(columns[:4]),
        array("d", columns[4]),
        columns[5],
        array("i", columns[6]),
        range(2, len(rows) + 2),
        columns[7],
    )


@settings(max_examples=100, deadline=None)
@given(
    layouts=st.lists(
        st.tuples(
            st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True, max_size=4),
            st.integers(1, 40),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_series_filled_by_blocks_of_files_as_file_by_file(
    layouts: list[tuple[list[str], int]],
) -> None:
    """Runs of files with the same rows (more than `BLOCK_FILES` of them, too) fill each
    series with the same values, dates, lines and notes as files taken one at a time."""
    files = []
    day = dt.date(2024, 1, 1)
    for metrics, count in layouts:
        for number in range(count):
            rows = [
                ("onboarding", "" if m == "e" else "welcome", m, "smb" if m < "c" else "",
                 number + n / 10, f"{number}.{n}", n or NO_RESPONSES,
                 "noted" if (number + n) % 7 == 0 else "")
                for n, m in enumerate(metrics)
            ]  # fmt: skip
            files.append((day, f"snapshots/{day}.csv", file_values(rows)))
            day += dt.timedelta(days=7)
    assert max(count for _, count in layouts) <= BLOCK_FILES or len(files) > BLOCK_FILES
    by_blocks = Snapshots()
    by_blocks.add_files(files)
    one_by_one = Snapshots()
    for file in files:
        one_by_one.add_files([file])
    assert list(by_blocks.rows()) == list(one_by_one.rows())
    assert by_blocks.files() == one_by_one.files()
    assert [
        (key, recorded.notes, recorded.texts) for key, recorded in by_blocks._recorded.items()
    ] == [(key, recorded.notes, recorded.texts) for key, recorded in one_by_one._recorded.items()]
    assert by_blocks.digest("onboarding") == one_by_one.digest("onboarding")
