"""The `journeymap` command line: content checks without building a site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
    validate.add_argument(
        "--content",
        default="content",
        type=Path,
        metavar="DIR",
        help="the content folder (default: ./content)",
    )
    args = parser.parse_args(argv)
    return _validate(args.content)


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
