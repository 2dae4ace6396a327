"""Site layer: the pages and files readers get, independent of any site engine.

Every page kind (`render`), made from Jinja2 templates (`pages`, `templates/`) and the
values they show (`views`); SVG charts (`charts`); the navigation sections
(`navigation`); `journey:` links (`links`); the files beside the pages (`files`:
`inventory`, `exports`); the options that shape them (`settings`); the stylesheet
in `assets/`.
Imports `analysis/`, `content/`, the package root and itself; never a site engine.
"""
