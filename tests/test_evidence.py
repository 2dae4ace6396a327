"""Evidence and media in content: each rule, reported as `path:line: where: what`.

A small valid content folder (`BASE`, with real media files made by `media_files`)
is broken in one way per test; the expected lines refer to the numbered comments.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import pytest

from journeymap.analysis.history import compare
from journeymap.content.imagesize import image_size
from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.content.schema import JourneyVersion

from .contentkit import problem_lines, shown, write_files, yaml_text

TODAY = dt.date(2026, 3, 1)
V1 = "journeys/onboarding/v1.yml"
LIBRARY = "evidence.yml"

BASE: dict[str, str] = {
    V1: yaml_text("""
        id: onboarding                      # 1
        version: 1                          # 2
        title: Onboarding                   # 3
        effective: 2026-01-01               # 4
        media:                              # 5
          - file: maps/board.png            # 6
            alt: The workshop board         # 7
        stages:                             # 8
          - id: signup                      # 9
            title: Sign up                  # 10
            evidence:                       # 11
              - admin-interviews            # 12
              - kind: survey                # 13
                title: Day-one survey       # 14
                file: research/survey.csv   # 15
            media:                          # 16
              - file: photos/desk.jpg       # 17
                alt: A desk with two screens    # 18
          - id: kickoff                     # 19
            title: Kickoff                  # 20
            evidence: [admin-interviews]    # 21
          - id: first-use                   # 22
            title: First use                # 23
        """),
    LIBRARY: yaml_text("""
        evidence:                           # 1
          - id: admin-interviews            # 2
            kind: interview                 # 3
            title: Ten admins               # 4
            quote: Nobody told me about SSO # 5
            file: research/notes.pdf        # 6
        """),
}


def png(width: int, height: int) -> bytes:
    """A real PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = (b"\x00" + b"\x80\x40\x20" * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    """The start of a JPEG: an APP0 segment, then a baseline frame header with the size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


MEDIA: dict[str, bytes] = {
    "maps/board.png": png(40, 30),
    "photos/desk.jpg": jpeg(640, 480),
    "research/survey.csv": b"answer\nyes\n",
    "research/notes.pdf": b"%PDF-1.4\n" + b"%" * 190 + b"\n%%EOF\n",
    "photos/old.gif": b"GIF89a\x10\x00\x10\x00" + b"\x00" * 20,  # named by nothing
}


def write(tmp_path: Path, *edits: tuple[str, str, str], media: dict[str, bytes] = MEDIA) -> Path:
    """The base content with `(file, old, new)` text replacements, and its media files."""
    files = dict(BASE)
    for name, old, new in edits:
        assert files[name].count(old) == 1, f"{old!r} must occur once in {name}"
        files[name] = files[name].replace(old, new)
    root = write_files(tmp_path, files)
    for name, data in media.items():
        path = root / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_base_loads_with_named_media_checked_and_unnamed_ones_listed(tmp_path: Path) -> None:
    write(tmp_path)
    content = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY)
    assert sorted(content.media) == [
        "maps/board.png",
        "photos/desk.jpg",
        "research/notes.pdf",
        "research/survey.csv",
    ]
    board, desk = content.media["maps/board.png"], content.media["photos/desk.jpg"]
    assert (board.kind, board.width, board.height) == ("image", 40, 30)
    assert (desk.kind, desk.width, desk.height) == ("image", 640, 480)
    assert content.media["research/notes.pdf"].size == len(MEDIA["research/notes.pdf"])
    assert content.unused_media == ("photos/old.gif",)
    signup = content.journeys["onboarding"].current.stages[0]
    cited, inline = content.evidence_of(signup.evidence)
    assert cited is content.evidence["admin-interviews"]
    assert inline.title == "Day-one survey"


SIGNUP = "stage 'signup' (1st)"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            (V1, "- admin-interviews            # 12", "- admin-interveiws"),
            f"{shown(V1)}:12: {SIGNUP}: evidence[0]: 'admin-interveiws' is not an entry of "
            "evidence.yml (did you mean 'admin-interviews'?)",
            id="unknown-evidence-id",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: research/surveys.csv"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research/surveys.csv' is not in "
            "content/media/ (did you mean 'research/survey.csv'?)",
            id="missing-file",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: media/research/survey.csv"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'media/research/survey.csv' is not in "
            "content/media/ (paths start inside media/: write 'research/survey.csv')",
            id="path-starting-with-media",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: ../evidence.yml"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: '../evidence.yml' leaves the media "
            "folder ('..'): name a file under media/, such as 'research/interviews.pdf'",
            id="dot-dot",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: research/../../../etc/passwd.txt"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research/../../../etc/passwd.txt' "
            "leaves the media folder ('..'): name a file under media/, such as "
            "'research/interviews.pdf'",
            id="dot-dot-inside",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: /etc/hosts.txt"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: '/etc/hosts.txt' is an absolute path: "
            "name a file under media/, such as 'research/interviews.pdf'",
            id="absolute",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: 'C:/Users/me/survey.csv'"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'C:/Users/me/survey.csv' is an "
            "absolute path: name a file under media/, such as 'research/interviews.pdf'",
            id="absolute-windows",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: 'research\\survey.csv'"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research\\survey.csv': separate "
            "folders with '/', not '\\'",
            id="backslash",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: ./research//survey.csv"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: './research//survey.csv' is not a "
            "plain path: write 'research/survey.csv'",
            id="not-plain",
        ),
        pytest.param(
            (V1, "file: photos/desk.jpg", "file: photos/desk.exe"),
            f"{shown(V1)}:17: {SIGNUP}: media[0].file: 'photos/desk.exe': '.exe' files are not "
            "allowed: use png, jpg, jpeg, gif, webp, svg, mp3, m4a, ogg, wav, mp4, webm, pdf, "
            "csv, txt",
            id="type-not-allowed",
        ),
        pytest.param(
            (V1, "file: research/survey.csv", "file: research"),
            f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research': files without an "
            "extension are not allowed: use png, jpg, jpeg, gif, webp, svg, mp3, m4a, ogg, "
            "wav, mp4, webm, pdf, csv, txt",
            id="no-extension",
        ),
        pytest.param(
            (V1, "        alt: A desk with two screens    # 18\n", ""),
            f"{shown(V1)}:17: {SIGNUP}: media[0]: 'photos/desk.jpg' is a picture: add 'alt', a "
            "short text saying what it shows, for readers who cannot see it",
            id="image-without-alt",
        ),
        pytest.param(
            (V1, "    alt: The workshop board         # 7\n", ""),
            f"{shown(V1)}:6: media[0]: 'maps/board.png' is a picture: add 'alt', a short text "
            "saying what it shows, for readers who cannot see it",
            id="map-image-without-alt",
        ),
        pytest.param(
            (V1, "file: photos/desk.jpg", "file: maps/board.jpg"),
            f"{shown(V1)}:17: {SIGNUP}: media[0].file: 'maps/board.jpg' is not in content/media/ "
            "(did you mean 'maps/board.png'?)",
            id="image-missing",
        ),
        pytest.param(
            (V1, "- admin-interviews            # 12", "- 12"),
            f"{shown(V1)}:12: {SIGNUP}: evidence[0]: expected an evidence entry (kind, title, "
            "...) or the id of an entry in evidence.yml",
            id="evidence-neither-entry-nor-id",
        ),
        pytest.param(
            (V1, "title: Day-one survey", "titel: Day-one survey"),
            f"{shown(V1)}:13: {SIGNUP}: evidence[1].title: is required\n"
            f"{shown(V1)}:14: {SIGNUP}: evidence[1].titel: 'titel' is not a known field "
            "(did you mean 'title'?)",
            id="inline-entry-checked-as-an-entry",
        ),
        pytest.param(
            (V1, "- admin-interviews            # 12", "- Admin Interviews"),
            f"{shown(V1)}:12: {SIGNUP}: evidence[0]: 'Admin Interviews' is not a valid id: use "
            "lowercase letters, digits and single hyphens (like 'free-trial')",
            id="cited-id-not-a-slug",
        ),
    ],
)
def test_rule_reported_at_its_line(
    tmp_path: Path, edit: tuple[str, str, str], expected: str
) -> None:
    write(tmp_path, edit)
    assert problem_lines(tmp_path, TODAY) == expected.split("\n")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            (LIBRARY, "file: research/notes.pdf", "file: research/note.pdf"),
            f"{shown(LIBRARY)}:6: evidence[0].file: 'research/note.pdf' is not in content/media/ "
            "(did you mean 'research/notes.pdf'?)",
            id="library-missing-file",
        ),
        pytest.param(
            (LIBRARY, "  - id: admin-interviews ", "  - id: Admin "),
            f"{shown(LIBRARY)}:2: evidence[0].id: 'Admin' is not a valid id: use lowercase "
            "letters, digits and single hyphens (like 'free-trial')",
            id="library-id-not-a-slug",
        ),
        pytest.param(
            (LIBRARY, "    kind: interview ", "    kind: interveiw "),
            f"{shown(LIBRARY)}:3: evidence[0].kind: 'interveiw' is not allowed: use 'interview', "
            "'survey', 'telemetry', 'support' or 'internal' (did you mean 'interview'?)",
            id="library-kind",
        ),
    ],
)
def test_library_rule_reported_at_its_line(
    tmp_path: Path, edit: tuple[str, str, str], expected: str
) -> None:
    write(tmp_path, edit)
    # A library with problems is not used to check citations: one problem, not three.
    assert problem_lines(tmp_path, TODAY) == [expected]


def test_duplicate_library_id(tmp_path: Path) -> None:
    extra = "  - {id: admin-interviews, kind: survey, title: Again}\n"
    line = "file: research/notes.pdf        # 6\n"
    write(tmp_path, (LIBRARY, line, line + extra))
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(LIBRARY)}:7: evidence[1].id: 'admin-interviews' is already the id of the 1st "
        "evidence entry"
    ]


def test_citation_without_a_library(tmp_path: Path) -> None:
    root = write(tmp_path)
    (root / LIBRARY).unlink()
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:{line}: {where}: 'admin-interviews' is not an entry of evidence.yml, which "
        "has none yet: add the entry there, or write it here (kind, title, ...)"
        for line, where in [
            (12, f"{SIGNUP}: evidence[0]"),
            (21, "stage 'kickoff' (2nd): evidence[0]"),
        ]
    ]


def test_missing_file_is_reported_where_each_entry_names_it(tmp_path: Path) -> None:
    media = {k: v for k, v in MEDIA.items() if k != "research/notes.pdf"}
    write(tmp_path, (V1, "file: research/survey.csv", "file: research/notes.pdf"), media=media)
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(LIBRARY)}:6: evidence[0].file: 'research/notes.pdf' is not in content/media/",
        f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research/notes.pdf' is not in "
        "content/media/",
    ]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    write(tmp_path)
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, max_media_bytes=100)
    assert [str(p) for p in raised.value.problems] == [
        f"{shown(LIBRARY)}:6: evidence[0].file: 'research/notes.pdf' is 206 bytes, over the "
        "100 bytes limit for media files: make it smaller, or raise the site's max_media_mb "
        "option"
    ]


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("photos/desk.jpg", png(4, 4), "JPEG"),  # a PNG named .jpg
        ("maps/board.png", b"<html><script>alert(1)</script>", "PNG"),
    ],
)
def test_image_that_is_not_what_its_name_says(
    tmp_path: Path, name: str, data: bytes, label: str
) -> None:
    write(tmp_path, media={**MEDIA, name: data})
    line, where = (17, f"{SIGNUP}: media[0].file") if name.endswith("jpg") else (6, "media[0].file")
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:{line}: {where}: '{name}' is not a {label} image: save it again as "
        f"{label}, or name it for the type it is"
    ]


@pytest.mark.parametrize(
    ("svg", "found"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "the element <script> is not allowed",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
            "onload= is an event handler, which runs script",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://x.example/a.svg#a"/>'
            b"</svg>",
            'href="https://x.example/a.svg#a" leads outside the picture (only #ids are allowed)',
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<use xlink:href="javascript:alert(1)"/></svg>',
            'xlink:href="javascript:alert(1)" leads outside the picture (only #ids are allowed)',
        ),
    ],
)
def test_svg_that_could_run_script_or_fetch_is_refused(
    tmp_path: Path, svg: bytes, found: str
) -> None:
    write(
        tmp_path,
        (V1, "file: maps/board.png", "file: maps/board.svg"),
        media={**MEDIA, "maps/board.svg": svg},
    )
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:6: media[0].file: 'maps/board.svg' line 1: {found}: an SVG picture may "
        "only draw (no script, event handlers, other namespaces or files from elsewhere): "
        "export it again without it, or as PNG"
    ]


def test_plain_svg_is_accepted(tmp_path: Path) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient '
        b'id="g"/></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>'
    )
    write(
        tmp_path,
        (V1, "file: maps/board.png", "file: maps/board.svg"),
        media={**MEDIA, "maps/board.svg": svg},
    )
    assert problem_lines(tmp_path, TODAY) == []


def test_link_to_a_file_outside_media_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n")
    (root / "media/research/survey.csv").unlink()
    (root / "media/research/survey.csv").symlink_to(secret)
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research/survey.csv' is a link that leads "
        "outside the media folder: copy the file in"
    ]


def test_link_to_a_folder_outside_media_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "survey.csv").write_text("a\n1\n")
    for name in ("survey.csv", "notes.pdf"):
        (root / "media/research" / name).unlink()
    (root / "media/research").rmdir()
    (root / "media/research").symlink_to(outside)
    lines = problem_lines(tmp_path, TODAY)
    assert lines[1] == (
        f"{shown(V1)}:15: {SIGNUP}: evidence[1].file: 'research/survey.csv' is a link that leads "
        "outside the media folder: copy the file in"
    )
    assert lines[0].startswith(f"{shown(LIBRARY)}:6: evidence[0].file: 'research/notes.pdf' is")


def test_media_folder_that_is_a_link_out_of_content_is_refused(tmp_path: Path) -> None:
    root = write(tmp_path)
    (root / "media").rename(tmp_path / "shared-media")
    (root / "media").symlink_to(tmp_path / "shared-media")
    assert problem_lines(tmp_path, TODAY) == [
        "content/media: is a link to a folder outside the content folder: move the files into it"
    ]


def test_link_inside_media_is_followed(tmp_path: Path) -> None:
    root = write(tmp_path)
    (root / "media/research/survey.csv").unlink()
    (root / "media/research/survey.csv").symlink_to(root / "media/photos/old.gif")
    content = load_content(root, display_root=tmp_path, today=TODAY)
    assert content.media["research/survey.csv"].source == (root / "media/photos/old.gif").resolve()


def test_history_reports_evidence_and_media_added_and_removed() -> None:
    def version(number: int, evidence: list[object], media: list[dict[str, str]]) -> JourneyVersion:
        return JourneyVersion.model_validate(
            {
                "id": "j",
                "version": number,
                "title": "J",
                "effective": dt.date(2026, number, 1),
                "summary": "s",
                "media": media,
                "stages": [{"id": "a", "title": "A", "evidence": evidence, "media": media}],
            }
        )

    old = version(1, ["interviews", {"kind": "survey", "title": "Survey"}], [])
    new = version(2, [{"kind": "support", "title": "Tickets"}], [{"file": "x.pdf"}])
    changes = compare(old, new, {"interviews": "Ten admins"})
    assert changes.journey == ("Media added: 'x.pdf'.",)
    (stage,) = changes.stages
    assert stage.sentences == (
        "Evidence added: 'Tickets'.",
        "Evidence removed: 'Ten admins' and 'Survey'.",
        "Media added: 'x.pdf'.",
    )


@pytest.mark.parametrize(
    ("suffix", "head", "size"),
    [
        (".png", png(3, 2), (3, 2)),
        (".jpg", jpeg(1200, 800), (1200, 800)),
        # A fill byte before a marker, and a progressive frame (C2).
        (".jpeg", b"\xff\xd8\xff\xff\xc2\x00\x11\x08\x00\x20\x00\x40\x03", (64, 32)),
        (".gif", b"GIF87a\x20\x03\x58\x02" + b"\x00" * 8, (800, 600)),
        (
            ".webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00\x00\x00\x00\x9d\x01\x2a"
            + struct.pack("<HH", 320, 200),
            (320, 200),
        ),
        (
            ".webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f"
            + (319 | (199 << 14)).to_bytes(4, "little"),
            (320, 200),
        ),
        (
            ".webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8X"
            + b"\x00" * 8
            + (1919).to_bytes(3, "little")
            + (1079).to_bytes(3, "little"),
            (1920, 1080),
        ),
        (".png", png(3, 2)[:20], None),  # cut short
        (".gif", b"GIF89a\x00\x00\x10\x00", None),  # zero width
        (".jpg", b"\xff\xd8\x00\x00", None),  # not a marker
        (".webp", b"RIFF\x00\x00\x00\x00WAVE", None),
        (".bmp", b"BM", None),
    ],
)
def test_image_size_from_header(suffix: str, head: bytes, size: tuple[int, int] | None) -> None:
    assert image_size(suffix, head) == size
