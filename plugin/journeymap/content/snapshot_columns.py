"""Snapshot files read column by column, the fast way (`ColumnReader`), and the columns
a snapshot file has. Rows that fail its checks go to `SnapshotReader`'s row checks, for
their messages: the two ways say the same of a file.
"""

from __future__ import annotations

import csv
import io
import math
import re
from array import array
from collections.abc import Callable, Sequence
from itertools import chain, compress, repeat
from operator import and_, le, not_
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from journeymap.content import limits
from journeymap.content.series import NO_RESPONSES, FileValues, NumberedKeys

if TYPE_CHECKING:  # the row checks import this module: no import at run time
    from journeymap.content.snapshots import SnapshotReader

REQUIRED_COLUMNS = ("journey", "stage", "metric", "value")
OPTIONAL_COLUMNS = ("segment", "responses", "note")
# A plain decimal number: float() alone would also take "1_000", "nan" or non-ASCII digits.
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_ASCII_SPACES = "".join(c for c in map(chr, range(128)) if c.isspace() and c != "\n")
"""What `str.strip` strips of ASCII text, but the line ends a table splits at."""


class KeyColumns:
    """The journey, stage, metric and segment columns of the last file read, and what
    was found of them, for the next file of the same loading: consecutive snapshot
    files usually name the same rows in the same order (a refresh job writes them alike
    every time), which are then not checked or numbered again."""

    def __init__(self) -> None:
        self._forget([])

    def of(self, columns: list[list[str]]) -> KeyColumns:
        """Self, for `columns`: what was found is kept if they are the same as last time."""
        if columns != self.columns:
            self._forget(columns)
        return self

    def _forget(self, columns: list[list[str]]) -> None:
        self.columns = columns
        self.misplaced: set[int] | None = None
        """The rows whose journey or stage the row checks refuse."""
        self.bounds: tuple[list[float], list[float]] | None = None
        """Each row's lowest and highest value, by its metric."""
        self.unique = False
        """Whether every row has a key of its own."""
        self.numbered: NumberedKeys | None = None
        """Every row's key, numbered as the file's values hold it."""


