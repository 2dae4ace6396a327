"""`journeymap pull`: rows from real databases (PostgreSQL, SQLite, DuckDB), checked,
merged and written as one snapshot, or nothing written and every problem named.

The PostgreSQL tests run against a throwaway server (tests/postgres.py) that the
session starts and removes; every run of the command is checked for the password.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg
import pytest

from journeymap.commands.cli import main

from . import postgres
from .conftest import REPO, build_site, copy_example
from .postgres import PASSWORD, Server

DATE = "2026-11-17"  # the day before the tests' build date (SOURCE_DATE_EPOCH)


READER = "cx_reader"


class Reader(Server):
    """The server, as the user a pull should have: one that may read (and here, to
    show that the transaction is what refuses, delete) the metrics table, nothing else."""

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{READER}:{password}@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    try:
        with postgres.server() as server:
            with psycopg.connect(server.conninfo(), autocommit=True) as admin:
                admin.execute(f"create role {READER} login password '{PASSWORD}'")
                admin.execute(
                    "create table cx_stage_metrics (as_of date, journey text, stage text, "
                    "metric text, value numeric(6, 2), segment text, responses int)"
                )
                admin.execute(
                    "insert into cx_stage_metrics values "
                    "('2026-11-17', 'grocery-app', 'checkout', 'csat', 3.74, null, 150), "
                    "('2026-11-17', 'grocery-app', 'checkout', 'csat', 3.52, 'Families', 60), "
                    "('2026-11-17', 'grocery-app', null, 'nps', 31, null, 400), "
                    "('2026-11-10', 'grocery-app', 'checkout', 'csat', 2.00, null, 140)"
                )
                # A query may call a function that writes: the transaction must refuse it.
                admin.execute(
                    "create function cx_refresh() returns setof cx_stage_metrics "
                    "language plpgsql as $$ begin "
                    "return query delete from cx_stage_metrics returning *; end $$"
                )
                admin.execute(f"grant select, delete on cx_stage_metrics to {READER}")
            yield Reader(server.port)
    except RuntimeError as error:  # the server did not start: fail, never skip
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def sources(content: Path, text: str) -> None:
    (content / "sources.yml").write_text(textwrap.dedent(text), encoding="utf-8")


def pull(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `journeymap pull` in the current folder: (exit code, stdout, stderr)."""
    code = main(["pull", *args])
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err, "the database password was printed"
    return code, out, err


def snapshot(content: Path, date: str = DATE) -> Path:
    return content / "snapshots" / f"{date}.csv"


def nothing_written(content: Path, date: str = DATE) -> bool:
    folder = content / "snapshots"
    return not snapshot(content, date).exists() and not any(
        p.name.startswith(".") for p in folder.iterdir()
    )


WAREHOUSE = """
    sources:
      - id: warehouse
        url_env: CX_WAREHOUSE_URL
        query: |
          select journey, stage, metric, value, segment, responses
          from cx_stage_metrics where as_of = :as_of
          order by stage, metric, segment nulls first
"""


# PostgreSQL


