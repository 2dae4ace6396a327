"""The `journeymap` command line: content checks and chores, without building a site."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from journeymap.analysis.history_wording import quoted
from journeymap.analysis.teams import Teams
from journeymap.commands import mermaid
from journeymap.commands.drafts import DraftError, draft_next_version
from journeymap.commands.imports import (
    ImportRefused,
    encoding_problem,
    import_snapshot,
    parse_mapping,
    snapshot_text,
)
from journeymap.commands.pull import PullFailed, PullRefused, pull
from journeymap.content import limits
from journeymap.content.documents import decode, read_text
from journeymap.content.loader import load_content
from journeymap.content.model import build_date
from journeymap.content.problems import ContentError, Problems, one_line
from journeymap.content.schema import SCHEMAS, SLUG_PATTERN, json_schema
from journeymap.content.snapshots import future_snapshots
from journeymap.engines import zensical
from journeymap.formatting import plural, shown_path
from journeymap.i18n import _, ngettext
from journeymap.site import options

EXIT_ENVIRONMENT = 2
"""A wrong command line (argparse's own code), or the machine refused: permissions, a
full disk, an interruption."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; never a traceback: one line per problem and the exit code."""
    # A CI job cancelled with SIGTERM gets the same clean-up and message as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    # The one place that words an interruption or a refusal of the machine and picks
    # its exit code: commands let both through, so they exit alike.
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("journeymap: interrupted; nothing was left half-written", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except BrokenPipeError:
        # `journeymap schema | head`: the reader has what it wanted. Python would report
        # the pipe again when it flushes stdout at exit, so point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"journeymap: {_os_error(error)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _os_error(error: OSError) -> str:
    """`path: what went wrong`, in one line, for a file-system error."""
    if error.filename is None:  # a full disk: the reason alone, without `[Errno 28]`
        return one_line(error.strerror or str(error))
    return one_line(f"{error.filename}: {error.strerror or error}")


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per function below, in the order `--help`
    lists them; each sets `run`, the call that does its work."""
    parser = argparse.ArgumentParser(
        prog="journeymap", description="Living customer journey maps for MkDocs."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_validate,
        _add_new_version,
        _add_import_snapshot,
        _add_pull,
        _add_import_mermaid,
        _add_schema,
        _add_generate,
    ):
        add(commands)
    return parser


_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""Where each command adds its own parser."""


def _add_validate(commands: _Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check the content folder and report every problem",
        description="Run the checks of a site build without building: exit 0 when the "
        "content is clean, 1 when it has problems (listed as path:line: where: what).",
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on warnings too (a snapshot dated after the build date), as "
        "`mkdocs build --strict` does: run it this way in CI before the build",
    )
    validate.add_argument(
        "--max-media-mb",
        type=_megabytes,
        default=limits.DEFAULT_MAX_MEDIA_MB,
        metavar="MB",
        help="the size limit of one file under media/, as the site's max_media_mb "
        f"(default: {limits.DEFAULT_MAX_MEDIA_MB})",
    )
    _add_content_folder(validate)
    validate.set_defaults(
        run=lambda a: _validate(a.content, int(a.max_media_mb * 1e6), strict=a.strict)
    )


def _add_new_version(commands: _Commands) -> None:
    new_version = commands.add_parser(
        "new-version",
        help="start the next version of a journey from its newest one",
        description="Write journeys/<journey>/v<N+1>.yml: a copy of the newest version with "
        "`version`, `effective` (today) and an empty `summary` to fill in. Never overwrites.",
    )
    new_version.add_argument("journey", help="the journey id")
    _add_content_folder(new_version)
    new_version.set_defaults(run=lambda a: _new_version(a.content, a.journey))


def _add_import_snapshot(commands: _Commands) -> None:
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
        "--dry-run",
        action="store_true",
        help="check every row, then print the snapshot instead of writing it",
    )
    importer.add_argument(
        "--encoding",
        type=_encoding,
        metavar="NAME",
        help="the export's text encoding when it is not UTF-8: cp1252 for Excel's usual "
        "CSV on Windows (default: UTF-8, or UTF-16 when the file starts with its mark)",
    )
    importer.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="rename an export column to a snapshot field (journey, stage, metric, segment, "
        "value, responses, note); COLUMN= drops a column; repeat for each column",
    )
    _add_content_folder(importer)
    importer.set_defaults(
        run=lambda a: _import(
            a.export, a.date, a.content, a.map, a.replace, a.encoding, dry_run=a.dry_run
        )
    )


