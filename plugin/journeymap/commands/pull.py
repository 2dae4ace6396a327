"""`journeymap pull`: metric rows from the team's databases, checked, written as one snapshot.

Each source of `sources.yml` is queried read-only, with `:as_of` bound to the
snapshot date and a time limit; every row of every source is checked with the
snapshot rules before anything is written, and the snapshot is written with the
same function (and guarantees) as `import-snapshot`. Database URLs come from
environment variables and never appear in output: every message that may quote a
database's words is masked first.

SQLAlchemy and the drivers are optional extras, imported only when a pull runs.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from journeymap.commands.imports import Imported, write_snapshot
from journeymap.content import limits
from journeymap.content.loader import load_content
from journeymap.content.model import Content, SourceQuery
from journeymap.content.problems import Problems, did_you_mean, quote_list
from journeymap.content.series import Measurement
from journeymap.content.snapshots import SnapshotReader
from journeymap.content.sources import SOURCES_FILE
from journeymap.formatting import plural, shown_path

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

EXTRAS = {"postgresql": "postgres", "duckdb": "duckdb"}
"""The journeymap extra that installs the driver of each database kind it knows."""

_SECRET_PARAMETERS = ("pass", "pwd", "token", "secret", "key", "auth", "credential")


class PullRefused(Exception):
    """The pull cannot go ahead (nothing was written); the message says why."""


class PullFailed(Exception):
    """Sources failed or returned bad rows (nothing was written); every problem is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = plural(len(self.problems), "problem")
        super().__init__(f"{count} found:\n" + "\n".join(self.problems))


def pull(
    content_dir: Path,
    date: dt.date,
    *,
    names: Sequence[str],
    replace: bool,
    dry_run: bool,
    display_root: Path,
    today: dt.date,
    environ: Mapping[str, str],
    say: Callable[[str], None],
) -> Imported:
    """Query the named sources (all when none is named), check and merge their rows,
    and write `snapshots/<date>.csv` unless `dry_run`.

    Raises ContentError, PullRefused or PullFailed (with every problem); writes nothing then.
    """
    content = load_content(content_dir, display_root=display_root, today=today)
    sources = _chosen(content.sources, names, shown_path(content_dir / SOURCES_FILE, display_root))
    target = content_dir / "snapshots" / f"{date.isoformat()}.csv"
    if target.exists() and not replace and not dry_run:
        raise PullRefused(
            f"{shown_path(target, display_root)} already exists: pass --replace to overwrite it"
        )
    missing = [
        f"source '{s.id}': the environment variable {s.url_env} is not set: "
        "set it to the database URL (in CI, from a secret)"
        for s in sources
        if not environ.get(s.url_env, "").strip()
    ]
    if missing:
        raise PullFailed(missing)
    try:
        import sqlalchemy  # noqa: F401  (an optional extra: checked before any query runs)
    except ImportError:
        raise PullRefused(
            "`journeymap pull` needs SQLAlchemy: pip install 'journeymap[pull]' "
            "(or 'journeymap[postgres]', 'journeymap[duckdb]', which include it)"
        ) from None
    problems: list[str] = []
    pulled: list[tuple[str, list[Measurement]]] = []
    for source in sources:
        rows = _pull_one(source, environ[source.url_env], date, content, problems, say)
        pulled.append((source.id, rows))
    merged = _merge(pulled, problems)
    if problems:
        raise PullFailed(problems)
    if not merged:
        raise PullRefused(f"no rows for {date.isoformat()}: the queries returned nothing")
    if not dry_run and not write_snapshot(target, merged, replace=replace):
        raise PullRefused(
            f"{shown_path(target, display_root)} appeared while pulling: "
            "pass --replace to overwrite it"
        )
    return Imported(target, merged)


