"""Builds per language with mkdocs-static-i18n.

mkdocs-static-i18n builds the site once per language, each other than the default
into its own folder (`/fr/`), and rebuilds the file list for it in its on_files. Its
pages are files in docs_dir; journeymap's are generated, in the authors' language, so
each language's build gets them in its own folder: readers stay in their language's
navigation, and a `journey:` link of a French page opens the French site's copy.
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
