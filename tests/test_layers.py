"""The package's folders are its architecture: content -> analysis -> site -> engines.

Each layer imports only itself and the layers below it, and only `engines/` imports a
site engine, so the core can be driven by more than one engine and tested without one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "plugin" / "journeymap"

# Bottom to top. The package root holds what every layer uses (URLs, number formats,
# atomic writes, the language of the words).
LAYERS = ["", "content", "analysis", "site", "engines", "commands"]
ENGINES = {"mkdocs", "material", "properdocs", "zensical"}


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside the package ('' for the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else ""


def imports_of(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module a file of the package imports, absolute, with its line."""
    module = ".".join(("journeymap", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from journeymap import routes` imports the module journeymap.routes
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            found.append((node.lineno, base))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_layer_and_those_below(path: Path) -> None:
    own = "journeymap." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    own_rank = LAYERS.index(layer_of(own))
    upward = [
        f"line {line}: {name}"
        for line, name in imports_of(path)
        if name.startswith("journeymap.") and LAYERS.index(layer_of(name)) > own_rank
    ]
    assert not upward, f"{own} ({LAYERS[own_rank] or 'root'}) imports from above: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_engines_import_a_site_engine(path: Path) -> None:
    if path.relative_to(PACKAGE).parts[0] == "engines":
        return
    engines = [
        f"line {line}: {name}" for line, name in imports_of(path) if name.split(".")[0] in ENGINES
    ]
    assert not engines, f"{path.relative_to(PACKAGE)} imports a site engine: {engines}"


def test_the_package_root_holds_only_the_bottom_layer() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root == ["__init__.py", "atomic.py", "formatting.py", "i18n.py", "routes.py"]
    # locales/ holds the message catalogues (i18n.py reads them): data, not a layer.
    data = {"__pycache__", "locales"}
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in data)
    assert folders == sorted(LAYERS[1:])
    for folder in folders:
        docstring = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert docstring and "import" in docstring.lower(), (
            f"{folder}/__init__.py must say what it imports"
        )


def test_the_check_sees_relative_and_absolute_imports() -> None:
    """The checker itself, on the source of a would-be module of content/."""
    source = "from ..site import render\nfrom journeymap.engines.mkdocs import X\n"
    names = [name for _, name in imports_of(PACKAGE / "content" / "probe.py", source)]
    assert "journeymap.site.render" in names
    assert {layer_of(n) for n in names} >= {"site", "engines"}
    assert layer_of("journeymap.formatting.number") == ""