def _chosen(
    sources: dict[str, SourceQuery], names: Sequence[str], display: str
) -> list[SourceQuery]:
    """The sources to pull, in file order: the named ones, or all of them."""
    if not sources:
        raise PullRefused(
            f"{display}: no sources: add the database to read (see guide/warehouse.md)"
        )
    unknown = [name for name in names if name not in sources]
    if unknown:
        raise PullRefused(
            "; ".join(
                f"'{name}' is not a source of {display}" + did_you_mean(name, sources)
                for name in unknown
            )
            + f"; sources are {quote_list(sources)}"
        )
    return [source for source in sources.values() if not names or source.id in names]


def _pull_one(
    source: SourceQuery,
    url: str,
    date: dt.date,
    content: Content,
    problems: list[str],
    say: Callable[[str], None],
) -> list[Measurement]:
    """The good rows of one source; every problem (masked, naming it) into `problems`."""
    mask = _Mask(url)
    say(f"{source.id}: running the query (time limit {source.timeout_s:g} s)")
    started = time.monotonic()
    try:
        columns, records = _query(source, url, date, say)
    except _SourceError as error:
        where = f", row {error.row}" if error.row else ""
        problems.append(f"source '{source.id}'{where}: {mask(str(error))}")
        say(f"{source.id}: failed")
        return []
    found = Problems()
    reader = SnapshotReader(
        date, source.id, content.journeys, content.metrics, found, frozenset(), record="row"
    )
    names = [_snapshot_column(name, source.columns) for name in columns]
    rows = list(reader.rows(_records(names, records)))
    missing = [f"'{result}'" for result in source.columns.values() if result not in columns]
    if missing:
        problems.append(
            f"source '{source.id}': `columns` names {', '.join(missing)}, which the query does "
            f"not return; it returns {quote_list(columns)}"
        )
    for problem in found:
        where = f", row {problem.line}" if problem.line else ""
        problems.append(mask(f"source '{source.id}'{where}: {problem.what}"))
    seconds = time.monotonic() - started
    bad = f", {plural(len(found), 'problem')}" if found else ""
    say(f"{source.id}: {plural(len(records), 'row')} in {seconds:.1f} s{bad}")
    return rows


def _snapshot_column(result: str, columns: dict[str, str]) -> str:
    """The snapshot column a result column fills (`columns` maps snapshot -> result)."""
    for snapshot, mapped in columns.items():
        if mapped == result:
            return snapshot
    return result


