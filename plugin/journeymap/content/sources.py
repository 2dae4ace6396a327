"""`sources.yml`: the databases `journeymap pull` reads, checked without connecting.

Each source names the environment variable that holds its database URL (never the
URL itself), a query given inline or in a file of the content folder, how result
columns map to snapshot columns, and a time limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from journeymap.content import limits, rules
from journeymap.content.documents import Document, decode, load_yaml
from journeymap.content.model import SourceQuery
from journeymap.content.problems import Problems, did_you_mean, quote_list
from journeymap.content.schema import Source, SourcesFile
from journeymap.content.snapshot_columns import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from journeymap.content.validation import validate

SOURCES_FILE = "sources.yml"

SNAPSHOT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


def load_sources(
    root: Path, show: Callable[[Path], str], problems: Problems
) -> dict[str, SourceQuery] | None:
    """The sources of `root/sources.yml` by id: {} when absent, None when it has problems."""
    path = root / SOURCES_FILE
    if not path.exists():
        return {}
    document = load_yaml(path, show(path), problems)
    parsed = validate(document, SourcesFile, problems) if document else None
    if document is None or parsed is None:
        return None
    before = len(problems)
    ids = [source.id for source in parsed.sources]
    rules.check_unique(ids, document, ("sources",), problems, "sources")
    found = {}
    for index, source in enumerate(parsed.sources):
        sql = _query(root, show, source, document, ("sources", index), problems)
        _check_columns(source, document, ("sources", index, "columns"), problems)
        if sql is not None:
            found[source.id] = SourceQuery(
                source.id, source.url_env, sql, dict(source.columns), float(source.timeout_s)
            )
    return found if len(problems) == before else None


def query_folders(root: Path) -> set[str]:
    """Top-level folders that hold query files (part of the content, not stray files)."""
    path = root / SOURCES_FILE
    document = load_yaml(path, SOURCES_FILE, Problems()) if path.is_file() else None
    entries = document.data.get("sources") if document and isinstance(document.data, dict) else []
    folders = set()
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("query_file") if isinstance(entry, dict) else None
        parts = PurePosixPath(name).parts if isinstance(name, str) else ()
        if len(parts) > 1:
            folders.add(parts[0])
    return folders


def _query(
    root: Path,
    show: Callable[[Path], str],
    source: Source,
    document: Document,
    loc: tuple[str | int, ...],
    problems: Problems,
) -> str | None:
    """The source's SQL, inline or from its file; None (reported) when there is none."""
    if (source.query is None) == (source.query_file is None):
        document.report(problems, loc, "give the query in `query` or in `query_file` (one of them)")
        return None
    if source.query is not None:
        if not source.query.strip():
            document.report(problems, (*loc, "query"), "must not be empty")
            return None
        return source.query
    name = source.query_file or ""
    where = (*loc, "query_file")
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or "\\" in name:
        document.report(
            problems,
            where,
            f"'{name}' must be a path inside the content folder, like queries/a.sql",
        )
        return None
    path = root / relative
    try:
        inside = path.resolve().is_relative_to(root.resolve())
        size = path.stat().st_size if path.is_file() else None
    except OSError as error:
        document.report(problems, where, f"'{name}' cannot be read: {error.strerror}")
        return None
    if not inside:
        document.report(problems, where, f"'{name}' leads outside the content folder")
        return None
    if size is None:
        document.report(problems, where, f"'{name}' is not a file of the content folder")
        return None
    if size > limits.MAX_QUERY_BYTES:
        document.report(
            problems,
            where,
            f"'{name}' is larger than {limits.MAX_QUERY_BYTES:,} bytes: is it a query?",
        )
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        document.report(problems, where, f"'{name}' cannot be read: {error.strerror}")
        return None
    sql = decode(raw, show(path), problems)
    if sql is not None and not sql.strip():
        problems.add(show(path), 1, "", "is empty: write the source's query in it")
        return None
    return sql


def _check_columns(
    source: Source, document: Document, loc: tuple[str | int, ...], problems: Problems
) -> None:
    """`columns` maps snapshot columns (its keys) to result columns; two keys, one column."""
    for column in source.columns:
        if column not in SNAPSHOT_COLUMNS:
            document.report(
                problems,
                (*loc, column),
                f"'{column}' is not a snapshot column"
                + did_you_mean(column, SNAPSHOT_COLUMNS)
                + f"; columns are {quote_list(SNAPSHOT_COLUMNS)} (write the snapshot column "
                "first, then the query's: `value: avg_score`)",
            )
    taken: dict[str, str] = {}
    for column, result in source.columns.items():
        if result in taken:
            document.report(
                problems,
                (*loc, column),
                f"result column '{result}' is already mapped to '{taken[result]}'",
            )
        taken[result] = column
