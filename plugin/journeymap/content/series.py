"""Snapshot values held as columns: arrays per series, not an object per value.

A large site records millions of values (50 journeys x 20 stages x 4 metrics x 3
segments x 104 weekly snapshots is 1.25 million). Held as one `Measurement` each, with
strings of their own, they cost about 500 bytes a value; here a value costs about 30:
its date, number, responses and CSV line in arrays, and its text as recorded shared
with every equal text. The journey, stage, metric and segment are said once per
series, the file once per snapshot date. `Measurement` rows are made only on demand
(`Recorded.row`), for the page that shows them, and let go with it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, NamedTuple

NO_RESPONSES = -1
"""In a responses column: the row gave no sample size."""

BLOCK_FILES = 32
"""The most snapshot files whose columns `Snapshots.add_files` joins at once: a quarter
of the values of two years of weekly snapshots held twice at most, while filling."""

Key = tuple[str, str | None, str]
"""A journey, a stage id (None: journey-level) and a metric: a `Trend`'s rows, every segment."""


class Measurement(NamedTuple):
    """One value of a metric snapshot, and the CSV line it was read from.

    Made for every row while a file is read, and from the columns when a page shows
    a value: a named tuple, several times cheaper to create than a frozen dataclass.
    """

    date: dt.date
    journey: str
    stage: str | None
    """None for a journey-level metric (churn, revenue)."""
    metric: str
    segment: str | None
    """None for all customers."""
    value: float
    text: str
    """The value exactly as recorded, for tables (`4.10` stays `4.10`)."""
    responses: int | None
    note: str | None
    path: str
    line: int


class SnapshotFile(NamedTuple):
    """A snapshot date and the file its values come from (one file per date)."""

    date: dt.date
    path: str


class Recorded:
    """The values recorded for one journey, stage, metric and segment, oldest first."""

    __slots__ = (
        "_files",
        "days",
        "journey",
        "lines",
        "metric",
        "notes",
        "responses",
        "segment",
        "stage",
        "texts",
        "values",
    )

    def __init__(
        self,
        journey: str,
        stage: str | None,
        metric: str,
        segment: str | None,
        files: dict[int, SnapshotFile],
    ) -> None:
        self.journey = journey
        self.stage = stage
        self.metric = metric
        self.segment = segment
        self.days = array("i")
        """Each value's snapshot date, as `date.toordinal()`: rising, one value per date."""
        self.values = array("d")
        self.texts: list[str] = []
        """Each value as recorded (`4.10`), equal texts one string."""
        self.responses = array("i")
        """Each value's sample size, or `NO_RESPONSES`."""
        self.lines = array("i")
        """The CSV line of each value."""
        self.notes: dict[int, str] = {}
        """Notes by the index of their value: few values have one."""
        self._files = files

    def __len__(self) -> int:
        return len(self.days)

    def date(self, index: int) -> dt.date:
        return self._files[self.days[index]].date

    def dates(self, start: int, stop: int) -> list[dt.date]:
        files = self._files
        return [files[day].date for day in self.days[start:stop]]

    def row(self, index: int) -> Measurement:
        """The value at `index` as a row, made now: rows are not kept."""
        file = self._files[self.days[index]]
        responses = self.responses[index]
        # tuple.__new__: the named tuple's own __new__ is a Python function, twice as slow.
        return tuple.__new__(
            Measurement,
            (
                file.date,
                self.journey,
                self.stage,
                self.metric,
                self.segment,
                self.values[index],
                self.texts[index],
                None if responses == NO_RESPONSES else responses,
                self.notes.get(index),
                file.path,
                self.lines[index],
            ),
        )

    def span(self, since: dt.date | None, until: dt.date | None) -> tuple[int, int]:
        """The indices of the values from `since` on and before `until` (None: no bound)."""
        start = bisect_left(self.days, since.toordinal()) if since else 0
        stop = bisect_left(self.days, until.toordinal()) if until else len(self.days)
        return start, max(start, stop)