def _records(header: list[str], rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The result as snapshot records: the header as record 0, then rows 1, 2, ..."""
    yield 0, header
    yield from enumerate(rows, start=1)


def _merge(
    pulled: list[tuple[str, list[Measurement]]], problems: list[str]
) -> tuple[Measurement, ...]:
    """Every source's rows in one snapshot; a key two sources both give is a problem."""
    first: dict[tuple[str, str | None, str, str | None], tuple[str, int]] = {}
    merged: list[Measurement] = []
    for source, rows in pulled:
        for row in rows:
            key = (row.journey, row.stage, row.metric, row.segment)
            if key in first:
                other, line = first[key]
                problems.append(
                    f"source '{source}', row {row.line}: source '{other}', row {line} gives the "
                    "same journey, stage, metric and segment "
                    f"({row.journey}, {row.stage or 'journey level'}, {row.metric}, "
                    f"{row.segment or 'all customers'}): one source must own each value"
                )
                continue
            first[key] = (source, row.line)
            merged.append(row)
    # A stable order, whatever the queries' order: a refreshed snapshot diffs cleanly.
    merged.sort(key=lambda r: (r.journey, r.stage or "", r.metric, r.segment or ""))
    return tuple(merged)


class _SourceError(Exception):
    """One source failed; the message may quote the database and is masked before use."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.row = row
        """The row of the result the message is about (from 1); 0 for the whole source."""


class _Mask:
    """Replaces the database URL and the secrets in it with *** in any text."""

    def __init__(self, url: str) -> None:
        secrets = {url.strip()}
        parsed = _parse_url(url)
        if parsed is not None:
            secrets.add(parsed.render_as_string(hide_password=False))
            if parsed.password:
                secrets.update({parsed.password, quote(parsed.password, safe="")})
            for name, value in parsed.query.items():
                if any(word in name.lower() for word in _SECRET_PARAMETERS):
                    values = (value,) if isinstance(value, str) else value
                    secrets.update(values)
        self.secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def _parse_url(text: str) -> URL | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(text.strip())
    except (ArgumentError, ValueError):
        return None


def _query(
    source: SourceQuery, url_text: str, date: dt.date, say: Callable[[str], None]
) -> tuple[list[str], list[list[str]]]:
    """Run the source's query read-only within its time limit: (column names, rows)."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    url = _parse_url(url_text)
    if url is None:
        raise _SourceError(
            f"{source.url_env} does not hold a database URL: set it to a SQLAlchemy URL "
            "such as postgresql+psycopg://reader@warehouse.example/cx"
        )
    url = _driver_url(url)
    backend = url.get_backend_name()
    install = f"pip install 'journeymap[{EXTRAS[backend]}]'" if backend in EXTRAS else None
    try:
        engine = sa.create_engine(url, poolclass=NullPool, connect_args=_connect_args(url))
    except sa.exc.NoSuchModuleError:
        if install:
            raise _SourceError(f"the {backend} driver is not installed: {install}") from None
        raise _SourceError(
            f"{source.url_env} names the database kind '{url.drivername}', which SQLAlchemy "
            "does not know (is the driver installed?)"
        ) from None
    except ImportError as error:
        hint = install or f"install the SQLAlchemy driver for {backend} ({error.name})"
        raise _SourceError(f"the {backend} driver is not installed: {hint}") from None
    statement = sa.text(source.sql)
    try:
        statement = statement.bindparams(sa.bindparam("as_of", date, type_=sa.Date))
    except sa.exc.ArgumentError:  # the query has no :as_of: legitimate, but worth a word
        say(f"{source.id}: the query does not use :as_of: its rows are the same for any date")
    stage = "connect to the database"
    timer = _Deadline(source.timeout_s)
    try:
        with engine.connect() as connection:
            stage = "prepare a read-only query"
            if not _read_only(connection, backend, source.timeout_s, timer):
                say(
                    f"{source.id}: journeymap cannot make a {backend} query read-only or "
                    "time-limited: give this source a database user that can only read"
                )
            stage = "run the query"
            with timer:
                # A server-side cursor where there is one: rows arrive in batches, so the
                # row limit stops a runaway result before it fills memory.
                result = connection.execution_options(stream_results=True).execute(statement)
                if not result.returns_rows:
                    raise _SourceError("the query returns no result: write a SELECT")
                columns = [str(name) for name in result.keys()]  # noqa: SIM118 (a Result, not a dict)
                rows = _fetched(columns, iter(lambda: result.fetchmany(_BATCH), []))
            connection.rollback()  # never commit: nothing of a pull may change the database
    except sa.exc.DBAPIError as error:
        if timer.expired or _is_timeout(error):
            raise _SourceError(
                f"the query ran longer than its time limit of {source.timeout_s:g} s and was "
                "cancelled (raise timeout_s in sources.yml, or make the query faster)"
            ) from None
        if backend == "sqlite" and str(error.orig).startswith(_SQLITE_REFUSALS):
            raise _SourceError(f"cannot {stage}: {_SQLITE_ONLY_READS}") from None
        raise _SourceError(f"cannot {stage}: {_words(error.orig)}") from None
    except sa.exc.SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        raise _SourceError(f"cannot {stage}: {_words(cause)}") from None
    finally:
        engine.dispose()
    return columns, rows


_BATCH = 100
"""Rows fetched at a time: what is held before the limits below are checked."""
_AGGREGATE = "aggregate in the query (one row per journey, stage, metric and segment)"


def _fetched(columns: list[str], batches: Iterator[Sequence[Any]]) -> list[list[str]]:
    """The rows as snapshot fields, within the limits of a snapshot file: stopped at the
    first row over one, so that a runaway result never fills memory or the snapshot."""
    for name in columns:
        if len(name) > limits.MAX_CSV_FIELD_CHARS:
            raise _SourceError(
                f"a column's name is longer than {limits.MAX_CSV_FIELD_CHARS:,} characters, "
                "the limit of a snapshot field"
            )
    rows: list[list[str]] = []
    size = 0
    for batch in batches:
        for row in batch:
            number = len(rows) + 1
            if number > limits.MAX_PULLED_ROWS:
                raise _SourceError(
                    f"the query returns more than {limits.MAX_PULLED_ROWS:,} rows: {_AGGREGATE}"
                )
            # str() of a Decimal, float or int is a plain number ("4.10", "1e-05", "34");
            # NaN, infinity, booleans and dates come out as words the row checks reject.
            fields = ["" if value is None else str(value) for value in row]
            for name, field in zip(columns, fields, strict=True):
                if len(field) > limits.MAX_CSV_FIELD_CHARS:
                    raise _SourceError(
                        f"column '{name}' holds {len(field):,} characters, more than "
                        f"{limits.MAX_CSV_FIELD_CHARS:,}, the limit of a snapshot field",
                        row=number,
                    )
            size += sum(len(field.encode()) + 1 for field in fields)
            if size > limits.MAX_CSV_BYTES:
                megabytes = limits.MAX_CSV_BYTES // (1024 * 1024)
                raise _SourceError(
                    f"the rows so far are larger than {megabytes} MB, the limit of a "
                    f"snapshot file: {_AGGREGATE}",
                    row=number,
                )
            rows.append(fields)
    return rows


def _driver_url(url: URL) -> URL:
    """The URL as journeymap connects: the driver its extras install; SQLite files
    read-only; no DuckDB settings that would undo `_DUCKDB_SETTINGS`."""
    if url.drivername in ("postgres", "postgresql"):
        # SQLAlchemy's default PostgreSQL driver is psycopg2; `journeymap[postgres]` installs 3.
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "duckdb":
        # duckdb-engine lets the URL's parameters override the settings given at connect.
        locked = sorted(name for name in url.query if name.lower() in _DUCKDB_LOCKED)
        if locked:
            raise _SourceError(
                f"the URL sets {', '.join(locked)}: journeymap sets "
                + ("it" if len(locked) == 1 else "them")
                + " itself (a query reads the database and nothing else): remove "
                + ("it" if len(locked) == 1 else "them")
                + " from the URL"
            )
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database not in ("", ":memory:"):
        # mode=ro: no write can happen, and a mistyped path is an error instead of a new file.
        if url.query.get("uri") != "true":
            url = url.set(database="file:" + quote(database)).update_query_dict({"uri": "true"})
        return url.update_query_dict({"mode": "ro"})
    return url


_DUCKDB_SETTINGS = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
"""DuckDB's settings for a pull, given when it opens the database: the query reads the
database and nothing else (no `read_text('/proc/self/environ')`, `COPY ... TO`, ATTACH,
URLs or extensions). `_read_only` then locks the configuration, so that the query
cannot SET any of it back."""
_DUCKDB_LOCKED = {*_DUCKDB_SETTINGS, "lock_configuration"}


def _connect_args(url: URL) -> dict[str, Any]:
    backend, database = url.get_backend_name(), url.database or ""
    if backend == "duckdb":
        read_only = database not in ("", ":memory:")  # DuckDB refuses it for :memory:
        return {"config": dict(_DUCKDB_SETTINGS), **({"read_only": True} if read_only else {})}
    if backend == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_timeout": 15}
    return {}


def _read_only(connection: Connection, backend: str, timeout_s: float, deadline: _Deadline) -> bool:
    """Make the connection read-only, reaching nothing but the database, and time-limited;
    False if unknown how."""
    if backend == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        # Also the session's default and limit, should the query commit and go on.
        connection.exec_driver_sql(
            "SELECT set_config('default_transaction_read_only', 'on', false), "
            f"set_config('statement_timeout', '{max(1, round(timeout_s * 1000))}', false)"
        )
        _refuse_server_files(connection)
        return True
    if backend in ("sqlite", "duckdb"):
        if backend == "sqlite":
            connection.exec_driver_sql("PRAGMA query_only = ON")
            # Python's sqlite3 Connection: every later statement is checked as it is prepared.
            connection.connection.driver_connection.set_authorizer(_sqlite_authorizer)  # type: ignore[union-attr]
        else:
            # No progress bar on stdout (it may be the snapshot, with --dry-run); then
            # nothing more may change, _DUCKDB_SETTINGS included. (Neither can be given at
            # connect: DuckDB takes the progress bar only per connection.)
            connection.exec_driver_sql("SET enable_progress_bar = false")
            connection.exec_driver_sql("SET lock_configuration = true")
        # Neither has a statement timeout: a timer interrupts the query from another thread.
        deadline.interrupt = connection.connection.driver_connection.interrupt  # type: ignore[union-attr]
        return True
    return False


_SERVER_FILE_ROLES = ("pg_read_server_files", "pg_write_server_files", "pg_execute_server_program")


def _refuse_server_files(connection: Connection) -> None:
    """A read-only transaction still lets a superuser read the server's files
    (`pg_read_file`) and run programs: a pull refuses such a user."""
    user, superuser, *members = connection.exec_driver_sql(
        "SELECT current_user, rolsuper, "
        + ", ".join(f"pg_has_role(current_user, '{role}', 'member')" for role in _SERVER_FILE_ROLES)
        + " FROM pg_roles WHERE rolname = current_user"
    ).one()
    roles = [role for role, member in zip(_SERVER_FILE_ROLES, members, strict=True) if member]
    if superuser or roles:
        power = "a superuser" if superuser else "a member of " + " and ".join(roles)
        raise _SourceError(
            f"the database user '{user}' is {power}: its queries could read "
            "or write the server's files; give this source a user that can only read the "
            "tables it needs (see guide/warehouse.md)"
        )


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    """SQLite reads and computes, nothing else: no ATTACH (another file, or a new one),
    VACUUM INTO (a copy written anywhere), PRAGMA, or functions that reach outside."""
    import sqlite3

    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _SQLITE_DENIED else sqlite3.SQLITE_OK
    allowed = (
        sqlite3.SQLITE_SELECT,
        sqlite3.SQLITE_READ,
        sqlite3.SQLITE_RECURSIVE,
        sqlite3.SQLITE_TRANSACTION,  # BEGIN and ROLLBACK, which the driver may issue
    )
    return sqlite3.SQLITE_OK if action in allowed else sqlite3.SQLITE_DENY


_SQLITE_REFUSALS = ("not authorized", "authorization denied")
"""How SQLite's words begin when `_sqlite_authorizer` refuses a statement."""
_SQLITE_ONLY_READS = (
    "SQLite refused it: a pull's query only reads the database (SELECT, WITH), it cannot "
    "write, ATTACH another file, VACUUM INTO a file, set a PRAGMA or load an extension"
)
_SQLITE_DENIED = frozenset({"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"})
"""Functions that load code, expose memory addresses or touch files (the last three are
the sqlite3 shell's, should a build have them)."""


class _Deadline:
    """While active, calls `interrupt` once `seconds` have passed; `expired` tells if it did."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.interrupt: Callable[[], object] | None = None
        self.expired = False
        self._timer: threading.Timer | None = None

    def _fire(self) -> None:
        self.expired = True
        if self.interrupt is not None:
            self.interrupt()

    def __enter__(self) -> _Deadline:
        if self.interrupt is not None:
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _is_timeout(error: Exception) -> bool:
    """PostgreSQL's statement_timeout cancels with SQLSTATE 57014 (query_canceled)."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "57014"


def _words(error: BaseException | None) -> str:
    """The database's message, continuation lines indented under the problem's line."""
    text = str(error).strip() or type(error).__name__
    # Tabs go (libpq indents its hints with one); spaces stay: they align the "^" under
    # the error in the SQL that PostgreSQL quotes.
    lines = [line.rstrip().lstrip("\t") for line in text.splitlines() if line.strip()]
    return "\n    ".join(lines)
