"""Metric snapshots: `snapshots/<YYYY-MM-DD>.csv`, one file per data refresh.

Every row is checked against the journeys and the metric catalog; problems name
the CSV line (the header is line 1) and the column, all of them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal, TypeVar

from journeymap.content import limits, series, snapshot_columns
from journeymap.content.access import LINK_REFUSED, is_link
from journeymap.content.build_cache import BuildCache, code_digest
from journeymap.content.documents import LARGEST, RESAVE_AS_UTF8, decode, quote, read_bytes
from journeymap.content.model import Journey
from journeymap.content.problems import Problems, did_you_mean, out_of_range, quote_list
from journeymap.content.schema import Metric
from journeymap.content.series import (
    FileValues,
    FileValuesCodec,
    Measurement,
    Snapshots,
)
from journeymap.content.snapshot_columns import (
    NUMBER,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ColumnReader,
    KeyColumns,
)

T = TypeVar("T", Journey, Metric)


SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$", re.ASCII)
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$", re.ASCII)
"""A number with a decimal comma (`4,2`): the importer reads it, snapshot files do not."""


EXCEL_LOCK = "~$"
"""How the lock files Excel writes beside a file it has open start (`~$2026-11-30.csv`)."""


def snapshot_date(name: str) -> dt.date | None:
    """The date a snapshot file name stands for, or None if it is not `YYYY-MM-DD.csv`."""
    match = SNAPSHOT_NAME.match(name)
    if match is None:
        return None
    try:
        date = dt.date.fromisoformat(match[1])
    except ValueError:  # 2026-13-01
        return None
    return date if limits.MIN_DATE <= date <= limits.MAX_DATE else None


def _bad_name(name: str) -> str:
    """What is wrong with a snapshot file's name that `snapshot_date` refused."""
    shaped = SNAPSHOT_NAME.match(name)
    if shaped is None:
        return "name snapshot files by their date: YYYY-MM-DD.csv"
    return (
        f"'{shaped[1]}' is not a date of the calendar between {limits.MIN_DATE.year} and "
        f"{limits.MAX_DATE.year}: name the file by the snapshot's real date (YYYY-MM-DD.csv)"
    )


def load_snapshots(
    folder: Path,
    show: Callable[[Path], str],
    journeys: dict[str, Journey],
    metrics: dict[str, Metric] | None,
    problems: Problems,
    *,
    skipped: frozenset[str] = frozenset(),
    cache: BuildCache | None = None,
    ignored: list[str] | None = None,
) -> Snapshots:
    """The values of every snapshot; problems for the bad rows.

    `metrics` is None when the catalog has problems of its own: metric ids and bounds
    are then not checked (everything else is).

    Measurements of the `skipped` journeys (which have problems of their own) are not
    checked. With the build `cache`, the rows of a file that was read cleanly before,
    against the same journeys and metrics, are taken from there (its `snapshots`)
    instead of parsed again.
    Files left alone (Excel's lock files) are said in `ignored`, one line each.
    """
    if is_link(folder):
        problems.add(show(folder), 0, "", LINK_REFUSED)
        return Snapshots()
    if not folder.is_dir():
        return Snapshots()
    context = _context(journeys, metrics or {}, skipped) if cache else ""
    # The values of snapshot files read cleanly before, by the file's bytes and context.
    kept_values = cache.section("snapshots", FileValuesCodec()) if cache else None
    read: list[tuple[str, dt.date, str, FileValues]] = []
    unknown = UnknownStages()  # one problem per stage id, not one per row naming it
    last = KeyColumns()  # files with the same rows as the one before are read faster
    for path in sorted(folder.glob("*.csv")):
        date = snapshot_date(path.name)
        display = show(path)
        if path.name.startswith(EXCEL_LOCK):
            if ignored is not None:
                ignored.append(
                    f"{display}: ignored: Excel's lock file, there while the snapshot is open "
                    "in Excel (it goes when Excel closes it; do not commit it)"
                )
            continue
        if date is None:
            problems.add(display, 0, "", _bad_name(path.name))
            continue
        raw = read_bytes(path, display, problems, limit=limits.MAX_CSV_BYTES)
        if raw is None:
            continue
        key = hashlib.sha256(f"{context}{display}".encode() + raw).hexdigest()
        kept = kept_values.get(key) if kept_values else None
        if kept is not None:
            read.append((key, date, display, kept))
            continue
        advice = (
            f"{RESAVE_AS_UTF8}, or move it out of snapshots/ and run `journeymap "
            f"import-snapshot export.csv --date {date} --encoding cp1252`"
        )
        text = decode(raw, display, problems, advice)
        if text is None:
            continue
        before = len(problems), unknown.rows  # a file with rows in error is not kept
        reader = SnapshotReader(
            date,
            display,
            journeys,
            metrics,
            problems,
            skipped,
            unknown_stages=unknown,
            key_columns=last,
        )
        values = reader.read(text)
        read.append((key, date, display, values))
        if kept_values is not None:
            kept_values.made += 1
            if (len(problems), unknown.rows) == before:
                kept_values.keep(key, values)
    unknown.report(journeys, problems)
    return _snapshots(read, cache)