class FileValues:
    """The good rows of one snapshot file, as columns: what the build cache keeps.

    Every string of the file (ids, segments, values as recorded) is held once in
    `names`, interned (one string for all files and series); the rows hold their index
    there.
    """

    __slots__ = ("keys", "lines", "names", "notes", "responses", "texts", "values")

    def __init__(self) -> None:
        self.names: list[str] = []
        """The file's strings; `""` stands for no stage (journey-level) or no segment."""
        self.keys = array("i")
        """Per row, four indices into `names`: journey, stage, metric, segment."""
        self.values = array("d")
        self.texts = array("i")
        """Per row, the index of its text as recorded in `names`."""
        self.responses = array("i")
        self.lines = array("i")
        self.notes: dict[int, str] = {}
        """Notes by row index."""

    @classmethod
    def of(cls, rows: Iterable[Measurement]) -> FileValues:
        """The rows of one file, in their order."""
        found = cls()
        index: dict[str, int] = {}
        # A string's index, given to it when it is new: one call into C per field, which
        # matters at a million rows.
        number = index.setdefault
        keys, values, texts, notes = found.keys, found.values, found.texts, found.notes
        responses, lines = found.responses, found.lines
        for _, journey, stage, metric, segment, value, text, count, note, _, line in rows:
            keys.extend(
                (
                    number(journey, len(index)),
                    number(stage or "", len(index)),
                    number(metric, len(index)),
                    number(segment or "", len(index)),
                )
            )
            values.append(value)
            texts.append(number(text, len(index)))
            responses.append(NO_RESPONSES if count is None else count)
            if note is not None:
                notes[len(lines)] = note
            lines.append(line)
        found.names = [sys.intern(name) for name in index]
        return found

    @classmethod
    def of_columns(
        cls,
        keys: NumberedKeys,
        values: array[float],
        texts: list[str],
        responses: array[int],
        lines: Sequence[int],
        notes: list[str],
    ) -> FileValues:
        """The rows of one file from its columns: the journeys, stages, metrics and
        segments numbered (`NumberedKeys`), numbers, texts as recorded, sample sizes
        (`NO_RESPONSES`: none), lines and notes (`""`: none)."""
        found = cls()
        index = dict(keys.numbers)
        for name in dict.fromkeys(texts):  # distinct, in a stable order
            index.setdefault(name, len(index))
        found.keys = keys.keys
        found.values = values
        found.texts = array("i", map(index.__getitem__, texts))
        found.responses = responses
        found.lines = array("i", lines)
        if any(notes):  # few files have notes
            found.notes = {row: note for row, note in enumerate(notes) if note}
        found.names = [sys.intern(name) for name in index]
        return found

    def __len__(self) -> int:
        return len(self.lines)

    def same_rows(self, other: FileValues) -> bool:
        """Whether both files' rows name the same journey, stage, metric and segment, in
        the same order."""
        if self.keys != other.keys:
            return False
        used = max(self.keys, default=-1) + 1
        return self.names[:used] == other.names[:used]


class NumberedKeys(NamedTuple):
    """The journey, stage, metric and segment of every row of a file, as `FileValues`
    holds them: numbered by their strings' index in `names` (which begins with them)."""

    keys: array[int]
    numbers: dict[str, int]
    """Each string's index in `names`."""

    @classmethod
    def of(cls, columns: list[list[str]]) -> NumberedKeys:
        """The columns (journey, stage `""` for none, metric, segment `""` for none) numbered."""
        # Distinct, in the order they first come in the columns one after the other.
        index = {name: n for n, name in enumerate(dict.fromkeys(chain(*columns)))}
        number = index.__getitem__
        keys = array("i", [0]) * (4 * len(columns[0]))
        for offset, column in enumerate(columns):
            keys[offset::4] = array("i", map(number, column))
        return cls(keys, index)


