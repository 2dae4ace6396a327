"""The MkDocs adapter stays thin: its plugin class only turns events into calls.

The work it hands on lives in modules named for it (engines/mkdocs_build.py,
mkdocs_files.py, nav_placement.py, mkdocs_pages.py, crossrefs.py): when the class or
its module grows past these numbers, something that belongs there has crept back.
"""

from __future__ import annotations

import ast

from .conftest import REPO

ADAPTER = REPO / "plugin/journeymap/engines/mkdocs.py"
MAX_MODULE_LINES = 300
MAX_CLASS_LINES = 150


def test_the_mkdocs_adapter_module_is_at_most_300_lines() -> None:
    lines = len(ADAPTER.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"engines/mkdocs.py has {lines} lines"


def test_the_plugin_class_is_at_most_150_lines() -> None:
    tree = ast.parse(ADAPTER.read_text(encoding="utf-8"))
    (plugin,) = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name == "JourneyMapPlugin"
    ]
    assert plugin.end_lineno is not None
    start = min([plugin.lineno, *(d.lineno for d in plugin.decorator_list)])
    lines = plugin.end_lineno - start + 1
    assert lines <= MAX_CLASS_LINES, f"JourneyMapPlugin has {lines} lines"