class UnknownStages:
    """Rows naming a stage that no version of their journey has, by journey and stage.

    A stage renamed (or removed) in every version leaves all its rows behind: one
    problem, at the first row, says how many there are.
    """

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self.rows = 0

    def add(self, journey: Journey, stage: str, path: str, line: int, problems: Problems) -> None:
        rows = self.found.setdefault((journey.id, stage), [])
        if not rows:  # reported at once, so that it keeps its place among the row's problems
            problems.add(path, line, "", unknown_stage(stage, journey))
        rows.append((path, line))
        self.rows += 1

    def report(self, journeys: dict[str, Journey], problems: Problems) -> None:
        """Say on each stage's first row how many rows name it."""
        for (journey_id, stage), rows in self.found.items():
            if len(rows) > 1:
                path, line = rows[0]
                what = unknown_stage(stage, journeys[journey_id])
                files = len({path for path, _ in rows})
                where = f"{len(rows)} rows" + (f" in {files} snapshot files" if files > 1 else "")
                problems.reword(path, line, what, f"{what}; {where} name it (this is the first)")


def unknown_stage(stage: str, journey: Journey) -> str:
    """What is wrong with a row naming `stage`, which no version of `journey` has."""
    what = f"stage {quote(stage)} is not a stage of journey '{journey.id}'"
    twice = sorted(
        {
            s.id
            for v in journey.versions
            for s in v.stages
            if [t.id for t in v.stages].count(s.id) > 1
        }
    )
    if twice:
        # Most likely a stage was renamed to an id another stage has: a guess from the
        # spelling would point at an unrelated stage.
        return what + (
            f": if it is the stage now given the id {quote_list(twice)} a second time, give "
            f"it back the id {quote(stage)}: ids are how snapshots find a stage (to rename "
            f"one, start a new version with `journeymap new-version {journey.id}` and list "
            f"{quote(stage)} in the new stage's replaces)"
        )
    return what + did_you_mean(stage, sorted(journey.stage_ids_ever))


def _snapshots(
    read: list[tuple[str, dt.date, str, FileValues]], cache: BuildCache | None
) -> Snapshots:
    """The files' values as series; the last build's when it read the same files
    (filling the arrays is most of a rebuild's loading on a large site)."""
    # By the keys of the files they were read from; in memory only, the last build's.
    kept_series = cache.section("series") if cache else None
    key = hashlib.sha256("".join(file_key for file_key, *_ in read).encode()).hexdigest()
    kept: Snapshots | None = kept_series.get(key) if kept_series else None
    if kept is not None:
        return kept
    found = Snapshots()
    found.add_files((date, display, values) for _, date, display, values in read)
    if kept_series is not None:
        kept_series.keep_only(key, found)
    return found


def future_snapshots(snapshots: Snapshots, today: dt.date) -> list[str]:
    """Warnings for snapshots dated after the build date, one per file.

    Not a problem (a refresh job may run ahead of the calendar by a time zone), but
    pages would say their metrics are "as of" a day that has not come yet.
    """
    return [
        f"{file.path}: dated {file.date}, after the build date {today}: pages would give "
        "metrics as of a day to come; name the file for the day its data is from"
        for file in snapshots.files()
        if file.date > today
    ]


_CACHE_FORMAT = code_digest(sys.modules[__name__], snapshot_columns, series, limits)
"""The code that makes a file's values: those kept on disk by another journeymap are
not used."""


def _context(
    journeys: dict[str, Journey], metrics: dict[str, Metric], skipped: frozenset[str]
) -> str:
    """What a file's rows were checked against: they stay valid while this is the same."""
    stages = sorted((j.id, sorted(j.stage_ids_ever)) for j in journeys.values())
    bounds = sorted((m.id, m.min, m.max) for m in metrics.values())
    return f"{_CACHE_FORMAT}:{stages!r}:{bounds!r}:{sorted(skipped)!r}:"


