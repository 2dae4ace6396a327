"""Content never reaches a site's Markdown extensions as Markdown (issue 32: 2, 5, 7, 8, 15b).

A site may enable any extension (fences, snippets, attribute lists, critic markup,
emoji...), and they read a page's whole source, HTML blocks included. Text fields
must stay text under all of them, Markdown fields must not include files or load
images from elsewhere, and what makes Markdown or evidence cost quadratic time is
a precise content problem.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from journeymap.content import limits
from journeymap.content.loader import load_content
from journeymap.engines.zensical import generate
from journeymap.site.render import Renderer

from .conftest import copy_example, run_mkdocs
from .test_hostile_content import problems
from .test_hostile_site import _poison, _unsafe

TODAY = dt.date(2026, 11, 18)
SECRET = "SECRET-TOKEN-4711"
FENCES = (
    "\n~~~\n[Open](javascript:alert(1)){: autofocus onfocus=alert(1) }\n```\n"
    '--8<-- ".env"\n{% include-markdown ".env" %} {++inserted++} ==marked== :smile:\n'
    '/// html | div\n    attrs: {onclick: "alert(2)"}\n///\n!!! note\n    x\n'
)
"""Text that a site's extensions would read as a fence, a snippet, critic markup..."""
DESCRIPTION = '\n\n--8<-- ".env"\n\n![p](http://tracker.example/pixel.gif)\n'
"""A description that includes a file and loads an image from outside the site."""
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "pymdownx.snippets",
    "pymdownx.critic",
    "pymdownx.mark",
    "pymdownx.emoji",
    "pymdownx.blocks.html",
    "pymdownx.blocks.admonition",
    "admonition",
    "footnotes",
    "abbr",
    "def_list",
    "tables",
    "toc",
]
"""What a site may enable besides a fence extension."""


def poison(root: Path) -> None:
    """Every text field of the content's YAML gets `FENCES`, descriptions `DESCRIPTION`."""
    (root / ".env").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    for path in (root / "content").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data, None, FENCES, DESCRIPTION)
        path.write_text(yaml.safe_dump(poisoned, sort_keys=False), encoding="utf-8")


def converter(root: Path, fences: str) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[fences, *EXTENSIONS],
        extension_configs={"pymdownx.snippets": {"base_path": [str(root)], "check_paths": False}},
    )


def markdown_made(html: str, page: str) -> list[str]:
    """What in a page's HTML a Markdown extension made out of content text."""
    soup = BeautifulSoup(html, "html.parser")
    found = _unsafe(soup, page)
    found += [f"{page}: {SECRET}" for _ in [1] if SECRET in html]
    found += [f"{page}: {e}" for e in soup.select("img") if "//" in str(e.get("src", ""))]
    # Markdown fields format with the site's safe extensions (admonitions); text never.
    for element in soup.select("ins, mark, [autofocus], .admonition.note, pre:not(.jm-mermaid)"):
        if element.find_parent(class_="jm-markdown") is None and (
            element.name != "pre" or "Open" in element.get_text()
        ):
            found.append(f"{page}: {str(element)[:100]}")
    return found


@pytest.mark.parametrize("fences", ["pymdownx.superfences", "fenced_code"])
def test_text_fields_stay_text_under_every_extension(tmp_path: Path, fences: str) -> None:
    root = copy_example(tmp_path)
    poison(root)
    md = converter(root, fences)
    content = load_content(root / "content", display_root=root, today=TODAY)
    found: list[str] = []
    # The plugin: the page's Markdown (its headings), its HTML blocks placed after
    # conversion; fragments (map, charts) once the page is written.
    for page in list(Renderer(content).pages()):
        found += markdown_made(page.with_html(md.reset().convert(page.markdown)), page.src_uri)
    # Zensical: the pages `journeymap generate` writes, fragments in place.
    written = generate(root / "mkdocs.yml").written
    for name in [n for n in written if n.endswith(".md")]:
        text = (root / "docs" / name).read_text(encoding="utf-8")
        found += markdown_made(md.reset().convert(text), name)
    assert found == []


