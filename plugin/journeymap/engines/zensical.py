"""The Zensical generator: journeymap's pages and files written into docs_dir.

Zensical reads `mkdocs.yml` and builds `docs_dir`, but runs no MkDocs plugins. So
`journeymap generate` does before the build what the plugin does during it: the same
pages, at the same source paths (so the same URLs), with their charts and HTML already
in place, and the same files beside them. Zensical resolves every link of a page from
its source file, raw HTML included, so the pages' links name source files.

The generator owns what it wrote and nothing else: a manifest (see `manifest`) lists
its files; it replaces and removes only those, and refuses to write over any other.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import markdown
import yaml

from journeymap.analysis.hierarchy import Hierarchy
from journeymap.atomic import write_atomically
from journeymap.content.build_cache import BuildCache
from journeymap.content.documents import read_text
from journeymap.content.limits import MAX_SITE_CONFIG_BYTES
from journeymap.content.model import Content
from journeymap.content.problems import Problems, did_you_mean
from journeymap.engines.manifest import MANIFEST, Manifest, outside_entries, read_manifest
from journeymap.formatting import shown_path
from journeymap.routes import map_page, version_page
from journeymap.site.build import (
    NAV_WEIGHT,
    SCRIPT,
    STYLESHEET,
    SiteConfig,
    assets,
    build,
    health_report,
)
from journeymap.site.files import Made
from journeymap.site.links import Links
from journeymap.site.navigation import NavSection, navigation
from journeymap.site.options import OPTIONS, Options, problems
from journeymap.site.pages import PageSource, without_search_marks
from journeymap.site.sanitise import markdown_renderer, safe_extensions

EXTENSION = "journeymap.engines.markdown"
"""The Python-Markdown extension that resolves `journey:` and `metric:` links."""
TOP_WEIGHT = 100
"""Weight of journeymap's first top-level section: after pages without a weight (0)."""


class GenerateError(Exception):
    """The generator cannot run: the message says why and what to change."""


@dataclasses.dataclass(frozen=True)
class Generated:
    """What one run did to docs_dir."""

    docs_dir: Path
    written: list[str]
    """New files."""
    changed: list[str]
    unchanged: list[str]
    removed: list[str]
    summary: str
    health: str
    """The health line of the build log ('' when all is well)."""
    failing: list[str]
    """One line per health item of a kind the site names in `fail_on`."""
    notices: tuple[str, ...] = ()
    """What the content's checks say without failing (a sub-journey's stage gone)."""
    language_note: str = ""
    """The line saying that journeymap does not speak the site's language ('' if it does)."""


