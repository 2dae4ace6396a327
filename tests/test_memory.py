"""What a build holds: snapshot values as arrays, pages without their charts.

A large site records millions of values. Held as one `Measurement` tuple each, with
strings of their own, they took about 500 bytes a value (650 MB at 50 journeys);
as arrays per series they take about 30. These tests measure what loading keeps,
against the size of the CSV text it read (sizes, not times), and what MkDocs keeps
of every page until its build ends.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands import build as mkdocs_build

from journeymap.content.loader import load_content
from journeymap.content.series import Measurement
from journeymap.site.charts import ChartRenderer
from journeymap.site.pages import TEMPLATE_FOLDER, Templates

from .conftest import REPO, build_site
from .test_snapshots import HEADER, TODAY, write_content

STAGES = [
    ("onboarding", "welcome"),
    ("onboarding", "first-use"),
    ("renewal", "notice"),
    ("renewal", ""),
]
SEGMENTS = ["", *(f"segment-{n:02d}" for n in range(10))]
SNAPSHOTS = 100


def write_snapshots(tmp_path: Path) -> int:
    """BASE with 100 weekly snapshots of 4 stages x 2 metrics x 11 segments (8,800
    values, some with a note); the number of bytes of CSV written."""
    files = {}
    first = dt.date(2025, 1, 6)
    for week in range(SNAPSHOTS):
        rows = [HEADER]
        for number, (journey, stage) in enumerate(STAGES):
            for n, segment in enumerate(SEGMENTS):
                csat = 1 + (week * 7 + n * 13 + number) % 400 / 100
                note = "Survey moved to the app" if (week + n) % 37 == 0 else ""
                rows.append(f"{journey},{stage},csat,{csat:.2f},{segment},{20 + n},{note}")
                rows.append(f"{journey},{stage},time-to-value,{week % 30 + n},{segment},,")
        date = first + dt.timedelta(weeks=week)
        files[f"snapshots/{date}.csv"] = "\n".join(rows) + "\n"
    write_content(tmp_path, files)
    return sum(len(text.encode()) for text in files.values())


_RETAINED = """
import gc, json, sys, tracemalloc
from pathlib import Path
from journeymap.content.build_cache import BuildCache
from journeymap.content.loader import load_content
from tests.test_snapshots import TODAY

root, cached = Path(sys.argv[1]), sys.argv[2] == "cached"
# Once before measuring: what the first load of a process makes and keeps for good
# (compiled patterns, validators, interned names).
load_content(root / "content", display_root=root, today=TODAY)
cache = BuildCache() if cached else None
gc.collect()
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
content = load_content(root / "content", display_root=root, today=TODAY, cache=cache)
gc.collect()
held = tracemalloc.get_traced_memory()[0] - before
print(json.dumps({
    "values": len(content.snapshots),
    "parsed": cache.sections["snapshots"].made if cache else None,
    "held": held,
}))
"""


def retained(tmp_path: Path, *, cached: bool = False) -> dict[str, Any]:
    """Load the content in a new process: the values loaded, the snapshot files parsed
    (with a cache as `mkdocs serve` keeps one) and the bytes loading allocated that are
    still held. A new process, so that what earlier tests left does not count."""
    result = subprocess.run(
        [sys.executable, "-c", _RETAINED, str(tmp_path), "cached" if cached else "plain"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    measured: dict[str, Any] = json.loads(result.stdout)
    return measured


def test_loaded_values_take_less_memory_than_their_csv_text(tmp_path: Path) -> None:
    csv_bytes = write_snapshots(tmp_path)
    measured = retained(tmp_path)
    assert measured["values"] == SNAPSHOTS * len(STAGES) * 2 * len(SEGMENTS)
    # As rows (a Measurement and its own strings per value) this was about 10 times
    # the CSV text; as arrays it is about the size of the text.
    held = measured["held"]
    assert held < 2 * csv_bytes, f"{held:,} bytes held for {csv_bytes:,} bytes of CSV"


def test_the_snapshot_cache_keeps_columns_not_rows(tmp_path: Path) -> None:
    csv_bytes = write_snapshots(tmp_path)
    measured = retained(tmp_path, cached=True)
    assert measured["parsed"] == SNAPSHOTS
    # A file's columns take about the size of its text (rows: 10 times, as above).
    held = measured["held"]
    assert held < 3 * csv_bytes, f"{held:,} bytes held for {csv_bytes:,} bytes of CSV"


def test_values_are_made_rows_again_exactly(tmp_path: Path) -> None:
    write_snapshots(tmp_path)
    rows = list(
        load_content(tmp_path / "content", display_root=tmp_path, today=TODAY).snapshots.rows()
    )
    noted = [row for row in rows if row.note]
    assert noted and all(row.note == "Survey moved to the app" for row in noted)
    first = rows[0]
    assert first == Measurement(
        dt.date(2025, 1, 6),
        "onboarding",
        "welcome",
        "csat",
        None,
        1.0,
        "1.00",
        20,
        "Survey moved to the app",
        "content/snapshots/2025-01-06.csv",
        2,
    )
    assert rows[-1].stage is None and rows[-1].segment == "segment-09"
    assert [row.line for row in rows[: len(STAGES) * 2 * len(SEGMENTS)]] == list(
        range(2, 2 + len(STAGES) * 2 * len(SEGMENTS))
    )


def test_mkdocs_keeps_the_pages_without_their_charts_and_tables(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs keeps every page's `content` until the build ends: the charts, maps and
    values tables go into the written page only (at 50 journeys they were 200 MB)."""
    built: list[Any] = []
    build_page = mkdocs_build._build_page

    def keeping(page: Any, *args: Any, **kwargs: Any) -> None:
        build_page(page, *args, **kwargs)
        built.append(page)

    monkeypatch.setattr(mkdocs_build, "_build_page", keeping)
    build_site(example)
    stage = next(p for p in built if p.file.src_uri == "journeys/grocery-app/checkout.md")
    written = (example / "site" / stage.file.dest_uri).read_text(encoding="utf-8")
    assert 'class="jm-svg"' in written and "jm-values-table" in written
    assert 'class="jm-svg"' not in stage.content and "jm-values-table" not in stage.content


