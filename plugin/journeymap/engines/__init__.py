"""Engines layer: adapters that hand journeymap's pages and files to a site engine.

`mkdocs` is the plugin for MkDocs 1.6 and ProperDocs; `zensical` writes the same pages
into docs_dir for Zensical (`manifest` records them, `markdown` resolves `journey:`
links there); `build` is what both do first. Each adapter stays thin: an
engine event hands off to one call into the layers below. Only this package imports
an engine.
"""
