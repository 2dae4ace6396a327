"""A name for Material's search dialog, on every page of the site.

Material 9 renders the search overlay as `<div ... role="dialog">` without a name,
which screen readers announce as an anonymous dialog and axe-core reports as a
serious violation (`aria-dialog-name`) on every page. The fix is the dialog's
`aria-label`; it is added to the written HTML rather than by overriding Material's
partial, so a site's own theme overrides keep working and nothing of Material is
copied. The label is the one Material already translated for the search options
beside it, so it is in the site's language.
"""

from __future__ import annotations

import re

_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?=\s*>)')
_OPTIONS_LABEL = re.compile(r'<nav class="md-search__options" aria-label="([^"]*)"')


def name_search_dialog(page_html: str) -> str:
    """The page with Material's search dialog named, when it has no name yet."""
    dialog = _DIALOG.search(page_html)
    if dialog is None:  # another theme, or a dialog already named (a site's own override)
        return page_html
    options = _OPTIONS_LABEL.search(page_html)
    label = options.group(1) if options else "Search"
    return f'{page_html[: dialog.end()]} aria-label="{label}"{page_html[dialog.end() :]}'