def generate(config_file: Path) -> Generated:
    """Write journeymap's pages and files into the docs_dir of `config_file`.

    Raises `ContentError` (content problems), `GenerateError` (the config, or files in
    the way) or `ValueError` (a bad SOURCE_DATE_EPOCH), with nothing written.
    """
    config_file = config_file.resolve()
    raw = _read_config(config_file)
    options = _options(config_file, raw)
    config_dir = config_file.parent
    docs_dir = config_dir / str(raw.get("docs_dir") or "docs")
    if not docs_dir.is_dir():
        raise GenerateError(
            f"{shown_path(docs_dir)}: docs_dir not found (set by {config_file.name})"
        )
    _check_site(config_file, raw, options)
    # Markdown fields use the site's extensions that only format text.
    markdown_extensions = safe_extensions(_extension_names(raw))
    site = SiteConfig(
        config_dir=config_dir,
        site_name=str(raw.get("site_name") or "journeymap"),
        site_url=raw.get("site_url") or None,
        use_directory_urls=raw.get("use_directory_urls", True) is not False,
        theme_dirs=_theme_dirs(config_dir, raw),
        markdown=markdown_renderer(markdown_extensions),
        markdown_key=repr(markdown_extensions),
        theme_language=_theme_language(raw),
    )
    cache = BuildCache()
    built = build(options, site, cache, source_links=True, one_build=True)
    cache.sweep()
    wanted = dict(_files(built.content, built.pages, built.files, built.media))
    old = read_manifest(docs_dir)
    _check_links(docs_dir, built.content, site, set(wanted) | set(old.files if old else ()))
    manifest = Manifest(
        files=tuple(sorted(wanted)),
        content_dir=options.content_dir,
        use_directory_urls=site.use_directory_urls,
        today=built.content.today.isoformat(),
    )
    done = _write(docs_dir, wanted, old, manifest, built.summary)
    health, failing = health_report(built.health, options.fail_on)
    notices = tuple(str(notice) for notice in built.content.notices)
    return dataclasses.replace(
        done, health=health, failing=failing, notices=notices, language_note=built.language_note
    )


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: `!ENV` resolved as MkDocs does, other tags read as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any] = []
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        *names, default = [loader.construct_object(child) for child in node.value]
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_ConfigLoader.add_constructor("!ENV", _env)
# `!!python/name:...` (pymdownx options) and other engine-specific tags: not ours to build.
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_config(config_file: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The config's data, its `INHERIT` parent's under it (nearest file wins per key)."""
    try:
        data = yaml.load(_config_text(config_file), Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None)
        raise GenerateError(
            f"{shown_path(config_file)}{line}: YAML syntax error"
            + (f": {problem}" if problem else "")
        ) from None
    if not isinstance(data, dict):
        raise GenerateError(f"{shown_path(config_file)}: expected the settings of a site")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and config_file not in seen:
        base = _read_config(config_file.parent / parent, (*seen, config_file))
        return {**base, **data}
    return data


def _config_text(config_file: Path) -> str:
    """The text of a config file: a regular file, read no further than its size limit
    (`/dev/zero` never ends, a FIFO waits for a writer)."""
    if config_file.is_dir():
        raise GenerateError(f"{shown_path(config_file)}: is a folder: name the site's mkdocs.yml")
    problems = Problems()
    # Resolved: a config may be a link (a shared base config); the file it names is read.
    text = read_text(
        config_file.resolve(), shown_path(config_file), problems, limit=MAX_SITE_CONFIG_BYTES
    )
    if text is None:
        # About the whole file: no line to name.
        raise GenerateError("\n".join(str(dataclasses.replace(p, line=0)) for p in problems))
    return text


def _plugin_entries(raw: dict[str, Any]) -> dict[str, Any]:
    """The site's plugins by name, with their options."""
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        return dict(plugins)
    entries: dict[str, Any] = {}
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, str):
            entries[item] = {}
        elif isinstance(item, dict):
            entries.update(item)
    return entries


def _options(config_file: Path, raw: dict[str, Any]) -> Options:
    """The journeymap plugin's options, checked as the plugin checks them."""
    given = _plugin_entries(raw).get("journeymap") or {}
    where = f"{shown_path(config_file)}: plugins: journeymap"
    if not isinstance(given, dict):
        raise GenerateError(f"{where}: expected its options as a mapping")
    known = [option.name for option in OPTIONS]  # a list: did-you-mean picks the same one
    found = [
        f"{where}.{key}: not an option of journeymap" + did_you_mean(str(key), known)
        for key in given
        if key not in known
    ]
    found += [f"{where}.{key}: {why}" for key, why in problems(given)]
    if found:
        raise GenerateError("\n".join(found))
    return Options.of(given)


def _check_site(config_file: Path, raw: dict[str, Any], options: Options) -> None:
    """Refuse a config that would build a site without journeymap's stylesheet, links or nav."""
    missing: list[str] = []
    if STYLESHEET not in (raw.get("extra_css") or []):
        missing.append(f"extra_css:\n  - {STYLESHEET}      # journeymap's stylesheet")
    if SCRIPT not in (raw.get("extra_javascript") or []):
        missing.append(f"extra_javascript:\n  - {SCRIPT}   # chart points by keyboard")
    if EXTENSION not in _extension_names(raw):
        missing.append(
            f"markdown_extensions:\n  - {EXTENSION}   # journey: and metric: links in your pages"
        )
    if not raw.get("nav") and NAV_WEIGHT not in _plugin_entries(raw):
        missing.append(f"plugins:\n  - {NAV_WEIGHT}   # orders the journeys' pages in the nav")
    watched = [Path(str(w)).as_posix().rstrip("/") for w in raw.get("watch") or []]
    if Path(options.content_dir).as_posix().rstrip("/") not in watched:
        missing.append(
            f"watch:\n  - {options.content_dir}   # Zensical re-renders your pages "
            "when the content changes"
        )
    if missing:
        raise GenerateError(
            f"{shown_path(config_file)}: Zensical needs these settings for journeymap "
            "(add them to the lists already there; MkDocs accepts them too):\n" + "\n".join(missing)
        )


