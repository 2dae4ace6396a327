"""The limits on every input, in one place (the guide's "Security and limits" lists them).

Content is edited by many people and rebuilt by CI: a file must never make a
build hang, exhaust memory or crash. Each limit is far above what a real map
needs, and a content file over one is reported as `path:line: where: what`,
naming the limit. The last ones bound how much work one broken file may cost (how
many of its problems are reported one by one). One limit lives elsewhere: the length
of a team's slug, `routes.MAX_TEAM_SLUG`, since the URLs sit below this layer.
"""

from __future__ import annotations

import datetime as dt

MAX_YAML_BYTES = 2 * 1024 * 1024
"""A journey version, metrics.yml or personas.yml (a large real map is ~50 KB)."""
MAX_CSV_BYTES = 64 * 1024 * 1024
"""A snapshot or a BI export (a company-sized weekly snapshot is ~1 MB)."""
MAX_DIAGRAM_BYTES = 2 * 1024 * 1024
"""A Mermaid diagram that `import-mermaid` reads, from a file or stdin (500 stages are ~30 KB)."""
MAX_SITE_CONFIG_BYTES = 2 * 1024 * 1024
"""mkdocs.yml, and each file it INHERITs, as `generate` reads them (a large one is ~20 KB)."""
MAX_QUERY_BYTES = 1_000_000
"""A query file of `sources.yml`: a larger one is not a query (a data dump, a binary)."""
MAX_PULLED_ROWS = 1_000_000
"""Rows one `pull` query returns: more are not aggregated figures (each row and field is
also within the snapshot limits, checked as the rows arrive)."""
MAX_DEPTH = 32
"""Nesting of mappings and lists in a YAML file (the content format needs 5)."""
MAX_ALIASES = 100
"""YAML aliases (`*name`) in one file."""
MAX_VALUES = 50_000
"""Values in one YAML file once aliases are expanded (stops "billion laughs" files)."""
MAX_TEXT_CHARS = 20_000
"""One text value: a title, a note, a Markdown description (about 3,000 words)."""
MAX_CSV_FIELD_CHARS = 10_000
"""One field of a snapshot CSV."""
MAX_NUMBER_CHARS = 40
"""A number as written in YAML: a longer one is not a number a person means (and int()
refuses strings of thousands of digits with a Python message)."""
MAX_NUMBER = 1e15
"""The largest magnitude of a number (metric values, bounds, targets); numbers are finite."""
MAX_VERSION = 999
"""The highest version number of a journey (`v999.yml`)."""
MAX_STAGES = 500
"""Stages in one journey version."""
MAX_REPLACES = 20
"""Ids in one stage's `replaces`: the changelog names every stage of a merge."""
MAX_REPLACED_BY = 20
"""Stages of one version that replace the same id: the changelog names every part of a
split, once for each part (a merge of 20 parts of 20 splits is 400 titles in its entry)."""
MAX_LINEAGE = 50
"""Earlier stages one stage continues, through `replaces` and theirs in turn: its page
shows each one's history, its charts each one's values."""
MAX_HIERARCHY_DEPTH = 3
"""Levels of journeys within journeys: a journey, its sub-journey, and one more below."""
MAX_REVIEW_EVERY_DAYS = 3650
"""`review_every_days`: ten years."""
MAX_STALE_AFTER_DAYS = 3650
"""The `stale_after_days` option: ten years."""
MAX_MEDIA_MB = 10_000
"""The `max_media_mb` option: a file of 10 GB (hours of recorded interviews) at most."""
DEFAULT_MAX_MEDIA_MB = 20
"""The `max_media_mb` option's default, and `journeymap validate --max-media-mb`'s."""
MAX_OPTION_TEXT_CHARS = 100
"""A word that pages show, set in mkdocs.yml (`audience: patients`)."""
MAX_OPTION_PATH_CHARS = 255
"""A folder set in mkdocs.yml (`content_dir`, `cache_dir`): a longer name is an OSError."""
MAX_RESPONSES = 1_000_000_000
"""`responses` in a snapshot row."""
MAX_MARKDOWN_DEPTH = 20
"""Nesting of lists and quotes in a Markdown field (Python-Markdown recurses per level)."""
MAX_MARKDOWN_MARKS = 300
"""`[` and `<` in a Markdown field (links, images, HTML tags): Python-Markdown's time
grows with the square of their number (2,000 `[` take seconds to render)."""
MAX_MARKDOWN_LINES = 500
"""Lines of a Markdown field: Python-Markdown's time grows with the square of the lines
between two blank lines (headings, rules and lists split them; 10,000 take seconds)."""
MAX_STAGE_EVIDENCE = 50
"""Evidence entries and citations of one stage (each cited `evidence.yml` id once)."""
MAX_IMAGE_SIDE = 30_000
"""Pixels on a side of a picture, as its header says (a 200-megapixel photo has 16,320)."""
MAX_IMAGE_PIXELS = 200_000_000
"""Pixels of a picture in all: every reader's browser decodes them (4 bytes each)."""
MAX_IMAGE_TALLNESS = 30
"""How many times taller than wide a picture may be (a long phone screenshot is 20)."""
MAX_SVG_BYTES = 5_000_000
"""An SVG picture (a detailed diagram is ~1 MB): every element of it is checked."""
MAX_SVG_DEPTH = 64
"""Nesting of elements in an SVG picture (drawing programs nest groups ~10 deep)."""
MAX_MEDIA_NAME_CHARS = 100
"""One folder or file name under `media/` (file systems allow 255 bytes)."""
MAX_MEDIA_PATH_CHARS = 200
"""A path under `media/`, published under the site's folder at `media/<path>`."""
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
"""Dates (effective, reviewed, done_on, snapshot dates) lie within these years."""

MAX_CHARACTER_PROBLEMS = 10
"""Lines with characters YAML does not allow reported one by one in a file; one more
line says that there are more."""
MAX_SYNTAX_FIXES = 20
"""Syntax errors of a file reported in one run, at most (each read needs a new parse)."""
MAX_REREAD_CHARS = 4 * 1024 * 1024
"""And at most this much text read again for them (a large real map is ~50 KB)."""
MAX_REPAIRS = 50
"""Wrong values of a file set aside, one by one, to check the rest of it against the
other files; past them, those checks wait until the file is fixed."""
MAX_DIAGRAM_PROBLEMS = 100
"""Problems of a Mermaid diagram reported before `import-mermaid` stops reading it."""