class FileValuesCodec:
    """A file's values as JSON data, for the build cache (its `snapshots`): never code.

    The columns are written as the bytes of their arrays (base64): a million values
    read back in milliseconds. What is read back is checked to be of one file's shape
    (every index points at a name, every column has a value per row), so a damaged or
    foreign file is refused rather than shown.
    """

    name = f"snapshot-values-{sys.byteorder}"
    _ARRAYS = ("keys", "values", "texts", "responses", "lines")

    def encode(self, found: FileValues) -> Any:
        data: dict[str, Any] = {
            name: base64.b64encode(getattr(found, name).tobytes()).decode() for name in self._ARRAYS
        }
        data["names"] = found.names
        data["notes"] = [[row, note] for row, note in found.notes.items()]
        return data

    def decode(self, data: Any) -> FileValues:
        found = FileValues()
        for name in self._ARRAYS:
            column = getattr(found, name)
            column.frombytes(base64.b64decode(data[name], validate=True))
        names = data["names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise TypeError("names must be texts")
        found.names = [sys.intern(name) for name in names]
        rows = len(found.lines)
        if len(found.keys) != 4 * rows or not (
            len(found.values) == len(found.texts) == len(found.responses) == rows
        ):
            raise ValueError("columns of different lengths")
        if any(not 0 <= i < len(names) for i in (*found.keys, *found.texts)):
            raise IndexError("an index outside the names")
        if not all(map(math.isfinite, found.values)):
            raise ValueError("a value that is not a finite number")
        for row, note in data["notes"]:
            if not (isinstance(row, int) and 0 <= row < rows and isinstance(note, str)):
                raise ValueError("a note of no row")
            found.notes[row] = note
        return found


class Snapshots:
    """Every value of every snapshot, by series: what `Content` holds of the snapshots."""

    def __init__(self) -> None:
        self._files: dict[int, SnapshotFile] = {}
        """By date ordinal, oldest first."""
        self._series: dict[Key, dict[str | None, Recorded]] = {}
        self._recorded: dict[tuple[str, str | None, str, str | None], Recorded] = {}
        """The same series by journey, stage, metric and segment."""
        self._count = 0

    def add_files(self, files: Iterable[tuple[dt.date, str, FileValues]]) -> None:
        """Take the values of snapshot files, each given by its date and path: oldest
        first, and newer than any so far. A file without values adds no date (a header
        alone measures nothing).

        Filling the series is an append per value and column, millions on a large site.
        Consecutive files whose rows name the same series in the same order (a refresh
        job writes the same rows every time) are taken together, up to `BLOCK_FILES`
        at once: each series gets its values of all of them in one slice per column.
        """
        block: list[tuple[int, FileValues]] = []
        for date, path, values in files:
            if not values:
                continue
            day = date.toordinal()
            if self._files and day <= next(reversed(self._files)):
                raise ValueError(f"{path}: snapshots are added oldest first")
            self._files[day] = SnapshotFile(date, path)
            if block and (len(block) == BLOCK_FILES or not block[0][1].same_rows(values)):
                self._fill(block)
                block = []
            block.append((day, values))
            self._count += len(values)
        if block:
            self._fill(block)

    def _fill(self, block: list[tuple[int, FileValues]]) -> None:
        """Append the values of files with the same rows (`FileValues.same_rows`)."""
        if len(block) == 1:
            self._fill_rows(*block[0])
            return
        first = block[0][1]
        names, rows = first.names, len(first)
        found = self._recorded
        series = []
        keys = iter(first.keys)
        for journey, stage, metric, segment in zip(keys, keys, keys, keys, strict=True):
            key = (names[journey], names[stage] or None, names[metric], names[segment] or None)
            recorded = found.get(key)
            series.append(self._new(*key) if recorded is None else recorded)
        starts = [len(recorded) for recorded in series]
        days = array("i", [day for day, _ in block])
        for recorded in series:
            recorded.days.extend(days)
        # A column at a time, so that only one is held twice meanwhile: row `r` of every
        # file is every `rows`th item of the files' columns one after the other.
        for column in ("values", "responses", "lines"):
            joined = array(getattr(first, column).typecode)
            for _, values in block:
                joined.extend(getattr(values, column))
            for row, recorded in enumerate(series):
                getattr(recorded, column).extend(joined[row::rows])
        texts: list[str] = []
        for _, values in block:
            texts.extend(map(values.names.__getitem__, values.texts))
        for row, recorded in enumerate(series):
            recorded.texts.extend(texts[row::rows])
        for number, (_, values) in enumerate(block):
            for row, note in values.notes.items():
                series[row].notes[starts[row] + number] = note

    def _fill_rows(self, day: int, values: FileValues) -> None:
        """Append the values of one file, row by row."""
        names = values.names
        optional = [name or None for name in names]
        found, notes = self._recorded, values.notes
        columns = iter(values.keys)
        for row, (journey, stage, metric, segment, value, text, count, line) in enumerate(
            zip(
                columns,
                columns,
                columns,
                columns,
                values.values,
                values.texts,
                values.responses,
                values.lines,
                strict=False,  # four keys per row
            )
        ):
            key = (names[journey], optional[stage], names[metric], optional[segment])
            recorded = found.get(key)
            if recorded is None:
                recorded = self._new(*key)
            if notes and row in notes:
                recorded.notes[len(recorded.days)] = notes[row]
            recorded.days.append(day)
            recorded.values.append(value)
            recorded.texts.append(names[text])
            recorded.responses.append(count)
            recorded.lines.append(line)

    def _new(self, journey: str, stage: str | None, metric: str, segment: str | None) -> Recorded:
        recorded = Recorded(journey, stage, metric, segment, self._files)
        self._recorded[(journey, stage, metric, segment)] = recorded
        self._series.setdefault((journey, stage, metric), {})[segment] = recorded
        return recorded

    def __len__(self) -> int:
        """The number of values."""
        return self._count

    @property
    def dates(self) -> list[dt.date]:
        """The snapshot dates, oldest first."""
        return [file.date for file in self._files.values()]

    def files(self) -> list[SnapshotFile]:
        """The snapshot files, oldest first."""
        return list(self._files.values())

    def of(self, journey: str, stage: str | None, metric: str) -> dict[str | None, Recorded]:
        """One metric's values on a stage (None: the journey's own), by segment."""
        return self._series.get((journey, stage, metric), {})

    def of_metric(self, metric: str) -> list[Recorded]:
        """Every series of one metric: every journey, stage and segment."""
        return [r for (_, _, of, _), r in self._recorded.items() if of == metric]

    def digest(self, journey: str) -> str:
        """A digest of every value recorded for the journey, as recorded, with its line.

        It changes when any of them does: a journey's pages are kept while it does not.
        """
        digest = hashlib.sha256()
        for (of, stage, metric, segment), recorded in self._recorded.items():
            if of != journey:
                continue
            digest.update(repr((stage, metric, segment, sorted(recorded.notes.items()))).encode())
            for column in (recorded.days, recorded.values, recorded.responses, recorded.lines):
                digest.update(column.tobytes())
            digest.update("\0".join(recorded.texts).encode())
        return digest.hexdigest()

    def rows(self) -> Iterator[Measurement]:
        """Every value as a row, oldest snapshot first, in the order of its file's lines.

        Makes a row per value: for tests and small sites, not for a page of a large one.
        """
        every = list(self._recorded.values())
        at = [
            (recorded.days[i], recorded.lines[i], number, i)
            for number, recorded in enumerate(every)
            for i in range(len(recorded))
        ]
        for _, _, number, i in sorted(at):
            yield every[number].row(i)
