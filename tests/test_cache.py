"""The on-disk cache (`cache_dir`): reused across builds, never changing the site."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap.content import documents, snapshots
from journeymap.content.build_cache import BuildCache, Section, TextCodec
from journeymap.content.loader import load_content
from journeymap.content.model import Content
from journeymap.engines.rendered import PageConverter

from .conftest import BUILD_DATE_EPOCH, REPO, copy_example

TODAY = dt.date(2026, 11, 18)


def test_snapshots_are_parsed_once_and_reread_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    first = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert len(list((cache / "snapshots").glob("*/*.json"))) == 10  # one per snapshot file

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached snapshot was parsed again")

    monkeypatch.setattr(snapshots.SnapshotReader, "read", no_parsing)
    again = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert list(again.snapshots.rows()) == list(first.snapshots.rows())


def test_a_changed_snapshot_or_catalog_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    latest = tmp_path / "content/snapshots/2026-11-16.csv"
    latest.write_text(latest.read_text().replace(",3.50,", ",3.55,", 1))
    changed = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert any(m.text == "3.55" for m in changed.snapshots.rows())
    metrics = tmp_path / "content/metrics.yml"
    metrics.write_text(metrics.read_text().replace("max: 5\n", "max: 3\n", 1))
    try:
        load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    except Exception as error:  # the rows are checked again against the new bound
        assert "is above the maximum 3 of metric 'csat'" in str(error)
    else:
        raise AssertionError("cached rows escaped a tighter bound")


def build(root: Path, site: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a new process, with nothing of this one's environment
    but where journeymap is (PYTHONPATH, while developing)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
        cwd=root,
        check=check,
        capture_output=True,
        text=True,
        env={
            "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH,
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
        },
    )


def with_cache_dir(root: Path) -> None:
    """Give the site in `root` the option `cache_dir: .cache`."""
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n", "      content_dir: content\n      cache_dir: .cache\n"
        )
    )


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_site_is_byte_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    build(root, "plain")
    with_cache_dir(root)
    build(root, "cold")  # fills the cache
    build(root, "warm")  # reads everything from it, in a new process
    assert (root / ".cache/charts").is_dir() and (root / ".cache/snapshots").is_dir()
    plain = files(root / "plain")
    assert files(root / "cold") == plain
    assert files(root / "warm") == plain


def test_journeys_are_parsed_once_and_reread_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    first = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    yaml_files = list((tmp_path / "content").rglob("*.yml"))
    assert len(list((cache / "documents").glob("*/*.json"))) == len(yaml_files)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached YAML file was parsed again")

    monkeypatch.setattr(documents, "parse_yaml", no_parsing)
    again = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert again.journeys.keys() == first.journeys.keys()
    assert [j.versions for j in again.journeys.values()] == [
        j.versions for j in first.journeys.values()
    ]
    assert again.metrics == first.metrics and again.personas == first.personas


class Numbers:
    """A codec of lists of whole numbers, for the tests of the build cache itself."""

    name = "numbers"

    def encode(self, value: list[int]) -> object:
        return value

    def decode(self, data: object) -> list[int]:
        if not isinstance(data, list) or not all(type(n) is int for n in data):
            raise TypeError("not whole numbers")
        return data


def test_stored_values_come_back_from_disk_and_unused_ones_are_swept(tmp_path: Path) -> None:
    cache = BuildCache()
    cache.new_build(tmp_path)
    stored: Section[list[int]] = cache.section("numbers", Numbers())
    stored.keep("ab12", [1, 2])
    stored.keep("cd34", [3])
    again = BuildCache()  # as in the next process
    again.new_build(tmp_path)
    fresh: Section[list[int]] = again.section("numbers", Numbers())
    assert fresh.get("ab12") == [1, 2]
    assert again.sweep() == 1  # cd34 was not used by this build
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == ["ab12.json"]
    assert not (tmp_path / "numbers/cd").exists()  # its emptied folder goes too


def test_a_build_that_stopped_lets_nothing_go(tmp_path: Path) -> None:
    cache = BuildCache()
    cache.new_build(tmp_path)
    cache.section("numbers", Numbers()).keep("ab12", [1, 2])
    cache.sweep()
    cache.new_build(tmp_path)  # stops on a content problem before it asks for ab12
    cache.stopped()
    assert cache.sweep() == 0
    assert [p.name for p in tmp_path.rglob("*.json")] == ["ab12.json"]
    cache.new_build(None)  # after the fix: in memory, as `mkdocs serve` has it
    assert cache.section("numbers", Numbers()).get("ab12") == [1, 2]


def test_a_rebuild_after_a_failed_one_reuses_the_last_good_build(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
    config = load_config(str(example / "mkdocs.yml"))  # kept between builds, as serve does
    plugin = config.plugins["journeymap"]
    mkdocs_build(config)
    metrics = example / "content/metrics.yml"
    good = metrics.read_text()
    metrics.write_text(good + "\n  : [\n")
    with pytest.raises(Abort):  # the content problem stops the build
        mkdocs_build(config)
    metrics.write_text(good)
    mkdocs_build(config)
    journeys, charts = plugin.cache.sections["journeys"], plugin.cache.sections["charts"]
    assert journeys.made == 0 and journeys.reused == len(plugin.now.loaded.journeys)
    assert charts.made == 0


def test_the_cache_holds_one_build_however_often_content_changes(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    with_cache_dir(root)
    build(root, "site")

    def cached(kind: str = "") -> set[Path]:
        return {p.relative_to(root) for p in (root / ".cache" / kind).rglob("*") if p.is_file()}

    before, snapshots = cached(), cached("snapshots")
    latest = root / "content/snapshots/2026-11-16.csv"
    latest.write_text(latest.read_text().replace(",3.50,", ",3.55,", 1))
    build(root, "site")
    # The edited snapshot's old rows are gone, and so are the charts and pages drawn
    # from them; the unchanged journey's pages are kept whole, its charts in them.
    assert len(cached("snapshots")) == len(snapshots) and cached("snapshots") != snapshots
    after = cached()
    assert len(after) <= len(before)
    build(root, "site")
    assert cached() == after  # a build of the same content uses exactly what is kept


def test_a_rebuild_converts_only_the_pages_whose_markdown_changed(
    example: Path, tmp_path: Path, monkeypatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
    config = load_config(str(example / "mkdocs.yml"))  # kept between builds, as serve does
    plugin = config.plugins["journeymap"]
    mkdocs_build(config)
    # MkDocs keeps the plugin object between builds in one process (it defines
    # on_startup): the first build may itself reuse what an earlier test converted.
    pages = plugin.now.converter.converted + plugin.now.converter.reused
    assert pages == len(plugin.pages)
    current = example / "content/journeys/grocery-app/v2.yml"
    current.write_text(
        current.read_text().replace("    title: Checkout\n", "    title: Pay now\n", 1)
    )
    mkdocs_build(config)
    # The stage's pages and those naming it (map, journey's history, landscape...).
    assert 0 < plugin.now.converter.converted < pages / 2
    assert plugin.now.converter.reused == pages - plugin.now.converter.converted
    rebuilt = files(example / "site")
    fresh = load_config(str(example / "mkdocs.yml"), site_dir=str(tmp_path / "fresh"))
    mkdocs_build(fresh)
    assert rebuilt == files(tmp_path / "fresh")
    assert "Pay now" in rebuilt["journeys/grocery-app/checkout/index.html"].decode()


def test_a_page_whose_conversion_warned_is_converted_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    cache = BuildCache()
    memo = PageConverter(cache)

    def convert(markdown: str) -> str:
        (tmp_path / "docs/page.md").write_text(markdown)
        file = File("page.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
        page = Page(None, file, config)
        page.read_source(config)
        memo.serve(page)
        page.render(config, Files([file]))
        return page.content or ""

    for build in range(2):
        cache.new_build(None)
        caplog.clear()
        assert "<h1" in convert("# Title\n\n[broken](missing.md)\n")
        assert "missing.md" in caplog.text  # the warning, in every build
        convert("# Title\n\n[fine](page.md)\n")
        assert (memo.converted, memo.reused) == ((2, 0) if build == 0 else (1, 1))


def _rebuilt_after(example: Path, tmp_path: Path, edit: Callable[[], None]) -> tuple[int, int]:
    """Build the example twice in one process (as `mkdocs serve` does) with `edit` between;
    the journeys rendered and kept in the second build, once its site is checked against
    a fresh build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(example / "mkdocs.yml"))
    plugin = config.plugins["journeymap"]
    mkdocs_build(config)
    edit()
    mkdocs_build(config)
    counts = (plugin.cache.sections["journeys"].made, plugin.cache.sections["journeys"].reused)
    # MkDocs gives this config the same plugin object (it defines on_startup).
    fresh = load_config(str(example / "mkdocs.yml"), site_dir=str(tmp_path / "fresh"))
    fresh.plugins["journeymap"].cache = BuildCache()  # nothing kept
    mkdocs_build(fresh)
    assert files(example / "site") == files(tmp_path / "fresh")
    return counts


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edited_journey_is_rendered_again_and_the_others_are_kept(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
    b2b = example / "content/journeys/b2b-subscription/v2.yml"
    edit = lambda: _replace(b2b, "Then we spent two weeks", "Then we spent three weeks")  # noqa: E731
    # The lifecycle too: its map rolls up its sub-journey; the grocery app is kept.
    assert _rebuilt_after(example, tmp_path, edit) == (2, 1)


@pytest.mark.parametrize(
    "edit",
    [
        "another journey's stage cites the same research",
        "another journey's values change a metric's scale",
        "metrics.yml",
        "another journey's estimate moves the action plan's ranks",
    ],
)
def test_what_journeys_share_renders_every_journey_again(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
    content = example / "content"
    edits = {
        # grocery-app's stages citing this entry now name the B2B stage too.
        "another journey's stage cites the same research": lambda: _replace(
            content / "journeys/b2b-subscription/v2.yml",
            "      - admin-interviews-2026\n",
            "      - admin-interviews-2026\n      - household-interviews-2025\n",
        ),
        # A metric without bounds is scaled by every value recorded for it.
        "another journey's values change a metric's scale": lambda: _replace(
            content / "snapshots/2026-11-16.csv",
            "b2b-subscription,adoption,support-tickets,,8.8,,",
            "b2b-subscription,adoption,support-tickets,,88.8,,",
        ),
        "metrics.yml": lambda: _replace(content / "metrics.yml", "max: 5\n", "max: 6\n"),
        # Stage pages and maps show each opportunity's rank among every journey's.
        "another journey's estimate moves the action plan's ranks": lambda: _replace(
            content / "journeys/grocery-app/v2.yml",
            "        business_value: 2\n        effort: 1\n",
            "        business_value: 2\n        effort: 5\n",
        ),
    }
    assert _rebuilt_after(example, tmp_path, edits[edit]) == (3, 0)


def test_a_rebuild_that_reads_the_same_snapshots_keeps_their_series(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    parsed = BuildCache()  # what `mkdocs serve` keeps between rebuilds

    def load() -> Content:
        parsed.new_build(None)
        return load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=parsed)

    first = load()
    assert load().snapshots is first.snapshots  # not filled again value by value
    latest = tmp_path / "content/snapshots/2026-11-16.csv"
    latest.write_text(latest.read_text().replace(",3.50,", ",3.55,", 1))
    changed = load()
    assert changed.snapshots is not first.snapshots
    assert any(row.text == "3.55" for row in changed.snapshots.rows())


class _Planted:
    """What a pickle of this runs when it is loaded: it leaves a file behind."""

    def __init__(self, witness: Path) -> None:
        self.witness = witness

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.witness, "the cache ran code"))