class ColumnReader:
    """Reads a snapshot file's text as columns, with the row checks of `checks`."""

    def __init__(self, checks: SnapshotReader, last: KeyColumns | None = None) -> None:
        self.checks = checks
        self.last = last or KeyColumns()

    def read(self, text: str) -> FileValues | None:
        """The good rows of a snapshot file's text, as columns; problems for the others.
        None when its records do not each take one line (a quoted note over several
        lines), or csv cannot read it whole: it is then to be read record by record.

        This runs for every value of every snapshot (millions on a large site), so a file
        is split into columns whole (`_table`) and checked column by column: each
        distinct journey and stage, or sample size, once, and the values in C. Only the
        rows that fail those checks are checked one by one (`checked_row`), for their
        exact messages. What depends on the key columns alone is not done again for a
        file with the same ones as the last (`KeyColumns`).
        """
        table = _table(text)
        if table is None:
            return None
        header = self.checks.columns_of(table.header, 1)
        if header is None:
            return FileValues()
        for line, fields in table.misfits:
            self.checks.report_misfit(line, fields, len(header))
        lines = table.lines
        if not lines:
            return FileValues()
        where = {name: index for index, name in enumerate(header)}
        blank = [""] * len(lines)
        # Fields are stripped; a file with no space but its line ends has none to strip.
        strip = not text.isascii() or any(space in text for space in _ASCII_SPACES)
        journey, stage, metric, value, segment, responses, note = columns = [
            (
                list(map(str.strip, table.columns[where[name]]))
                if strip
                else table.columns[where[name]]
            )
            if name in where
            else blank
            for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
        ]
        last = self.last.of([journey, stage, metric, segment])
        # Each distinct text once; NaN for those the row checks refuse as not a number.
        numbers = {text: float(text) for text in set(value) if NUMBER.match(text)}
        floats = list(map(numbers.get, value, repeat(math.nan)))
        sizes = set(responses)
        counts = {text: n for text in sizes if (n := self._count(text)) is not None}
        keep = [True] * len(lines)
        for row in sorted(self._suspects(last, floats, responses, sizes.difference(counts))):
            fields = [column[row] for column in columns]
            if not any(fields) or self.checks.checked_row(lines[row], *fields) is None:
                keep[row] = False  # reported (or a line of empty fields, a blank line)
        kept = self._without_repeats(last, keep, lines)
        if kept != len(keep):
            journey, stage, metric, value, segment, responses, note = (
                list(compress(column, keep)) for column in columns
            )
            floats, lines = list(compress(floats, keep)), list(compress(lines, keep))
            numbered = NumberedKeys.of([journey, stage, metric, segment])
        else:
            numbered = last.numbered = last.numbered or NumberedKeys.of(last.columns)
        return FileValues.of_columns(
            numbered,
            array("d", floats),
            value,
            array("i", map(counts.__getitem__, responses)),
            lines,
            note,
        )

    def _without_repeats(self, last: KeyColumns, keep: list[bool], lines: Sequence[int]) -> int:
        """Report and drop (from `keep`) the rows that repeat a kept row's key; how many
        rows are kept."""
        kept = keep.count(True)
        every = kept == len(keep)
        # Joined, not tuples: millions of tuples alive at once make Python's garbage
        # collector run often and long. Two different keys join alike only when a field
        # holds "\0": then too the rows are merely compared one by one.
        keys = last.columns if every else [list(compress(c, keep)) for c in last.columns]
        if not last.unique and len(set(map("\0".join, zip(*keys, strict=True)))) != kept:
            seen: dict[tuple[str, ...], int] = {}
            for row, key in enumerate(zip(*last.columns, strict=True)):
                if not keep[row]:
                    continue
                if key in seen:
                    self.checks.report_repeat(lines[row], seen[key])
                    keep[row] = False
                    kept -= 1
                else:
                    seen[key] = lines[row]
        elif every:
            last.unique = True  # all the rows': any of them are unique too
        return kept

    def _suspects(
        self,
        keys: KeyColumns,
        floats: list[float],
        responses: list[str],
        wrong_counts: set[str],
    ) -> set[int]:
        """The rows, by index, that may have problems: `checked_row` finds none in the others.

        Each distinct journey and stage, or sample size, is checked once, and the rows
        searched only for those that fail; the values against their metric's bounds,
        row by row but in C (`operator.le`).
        """
        journey, stage, metric, _ = keys.columns
        rows = range(len(journey))
        if keys.misplaced is None:
            places = set(zip(journey, stage, strict=True))
            wrong = {place for place in places if not self._placed(*place)}
            keys.misplaced = set()
            if wrong:
                pairs = zip(journey, stage, strict=True)
                keys.misplaced.update(compress(rows, map(wrong.__contains__, pairs)))
        suspects = set(keys.misplaced)
        if wrong_counts:
            suspects.update(compress(rows, map(wrong_counts.__contains__, responses)))
        if keys.bounds is None:
            low, high = self._bounds(set(metric))
            keys.bounds = list(map(low.__getitem__, metric)), list(map(high.__getitem__, metric))
        lowest, highest = keys.bounds
        # NaN (not a number) and an unknown metric's bounds (inf, -inf) fail both ways.
        fits = list(map(and_, map(le, lowest, floats), map(le, floats, highest)))
        if not all(fits):
            suspects.update(compress(rows, map(not_, fits)))
        return suspects

    def _placed(self, journey_id: str, stage: str) -> bool:
        """Whether `checked_row` finds the journey and stage good."""
        journey = self.checks.journeys.get(journey_id)
        return (
            journey is not None
            and journey_id not in self.checks.skipped
            and (not stage or stage in journey.stage_ids_ever)
        )

    def _bounds(self, metric_ids: set[str]) -> tuple[dict[str, float], dict[str, float]]:
        """The lowest and highest value the row checks take for each metric (for an
        unknown one, inf and -inf: none)."""
        low, high = {}, {}
        for metric_id in metric_ids:
            lowest, highest = -limits.MAX_NUMBER, limits.MAX_NUMBER
            if self.checks.metrics is not None:
                metric = self.checks.metrics.get(metric_id)
                if metric is None:
                    lowest, highest = math.inf, -math.inf
                else:
                    if metric.min is not None:
                        lowest = max(lowest, metric.min)
                    if metric.max is not None:
                        highest = min(highest, metric.max)
            low[metric_id], high[metric_id] = lowest, highest
        return low, high

    @staticmethod
    def _count(text: str) -> int | None:
        """The sample size as a column holds it, or None when the row checks find a problem."""
        if not text:
            return NO_RESPONSES
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(limits.MAX_RESPONSES)):
            return None
        count = int(text)
        return count if count <= limits.MAX_RESPONSES else None


