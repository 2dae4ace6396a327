"""Engines layer: adapters that hand journeymap's pages and files to a site engine.

`mkdocs` is the plugin for MkDocs 1.6 and ProperDocs: its class only turns MkDocs'
events into calls, at the priorities that place journeymap among a site's other
plugins; the work is in `mkdocs_build` (one build, made in on_config), `mkdocs_files`,
`nav_placement`, `mkdocs_pages` and `crossrefs`. `zensical` writes the same pages into
docs_dir for Zensical (`manifest` records them, `markdown` resolves `journey:` links
there). What both do first, loading and rendering, is `site.build`. Only this
package imports an engine.
"""
