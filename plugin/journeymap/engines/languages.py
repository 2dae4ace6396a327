"""The site's language, and builds per language with mkdocs-static-i18n.

mkdocs-static-i18n builds the site once per language, each other than the default
into its own folder (`/fr/`), and rebuilds the file list for it in its on_files. Its
pages are files in docs_dir; journeymap's are generated, in the authors' language, so
each language's build gets them in its own folder: readers stay in their language's
navigation, and a `journey:` link of a French page opens the French site's copy,
labelled in French (`site_language`).
"""

from __future__ import annotations

from typing import Any

from journeymap.engines.neighbours import lacking

PLUGIN = "i18n"


def language_folder(plugins: Any) -> tuple[str, str | None]:
    """The folder of the language being built, with a slash ('' for the default one),
    and the build log's warning when the plugin does not say which language it is."""
    i18n = plugins.get(PLUGIN)
    current = getattr(i18n, "current_language", None)
    default = getattr(i18n, "default_language", None)
    if not isinstance(current, str) or not isinstance(default, str):
        return "", lacking(
            "mkdocs-static-i18n",
            "current_language and default_language",
            "journeymap's pages go into the default language's folder of every language's "
            "build, and readers of other languages leave their navigation on them",
        )
    # The rule mkdocs-static-i18n applies to its own files (suffix.create_i18n_file).
    return (f"{current}/" if current != default else ""), None


def site_language(theme: Any, plugins: Any) -> str | None:
    """The language of the site being built, as its theme has it: Material's
    `theme.language` (MkDocs' own themes call it `locale`), or, with mkdocs-static-i18n,
    the language it is building.

    mkdocs-static-i18n sets Material's `theme.language` to each language in its own
    on_config, after journeymap's (which builds everything first), and builds the others
    from its on_post_build with `current_language` set; in the first build that is still
    unset, and the default language is built.
    """
    i18n = plugins.get(PLUGIN)
    if i18n is not None:
        for attribute in ("current_language", "default_language"):
            building = getattr(i18n, attribute, None)
            if isinstance(building, str) and building:
                return building
    for key in ("language", "locale"):
        value = theme.get(key) if hasattr(theme, "get") else None
        if value:
            return str(value)
    return None
