"""Turning a BI export into a snapshot file, safely.

Every row is checked against the content (journeys, stages, metrics, bounds) with
the same rules as a build, before anything is written; the snapshot is then
written to a temporary file and linked into place (`write_snapshot`), so a
refresh job that fails or is killed half-way never leaves a partial snapshot
behind, and a snapshot that appeared meanwhile is never replaced without asking.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from journeymap.atomic import write_atomically
from journeymap.content.access import writable_folder
from journeymap.content.documents import decode, read_bytes
from journeymap.content.limits import MAX_CSV_BYTES, MAX_DATE, MIN_DATE
from journeymap.content.loader import load_content
from journeymap.content.model import Content
from journeymap.content.problems import ContentError, Problems, did_you_mean
from journeymap.content.series import Measurement
from journeymap.content.snapshots import DECIMAL_COMMA, SnapshotReader, records, snapshot_date
from journeymap.formatting import shown_path

FIELDS = ("journey", "stage", "metric", "segment", "value", "responses", "note")


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
    encoding: str | None = None,
    dry_run: bool = False,
) -> Imported:
    """Check every row of `export`, then write `snapshots/<date>.csv` atomically (with
    `dry_run`, check only: nothing is written, an existing snapshot is no problem).

    The export is read as UTF-8 (or UTF-16, by its byte-order mark) unless `encoding`
    names another, such as `cp1252` for Excel's usual CSV on Windows; the snapshot is
    always written as UTF-8. Raises ContentError (with every problem) or ImportRefused;
    writes nothing then.
    """
    if encoding is not None and (problem := encoding_problem(encoding)):
        raise ImportRefused(f"--encoding {problem}")

    def show(path: Path) -> str:
        return shown_path(path, display_root)

    if not export.is_file():  # a wrong path on the command line, not a content problem
        raise ImportRefused(f"{show(export)}: no such file to import")
    content = load_content(content_dir, display_root=display_root, today=today)
    target = snapshot_path(content_dir, date)
    if target.exists() and not replace and not dry_run:  # early; checked again when writing
        raise ImportRefused(f"{show(target)} already exists: pass --replace to overwrite it")
    problems = Problems()
    raw = read_bytes(export, show(export), problems, limit=MAX_CSV_BYTES)
    text = None if raw is None else _decoded(raw, show(export), problems, encoding)
    if text is None:
        raise ContentError(list(problems))
    reader = SnapshotReader(
        date,
        show(export),
        content.journeys,
        content.metrics,
        problems,
        frozenset(),
        decimal_comma=True,
    )
    records = _normalised(text, mapping, show(export), problems)
    rows = tuple(reader.rows(_known_case(content, records)))
    if any(problem.what.startswith("unknown column") for problem in problems):
        problems.add(
            show(export),
            1,
            "",
            "name each of the export's columns as a snapshot column with --map, e.g. "
            "--map 'KPI=metric', or drop one with --map 'Region='",
        )
    problems.raise_if_any()
    if not rows:
        raise ImportRefused(f"{show(export)}: has no rows to import")
    if dry_run:
        return Imported(target, rows)
    if not write_snapshot(target, rows, replace=replace):
        raise ImportRefused(
            f"{show(target)} appeared while importing: pass --replace to overwrite it"
        )
    return Imported(target, rows)


def encoding_problem(name: str) -> str | None:
    """Why an export cannot be read in the encoding `name`; None when it can."""
    try:
        # Not only looked up: rot13, hex, base64 or zlib are codecs, but not of text, and
        # `undefined` refuses every text.
        "journey".encode(name).decode(name)
    except (LookupError, UnicodeError):
        return (
            f"{name!r} is not a text encoding: use utf-8, or cp1252 for Windows-1252 "
            "(Excel's usual CSV on Windows)"
        )
    return None


def _decoded(raw: bytes, display: str, problems: Problems, encoding: str | None) -> str | None:
    """The export's text: in `encoding` when given, else UTF-16 by its BOM, else UTF-8."""
    if encoding is None and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Excel's "Unicode text": the byte-order mark says so reliably
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        advice = (
            "if it comes from Excel or another Windows program, pass --encoding cp1252 "
            '(or save it as "CSV UTF-8")'
        )
        return decode(raw, display, problems, advice)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(display, line, "", f"is not valid {encoding} (byte 0x{raw[error.start]:02x})")
        return None
    except UnicodeError:  # punycode and a few others fail without saying where
        problems.add(display, 1, "", f"is not valid {encoding}")
        return None


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
    # `Journey` or `VALUE` is the column it names: BI tools capitalise headers.
    renamed = [_field(mapping.get(names[i], names[i])) for i in keep]
    yield line, renamed
    value = renamed.index("value") if "value" in renamed else None
    for line, fields in found:
        if len(fields) != len(names):
            yield line, fields  # the reader reports the field count
            continue
        kept = [fields[i] for i in keep]
        if value is not None and DECIMAL_COMMA.match(kept[value].strip()):
            kept[value] = kept[value].strip().replace(",", ".")
        yield line, kept