def test_a_planted_pickle_in_every_cache_file_runs_nothing(tmp_path: Path) -> None:
    """cache_dir is restored from a CI cache other jobs write: shared input, never code."""
    import pickle

    root = copy_example(tmp_path)
    with_cache_dir(root)
    build(root, "plain")
    cached = [p for p in (root / ".cache").rglob("*") if p.is_file()]
    assert {p.relative_to(root / ".cache").parts[0] for p in cached} == {
        "charts",
        "documents",
        "journeys",
        "pages",
        "snapshots",
    }
    witness = tmp_path / "witness"
    planted = pickle.dumps(_Planted(witness))
    for path in cached:
        path.write_bytes(planted)
    result = build(root, "again", check=False)
    assert result.returncode == 0, result.stderr
    assert not witness.exists()
    pages = sum(p.parts[-3] == "pages" for p in cached)
    assert f"ignored {len(cached) - pages} files in cache_dir" in result.stderr
    assert f"ignored {pages} files in cache_dir" in result.stderr  # the converted pages'
    assert files(root / "again") == files(root / "plain")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated: a full disk, a killed job
        lambda data: data.replace(b"a", b"b", 1),  # one byte changed: the checksum
        lambda data: b"",
        lambda data: b"journeymap-cache 1 numbers " + b"0" * 64 + b"\n[1]",  # foreign
    ],
)
def test_a_damaged_cache_file_is_ignored_and_made_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = BuildCache()
    cache.new_build(tmp_path)
    cache.section("charts", TextCodec()).keep("ab12", "a chart")
    path = next(tmp_path.rglob("*.json"))
    path.write_bytes(damage(path.read_bytes()))
    again = BuildCache()
    again.new_build(tmp_path)
    fresh: Section[str] = again.section("charts", TextCodec())
    assert fresh.get("ab12") is None
    assert fresh.ignored == 1


@pytest.mark.parametrize("version", ["1.6.1", "1.7.0"])
def test_an_engine_of_an_unknown_version_converts_every_page_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """`Page.render` is served from the last build only for the engines whose internals
    are known; any other version converts as usual, and the build log says what is lost."""
    import mkdocs
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    monkeypatch.setattr(mkdocs, "__version__", version)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/page.md").write_text("# Title\n\n## Part\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    cache = BuildCache()
    memo = PageConverter(cache)
    for _ in range(2):
        cache.new_build(None)
        file = File("page.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
        page = Page(None, file, config)
        page.read_source(config)
        memo.serve(page)
        page.render(config, Files([file]))
        assert [(a.title, [c.title for c in a.children]) for a in page.toc] == [("Title", ["Part"])]
    if version.startswith("1.6."):
        assert (memo.converted, memo.reused, memo.unknown_engine) == (0, 1, None)
    else:
        assert (memo.converted, memo.reused) == (0, 0)  # MkDocs' own render, untouched
        assert memo.unknown_engine is not None
        assert memo.unknown_engine.startswith("mkdocs ")
        assert "converted from Markdown again in every build" in memo.unknown_engine
