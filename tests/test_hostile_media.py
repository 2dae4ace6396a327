"""Hostile media files (issue #32, items 1, 14 and 15): each refused with a precise message.

An SVG opened on its own runs on the site's origin, so it must pass an allowlist
applied to the parsed XML; a file name the file system cannot hold, a folder
named like a version file and an image whose header claims a giant size each
once ended in a traceback, a machine error or a page millions of pixels tall.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.content import limits
from journeymap.content.svg import svg_problem

from .conftest import REPO, copy_example, run_mkdocs
from .contentkit import problem_lines, shown
from .test_evidence import MEDIA, SIGNUP, TODAY, V1, png, write

SVG_OPEN = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" '
SVG_OPEN += b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
ONLY_DRAWING = (
    "an SVG picture may only draw (no script, event handlers, other namespaces or files "
    "from elsewhere): export it again without it, or as PNG"
)
XHTML = "(its namespace is http://www.w3.org/1999/xhtml)"


def svg_lines(tmp_path: Path, svg: bytes) -> list[str]:
    """The problems of the base content with its board picture an SVG of these bytes."""
    write(
        tmp_path,
        (V1, "file: maps/board.png", "file: maps/board.svg"),
        media={**MEDIA, "maps/board.svg": svg},
    )
    return problem_lines(tmp_path, TODAY)


def refused(found: str, line: int = 1) -> list[str]:
    return [f"{shown(V1)}:6: media[0].file: 'maps/board.svg' line {line}: {found}: {ONLY_DRAWING}"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # The cases of the issue.
        (b"<h:script>document.title='X'</h:script>", f"<h:script> is not an SVG element {XHTML}"),
        (
            b'<h:iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/>',
            f"<h:iframe> is not an SVG element {XHTML}",
        ),
        (
            b'<rect width="9" height="9" style="fill:url(http://x.example/f.svg#p)"/>',
            "style: url(http://x.example/f.svg#p) is a file from elsewhere",
        ),
        (b'<h:img src="http://x.example/p.gif"/>', f"<h:img> is not an SVG element {XHTML}"),
        (
            b"<style>@font-face { font-family: F; src: url(http://x.example/f.woff) }</style>",
            "<style>: url(http://x.example/f.woff) is a file from elsewhere",
        ),
        # Their relatives: other ways to run script or to call another host.
        (
            b"<foreignObject><h:p>x</h:p></foreignObject>",
            "the element <foreignObject> is not allowed",
        ),
        (b'<rect onload="alert(1)"/>', "onload= is an event handler, which runs script"),
        (
            b'<rect h:onclick="alert(1)"/>',
            f"the attribute h:onclick is not an SVG attribute {XHTML}",
        ),
        (
            b'<use xlink:href="http://x.example/s.svg#a"/>',
            'xlink:href="http://x.example/s.svg#a" leads outside the picture (only #ids are '
            "allowed)",
        ),
        (
            b'<use href=" javascript:alert(1)"/>',
            'href="javascript:alert(1)" leads outside the picture (only #ids are allowed)',
        ),
        (b'<a href="#x"><text>x</text></a>', "the element <a> is not allowed"),
        (
            b'<set attributeName="href" to="javascript:alert(1)"/>',
            "the element <set> is not allowed",
        ),
        (
            b"<rect fill=\"url('//x.example/p')\"/>",
            "fill: url('//x.example/p') is a file from elsewhere",
        ),
        (
            b'<rect style="fill:\\75rl(//x.example/p)"/>',
            "style: a CSS escape (\\) can hide a link from this check",
        ),
        (
            b"<style>svg { background: image-set('http://x.example/p.png' 1x) }</style>",
            "<style>: image-set() loads a file from elsewhere",
        ),
        (
            b"<rect style=\"fill: image('//x.example/p.png')\"/>",
            "style: image() loads a file from elsewhere",
        ),
        (
            b"<style>@import 'http://x.example/s.css';</style>",
            "<style>: @import is not allowed (it can load fonts or styles from elsewhere)",
        ),
        (
            b"<style>@font-face { font-family: F }</style>",
            "<style>: @font-face is not allowed (it can load fonts or styles from elsewhere)",
        ),
        (
            b'<foo xmlns=""/>',
            "<foo> is not an SVG element (no namespace: the picture needs "
            'xmlns="http://www.w3.org/2000/svg")',
        ),
        (b'<rect mask="url(#m)" bogus="1"/>', "the attribute bogus is not allowed"),
        (
            b"<style>@import 'http://x.example/s.css';<style/></style>",
            "<style> may hold only CSS, not the element <style>",
        ),
    ],
)
def test_svg_markup_that_could_run_or_fetch_is_refused(
    tmp_path: Path, body: bytes, found: str
) -> None:
    assert svg_lines(tmp_path, SVG_OPEN + body + b"</svg>") == refused(found)


def test_svg_script_in_a_prefixed_svg_namespace_is_refused(tmp_path: Path) -> None:
    svg = (
        b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg">\n'
        b"<svg:script>document.title='X'</svg:script></svg:svg>"
    )
    assert svg_lines(tmp_path, svg) == refused("the element <svg:script> is not allowed", line=2)


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            (2, "a DOCTYPE with declarations ([...]) can define entities that grow without bound"),
        ),
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x.example/svg11.dtd">\n'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>',
            (2, "the entity &secret; is not defined in the picture"),
        ),
        (
            b'<?xml-stylesheet href="http://x.example/s.css"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            (1, "the processing instruction <?xml-stylesheet ...?> is not allowed"),
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 64 + b"</g>" * 64 + b"</svg>",
            (1, f"elements nested more than {limits.MAX_SVG_DEPTH} levels deep"),
        ),
        (
            b'<html xmlns="http://www.w3.org/2000/svg"/>',
            (1, "the element <html> is not allowed"),
        ),
        (
            b'<g xmlns="http://www.w3.org/2000/svg"/>',
            (1, "the picture starts with <g>, not <svg>"),
        ),
    ],
)
def test_svg_documents_that_declare_or_nest_too_much_are_refused(
    tmp_path: Path, svg: bytes, found: tuple[int, str]
) -> None:
    line, what = found
    assert svg_lines(tmp_path, svg) == refused(what, line)


def test_svg_that_is_not_xml_or_too_large_is_refused(tmp_path: Path) -> None:
    assert svg_lines(tmp_path, b'<svg xmlns="http://www.w3.org/2000/svg">\n<g></svg>') == [
        f"{shown(V1)}:6: media[0].file: 'maps/board.svg' line 2: is not well-formed XML "
        "(mismatched tag), so browsers show an error instead of the picture: export it again"
    ]
    big = SVG_OPEN + b"<g/>" * (limits.MAX_SVG_BYTES // 4) + b"</svg>"
    assert svg_lines(tmp_path, big) == [
        f"{shown(V1)}:6: media[0].file: 'maps/board.svg' is larger than 5 MB, the limit for "
        "an SVG picture: simplify it, or export it as PNG"
    ]


@pytest.mark.parametrize(
    ("root", "size"),
    [
        (b'width="1" height="200000000"', "1 by 200,000,000 pixels, over the limit of 30,000"),
        (b'width="10mm" height="1e999"', "38 by inf pixels, over the limit of 30,000"),
        (b'viewBox="0 0 1 200000000"', "1 by 200,000,000 units (its viewBox), more than 30"),
        (b'width="100%" viewBox="0,0,10,400"', "10 by 400 units (its viewBox), more than 30"),
    ],
)
def test_svg_that_would_make_the_page_giant_is_refused(
    tmp_path: Path, root: bytes, size: str
) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" ' + root + b"/>"
    [line] = svg_lines(tmp_path, svg)
    assert line.startswith(f"{shown(V1)}:6: media[0].file: 'maps/board.svg' is {size}")


def test_drawing_programs_svg_is_accepted() -> None:
    """What a drawing program exports: declaration, DTD, xlink, styles with #ids, data-*."""
    svg = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<!-- Generator: a drawing program -->\n"
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'version="1.1" width="600px" height="20cm" xml:space="preserve" data-name="Layer 1">'
        b"<title>Board</title><defs><style><![CDATA[.a{fill:url( '#g' )}"
        b"@media (prefers-color-scheme: dark){.a{opacity:.8}}]]></style>"
        b'<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        b'<filter id="f"><feGaussianBlur stdDeviation="2"/></filter></defs>'
        b'<g aria-label="notes" filter="url(#f)"><rect class="a" width="9" height="9"/>'
        b'<use xlink:href="#g" x="3"/><text font-family="\'Open Sans\'">Sign up</text></g></svg>'
    )
    assert svg_problem(svg) is None
    assert svg_problem((REPO / "content/media/grocery/journey-workshop.svg").read_bytes()) is None