def _extension_names(raw: dict[str, Any]) -> list[Any]:
    """The names in `markdown_extensions` (an entry may be a name with its settings)."""
    extensions = raw.get("markdown_extensions") or []
    return [next(iter(e)) if isinstance(e, dict) and e else e for e in extensions]


def _check_links(docs_dir: Path, content: Content, site: SiteConfig, ours: set[str]) -> None:
    """Report unknown `journey:`/`metric:` targets in the site's own pages, as the plugin does.

    Zensical can only stop on an exception (a traceback), so the generator checks the
    links first: Markdown with code blocks, so that `journey:x` in code is not a link.
    """
    links = Links(content, use_directory_urls=site.use_directory_urls, source_links=True)
    problems: list[str] = []
    for page in sorted(docs_dir.rglob("*.md")):
        src = page.relative_to(docs_dir).as_posix()
        if src in ours:
            continue
        text = page.read_text(encoding="utf-8-sig", errors="replace")
        if "journey:" not in text and "metric:" not in text:
            continue
        html = markdown.markdown(text, extensions=["fenced_code", "tables", "md_in_html"])
        for link in links.rewrite(html, src)[1]:
            problems.append(
                f"{shown_path(page)}: unknown link target '{link.target}': {link.reason}"
            )
    if problems:
        raise GenerateError("\n".join(problems) + "\nnothing was written")


def _theme_language(raw: dict[str, Any]) -> str | None:
    """`theme.language`, which Zensical reads from mkdocs.yml as Material does."""
    theme = raw.get("theme")
    given = theme.get("language") if isinstance(theme, dict) else None
    return str(given) if given else None


def _theme_dirs(config_dir: Path, raw: dict[str, Any]) -> tuple[Path, ...]:
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return (config_dir / str(custom),) if custom else ()


