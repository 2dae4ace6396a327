"""The `journeymap` command line: content checks and chores, without building a site."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from .drafts import DraftError, draft_next_version
from .imports import ImportRefused, import_snapshot, parse_mapping
from .loader import load_content
from .model import build_date
from .problems import ContentError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="journeymap", description="Living customer journey maps for MkDocs."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check the content folder and report every problem",
        description="Run the checks of a site build without building: exit 0 when the "
        "content is clean, 1 when it has problems (listed as path:line: where: what).",
    )
    new_version = commands.add_parser(
        "new-version",
        help="start the next version of a journey from its newest one",
        description="Write journeys/<journey>/v<N+1>.yml: a copy of the newest version with "
        "`version`, `effective` (today) and an empty `summary` to fill in. Never overwrites.",
    )
    new_version.add_argument("journey", help="the journey id")
    importer = commands.add_parser(
        "import-snapshot",
        help="turn a BI export into snapshots/<date>.csv, checking every row first",
        description="Check every row of EXPORT against the content, then write "
        "snapshots/<date>.csv (atomically). Accepts , or ; as delimiter and decimal commas. "
        "Exit 0 when written, 1 on problems (nothing written).",
    )
    importer.add_argument("export", type=Path, metavar="EXPORT.csv")
    importer.add_argument("--date", required=True, type=_date, help="the snapshot date, YYYY-MM-DD")
    importer.add_argument(
        "--replace", action="store_true", help="overwrite an existing snapshot of that date"
    )
    importer.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="rename an export column to a snapshot field (journey, stage, metric, segment, "
        "value, responses, note); COLUMN= drops a column; repeat for each column",
    )
    for command in (validate, new_version, importer):
        command.add_argument(
            "--content",
            default="content",
            type=Path,
            metavar="DIR",
            help="the content folder (default: ./content)",
        )
    args = parser.parse_args(argv)
    if args.command == "new-version":
        return _new_version(args.content, args.journey)
    if args.command == "import-snapshot":
        return _import(args.export, args.date, args.content, args.map, args.replace)
    return _validate(args.content)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-16") from None


def _import(export: Path, date: dt.date, content: Path, pairs: list[str], replace: bool) -> int:
    try:
        imported = import_snapshot(
            export,
            date,
            content,
            mapping=parse_mapping(pairs),
            replace=replace,
            display_root=Path.cwd(),
            today=build_date(),
        )
    except (ContentError, ImportRefused, ValueError) as error:
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    print(f"wrote {imported.path}: {len(imported.rows)} rows")
    for (journey, metric), count in sorted(imported.counts().items()):
        print(f"  {journey:<24} {metric:<20} {count:>5}")
    return 0


def _new_version(content_dir: Path, journey: str) -> int:
    try:
        draft = draft_next_version(content_dir, journey, build_date())
    except (DraftError, ValueError) as error:  # ValueError: a bad SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {draft.path}: version {draft.version}, effective {draft.effective}")
    if draft.moved_date:
        print("  (the day after the newest version's effective date, which is not past yet)")
    print(
        "  next: say why the map changes in `summary`, edit the journey, then run "
        "`journeymap validate`"
    )
    return 0


def _validate(content_dir: Path) -> int:
    try:
        today = build_date()
        content = load_content(content_dir, display_root=Path.cwd(), today=today)
    except (ContentError, ValueError) as error:  # ValueError: a bad SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    journeys = content.journeys.values()
    versions = sum(len(j.versions) for j in journeys)
    snapshots = len({m.date for m in content.measurements})
    counts = [
        (len(journeys), "journey"),
        (versions, "version"),
        (len(content.personas), "persona"),
        (len(content.metrics), "metric"),
        (snapshots, "snapshot"),
    ]
    summary = ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
    print(f"{content_dir}: {summary} ({len(content.measurements)} values): no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