def _add_pull(commands: _Commands) -> None:
    puller = commands.add_parser(
        "pull",
        help="query the databases of sources.yml and write snapshots/<date>.csv",
        description="Run each source's query read-only with :as_of bound to the date, check "
        "every row, merge the sources and write snapshots/<date>.csv (atomically). Exit 0 "
        "when written, 1 on problems (nothing written). Database URLs come from the "
        "environment variables that sources.yml names, and are never printed.",
    )
    puller.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="the sources to pull (default: all)"
    )
    puller.add_argument("--date", type=_date, help="the snapshot date, YYYY-MM-DD (default: today)")
    puller.add_argument(
        "--replace", action="store_true", help="overwrite an existing snapshot of that date"
    )
    puller.add_argument(
        "--dry-run",
        action="store_true",
        help="query and check, then print the snapshot instead of writing it",
    )
    _add_content_folder(puller)
    puller.set_defaults(run=lambda a: _pull(a.content, a.sources, a.date, a.replace, a.dry_run))


def _add_import_mermaid(commands: _Commands) -> None:
    mermaid_import = commands.add_parser(
        "import-mermaid",
        help="start a journey from a Mermaid journey diagram",
        description="Write journeys/<id>/v1.yml from a Mermaid `journey` diagram: sections "
        "become phases, tasks stages (score = emotion), actors personas (added to "
        "personas.yml when missing). Refuses an existing journey.",
    )
    mermaid_import.add_argument(
        "file", type=_input_file, metavar="FILE", help="the diagram, or - for stdin"
    )
    mermaid_import.add_argument("--id", required=True, help="the new journey's id")
    _add_content_folder(mermaid_import)
    mermaid_import.set_defaults(run=lambda a: _import_mermaid(a.file, a.id, a.content))


def _add_schema(commands: _Commands) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a content file, for editors",
        description="Print the JSON Schema of journey version files (or of metrics.yml or "
        "personas.yml), from the same models that validate them.",
    )
    schema.add_argument(
        "kind", nargs="?", default="journey", choices=sorted(SCHEMAS), help="default: journey"
    )
    schema.set_defaults(run=lambda a: _schema(a.kind))


def _add_generate(commands: _Commands) -> None:
    generate = commands.add_parser(
        "generate",
        help="write the site's journey pages and files into docs_dir, for Zensical",
        description="Check the content as a build does, then write every page and file the "
        "MkDocs plugin adds (maps, stages, versions, history, changes, health, metrics, "
        "redirects, feed, objects.inv, map.json, badges, Mermaid, the stylesheet) into the "
        "docs_dir of CONFIG, for `zensical build`. Replaces and removes only files it wrote "
        "(listed in docs_dir/.journeymap-generated.json). Exit 0 when written, 1 on problems "
        "(nothing written).",
    )
    generate.add_argument(
        "--config",
        default="mkdocs.yml",
        type=_config_file,
        metavar="CONFIG",
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    generate.set_defaults(run=lambda a: _generate(a.config))


def _add_content_folder(command: argparse.ArgumentParser) -> None:
    """`--content`, last, for every command that reads the content folder."""
    command.add_argument(
        "--content",
        default="content",
        type=Path,
        metavar="DIR",
        help="the content folder (default: ./content)",
    )


def _schema(kind: str) -> int:
    print(json.dumps(json_schema(kind), indent=2))
    return 0


def _import_mermaid(source: str, journey_id: str, content_dir: Path) -> int:
    problems = Problems()
    text = _read_diagram(source, problems)
    if text is None:
        print(ContentError(list(problems)), file=sys.stderr)
        return 1
    diagram = mermaid.parse(text, "<stdin>" if source == "-" else source, problems)
    if not re.fullmatch(SLUG_PATTERN, journey_id):
        problems.add(
            "--id",
            0,
            "",
            f"'{journey_id}' is not a valid id: use lowercase letters, digits and single hyphens",
        )
    if problems:
        print(ContentError(list(problems)), file=sys.stderr)
        return 1
    personas = content_dir / "personas.yml"
    before = personas.read_text(encoding="utf-8") if personas.exists() else None
    try:
        written = mermaid.write_journey(
            mermaid.to_journey(diagram, journey_id, build_date()), content_dir, Path.cwd()
        )
        load_content(content_dir, display_root=Path.cwd(), today=build_date())
    except mermaid.MermaidRefused as error:
        print(error, file=sys.stderr)
        return 1
    except ContentError as error:
        # The content does not validate with the new journey in it: put everything back.
        shutil.rmtree(content_dir / "journeys" / journey_id, ignore_errors=True)
        if before is None:
            personas.unlink(missing_ok=True)
        else:
            personas.write_text(before, encoding="utf-8")
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"  {len(diagram.tasks)} stages; check titles and ids, then run `journeymap validate`")
    return 0