def test_titles_with_a_fence_show_as_written(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    path = root / "content/journeys/grocery-app/v2.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stages"][0]["title"] = "Sign up\n~~~"
    data["stages"][0]["pain_points"] = ["x\n~~~\n[Open](javascript:alert(1)){: onfocus=alert(1) }"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    content = load_content(root / "content", display_root=root, today=TODAY)
    page = next(
        p for p in Renderer(content).pages() if p.src_uri == "journeys/grocery-app/discover.md"
    )
    html = page.with_html(converter(root, "pymdownx.superfences").convert(page.markdown))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1 is not None and soup.h1.get_text() == "Sign up\n~~~"
    pains = soup.find(id="pain-points")
    assert pains is not None and pains.find_next("li") is not None
    assert (
        pains.find_next("li")
        .get_text()
        .endswith("[Open](javascript:alert(1)){: onfocus=alert(1) }")
    )
    assert soup.select("a[href^=javascript], [onfocus], pre") == []


@pytest.mark.parametrize(
    "expression",
    [
        "{{ text }}",
        "{{ [text, text]|join(', ') }}",
        # With HTML among them, Jinja's own join and replace escape the text themselves.
        "{{ [text, 'HTML'|md]|join(', ') }}",
        "{{ items|join(', '|md, attribute='title') }}",
        "{{ text|replace('never', 'there'|md) }}",
        "{{ text|e }}",
        "{{ text|forceescape }}",
        "{{ text ~ '!' }}",
        "{{ text|md }}",
    ],
)
def test_every_way_a_template_writes_text_keeps_it_inert(expression: str) -> None:
    # Site overrides may write text any way Jinja allows; none may hand Markdown syntax on.
    from journeymap.site.charts import ChartRenderer
    from journeymap.site.pages import Templates

    text = "x\n~~~\n[o](javascript:alert(1)){: onfocus=alert(1) }"
    env = Templates([], ChartRenderer(), use_directory_urls=True).env
    written = env.from_string(expression).render(text=text, items=[{"title": text}])
    assert not any(c in written for c in "\n~[]{}:<")
    assert BeautifulSoup(written, "html.parser").get_text().startswith(text)


@pytest.fixture(scope="module")
def snippets_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with fences and snippets enabled, its content poisoned."""
    root = copy_example(tmp_path_factory.mktemp("snippets"))
    poison(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "  - pymdownx.superfences\n  - pymdownx.critic\n  - pymdownx.snippets:\n"
        + "      base_path: ['.']\n      check_paths: false\n",
        encoding="utf-8",
    )
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_site_with_snippets_and_fences_publishes_no_file_and_no_markup(
    snippets_site: Path,
) -> None:
    found: list[str] = []
    for path in sorted(snippets_site.rglob("*")):
        if path.suffix in (".html", ".json", ".xml", ".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path}: {SECRET}" for _ in [1] if SECRET in text]
            if path.suffix == ".html":
                found += markdown_made(text, str(path.relative_to(snippets_site)))
    assert found == []
    persona = BeautifulSoup(
        (snippets_site / "journeys/grocery-app/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert '--8<-- ".env"' in persona.get_text()  # shown as written, not included


@pytest.mark.parametrize(
    "src",
    [
        "http://tracker.example/pixel.gif",
        "https://tracker.example/pixel.gif",
        "HTTPS://tracker.example/pixel.gif",
        "//tracker.example/pixel.gif",
        "/\\tracker.example/pixel.gif",
        " https://tracker.example/pixel.gif",
        "ftp://tracker.example/pixel.gif",
    ],
)
def test_images_from_outside_the_site_are_removed_from_descriptions(src: str) -> None:
    from journeymap.site.sanitise import markdown_renderer, sanitised_markdown

    html = sanitised_markdown(f'<img alt="p" src="{src}"> ![q]({src.strip()})', markdown_renderer())
    assert "tracker.example" not in html and "<img" not in html
    assert BeautifulSoup(html, "html.parser").get_text().strip() == "p q"  # their text


def test_images_of_the_site_stay_in_descriptions() -> None:
    from journeymap.site.sanitise import markdown_renderer, sanitised_markdown

    html = sanitised_markdown("![a](../media/a.png) ![b](media/b.png)", markdown_renderer())
    assert 'src="../media/a.png"' in html and 'src="media/b.png"' in html


def test_a_descriptions_html_holds_no_line_a_page_would_read_as_markdown() -> None:
    # A code block shows fences and braces as text; in the page, a fence at the start of
    # a line or `{% %}` anywhere would be read again by the site's extensions.
    from journeymap.site.sanitise import markdown_renderer, sanitised_markdown

    code = '    ~~~\n    ```\n    --8<-- ".env"\n    {% include "x" %}\n    /// html | a\n'
    html = sanitised_markdown(f"Text\n\n{code}", markdown_renderer())
    assert not [line for line in html.splitlines() if line.lstrip()[:1] in ("~", "`", "-", "/")]
    assert "{" not in html and "}" not in html
    text = BeautifulSoup(html, "html.parser").get_text()
    assert text.strip() == "Text\n" + "\n".join(line[4:] for line in code.splitlines())


def test_markdown_fields_use_only_the_sites_extensions_that_format_text() -> None:
    from journeymap.site.sanitise import safe_extensions

    site = [
        "toc", "tables", "fenced_code", "attr_list", "md_in_html", "pymdownx.snippets",
        "markdown.extensions.admonition", "pymdownx.details", "pymdownx.superfences",
        "pymdownx.emoji", "pymdownx.blocks.html", "markdown_include.include", "macros",
    ]  # fmt: skip
    assert safe_extensions(site) == [
        "tables", "sane_lists", "admonition", "pymdownx.details", "pymdownx.superfences",
    ]  # fmt: skip


def _stage(**fields: Any) -> str:
    return yaml.safe_dump(
        {
            "id": "quad",
            "version": 1,
            "title": "Quad",
            "effective": "2026-01-01",
            "reviewed": "2026-01-01",
            # Copies: one list for two stages would be written as an anchor and an alias.
            "stages": [
                {"id": f"s{n}", "title": f"S{n}", **copy.deepcopy(fields)} for n in range(2)
            ],
        },
        sort_keys=False,
    )


def test_a_description_of_too_many_lines_is_refused(tmp_path: Path, content: Path) -> None:
    # 101 stages sharing "a\n=\n" x 4,999 took 672 s: setext headings, rules and `#`
    # headings are quadratic in the lines of a block.
    (content / "journeys/quad").mkdir()
    text = "a\n=\n" * 251
    (content / "journeys/quad/v1.yml").write_text(_stage(description=text), encoding="utf-8")
    found = problems(tmp_path)
    assert (
        "content/journeys/quad/v1.yml:9: stage 's0' (1st): description: has 502 lines: the limit "
        f"is {limits.MAX_MARKDOWN_LINES} (a longer text belongs in a document that the "
        "description links to)"
    ) in found


def test_a_description_within_the_lines_limit_loads(tmp_path: Path, content: Path) -> None:
    (content / "journeys/quad").mkdir()
    text = "a\n=\n" * (limits.MAX_MARKDOWN_LINES // 2)
    (content / "journeys/quad/v1.yml").write_text(_stage(description=text), encoding="utf-8")
    assert problems(tmp_path) == []


def test_an_entry_cited_twice_by_a_stage_is_refused(tmp_path: Path, content: Path) -> None:
    (content / "journeys/quad").mkdir()
    cited = ["household-interviews-2025", "checkout-survey-2026", "household-interviews-2025"]
    (content / "journeys/quad/v1.yml").write_text(_stage(evidence=cited), encoding="utf-8")
    assert problems(tmp_path) == [
        f"content/journeys/quad/v1.yml:{line}: stage 's{n}' ({nth}): evidence[2]: "
        "'household-interviews-2025' is already cited by this stage (evidence[0]): "
        "cite each entry once"
        for n, nth, line in ((0, "1st", 12), (1, "2nd", 18))
    ]


def test_a_stage_citing_too_much_evidence_is_refused(tmp_path: Path, content: Path) -> None:
    # Two stages citing one id 1,000 times each took 187 s and 2.2 GB for a 30 MB page.
    (content / "journeys/quad").mkdir()
    library = content / "evidence.yml"
    entries = [
        {"id": f"e{n}", "kind": "survey", "title": f"E{n}"}
        for n in range(limits.MAX_STAGE_EVIDENCE + 1)
    ]
    data = yaml.safe_load(library.read_text(encoding="utf-8"))
    library.write_text(yaml.safe_dump({"evidence": data["evidence"] + entries}), encoding="utf-8")
    cited = [e["id"] for e in entries]
    (content / "journeys/quad/v1.yml").write_text(_stage(evidence=cited), encoding="utf-8")
    found = problems(tmp_path)
    assert (
        "content/journeys/quad/v1.yml:10: stage 's0' (1st): evidence: 51 evidence entries: "
        f"the limit is {limits.MAX_STAGE_EVIDENCE} per stage; cite the strongest"
    ) in found


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_example(tmp_path) / "content"