class _Table(NamedTuple):
    """A file's records by column, for `ColumnReader.read`."""

    header: list[str]
    columns: list[list[str]]
    """Per column of the header, the fields of the records that have one per column."""
    lines: Sequence[int]
    """The line of each of those records."""
    misfits: list[tuple[int, list[str]]]
    """The other records (blank lines among them), with their lines."""


def _table(text: str) -> _Table | None:
    """The file's records by column when each takes one line of its own (the header
    is line 1, the next record line 2, ...) and no field is over the limit; None when
    the file is to be read by `records`, which says where it fails."""
    return _quoted_table(text) if '"' in text else _plain_table(text)


def _plain_table(text: str) -> _Table | None:
    """Without quotes, a record is a line split at the commas: splitting the whole text
    at once is several times faster than csv, and makes no list per record."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None  # a line ending of its own: csv knows it
    found = text.split("\n")
    if not found[-1]:
        found.pop()  # after the last line's end
    if max(map(len, found), default=0) > limits.MAX_CSV_FIELD_CHARS:
        return None
    header = found[0].split(",") if found and found[0] else []  # an empty line: no field
    commas = len(header) - 1
    body, lines, misfits = _fitting(
        found[1:],
        list(map(commas.__eq__, map(str.count, found[1:], repeat(",")))),
        lambda line: line.split(",") if line else [],
    )
    flat = ",".join(body).split(",") if body else []
    return _Table(header, [flat[i :: len(header)] for i in range(len(header))], lines, misfits)


def _quoted_table(text: str) -> _Table | None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table = list(reader)
    except csv.Error:
        return None
    if reader.line_num != len(table):
        return None  # a quoted field over several lines
    if len(text) > limits.MAX_CSV_FIELD_CHARS and (
        max(map(len, chain.from_iterable(table))) > limits.MAX_CSV_FIELD_CHARS
    ):
        return None
    header = table[0] if table else []
    body, lines, misfits = _fitting(
        table[1:], [len(fields) == len(header) for fields in table[1:]], list
    )
    columns = [list(column) for column in zip(*body, strict=True)]
    return _Table(header, columns or [[] for _ in header], lines, misfits)


R = TypeVar("R", str, list[str])


def _fitting(
    body: list[R], fit: list[bool], fields: Callable[[R], list[str]]
) -> tuple[list[R], Sequence[int], list[tuple[int, list[str]]]]:
    """The records that `fit` (one field per column) and their lines; the others' fields
    with their lines."""
    lines = range(2, len(body) + 2)
    if all(fit):
        return body, lines, []
    misfits = [
        (line, fields(record))
        for line, record, fits in zip(lines, body, fit, strict=True)
        if not fits
    ]
    return list(compress(body, fit)), list(compress(lines, fit)), misfits
