"""The shape of the code, in numbers: small pieces, and one helper for each chore.

A function longer than a screen or a class that does several jobs is where bugs
hide and reviews stop reading; a chore written twice gets fixed once. These limits
are read from the package's syntax tree (`ast`), so that they hold as it grows.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "plugin" / "journeymap"
MAX_FUNCTION_LINES = 80
MAX_CLASS_LINES = 200

MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _lines(node: ast.AST) -> int:
    """Lines from the definition's first line (decorators aside) to its last."""
    assert isinstance(node, ast.stmt) and node.end_lineno is not None
    return node.end_lineno - node.lineno + 1


def _too_long(path: Path) -> Iterator[str]:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            limit = MAX_FUNCTION_LINES
        elif isinstance(node, ast.ClassDef):
            limit = MAX_CLASS_LINES
        else:
            continue
        if _lines(node) > limit:
            yield f"{_name(path)}:{node.lineno}: {node.name} has {_lines(node)} lines (> {limit})"


def test_the_package_is_measured() -> None:
    assert len(MODULES) > 50  # the glob found the package, not an empty folder


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_over_80_lines_and_no_class_over_200(path: Path) -> None:
    assert list(_too_long(path)) == []


def _calls(dotted: str) -> list[str]:
    """The modules that call `dotted` (such as `os.path.relpath`), by its dotted name."""
    found = []
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and ast.unparse(node) == dotted:
                found.append(_name(path))
    return sorted(set(found))


def _definitions(name: str) -> list[str]:
    return sorted(
        _name(path)
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef) and node.name == name
    )


def test_a_path_as_shown_to_the_user_is_written_once() -> None:
    assert _calls("os.path.relpath") == ["formatting.py"]  # shown_path


def test_files_are_written_whole_in_one_place() -> None:
    assert _calls("os.replace") == ["atomic.py"]
    assert _calls("os.rename") == []
    assert _calls("tempfile.mkstemp") == []


def test_plural_words_have_one_helper() -> None:
    assert _definitions("plural") == ["formatting.py"]


def test_the_file_a_url_is_written_to_is_computed_once() -> None:
    holders = sorted(
        _name(path)
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Constant) and node.value == "index.html"
    )
    assert holders == ["routes.py"]  # file_of


def _attribute_users(*names: str) -> list[str]:
    """The modules that use an attribute of one of these names (`x.cache_dir`)."""
    return sorted(
        {
            _name(path)
            for path in MODULES
            for node in ast.walk(_tree(path))
            if isinstance(node, ast.Attribute) and node.attr in names
        }
    )


def _name_users(name: str) -> list[str]:
    """The modules that use the name (a function they import and call)."""
    return sorted(
        {
            _name(path)
            for path in MODULES
            for node in ast.walk(_tree(path))
            if isinstance(node, ast.Name) and node.id == name
        }
    )


def test_what_a_build_keeps_for_the_next_has_one_mechanism() -> None:
    """The build cache (content/build_cache.py) keeps what one build made for the next,
    in memory and in `cache_dir`: the documents, snapshots, charts, journeys and pages
    are its sections. A second cache would bring its own life cycle or its own files."""
    assert _definitions("new_build") == ["content/build_cache.py"]
    assert _definitions("sweep") == ["content/build_cache.py"]
    # `cache_dir` is read in one place, which gives it to the build cache.
    assert _attribute_users("cache_dir") == ["site/build.py"]
    # Files are written by the build cache, `journeymap generate` (docs_dir) and the
    # commands that write content; nothing else of a build writes a file.
    assert _name_users("write_atomically") == [
        "commands/imports.py",
        "content/build_cache.py",
        "engines/zensical.py",
    ]
    writers = _attribute_users("write_text", "write_bytes", "mkstemp", "NamedTemporaryFile")
    assert all(module.startswith("commands/") for module in writers), writers