def _files(
    content: Content,
    pages: dict[str, PageSource],
    files: dict[str, Made],
    media: dict[str, Path],
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every file to write: path in docs_dir -> what makes its bytes, called as each is
    written (made all first, a large site's pages and files were held at once)."""
    meta = _navigation_meta(content)
    for src_uri, page in pages.items():
        page_meta = {**page.meta, **meta.get(src_uri, {"headless": True})}
        yield src_uri, functools.partial(_page_bytes, page, page_meta)
    for path, make in files.items():
        yield path, functools.partial(_as_bytes, make)
    for path, source in media.items():  # checked by the loader: inside media/, within limits
        yield path, source.read_bytes
    for path, data in assets():
        yield path, functools.partial(bytes, data)


def _page_bytes(page: PageSource, meta: dict[str, Any]) -> bytes:
    """The page's Markdown for Zensical, with its fragments and `meta`."""
    text = _with_meta(without_search_marks(page.finish(page.markdown, into_markdown=True)), meta)
    return text.encode("utf-8")


def _as_bytes(make: Made) -> bytes:
    data = make()
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _navigation_meta(content: Content) -> dict[str, dict[str, Any]]:
    """Page meta (mkdocs-nav-weight's keys) that put each page where the plugin puts it.

    `weight` orders the pages of a folder; an index page's weight orders its folder and,
    with `retitled`, its title names the folder. Pages without an entry (the version
    maps) are `headless`: built, linked from the history, not in the navigation.
    """
    meta: dict[str, dict[str, Any]] = {}

    def place(items: list[str | NavSection], first: int) -> None:
        for weight, item in enumerate(items, start=first):
            index = item if isinstance(item, str) else item.index
            meta[index] = {"weight": weight}
            if index.endswith("index.md"):
                meta[index]["retitled"] = True
            if isinstance(item, NavSection):
                place(item.items, 1)

    place(navigation(content), TOP_WEIGHT)
    # Zensical's navigation is the folders: a sub-journey's folder stays beside its
    # parent's (its URL never changes when it moves), so journeys go in the tree's order,
    # each sub-journey after its parent.
    for weight, journey in enumerate(Hierarchy(content).order, start=1):
        meta[map_page(journey.id)] = {"weight": weight, "retitled": True}
    for journey in content.journeys.values():
        for file in journey.files:
            meta.pop(version_page(journey.id, file.version.version), None)
    return meta


def _with_meta(markdown: str, meta: dict[str, Any]) -> str:
    """The page with `meta` added to its front matter (a template may have its own)."""
    front: dict[str, Any] = {}
    if markdown.startswith("---\n"):
        head, found, body = markdown[4:].partition("\n---\n")
        if found:
            front = yaml.safe_load(head) or {}
            markdown = body
    front.update(meta)
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + markdown


def _write(
    docs_dir: Path,
    wanted: dict[str, Callable[[], bytes]],
    old: Manifest | None,
    manifest: Manifest,
    summary: str,
) -> Generated:
    ours = set(old.files) if old else set()
    _refuse_outside(docs_dir, [MANIFEST, *sorted(ours | set(wanted))])
    foreign = sorted(p for p in wanted if p not in ours and (docs_dir / p).exists())
    if foreign:
        raise GenerateError(
            "\n".join(
                f"{shown_path(docs_dir / p)}: journeymap generates this file and did not write "
                "the one there; move or rename it (nothing was written)"
                for p in foreign
            )
        )
    stale = sorted(ours - set(wanted))
    # The manifest lists every file that may be ours before any is written, so that an
    # interrupted run still knows what to replace or remove the next time.
    write_atomically(
        docs_dir / MANIFEST,
        dataclasses.replace(manifest, files=tuple(sorted(ours | set(wanted)))).dumps().encode(),
    )
    written: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    for path, make in wanted.items():
        data = make()
        target = docs_dir / path
        try:
            before = target.read_bytes()
        except FileNotFoundError:
            before = None
        if before == data:
            unchanged.append(path)
            continue
        (changed if before is not None else written).append(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    for path in stale:
        if (docs_dir / path).is_file():  # not a folder that took a file's name since
            (docs_dir / path).unlink()
        _remove_empty_folders((docs_dir / path).parent, docs_dir)
    write_atomically(docs_dir / MANIFEST, manifest.dumps().encode())
    return Generated(docs_dir, written, changed, unchanged, stale, summary, "", [])


def _refuse_outside(docs_dir: Path, paths: list[str]) -> None:
    """Refuse, before anything is written, to write or remove a file whose real path
    leaves docs_dir: through a symbolic link in docs_dir (a committed `journeys ->
    /elsewhere` would receive the pages; a manifest entry under a linked folder would
    delete a file there), or named by a manifest entry that is absolute or has `..`."""
    problems = [
        f"{shown_path(docs_dir / MANIFEST)}: lists {entry!r}, which is not a file inside "
        f"{shown_path(docs_dir)}/: journeymap never writes one there; delete the manifest "
        "(it is rewritten) and move away what the generator wrote"
        for entry in outside_entries(docs_dir)
    ]
    real_docs = docs_dir.resolve()
    links: set[Path] = set()
    is_link: dict[Path, bool] = {}  # each folder looked at once, for all its files
    for path in paths:
        current = docs_dir
        for name in PurePosixPath(path).parts:
            current = current / name
            if current not in is_link:
                is_link[current] = current.is_symlink()
            if is_link[current]:
                links.add(current)
                break
        else:  # no link on the way: the real path is inside, unless a `..` took it out
            if not current.resolve().is_relative_to(real_docs):
                problems.append(f"{shown_path(current)}: is outside {shown_path(docs_dir)}/")
    problems += [
        f"{shown_path(link)}: is a symbolic link: journeymap generate writes and removes "
        f"files only inside {shown_path(docs_dir)}/, so make it a folder or a file of its own "
        "(or remove it)"
        for link in sorted(links)
    ]
    if problems:
        raise GenerateError("\n".join(problems) + "\nnothing was written")


def _remove_empty_folders(folder: Path, docs_dir: Path) -> None:
    while folder != docs_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