@pytest.mark.parametrize(("command", "parsed_again"), [("build", True), ("serve", False)])
def test_a_single_build_keeps_no_parsed_files_for_another(
    example: Path, monkeypatch: pytest.MonkeyPatch, command: str, parsed_again: bool
) -> None:
    """`mkdocs build` builds once: the files it parsed (a fifth of a large site's
    memory) are let go once loaded, not kept for a next build as `mkdocs serve` keeps
    them. Seen here by a second build in the same process, which then parses again."""
    from mkdocs.config import load_config

    from journeymap.content import documents

    parsed: list[str] = []
    parse_yaml = documents.parse_yaml

    def counted_parse_yaml(text: str, display: str, problems: Any) -> Any:
        parsed.append(display)
        return parse_yaml(text, display, problems)

    monkeypatch.setattr(documents, "parse_yaml", counted_parse_yaml)
    config = load_config(str(example / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    mkdocs_build.build(config)  # may reuse what an earlier test's build parsed (serve)
    parsed.clear()
    mkdocs_build.build(config)
    assert bool(parsed) == parsed_again


@pytest.mark.parametrize(("command", "kept"), [("build", False), ("serve", True)])
def test_a_single_build_keeps_no_pages_for_another(example: Path, command: str, kept: bool) -> None:
    """`mkdocs build` builds once: the journeys' finished pages and MkDocs' conversions
    of every page (each a copy of the page) are kept in memory for a next build only
    under `mkdocs serve`. Seen by a second build in the same process, which then makes
    and converts them again."""
    from mkdocs.config import load_config

    config = load_config(str(example / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    plugin = config.plugins["journeymap"]
    mkdocs_build.build(config)
    mkdocs_build.build(config)
    journeys = plugin.cache.sections["journeys"]
    assert (journeys.reused > 0, journeys.made == 0) == (kept, kept)
    converter = plugin.now.converter
    assert (converter.reused > 0, converter.converted == 0) == (kept, kept)


def test_serve_with_clean_builds_keeps_the_parsed_files_after_all(example: Path) -> None:
    """`mkdocs serve --clean` says "build" at startup, then rebuilds in the same process."""
    from mkdocs.config import load_config

    config = load_config(str(example / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins["journeymap"]
    assert plugin.one_build

    class Server:
        def watch(self, path: str) -> None:
            pass

    plugin.on_serve(Server(), config=config, builder=lambda: None)
    assert not plugin.one_build


def test_pages_hold_their_tables_and_maps_compressed_until_written(tmp_path: Path) -> None:
    """Every page is made before MkDocs writes the first: their set-aside HTML (maps,
    values tables) is held compressed meanwhile, and put in place whole."""
    (tmp_path / TEMPLATE_FOLDER).mkdir()
    (tmp_path / TEMPLATE_FOLDER / "big.md").write_text(
        "# Values\n\n{% filter aside %}<table>{% for row in rows %}"
        "<tr><td>{{ row }}</td><td>{{ row * 7 % 100 }}.5</td></tr>{% endfor %}</table>"
        "{% endfilter %}\n\n{% filter aside %}<p>Short</p>{% endfilter %}\n"
    )
    templates = Templates([tmp_path / TEMPLATE_FOLDER], ChartRenderer(), use_directory_urls=True)
    page = templates.page("values.md", "big.md", rows=range(2000))
    table = "".join(f"<tr><td>{n}</td><td>{n * 7 % 100}.5</td></tr>" for n in range(2000))
    written = page.finish(f"<article>{page.markdown}</article>")
    lines = [line for line in written.splitlines() if line]
    assert lines == ["<article># Values", f"<table>{table}</table>", "<p>Short</p>", "</article>"]
    held = sum(map(sys.getsizeof, page.fragments.values()))
    assert held < len(table) / 5, f"{held:,} bytes held for {len(table):,} of HTML"


def _counting_values_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every values.csv text made from now on, in order."""
    from journeymap.site import exports

    made: list[str] = []
    values_csv = exports.values_csv

    def counted(trends: Any) -> str:
        made.append(values_csv(trends))
        return made[-1]

    monkeypatch.setattr(exports, "values_csv", counted)
    return made


def test_mkdocs_is_handed_the_values_files_unmade_and_writes_each_as_made(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs holds every file it is handed with its content until it copies them all:
    the values files (at 200 journeys, hundreds of MB) are made one at a time as MkDocs
    writes each, once, and written as made."""
    from mkdocs.structure.files import Files

    made = _counting_values_files(monkeypatch)
    made_before_copying: list[int] = []
    copy_static_files = Files.copy_static_files

    def copying(self: Files, *args: Any, **kwargs: Any) -> None:
        made_before_copying.append(len(made))
        copy_static_files(self, *args, **kwargs)

    monkeypatch.setattr(Files, "copy_static_files", copying)
    build_site(example)
    written = sorted((example / "site").rglob("values.csv"))
    assert made_before_copying == [0]
    assert len(made) == len(written) > 1
    assert sorted(text.encode() for text in made) == sorted(p.read_bytes() for p in written)


def test_a_made_file_reads_as_a_file_with_its_content_in_memory(example: Path) -> None:
    """Another plugin reading a journeymap file's content gets what MkDocs' own
    generated file would give (a byte-order mark kept in a text, dropped from bytes)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    from journeymap.engines.mkdocs_files import MadeFile

    config = load_config(str(example / "mkdocs.yml"))
    config.plugins._current_plugin = "journeymap"  # as in an event, where files are made
    for content in ("\ufeffdate,value\r\n", b"\xef\xbb\xbfdate,value\r\n", b"\x00\x01"):
        made = MadeFile.of(config, "a/values.csv", lambda content=content: content)
        held = File.generated(config, "a/values.csv", content=content)
        assert made.content_bytes == held.content_bytes
        if content != b"\x00\x01":
            assert made.content_string == held.content_string
        assert (made.dest_uri, made.url, made.generated_by) == (
            held.dest_uri,
            held.url,
            held.generated_by,
        )
    made.content_string = "replaced"
    assert made.content_bytes == b"replaced"


def test_journeymap_generate_makes_each_file_as_it_writes_it(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`journeymap generate` (for Zensical) writes the pages and files one by one, each
    made just before it is written, not all of them first."""
    from journeymap.engines import zensical

    made = _counting_values_files(monkeypatch)
    made_when_written: list[int] = []
    write_atomically = zensical.write_atomically

    def writing(path: Path, data: bytes) -> None:
        if path.name == "values.csv":
            made_when_written.append(len(made))
            assert data == made[-1].encode()
        write_atomically(path, data)

    monkeypatch.setattr(zensical, "write_atomically", writing)
    zensical.generate(example / "mkdocs.yml")
    assert made_when_written == list(range(1, len(made) + 1))
    assert len(made) > 1
