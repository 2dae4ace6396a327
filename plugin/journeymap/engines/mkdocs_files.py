"""journeymap's pages and files in MkDocs' file list, for MkDocs to convert and write.

Pages are generated files, out of the nav MkDocs makes (`nav_placement` puts their
sections in). With mkdocs-static-i18n they go into the folder of the language being
built (`languages`). Files that `journeymap generate` left in docs_dir for Zensical are
left out: this build makes the same pages itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from journeymap.engines import languages
from journeymap.engines.manifest import MANIFEST
from journeymap.engines.mkdocs_build import MkDocsBuild
from journeymap.engines.nav_placement import AWESOME_PAGES, index_pages
from journeymap.engines.page_dates import page_dates
from journeymap.engines.revision_dates import date_generated_pages
from journeymap.formatting import plural, shown_path
from journeymap.site.build import assets
from journeymap.site.files import Made

log = get_plugin_logger(__name__)


def add_files(files: Files, config: MkDocsConfig, now: MkDocsBuild) -> None:
    """Add this build's pages, files, media and assets to `files` (in the language's
    folder, with mkdocs-static-i18n), and date the pages for git-revision-date."""
    folder = ""
    if languages.PLUGIN in config.plugins:
        folder, warning = languages.language_folder(config.plugins)
        if warning:
            log.warning(warning)
    else:
        _warn_without_home_page(files, config)
    now.language_folder = folder
    # awesome-pages orders the nav MkDocs made from the files: the index pages
    # where the sections go are in it, for the site's `.pages` to name their folders.
    indexes = index_pages(now.sections(config)) if AWESOME_PAGES in config.plugins else []
    if now.generated:
        # `journeymap generate` (for Zensical) left its files in docs_dir: this build
        # makes the same pages and files itself, from the content as it is now.
        for path in now.generated:
            file = files.get_file_from_path(path)
            if file is not None:
                files.remove(file)
        log.info(
            f"ignoring {plural(len(now.generated), 'file')} that `journeymap generate` "
            f"wrote into {Path(config.docs_dir).name}/ for Zensical (listed in its "
            f"{MANIFEST})"
        )
    for src_uri in [*now.pages, *now.files, *now.media]:
        if files.get_file_from_path(src_uri) is not None:
            what = "page" if src_uri in now.pages else "file"
            raise PluginError(
                f"{config.docs_dir}/{src_uri}: journeymap generates this {what}; "
                "move or rename the file"
            )
    for page in now.pages.values():
        file = File.generated(
            config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
        )
        if page.src_uri in indexes:
            file.inclusion = InclusionLevel.INCLUDED
        _in_folder(folder, file)
        if page.source is not None:
            # "Edit this page" opens the YAML the page was made from.
            file.edit_uri = shown_path(page.source, config.docs_dir)
        files.append(file)
    # Pages link to these files relatively: they go to the same language's folder.
    for path, make in now.files.items():
        files.append(_in_folder(folder, MadeFile.of(config, path, make)))
    for path, source in now.media.items():
        file = File.generated(config, path, abs_src_path=str(source))
        files.append(_in_folder(folder, file))
    for path, data in assets():
        files.append(File.generated(config, path, content=data))
    _date_pages(config, now)


class MadeFile(File):
    """A generated file whose content is made each time MkDocs reads or writes it, and
    not held: with `File.generated(content=...)`, MkDocs held every file's text from
    `on_files` until it copied them, which on a large site was hundreds of MB of values
    files. Only MkDocs' public `File` API is used (its content properties, `copy_file`).
    """

    make: Made

    @classmethod
    def of(cls, config: MkDocsConfig, src_uri: str, make: Made) -> MadeFile:
        # `generated` sets what a generated file has (generated_by, no src_dir); its
        # empty content is never read: the properties below make it.
        file = cast(MadeFile, cls.generated(config, src_uri, content=b""))  # a cls
        file.make = make
        return file

    @property
    def content_bytes(self) -> bytes:
        made = self.make()
        return made.encode() if isinstance(made, str) else made

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.make = lambda: value  # another plugin's content, as File takes it

    @property
    def content_string(self) -> str:
        made = self.make()
        # As File reads bytes: a byte-order mark is not part of the text.
        return made if isinstance(made, str) else made.decode("utf-8-sig", errors="strict")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.make = lambda: value

    def is_modified(self) -> bool:
        return True  # made anew in every build, as any file with content in memory

    def copy_file(self, dirty: bool = False) -> None:
        utils.write_file(self.content_bytes, self.abs_dest_path)


def _date_pages(config: MkDocsConfig, now: MkDocsBuild) -> None:
    """Give mkdocs-git-revision-date-localized the content's dates for generated pages."""
    if now.failed:  # `mkdocs serve` showing content problems: no content to date
        return
    warning = date_generated_pages(
        config.plugins, lambda: page_dates(now.pages.values(), now.loaded)
    )
    if warning:
        log.warning(warning)


def _in_folder(folder: str, file: File) -> File:
    """The file, written into `folder` of the site (a language's, with i18n)."""
    file.dest_uri = folder + file.dest_uri
    return file


def config_dir(config: MkDocsConfig) -> Path:
    """The folder of the site's config file, which paths in messages are relative to."""
    return Path(config.config_file_path or ".").resolve().parent


def _warn_without_home_page(files: Files, config: MkDocsConfig) -> None:
    if not any(files.get_file_from_path(name) for name in ("index.md", "README.md")):
        docs = shown_path(config.docs_dir, config_dir(config))
        log.warning(
            f"{docs}/index.md not found: the site has no home page (its address shows "
            f"'404 - Not found'); add {docs}/index.md, for example '# Customer journeys' "
            "and a link to [every journey](journeys/index.md)"
        )