def test_the_limits_themselves_are_accepted() -> None:
    deep = b"<g>" * (limits.MAX_SVG_DEPTH - 1) + b"</g>" * (limits.MAX_SVG_DEPTH - 1)
    assert svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg">' + deep + b"</svg>") is None
    tall = b'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="30000"/>'
    assert svg_problem(tall) is None


# Item 15: a header can claim any size; the page would give the picture that size.
@pytest.mark.parametrize(
    ("size", "found"),
    [
        ((1, 200_000_000), "is 1 by 200,000,000 pixels, over the limit of 30,000 pixels on a "
         "side: make it smaller"),
        ((20_000, 20_000), "is 20,000 by 20,000 pixels, over the limit of 200 million pixels: "
         "make it smaller"),
        ((40, 1_300), "is 40 by 1,300 pixels, more than 30 times as tall as it is wide, which "
         "would make the page as tall: crop it, or split it into pictures"),
    ],
)  # fmt: skip
def test_image_whose_header_claims_a_giant_size_is_refused(
    tmp_path: Path, size: tuple[int, int], found: str
) -> None:
    header = png(1, 1)[:16] + struct.pack(">II", *size) + png(1, 1)[24:]  # 1 KB at most
    write(tmp_path, media={**MEDIA, "maps/board.png": header})
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:6: media[0].file: 'maps/board.png' {found}"
    ]