class SnapshotReader:
    def __init__(
        self,
        date: dt.date,
        display: str,
        journeys: dict[str, Journey],
        metrics: dict[str, Metric] | None,
        problems: Problems,
        skipped: frozenset[str],
        record: str = "line",
        *,
        decimal_comma: bool = False,
        unknown_stages: UnknownStages | None = None,
        key_columns: KeyColumns | None = None,
    ) -> None:
        self.skipped = skipped
        self.key_columns = key_columns
        """What was found of the key columns of the file read before (`KeyColumns`)."""
        self.unknown_stages = unknown_stages
        """Where rows naming an unknown stage go, to be reported together (else each is)."""
        self.decimal_comma = decimal_comma
        """Whether the values were written with decimal commas, and those were read."""
        self.record = record
        """What the records' numbers count, in messages: CSV lines, or rows of a query."""
        self.date = date
        self.path = display
        self.journeys = journeys
        self.metrics = metrics
        self.problems = problems

    def report(self, line: int, what: str) -> None:
        self.problems.add(self.path, line, "", what)

    def read(self, text: str) -> FileValues:
        """The good rows of a snapshot file's text; problems for the others.

        Column by column (`ColumnReader`), fast; record by record (`rows`) when the
        file's records do not each take one line, or csv cannot read it whole, to say where.
        """
        values = ColumnReader(self, self.key_columns).read(text)
        return values if values is not None else FileValues.of(self.rows(records(text)))

    def rows(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[Measurement]:
        """The good rows of a snapshot's records (header first); problems for the others.

        This runs once per value of every snapshot (millions on a large site), so the
        columns are looked up by position once, and rows are read without dicts.
        """
        try:
            yield from self._rows(records)
        except RecordError as error:
            self.report(error.line, error.what)

    def _rows(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[Measurement]:
        header_line, header = next(records, (1, []))
        columns = self.columns_of(header, header_line)
        if columns is None:
            return
        where = {name: index for index, name in enumerate(columns)}
        picks = [where.get(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        width = len(header)
        seen: dict[tuple[str, str | None, str, str | None], int] = {}
        for line, fields in records:
            if len(fields) != width:
                self.report_misfit(line, fields, width)
                continue
            journey, stage, metric, value, segment, responses, note = values = [
                fields[i].strip() if i is not None else "" for i in picks
            ]
            if not any(values):
                continue  # a line of empty fields (",,,,") is a blank line too
            row = self.checked_row(line, journey, stage, metric, value, segment, responses, note)
            if row is None:
                continue
            key = (row.journey, row.stage, row.metric, row.segment)
            if key in seen:
                self.report_repeat(line, seen[key])
                continue
            seen[key] = line
            yield row

    def report_repeat(self, line: int, first: int) -> None:
        self.report(
            line, f"repeats {self.record} {first}: the same journey, stage, metric and segment"
        )

    def report_misfit(self, line: int, fields: list[str], width: int) -> None:
        """Report a record with more or fewer fields than the header, unless blank."""
        if any(field.strip() for field in fields):
            count = f"{len(fields)} field" + ("" if len(fields) == 1 else "s")
            hint = (
                ": a number with a decimal comma (4,2) splits in two; write it with "
                'a point (4.2) or in quotes ("4,2")'
                if len(fields) > width
                else ""
            )
            self.report(line, f"has {count}, the header has {width}{hint}")
        # else a blank line: no fields (or one empty one)

    def columns_of(self, header: list[str], line: int) -> list[str] | None:
        """The header's column names, or None when it has problems (each one reported)."""
        columns = [name.strip() for name in header]
        found = header_problems(columns, line, self.date)
        for at, what in found:
            self.report(at, what)
        return None if found else columns

    def checked_row(
        self,
        line: int,
        journey_id: str,
        stage: str,
        metric_id: str,
        text: str,
        segment: str,
        responses_text: str,
        note: str,
    ) -> Measurement | None:
        """The row, or None when it has problems (each one reported)."""
        if journey_id in self.skipped:
            return None
        journey = self._known(line, "journey", journey_id, self.journeys, "a journey")
        metric = None
        if self.metrics is not None:
            metric = self._known(line, "metric", metric_id, self.metrics, "in metrics.yml")
        good = journey is not None and (metric is not None or self.metrics is None)
        if journey is not None and stage and stage not in journey.stage_ids_ever:
            if self.unknown_stages is not None:
                self.unknown_stages.add(journey, stage, self.path, line, self.problems)
            else:
                self.report(line, unknown_stage(stage, journey))
            good = False
        value = self._value(line, text, metric)
        responses = self._responses(line, responses_text)
        if not good or value is None or responses is False:
            return None
        return Measurement(
            self.date,
            journey_id,
            stage or None,
            metric_id,
            segment or None,
            value,
            text,
            responses,
            note or None,
            self.path,
            line,
        )

    def _known(
        self, line: int, column: str, value: str, known: dict[str, T], what: str
    ) -> T | None:
        """The journey or metric a row names, or None (reported) when there is none."""
        if value in known:
            return known[value]
        if not value:
            self.report(line, f"{column} is empty")
        else:
            self.report(line, f"{column} {quote(value)} is not {what}" + did_you_mean(value, known))
        return None

    def _value(self, line: int, text: str, metric: Metric | None) -> float | None:
        if not NUMBER.match(text):
            self.report(
                line, f"value {quote(text)} is not a number{number_hint(text, self.decimal_comma)}"
            )
            return None
        value = float(text)
        if not abs(value) <= limits.MAX_NUMBER:  # also catches 1e999, read as infinity
            self.report(line, f"value {quote(text)} is larger than {LARGEST}, the limit")
            return None
        if metric is not None:
            if metric.min is not None and value < metric.min:
                self.report(
                    line, f"value {out_of_range(value, minimum=metric.min)} of metric '{metric.id}'"
                )
                return None
            if metric.max is not None and value > metric.max:
                self.report(
                    line, f"value {out_of_range(value, maximum=metric.max)} of metric '{metric.id}'"
                )
                return None
        return value

    def _responses(self, line: int, text: str) -> int | Literal[False] | None:
        """The sample size; None when empty; False when not a whole number (reported)."""
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            self.report(line, f"responses {quote(text)} is not a whole number")
            return False
        # Length first: int() of thousands of digits fails with a Python message.
        if len(text) > len(str(limits.MAX_RESPONSES)) or int(text) > limits.MAX_RESPONSES:
            self.report(
                line,
                f"responses {quote(text)} is above {limits.MAX_RESPONSES:,}, the limit",
            )
            return False
        return int(text)


def header_problems(columns: list[str], line: int, date: dt.date) -> list[tuple[int, str]]:
    """What is wrong with a snapshot's header (on `line`), by line, in the order to say it."""
    if not columns:
        return [
            (
                line,
                f"is empty: the first line must name the columns ({', '.join(REQUIRED_COLUMNS)})",
            )
        ]
    if sum(name.count(";") for name in columns) >= len(columns):
        # Excel writes ';' where the decimal separator is ',': the importer reads that.
        return [
            (
                1,
                "separates columns with ';': snapshots are comma-separated. Move the file out "
                "of snapshots/ (to export.csv, say) and run `journeymap import-snapshot "
                f"export.csv --date {date}`, which reads ';' and decimal commas",
            )
        ]
    found = []
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for index, name in enumerate(columns):
        if name not in known:
            found.append(
                (
                    line,
                    f"unknown column '{name}'"
                    + did_you_mean(name, known)
                    + f"; columns are {quote_list(known)}",
                )
            )
        elif name in columns[:index]:
            found.append((line, f"column '{name}' appears twice"))
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        found.append((line, f"missing {noun} {quote_list(missing)}"))
    return found


def number_hint(text: str, decimal_comma: bool) -> str:
    """What to write instead of a value that is not a number, when it is clear."""
    if text.endswith("%"):  # `7.7%`: a number with its unit
        number = text[:-1].rstrip()
        if DECIMAL_COMMA.match(number) and not decimal_comma:
            number = number.replace(",", ".")
        if NUMBER.match(number) or (decimal_comma and DECIMAL_COMMA.match(number)):
            return (
                f": write it without the '%', like {number}; a metric's unit belongs in "
                'metrics.yml (unit: "%")'
            )
    if "," in text and not decimal_comma:
        return ": use . as the decimal point"
    return ""


class RecordError(Exception):
    """A CSV record that cannot be read; the rest of the file is not read either."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


def records(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted field may span lines).

    Raises RecordError for a field longer than `MAX_CSV_FIELD_CHARS` (an unclosed
    quote makes the rest of the file one field) or a record csv cannot read.
    """
    # newline="": rows end at \r or \n only, not at the other breaks splitlines() knows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    too_long = (
        f"a field is longer than {limits.MAX_CSV_FIELD_CHARS:,} characters, the limit "
        "(a quote that is never closed makes the rest of the file one field)"
    )
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over csv's own limit of 131,072
            raise RecordError(
                start, too_long if "field limit" in str(error) else str(error)
            ) from None
        if any(len(field) > limits.MAX_CSV_FIELD_CHARS for field in fields):
            raise RecordError(start, too_long)
        yield start, fields
        start = reader.line_num + 1