def _field(name: str) -> str:
    """A column name as the snapshot field it names, whatever its case."""
    return name.lower() if name.lower() in FIELDS else name


_IDS = ("journey", "stage", "metric")


def _known_case(
    content: Content, records: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    """Records whose journey, stage and metric ids are written in capitals (`CSAT`) read as
    the ids they stand for: ids are lowercase, so `CSAT` can only mean `csat`."""
    line, header = next(records, (1, []))
    yield line, header
    columns = [header.index(name) if name in header else None for name in _IDS]
    journey_at, stage_at, metric_at = columns
    for line, fields in records:
        if len(fields) == len(header):
            fields = list(fields)
            known_journeys = content.journeys
            if journey_at is not None:
                fields[journey_at] = _as_known(fields[journey_at], known_journeys)
            journey = known_journeys.get(fields[journey_at]) if journey_at is not None else None
            if stage_at is not None and journey is not None:
                fields[stage_at] = _as_known(fields[stage_at], journey.stage_ids_ever)
            if metric_at is not None:
                fields[metric_at] = _as_known(fields[metric_at], content.metrics)
        yield line, fields


def _as_known(value: str, known: Collection[str]) -> str:
    lower = value.strip().lower()
    return lower if value.strip() not in known and lower in known else value


def snapshot_text(rows: tuple[Measurement, ...]) -> str:
    """The CSV text of a snapshot file holding `rows`, in the order given."""
    out = io.StringIO()
    out.write(_record(FIELDS))
    for row in rows:
        out.write(
            _record(
                (
                    row.journey,
                    row.stage or "",
                    row.metric,
                    row.segment or "",
                    row.text,
                    "" if row.responses is None else str(row.responses),
                    row.note or "",
                )
            )
        )
    return out.getvalue()


def _record(fields: tuple[str, ...]) -> str:
    """One CSV line, as the snapshot reader reads it back: a field is quoted when it
    holds a comma, a quote or a line break of either kind (the csv module quotes only
    the line ending it writes, so a note's carriage return came out bare)."""
    return ",".join(_quoted(field) for field in fields) + "\n"


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"' if _NEEDS_QUOTES.search(field) else field


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def snapshot_path(content_dir: Path, date: dt.date) -> Path:
    """Where the snapshot of `date` lives."""
    return content_dir / "snapshots" / f"{date.isoformat()}.csv"


def write_snapshot(target: Path, rows: tuple[Measurement, ...], *, replace: bool) -> bool:
    """Write checked rows as the snapshot file `target`, all at once; False if it exists.

    Shared by every command that makes snapshots (`import-snapshot`, `pull`), so that
    they write the same columns with the same guarantees. The text goes to a
    temporary file beside the target, then is hard-linked to the target's name:
    creating a link never replaces a file, so a snapshot another job wrote in the
    meantime is kept (unless `replace`), and False says so. The temporary file is
    removed on every way out, Ctrl-C included. Raises OSError (the snapshots folder
    is a symbolic link, permissions, a full disk).
    """
    if snapshot_date(target.name) is None:  # the loader would refuse the file by its name
        raise ValueError(
            f"{target.name}: a snapshot is named by its date, between {MIN_DATE.year} and "
            f"{MAX_DATE.year}: nothing was written"
        )
    folder = writable_folder(target.parent.parent, target.parent.name)
    data = snapshot_text(rows).encode("utf-8")
    return write_atomically(folder / target.name, data, replace=replace, durable=True)