def test_a_pull_writes_a_checked_snapshot_that_the_site_shows(
    pg: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_example(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(root / "content", WAREHOUSE)
    code, out, err = pull(capsys, "--date", DATE)
    assert code == 0, err
    assert snapshot(root / "content").read_text() == (
        "journey,stage,metric,segment,value,responses,note\n"
        "grocery-app,,nps,,31.00,400,\n"
        "grocery-app,checkout,csat,,3.74,150,\n"
        "grocery-app,checkout,csat,Families,3.52,60,\n"
    )  # only the rows `as of` the date, in a stable order, values as the database wrote them
    assert "warehouse: running the query (time limit 60 s)" in err
    assert "warehouse: 3 rows in" in err
    assert out.splitlines()[0] == f"wrote content/snapshots/{DATE}.csv: 3 rows"
    assert "grocery-app              csat                     2" in out

    page = build_site(root)
    stage = page("journeys/grocery-app/checkout/")
    assert stage.select_one(".jm-as-of").get_text() == f"Metrics as of {DATE}"
    assert "3.74" in stage.get_text()


def test_two_sources_are_merged_and_a_key_given_twice_names_both(
    pg: Server,
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    survey = tmp_path / "survey.db"
    with sqlite3.connect(survey) as db:
        db.execute("create table answers (stage text, score real, asked text)")
        db.execute("insert into answers values ('delivery', 4.4, '2026-11-17')")
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    monkeypatch.setenv("CX_SURVEY_URL", f"sqlite:///{survey}")
    sources(
        content,
        WAREHOUSE
        + """
      - id: survey
        url_env: CX_SURVEY_URL
        query: |
          select 'grocery-app' as journey, stage, 'csat' as metric, score
          from answers where asked = :as_of
        columns: {value: score}
    """,
    )
    code, out, err = pull(capsys, "--date", DATE)
    assert code == 0, err
    assert "grocery-app,delivery,csat,,4.4,,\n" in snapshot(content).read_text()
    assert "survey: 1 row in" in err
    assert out.startswith(f"wrote content/snapshots/{DATE}.csv: 4 rows")

    with sqlite3.connect(survey) as db:
        db.execute("insert into answers values ('checkout', 3.9, '2026-11-17')")
    snapshot(content).unlink()
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'survey', row 2: source 'warehouse', row 1 gives the same journey, stage, "
        "metric and segment (grocery-app, checkout, csat, all customers)"
    ) in err
    assert nothing_written(content)

    # One source by name: the other is not queried.
    code, out, err = pull(capsys, "survey", "--date", DATE)
    assert code == 0, err
    assert "warehouse" not in err
    assert out.startswith(f"wrote content/snapshots/{DATE}.csv: 2 rows")


def test_bad_sql_names_the_source_and_gives_the_database_message(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: CX_WAREHOUSE_URL
            query: select journey, stage, metric, valeu from cx_stage_metrics
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'warehouse': cannot run the query: column \"valeu\" does not exist" in err, err
    assert err.rstrip().endswith("nothing was written")
    assert nothing_written(content)


def test_rows_failing_the_checks_are_all_listed_and_nothing_is_written(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: CX_WAREHOUSE_URL
            query: |
              select * from (values
                ('grocery-app', 'checkout', 'csat', 4.1, 10),
                ('grocery-app', 'chekout', 'csat', 4.0, 10),
                ('grocery-app', 'checkout', 'csatt', 4.0, 10),
                ('grocery-app', 'checkout', 'ces', 9.0, -3),
                ('grocery-app', 'checkout', 'csat', 4.2, 10)
              ) as t (journey, stage, metric, value, n)
            columns: {responses: n}
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "warehouse: 5 rows in" in err
    for problem in (
        "source 'warehouse', row 2: stage 'chekout' is not a stage of journey 'grocery-app' "
        "(did you mean 'checkout'?)",
        "source 'warehouse', row 3: metric 'csatt' is not in metrics.yml (did you mean 'csat'?)",
        "source 'warehouse', row 4: value 9 is above the maximum 7 of metric 'ces'",
        "source 'warehouse', row 4: responses '-3' is not a whole number",
        "source 'warehouse', row 5: repeats row 1: the same journey, stage, metric and segment",
    ):
        assert problem in err
    assert "5 problems found" in err
    assert nothing_written(content)


def test_a_result_without_snapshot_columns_says_how_to_map_them(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: CX_WAREHOUSE_URL
            query: select journey, stage, metric, value as score from cx_stage_metrics
            columns: {note: comment}
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'warehouse': unknown column 'score'" in err
    assert "source 'warehouse': missing column 'value'" in err
    assert (
        "source 'warehouse': `columns` names 'comment', which the query does not return; "
        "it returns 'journey', 'stage', 'metric', 'score'"
    ) in err


def test_a_refused_connection_is_reported_without_the_url(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = postgres._free_port()
    url = f"postgresql://journeymap:{PASSWORD}@127.0.0.1:{closed}/cx"
    monkeypatch.setenv("CX_WAREHOUSE_URL", url)
    sources(content, WAREHOUSE)
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'warehouse': cannot connect to the database:" in err
    assert "Connection refused" in err
    assert url not in err
    assert nothing_written(content)


def test_a_wrong_password_is_reported_and_masked(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "Wr0ng-" + PASSWORD
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url(password=wrong))
    sources(content, WAREHOUSE)
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert f'password authentication failed for user "{READER}"' in err
    assert wrong not in err


def test_a_query_over_its_time_limit_is_cancelled(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: CX_WAREHOUSE_URL
            query: select journey, stage, metric, value from cx_stage_metrics, pg_sleep(20)
            timeout_s: 0.5
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'warehouse': the query ran longer than its time limit of 0.5 s and was cancelled"
    ) in err
    assert nothing_written(content)


def test_an_existing_snapshot_is_only_replaced_when_asked(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(content, WAREHOUSE)
    existing = snapshot(content, "2026-11-16")
    before = existing.read_text()
    code, _, err = pull(capsys, "--date", "2026-11-16")
    assert code == 1
    assert "content/snapshots/2026-11-16.csv already exists: pass --replace to overwrite it" in err
    assert existing.read_text() == before

    code, out, err = pull(capsys, "--date", DATE, "--dry-run")
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "grocery-app,,nps,,31.00,400,",
        "grocery-app,checkout,csat,,3.74,150,",
        "grocery-app,checkout,csat,Families,3.52,60,",
    ]
    assert "dry run: content/snapshots/2026-11-17.csv would have 3 rows" in err
    assert nothing_written(content)

    code, _, err = pull(capsys, "--date", "2026-11-20")
    assert code == 1
    assert "no rows for 2026-11-20: the queries returned nothing" in err
    assert nothing_written(content, "2026-11-20")

    code, out, err = pull(capsys, "--date", "2026-11-10", "--replace")
    assert code == 0, err
    assert (
        snapshot(content, "2026-11-10")
        .read_text()
        .endswith("grocery-app,checkout,csat,,2.00,140,\n")
    )


def test_a_read_only_transaction_refuses_a_write(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    for query, refusal in (
        (
            "select journey, stage, metric, value from cx_refresh()",
            "cannot execute DELETE in a read-only transaction",
        ),
        # A statement other than a query does not even run: rows come through a cursor.
        (
            "delete from cx_stage_metrics returning journey, stage, metric, value",
            'syntax error at or near "delete"',
        ),
    ):
        sources(
            content,
            f"""
            sources:
              - id: warehouse
                url_env: CX_WAREHOUSE_URL
                query: {query}
            """,
        )
        code, _, err = pull(capsys, "--date", DATE)
        assert code == 1
        assert f"source 'warehouse': cannot run the query: {refusal}" in err
    with psycopg.connect(pg.conninfo()) as admin:
        assert admin.execute("select count(*) from cx_stage_metrics").fetchone() == (4,)


def test_text_from_the_database_is_masked_too(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())
    sources(
        content,
        f"""
        sources:
          - id: warehouse
            url_env: CX_WAREHOUSE_URL
            query: select '{PASSWORD}' as journey, 'checkout' as stage, 'csat' as metric, 4 as value
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'warehouse', row 1: journey '***' is not a journey" in err


def test_a_user_that_can_reach_the_server_s_files_is_refused(
    pg: Server, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only transaction does not stop a superuser's pg_read_file('/proc/self/environ')."""
    note = "pg_read_file('/proc/self/environ', 0, 200) as note"
    query = f"select journey, stage, metric, value, {note} from cx_stage_metrics"
    sources(
        content, f"sources:\n  - id: warehouse\n    url_env: CX_WAREHOUSE_URL\n    query: {query}\n"
    )
    monkeypatch.setenv("CX_WAREHOUSE_URL", Server(pg.port).url())  # the superuser
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'warehouse': the database user 'journeymap' is "
        "a superuser: its queries could read or write the server's files; give this source a "
        "user that can only read the tables it needs (see guide/warehouse.md)"
    ) in err
    monkeypatch.setenv("CX_WAREHOUSE_URL", pg.url())  # the reader: the server refuses
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'warehouse': cannot run the query: permission denied for function pg_read_file"
        in err
    )
    assert nothing_written(content)


# SQLite (and how pull behaves whatever the database)


@pytest.fixture
def survey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "survey answers.db"  # a space: the read-only URI must quote the path
    with sqlite3.connect(path) as db:
        db.execute("create table answers (stage text, score real)")
        db.execute("insert into answers values ('checkout', 3.8), ('delivery', 4.4)")
    monkeypatch.setenv("CX_SURVEY_URL", f"sqlite:///{path}")
    return path


SURVEY = """
    sources:
      - id: survey
        url_env: CX_SURVEY_URL
        query_file: queries/survey.sql
        columns: {value: score}
        timeout_s: 10
"""


def test_sqlite_today_by_default_and_the_query_from_a_file(
    survey: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "queries").mkdir()
    (content / "queries/survey.sql").write_text(
        "select 'grocery-app' as journey, stage, 'csat' as metric, score, :as_of as note\n"
        "from answers order by stage desc\n"
    )
    sources(content, SURVEY)
    assert main(["validate"]) == 0  # the queries folder is part of the content
    capsys.readouterr()
    code, _, err = pull(capsys)
    assert code == 0, err
    assert snapshot(content, "2026-11-18").read_text() == (  # today: SOURCE_DATE_EPOCH
        "journey,stage,metric,segment,value,responses,note\n"
        "grocery-app,checkout,csat,,3.8,,2026-11-18\n"
        "grocery-app,delivery,csat,,4.4,,2026-11-18\n"
    )


def test_sqlite_is_opened_read_only(
    survey: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources(
        content,
        """
        sources:
          - id: survey
            url_env: CX_SURVEY_URL
            query: |
              delete from answers
              returning 'grocery-app' as journey, stage, 'csat' as metric, score as value
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert f"source 'survey': cannot run the query: {ONLY_READS}" in err
    with sqlite3.connect(survey) as db:
        assert db.execute("select count(*) from answers").fetchone() == (2,)


ONLY_READS = (
    "SQLite refused it: a pull's query only reads the database (SELECT, WITH), it cannot "
    "write, ATTACH another file, VACUUM INTO a file, set a PRAGMA or load an extension"
)


@pytest.mark.parametrize("database", ["file", "memory"])
@pytest.mark.parametrize(
    "query",
    [
        "attach 'ci-step.sh' as x",
        "vacuum into 'ci-step.sh'",
        "pragma query_only = off",
        "select load_extension('ci-step.sh') as journey",
        "select fts3_tokenizer('simple') as journey",  # a memory address, and worse with two
    ],
)
def test_sqlite_reads_the_database_and_nothing_else(
    query: str,
    database: str,
    survey: Path,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if database == "memory":  # no file to open read-only: the same rules hold
        monkeypatch.setenv("CX_SURVEY_URL", "sqlite://")
    sources(content, f"sources:\n  - id: survey\n    url_env: CX_SURVEY_URL\n    query: {query}\n")
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert f"source 'survey': cannot run the query: {ONLY_READS}" in err
    assert not Path("ci-step.sh").exists()
    assert nothing_written(content)


def test_a_missing_sqlite_file_is_an_error_not_a_new_database(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CX_SURVEY_URL", f"sqlite:///{tmp_path}/nowhere.db")
    sources(content, SURVEY.replace("query_file: queries/survey.sql", "query: select 1"))
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'survey': cannot connect to the database: unable to open database file" in err
    assert not (tmp_path / "nowhere.db").exists()


def test_a_sqlite_query_over_its_time_limit_is_interrupted(
    survey: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources(
        content,
        """
        sources:
          - id: survey
            url_env: CX_SURVEY_URL
            query: |
              with recursive forever(i) as (select 1 union all select i + 1 from forever)
              select 'grocery-app' as journey, '' as stage, 'nps' as metric, max(i) as value
              from forever
            timeout_s: 0.3
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'survey': the query ran longer than its time limit of 0.3 s" in err


def test_a_runaway_result_is_stopped_at_the_row_limit(
    survey: Path,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("journeymap.content.limits.MAX_PULLED_ROWS", 1)
    sources(
        content,
        SURVEY.replace(
            "query_file: queries/survey.sql",
            "query: select 'grocery-app' as journey, stage, 'csat' as metric, score from answers",
        ),
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'survey': the query returns more than 1 rows: aggregate in the query "
        "(one row per journey, stage, metric and segment)"
    ) in err


def test_every_source_needs_its_environment_variable(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CX_SURVEY_URL", raising=False)
    sources(content, SURVEY.replace("query_file: queries/survey.sql", "query: select 1"))
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'survey': the environment variable CX_SURVEY_URL is not set: set it to the "
        "database URL (in CI, from a secret)"
    ) in err


def test_unknown_sources_and_urls_are_refused(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sources(content, SURVEY.replace("query_file: queries/survey.sql", "query: select 1"))
    code, _, err = pull(capsys, "surveys")
    assert code == 1
    assert "'surveys' is not a source of content/sources.yml (did you mean 'survey'?)" in err

    for url, message in (
        (f"not a url {PASSWORD}", "CX_SURVEY_URL does not hold a database URL"),
        (
            f"postgress://u:{PASSWORD}@db/cx",
            "CX_SURVEY_URL names the database kind 'postgress', which SQLAlchemy does not know",
        ),
    ):
        monkeypatch.setenv("CX_SURVEY_URL", url)
        code, _, err = pull(capsys)
        assert code == 1
        assert f"source 'survey': {message}" in err


def test_without_the_extras_pull_says_which_to_install(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sources(content, WAREHOUSE)
    monkeypatch.setenv("CX_WAREHOUSE_URL", f"postgresql://journeymap:{PASSWORD}@127.0.0.1/cx")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # the import fails, as if not installed
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'warehouse': the postgresql driver is not installed: "
        "pip install 'journeymap[postgres]'"
    ) in err

    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "`journeymap pull` needs SQLAlchemy: pip install 'journeymap[pull]'" in err


# DuckDB


def test_duckdb_reads_a_file_read_only(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "metrics.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute("create table m (as_of date, stage text, value double)")
        db.execute("insert into m values ('2026-11-17', 'checkout', 3.6)")
    monkeypatch.setenv("CX_LAKE_URL", f"duckdb:///{path}")
    query = "select 'grocery-app' as journey, stage, 'csat' as metric, value from m"
    sources(
        content,
        f"""
        sources:
          - id: lake
            url_env: CX_LAKE_URL
            query: {query} where as_of = :as_of
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 0, err
    assert snapshot(content).read_text().endswith("grocery-app,checkout,csat,,3.6,,\n")

    sources(
        content,
        """
        sources:
          - id: lake
            url_env: CX_LAKE_URL
            query: delete from m returning 'grocery-app' as journey, stage, 'csat' as metric, value
        """,
    )
    code, _, err = pull(capsys, "--date", DATE, "--replace")
    assert code == 1
    assert "source 'lake': cannot run the query:" in err
    assert "read-only" in err
    with duckdb.connect(str(path), read_only=True) as db:
        assert db.execute("select count(*) from m").fetchone() == (1,)


@pytest.fixture
def lake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lake.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute("create table m (stage text, value double)")
        db.execute("insert into m values ('checkout', 3.6)")
    monkeypatch.setenv("CX_LAKE_URL", f"duckdb:///{path}")
    return path


def lake_query(content: Path, query: str) -> None:
    sources(content, f"sources:\n  - id: lake\n    url_env: CX_LAKE_URL\n    query: {query}\n")


ROW = "select 'grocery-app' as journey, 'checkout' as stage, 'csat' as metric, 3 as value"
NO_FILES = "file system operations are disabled by configuration"


@pytest.mark.parametrize("database", ["file", "memory"])
@pytest.mark.parametrize(
    ("query", "refusal"),
    [
        pytest.param(
            f"{ROW}, (select content from read_text('/proc/self/environ')) as note",
            f'Cannot access file "/proc/self/environ" - {NO_FILES}',
            id="read-environ",
        ),
        pytest.param(
            f"copy ({ROW}) to 'ci-step.sh'",
            f'Cannot access file "ci-step.sh" - {NO_FILES}',
            id="copy-to",
        ),
        pytest.param(
            f"{ROW} from read_csv('http://tracker.example/x.csv')",
            f'Cannot access file "http://tracker.example/x.csv" - {NO_FILES}',
            id="url",
        ),
        pytest.param("attach 'ci-step.sh' as x", f'ci-step.sh" - {NO_FILES}', id="attach"),
        pytest.param(
            "set enable_external_access = true",
            'Cannot change configuration option "enable_external_access" - the configuration '
            "has been locked",
            id="set",
        ),
        pytest.param(
            "load httpfs",
            "Loading external extensions is disabled through configuration",
            id="load",
        ),
    ],
)
def test_duckdb_reads_the_database_and_nothing_else(
    query: str,
    refusal: str,
    database: str,
    lake: Path,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CX_DEPLOY_TOKEN", "tok-3f9a1c")  # what reading the environment would get
    if database == "memory":  # no file to open read-only: the same rules hold
        monkeypatch.setenv("CX_LAKE_URL", "duckdb:///:memory:")
    lake_query(content, query)
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'lake': cannot run the query: " in err
    assert refusal in err
    assert "tok-3f9a1c" not in err
    assert not Path("ci-step.sh").exists()
    assert nothing_written(content)


def test_duckdb_runs_the_query_locked_and_without_a_progress_bar(
    lake: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB draws its bar on stdout, which is the snapshot with --dry-run."""
    settings = ("enable_progress_bar", "lock_configuration", "enable_external_access")
    note = " || ' ' || ".join(f"current_setting('{name}')::text" for name in settings)
    lake_query(content, f"{ROW}, {note} as note")
    code, out, err = pull(capsys, "--date", DATE, "--dry-run")
    assert code == 0, err
    assert out.splitlines()[1] == "grocery-app,checkout,csat,,3,,false true false"


def test_a_duckdb_url_cannot_unlock_what_pull_locks(
    lake: Path, content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """duckdb-engine applies the URL's settings after journeymap's: they are refused."""
    monkeypatch.setenv("CX_LAKE_URL", f"duckdb:///{lake}?enable_external_access=true")
    lake_query(content, f"{ROW}, (select content from read_text('/proc/self/environ')) as note")
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert (
        "source 'lake': the URL sets enable_external_access: journeymap sets it itself (a query "
        "reads the database and nothing else): remove it from the URL"
    ) in err
    assert nothing_written(content)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        pytest.param(
            f"{ROW}, repeat('x', 1000000) as note from range(3)",
            "source 'lake', row 1: column 'note' holds 1,000,000 characters, more than 10,000, "
            "the limit of a snapshot field",
            id="field",
        ),
        pytest.param(
            f"{ROW}, repeat('x', 9000) as note, i::text as segment from range(8000) t(i)",
            "source 'lake', row 7[0-9]{3}: the rows so far are larger than 64 MB, the limit of "
            "a snapshot file: aggregate in the query \\(one row per journey, stage, metric and "
            "segment\\)",
            id="total-size",
        ),
        pytest.param(
            f'{ROW}, 1 as "{"v" * 10_001}"',
            "source 'lake': a column's name is longer than 10,000 characters, the limit of a "
            "snapshot field",
            id="column-name",
        ),
    ],
)
def test_rows_are_held_to_the_snapshot_limits_as_they_arrive(
    query: str, problem: str, lake: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked while fetching: a runaway result stops at its first row over a limit."""
    lake_query(content, query)
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert re.search(f"^{problem}$", err, re.M), err
    assert nothing_written(content)


# sources.yml, checked by `journeymap validate` (and every build) without connecting


def test_the_shape_of_sources_yml_is_checked(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: postgresql://reader:hunter2@db/cx
            query: select 1
          - id: Lake
            url_env: CX_LAKE_URL
            query: select 1
            timeout_s: 0
            tiemout_s: 5
        """,
    )
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "hunter2" not in err
    for problem in (
        "content/sources.yml:4: sources[0].url_env: is not the name of an environment "
        "variable (like CX_WAREHOUSE_URL): put the database URL in an environment variable "
        "and write the variable's name here",
        "content/sources.yml:6: sources[1].id: 'Lake' is not a valid id",
        "content/sources.yml:9: sources[1].timeout_s: 0 must be more than 0",
        "content/sources.yml:10: sources[1].tiemout_s: 'tiemout_s' is not a known field "
        "(did you mean 'timeout_s'?)",
    ):
        assert problem in err


def test_the_rules_of_sources_yml_are_checked(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "queries").mkdir()
    (content / "queries/empty.sql").write_text("  \n")
    (content.parent / "secret.sql").write_text("select 1")
    sources(
        content,
        """
        sources:
          - id: warehouse
            url_env: CX_URL
            query: select 1
          - id: warehouse
            url_env: CX_URL
          - id: both
            url_env: CX_URL
            query: select 1
            query_file: queries/empty.sql
          - id: outside
            url_env: CX_URL
            query_file: ../secret.sql
          - id: missing
            url_env: CX_URL
            query_file: queries/missing.sql
          - id: empty
            url_env: CX_URL
            query_file: queries/empty.sql
          - id: mapped
            url_env: CX_URL
            query: select 1
            columns: {valeu: score, note: score}
        """,
    )
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    for problem in (
        "content/queries/empty.sql:1: is empty: write the source's query in it",
        "content/sources.yml:6: sources[1].id: 'warehouse' is already the id of the 1st source",
        "content/sources.yml:6: sources[1]: give the query in `query` or in `query_file` "
        "(one of them)",
        "content/sources.yml:8: sources[2]: give the query in `query` or in `query_file`",
        "content/sources.yml:14: sources[3].query_file: '../secret.sql' must be a path inside "
        "the content folder, like queries/a.sql",
        "content/sources.yml:17: sources[4].query_file: 'queries/missing.sql' is not a file of "
        "the content folder",
        "content/sources.yml:24: sources[6].columns.valeu: 'valeu' is not a snapshot column "
        "(did you mean 'value'?)",
        "content/sources.yml:24: sources[6].columns.note: result column 'score' is already "
        "mapped to 'valeu'",
    ):
        assert problem in err
    assert "queries: is not part of the content format" not in err


def test_the_guides_sources_example_is_valid_content(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (REPO / "guide/warehouse.md").read_text(encoding="utf-8")
    example = next(
        block
        for block in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
        if block.startswith("sources:")
    )
    (content / "sources.yml").write_text(example)
    (content / "queries").mkdir()
    (content / "queries/survey.sql").write_text("select 1")
    assert main(["validate"]) == 0, capsys.readouterr().err


def test_a_duckdb_query_over_its_time_limit_is_interrupted(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv("CX_LAKE_URL", f"duckdb:///{path}")
    sources(
        content,
        """
        sources:
          - id: lake
            url_env: CX_LAKE_URL
            query: |
              select 'grocery-app' as journey, '' as stage, 'nps' as metric, count(*) as value
              from range(1000000000000)
            timeout_s: 0.3
        """,
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 1
    assert "source 'lake': the query ran longer than its time limit of 0.3 s" in err
    assert "lake: the query does not use :as_of: its rows are the same for any date" in err


# Interruptions: nothing half-written, no traceback


def test_ctrl_c_and_a_failed_write_leave_nothing_behind(
    survey: Path,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources(content, SURVEY.replace("query_file: queries/survey.sql", "query: select 1"))

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("journeymap.commands.pull._query", interrupted)
        code, _, err = pull(capsys, "--date", DATE)
    assert code == 2  # as every command: cli.main decides
    assert err.endswith("\njourneymap: interrupted; nothing was left half-written\n")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("journeymap.commands.pull.write_snapshot", disk_full)
    sources(
        content,
        SURVEY.replace(
            "query_file: queries/survey.sql",
            "query: select 'grocery-app' as journey, stage, 'csat' as metric, score from answers",
        ),
    )
    code, _, err = pull(capsys, "--date", DATE)
    assert code == 2
    assert err.endswith("journeymap: No space left on device\n")
    assert nothing_written(content)