def _read_diagram(source: str, problems: Problems) -> str | None:
    """The diagram's text from the file, or stdin for `-`; None (and a problem) if unreadable."""
    if source != "-":
        return read_text(Path(source), source, problems, limit=limits.MAX_DIAGRAM_BYTES)
    # No further than a diagram file may be: stdin could be an endless stream.
    raw = sys.stdin.buffer.read(limits.MAX_DIAGRAM_BYTES + 1)
    if len(raw) > limits.MAX_DIAGRAM_BYTES:
        size = limits.MAX_DIAGRAM_BYTES // (1024 * 1024)
        problems.add("<stdin>", 1, "", f"is larger than {size} MB, the limit for a diagram")
        return None
    return decode(raw, "<stdin>", problems)


def _generate(config: Path) -> int:
    try:
        done = zensical.generate(config)
    except (ContentError, zensical.GenerateError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"journeymap: {done.summary}")
    if done.language_note:
        print(f"journeymap: {done.language_note}")
    counts = _(
        "%(folder)s/: %(written)s, %(changed)s, %(removed)s, %(unchanged)s",
        folder=shown_path(done.docs_dir),
        written=ngettext("%(num)d file written", "%(num)d files written", len(done.written)),
        changed=ngettext("%(num)d changed", "%(num)d changed", len(done.changed)),
        removed=ngettext("%(num)d removed", "%(num)d removed", len(done.removed)),
        unchanged=ngettext("%(num)d unchanged", "%(num)d unchanged", len(done.unchanged)),
    )
    print(f"journeymap: {counts}")
    if done.health:
        print(f"journeymap: {done.health}")
    for notice in done.notices:
        print(f"journeymap: warning: {notice}", file=sys.stderr)
    for warning in done.failing:  # the kinds the site names in `fail_on`: CI stops here
        print(f"journeymap: {warning}", file=sys.stderr)
    return 1 if done.failing else 0


def _date(text: str) -> dt.date:
    """A date of a snapshot: within the years its file may be named for."""
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-16") from None
    if not limits.MIN_DATE <= date <= limits.MAX_DATE:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not between {limits.MIN_DATE.year} and {limits.MAX_DATE.year}, "
            "the years a snapshot may be dated"
        )
    return date


def _encoding(name: str) -> str:
    if problem := encoding_problem(name):
        raise argparse.ArgumentTypeError(problem)
    return name


def _input_file(text: str) -> str:
    """A file to read, `-` or a path; a folder, a device or a FIFO is refused before
    reading (a device never ends, a FIFO waits for a writer). A missing file is left
    to the command, which says so as it says every problem of reading."""
    if text != "-" and os.path.exists(text):
        kind = os.stat(text).st_mode
        if stat.S_ISDIR(kind):
            raise argparse.ArgumentTypeError(f"{text}: is a folder: name a file")
        if not stat.S_ISREG(kind):
            raise argparse.ArgumentTypeError(f"{text}: is not a regular file: name a file")
    return text


