"""Metric snapshots: `snapshots/<YYYY-MM-DD>.csv`, one file per data refresh.

Every row is checked against the journeys and the metric catalog; problems name
the CSV line (the header is line 1) and the column, all of them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from .documents import read_text
from .model import Journey, Measurement
from .problems import Problems, did_you_mean, out_of_range, quote_list
from .schema import Metric

T = TypeVar("T", Journey, Metric)

REQUIRED_COLUMNS = ("journey", "stage", "metric", "value")
OPTIONAL_COLUMNS = ("segment", "responses", "note")


SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.csv$", re.ASCII)
# A plain decimal number: float() alone would also take "1_000", "nan" or non-ASCII digits.
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


def snapshot_date(name: str) -> dt.date | None:
    """The date a snapshot file name stands for, or None if it is not `YYYY-MM-DD.csv`."""
    match = SNAPSHOT_NAME.match(name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:  # 2026-13-01
        return None


def load_snapshots(
    folder: Path,
    show: Callable[[Path], str],
    journeys: dict[str, Journey],
    metrics: dict[str, Metric],
    problems: Problems,
    *,
    skipped: frozenset[str] = frozenset(),
) -> list[Measurement]:
    """Every row of every snapshot, oldest snapshot first; problems for the bad ones.

    Measurements of the `skipped` journeys (which have problems of their own) are not checked.
    """
    if not folder.is_dir():
        return []
    rows: list[Measurement] = []
    for path in sorted(folder.glob("*.csv")):
        date = snapshot_date(path.name)
        if date is None:
            problems.add(show(path), 0, "", "name snapshot files by their date: YYYY-MM-DD.csv")
            continue
        text = read_text(path, show(path), problems)
        if text is not None:
            reader = SnapshotReader(date, show(path), journeys, metrics, problems, skipped)
            rows.extend(reader.rows(records(text)))
    return rows


class SnapshotReader:
    def __init__(
        self,
        date: dt.date,
        display: str,
        journeys: dict[str, Journey],
        metrics: dict[str, Metric],
        problems: Problems,
        skipped: frozenset[str],
    ) -> None:
        self.skipped = skipped
        self.date = date
        self.path = display
        self.journeys = journeys
        self.metrics = metrics
        self.problems = problems

    def report(self, line: int, what: str) -> None:
        self.problems.add(self.path, line, "", what)

    def rows(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[Measurement]:
        """The good rows of a snapshot's records (header first); problems for the others."""
        _, header = next(records, (1, []))
        columns = self._columns(header)
        if columns is None:
            return
        seen: dict[tuple[str, str | None, str, str | None], int] = {}
        for line, fields in records:
            if not any(field.strip() for field in fields):
                continue  # blank line
            if len(fields) != len(header):
                count = f"{len(fields)} field" + ("" if len(fields) == 1 else "s")
                self.report(line, f"has {count}, the header has {len(header)}")
                continue
            row = self._row(line, dict(zip(columns, fields, strict=True)))
            if row is None:
                continue
            key = (row.journey, row.stage, row.metric, row.segment)
            if key in seen:
                self.report(
                    line, f"repeats line {seen[key]}: the same journey, stage, metric and segment"
                )
                continue
            seen[key] = line
            yield row

    def _columns(self, header: list[str]) -> list[str] | None:
        columns = [name.strip() for name in header]
        if not columns:
            self.report(
                1, f"is empty: the first line must name the columns ({', '.join(REQUIRED_COLUMNS)})"
            )
            return None
        before = len(self.problems)
        known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
        for index, name in enumerate(columns):
            if name not in known:
                self.report(
                    1,
                    f"unknown column '{name}'"
                    + did_you_mean(name, known)
                    + f"; columns are {quote_list(known)}",
                )
            elif name in columns[:index]:
                self.report(1, f"column '{name}' appears twice")
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            noun = "column" if len(missing) == 1 else "columns"
            self.report(1, f"missing {noun} {quote_list(missing)}")
        return columns if len(self.problems) == before else None

    def _row(self, line: int, fields: dict[str, str]) -> Measurement | None:
        """The row, or None when it has problems (each one reported)."""
        values = {name: value.strip() for name, value in fields.items()}
        if values["journey"] in self.skipped:
            return None
        before = len(self.problems)
        journey = self._known(line, "journey", values["journey"], self.journeys, "a journey")
        metric = self._known(line, "metric", values["metric"], self.metrics, "in metrics.yml")
        stage = values["stage"] or None
        if journey is not None and stage is not None and stage not in journey.stage_ids_ever:
            self.report(
                line,
                f"stage '{stage}' is not a stage of journey '{journey.id}'"
                + did_you_mean(stage, sorted(journey.stage_ids_ever)),
            )
        value = self._value(line, values["value"], metric)
        responses = self._responses(line, values.get("responses", ""))
        if journey is None or metric is None or value is None or len(self.problems) > before:
            return None
        return Measurement(
            date=self.date,
            journey=journey.id,
            stage=stage,
            metric=metric.id,
            segment=values.get("segment") or None,
            value=value,
            text=values["value"],
            responses=responses,
            note=values.get("note") or None,
            path=self.path,
            line=line,
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
            self.report(line, f"{column} '{value}' is not {what}" + did_you_mean(value, known))
        return None

    def _value(self, line: int, text: str, metric: Metric | None) -> float | None:
        if not NUMBER.match(text):
            hint = ": use . as the decimal point" if "," in text else ""
            self.report(line, f"value '{text}' is not a number{hint}")
            return None
        value = float(text)
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

    def _responses(self, line: int, text: str) -> int | None:
        """The sample size; None when empty or not a whole number (then reported)."""
        if text.isascii() and text.isdigit():
            return int(text)
        if text:
            self.report(line, f"responses '{text}' is not a whole number")
        return None


def records(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted field may span lines)."""
    # newline="": rows end at \r or \n only, not at the other breaks splitlines() knows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for fields in reader:
        yield start, fields
        start = reader.line_num + 1