def test_image_at_the_limits_is_accepted(tmp_path: Path) -> None:
    for size in ((30_000, 1_000), (1_000, 30_000)):
        header = png(1, 1)[:16] + struct.pack(">II", *size) + png(1, 1)[24:]
        write(tmp_path, media={**MEDIA, "maps/board.png": header})
        assert problem_lines(tmp_path, TODAY) == []


# Item 14: names the file system cannot hold, and a folder where a version file goes.
LONG = "a" * 300 + ".png"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        (LONG, f"'{'a' * 40}…': the name '{'a' * 20}…' is too long for a file system (at most "
         "100 characters, fewer with accents or other alphabets): shorten it"),
        ("😀" * 70 + ".png", f"'{'😀' * 40}…': the name '{'😀' * 20}…' is too long for a file "
         "system (at most 100 characters, fewer with accents or other alphabets): shorten it"),
        ("/".join(["b" * 50] * 5) + ".png", f"'{'b' * 40}…' is 258 characters long, over the "
         "limit of 200 for a path under media/: shorten its folder and file names"),
    ],
)  # fmt: skip
def test_media_name_too_long_for_the_file_system(tmp_path: Path, name: str, found: str) -> None:
    write(tmp_path, (V1, "file: photos/desk.jpg", f"file: '{name}'"))
    assert problem_lines(tmp_path, TODAY) == [f"{shown(V1)}:17: {SIGNUP}: media[0].file: {found}"]


def test_media_name_with_a_null_character(tmp_path: Path) -> None:
    write(tmp_path, (V1, "file: photos/desk.jpg", r'file: "a\0b.png"'))
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:17: {SIGNUP}: media[0].file: 'a\\x00b.png' has a control character, "
        "which file names cannot hold: remove it"
    ]


def journeymap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "journeymap"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_long_media_name_is_a_content_problem_for_validate_and_build(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    version = root / "content/journeys/grocery-app/v2.yml"
    text = version.read_text(encoding="utf-8")
    version.write_text(text.replace("grocery/slot-picker.png", f"grocery/{LONG}"), "utf-8")
    for result in (journeymap("validate", cwd=root), run_mkdocs(root)):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "is too long for a file system" in result.stderr
        assert "File name too long" not in result.stderr


def test_folder_named_like_a_version_file(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "content" / V1.replace("v1", "v2")).mkdir()
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1.replace('v1', 'v2'))}: is a folder where a file is expected: rename the "
        "folder, or move it away"
    ]
    result = journeymap("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "\ncontent/journeys/onboarding/v2.yml: is a folder where" in result.stderr
