"""Turning a BI export into a snapshot file, safely.

Every row is checked against the content (journeys, stages, metrics, bounds) with
the same rules as a build, before anything is written; the snapshot is then
written to a temporary file and renamed into place, so a refresh job that fails
or is killed half-way never leaves a partial snapshot behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from journeymap.content.documents import read_text
from journeymap.content.loader import load_content
from journeymap.content.model import Measurement
from journeymap.content.problems import ContentError, Problems, did_you_mean
from journeymap.content.snapshots import SnapshotReader, records

FIELDS = ("journey", "stage", "metric", "segment", "value", "responses", "note")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class ImportRefused(Exception):
    """The import cannot go ahead (nothing was written); the message says why."""


@dataclass(frozen=True)
class Imported:
    path: Path
    rows: tuple[Measurement, ...]

    def counts(self) -> Counter[tuple[str, str]]:
        """Rows per (journey, metric)."""
        return Counter((row.journey, row.metric) for row in self.rows)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`["Touchpoint Stage=stage", "Region="]` -> export column -> field ('' drops it)."""
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip():
            raise ImportRefused(f"--map {pair!r}: write it as COLUMN=FIELD (or COLUMN= to drop)")
        target = target.strip()
        if target and target not in FIELDS:
            raise ImportRefused(
                f"--map {pair!r}: '{target}' is not a snapshot field"
                + did_you_mean(target, FIELDS)
                + f"; fields are {', '.join(FIELDS)}"
            )
        mapping[column.strip()] = target
    return mapping


def import_snapshot(
    export: Path,
    date: dt.date,
    content_dir: Path,
    *,
    mapping: dict[str, str],
    replace: bool,
    display_root: Path,
    today: dt.date,
) -> Imported:
    """Check every row of `export`, then write `snapshots/<date>.csv` atomically.

    Raises ContentError (with every problem) or ImportRefused; writes nothing then.
    """

    def show(path: Path) -> str:
        return Path(os.path.relpath(path, display_root)).as_posix()

    content = load_content(content_dir, display_root=display_root, today=today)
    target = content_dir / "snapshots" / f"{date.isoformat()}.csv"
    if target.exists() and not replace:
        raise ImportRefused(f"{show(target)} already exists: pass --replace to overwrite it")
    problems = Problems()
    text = read_text(export, show(export), problems)
    if text is None:
        raise ContentError(list(problems))
    reader = SnapshotReader(
        date, show(export), content.journeys, content.metrics, problems, frozenset()
    )
    rows = tuple(reader.rows(_normalised(text, mapping, show(export), problems)))
    problems.raise_if_any()
    if not rows:
        raise ImportRefused(f"{show(export)}: has no rows to import")
    write_snapshot(target, rows)
    return Imported(target, rows)


def write_snapshot(target: Path, rows: tuple[Measurement, ...]) -> None:
    """Write checked rows as the snapshot file `target`, all or nothing.

    Shared by every command that makes snapshots (`import-snapshot`, `pull`), so that
    they write the same columns with the same guarantees.
    """
    _write_atomically(target, snapshot_text(rows))


def _normalised(
    text: str, mapping: dict[str, str], display: str, problems: Problems
) -> Iterator[tuple[int, list[str]]]:
    """The export's records as snapshot records: columns mapped, decimal commas fixed."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    found = records(text, delimiter)
    line, header = next(found, (1, []))
    names = [name.strip() for name in header]
    for column in mapping:
        if column not in names:
            problems.add(
                display,
                1,
                "",
                f"--map names column '{column}', which the export "
                "does not have" + did_you_mean(column, names),
            )
    keep = [i for i, name in enumerate(names) if mapping.get(name, name) != ""]
    renamed = [mapping.get(names[i], names[i]) for i in keep]
    yield line, renamed
    value = renamed.index("value") if "value" in renamed else None
    for line, fields in found:
        if len(fields) != len(names):
            yield line, fields  # the reader reports the field count
            continue
        kept = [fields[i] for i in keep]
        if value is not None and _DECIMAL_COMMA.match(kept[value].strip()):
            kept[value] = kept[value].strip().replace(",", ".")
        yield line, kept


def snapshot_text(rows: tuple[Measurement, ...]) -> str:
    """The CSV text of a snapshot file holding `rows`, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(
            [
                row.journey,
                row.stage or "",
                row.metric,
                row.segment or "",
                row.text,
                "" if row.responses is None else row.responses,
                row.note or "",
            ]
        )
    return out.getvalue()


def _write_atomically(target: Path, text: str) -> None:
    """Write to a temporary file beside `target`, then rename: all or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