def _config_file(text: str) -> Path:
    return Path(_input_file(text))


def _megabytes(text: str) -> float:
    """`--max-media-mb`, within the bounds of the site's `max_media_mb` option."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size in megabytes, like 20") from None
    if problem := options.problem("max_media_mb", value):
        raise argparse.ArgumentTypeError(problem)
    return value


def _import(
    export: Path,
    date: dt.date,
    content: Path,
    pairs: list[str],
    replace: bool,
    encoding: str | None,
    *,
    dry_run: bool,
) -> int:
    try:
        imported = import_snapshot(
            export,
            date,
            content,
            mapping=parse_mapping(pairs),
            replace=replace,
            display_root=Path.cwd(),
            today=build_date(),
            encoding=encoding,
            dry_run=dry_run,
        )
    except (ContentError, ImportRefused, ValueError) as error:
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    if dry_run:  # as `pull --dry-run`: the snapshot on stdout, what would happen on stderr
        sys.stdout.write(snapshot_text(imported.rows))
        print(
            f"dry run: {imported.path} would have {plural(len(imported.rows), 'row')}; "
            "nothing was written",
            file=sys.stderr,
        )
        if imported.path.exists() and not replace:
            print("  (it exists: writing it needs --replace)", file=sys.stderr)
        return 0
    print(f"wrote {imported.path}: {plural(len(imported.rows), 'row')}")
    for (journey, metric), count in sorted(imported.counts().items()):
        print(f"  {journey:<24} {metric:<20} {count:>5}")
    return 0


def _pull(
    content: Path, names: list[str], date: dt.date | None, replace: bool, dry_run: bool
) -> int:
    def say(line: str) -> None:  # progress goes to stderr: stdout may be the snapshot
        print(line, file=sys.stderr, flush=True)

    try:
        today = build_date()
        pulled = pull(
            content,
            date or today,
            names=names,
            replace=replace,
            dry_run=dry_run,
            display_root=Path.cwd(),
            today=today,
            environ=os.environ,
            say=say,
        )
    except (ContentError, PullRefused, PullFailed, ValueError) as error:
        print(error, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    shown = shown_path(pulled.path)
    if dry_run:
        sys.stdout.write(snapshot_text(pulled.rows))
        say(f"dry run: {shown} would have {len(pulled.rows)} rows; nothing was written")
        if pulled.path.exists():
            say("  (it exists: writing it needs --replace)")
        return 0
    print(f"wrote {shown}: {len(pulled.rows)} rows")
    for (journey, metric), count in sorted(pulled.counts().items()):
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


def _validate(content_dir: Path, max_media_bytes: int, *, strict: bool) -> int:
    try:
        today = build_date()
        content = load_content(
            content_dir, display_root=Path.cwd(), today=today, max_media_bytes=max_media_bytes
        )
    except (ContentError, ValueError) as error:  # ValueError: a bad SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    journeys = content.journeys.values()
    versions = sum(len(j.versions) for j in journeys)
    snapshots = len(content.snapshots.dates)
    counts = [
        (len(journeys), "journey"),
        (versions, "version"),
        (len(content.personas), "persona"),
        (len(content.metrics), "metric"),
        (snapshots, "snapshot"),
    ]
    summary = ", ".join(plural(n, noun) for n, noun in counts)
    for note in content.ignored:
        print(f"info: {note}", file=sys.stderr)
    warnings = future_snapshots(content.snapshots, today)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for notice in content.notices:
        print(f"warning: {notice}", file=sys.stderr)
    for team in Teams(content).merged():
        print(
            one_line(
                f"info: owners {quoted(team.spellings)} are one team, "
                f"shown as '{team.name}' on teams/{team.slug}/"
            )
        )
    if strict and warnings:
        # `mkdocs build --strict` fails on these: CI should hear it here, first.
        print(f"{content_dir}: {plural(len(warnings), 'warning')}, fatal with --strict")
        return 1
    print(f"{content_dir}: {summary} ({len(content.snapshots)} values): no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
