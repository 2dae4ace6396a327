"""Content validation: each rule of the content format, reported as `path:line: where: what`.

Each test starts from a small valid content folder (`BASE`), breaks it in one way with an
`Edit` (a text replacement in one file), loads it with `load_content` and compares the
problem lines the author would see, exactly: path, line number, field path and message.

The line numbers in the expected lines refer to the numbered comments in `BASE`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap import routes
from journeymap.content import limits
from journeymap.content.hints import ordinal
from journeymap.content.model import Content
from journeymap.content.problems import ContentError

from . import contentkit
from .contentkit import problem_lines, shown, write_files, yaml_text

TODAY = dt.date(2026, 3, 1)  # v1 (2026-01-01) is current, v2 (2026-06-01) is planned

PERSONAS = "personas.yml"
METRICS = "metrics.yml"
V1 = "journeys/onboarding/v1.yml"
V2 = "journeys/onboarding/v2.yml"


BASE: dict[str, str] = {
    PERSONAS: yaml_text("""
        personas:                           # 1
          - id: it-admin                    # 2
            name: Ines, IT admin            # 3
          - id: buyer                       # 4
            name: Bob, buyer                # 5
        """),
    METRICS: yaml_text("""
        metrics:                            # 1
          - id: csat                        # 2
            title: Customer satisfaction    # 3
            better: higher                  # 4
            min: 1                          # 5
            max: 5                          # 6
          - id: time-to-value               # 7
            title: Time to value            # 8
            better: lower                   # 9
        """),
    V1: yaml_text("""
        id: onboarding                      # 1
        version: 1                          # 2
        title: Onboarding                   # 3
        effective: 2026-01-01               # 4
        personas: [it-admin]                # 5
        phases:                             # 6
          - id: setup                       # 7
            title: Setup                    # 8
          - id: adoption                    # 9
            title: Adoption                 # 10
        stages:                             # 11
          - id: signup                      # 12
            title: Sign up                  # 13
            phase: setup                    # 14
          - id: kickoff                     # 15
            title: Kickoff                  # 16
            metrics: [csat]                 # 17
          - id: first-use                   # 18
            title: First use                # 19
            phase: adoption                 # 20
            emotion:                        # 21
              score: 4                      # 22
            moments:                        # 23
              - title: It works             # 24
                kind: delight               # 25
            opportunities:                  # 26
              - title: Guided tour          # 27
                status: planned             # 28
                link: https://example.com/tour      # 29
            evidence:                       # 30
              - kind: interview             # 31
                title: Ten admins           # 32
                link: https://example.com/research  # 33
        """),
    V2: yaml_text("""
        id: onboarding                      # 1
        version: 2                          # 2
        title: Onboarding                   # 3
        effective: 2026-06-01               # 4
        summary: Sign up and kickoff merged # 5
        stages:                             # 6
          - id: welcome                     # 7
            title: Welcome                  # 8
            replaces: [signup, kickoff]     # 9
          - id: first-use                   # 10
            title: First use                # 11
        """),
}

V1_STAGES = BASE[V1][BASE[V1].index("stages:") :]
"""The whole `stages:` section of v1 (lines 11-33), for edits that replace the list."""
V2_STAGES = BASE[V2][BASE[V2].index("stages:") :]
"""The whole `stages:` section of v2 (lines 6-11), for edits that replace the list."""


@dataclass(frozen=True)
class Edit:
    """Replace the only occurrence of `old` in one content file by `new`."""

    file: str
    old: str
    new: str

    def apply(self, files: dict[str, str]) -> None:
        text = files[self.file]
        assert text.count(self.old) == 1, f"{self.old!r} must occur once in {self.file}"
        files[self.file] = text.replace(self.old, self.new)


def replace(file: str, old: str, new: str) -> Edit:
    return Edit(file, old, new)


def insert_after(file: str, line: str, new_line: str) -> Edit:
    """Insert `new_line` right after the line that starts with `line`."""
    start = BASE[file].index(line + " ")  # the base lines end with a `# n` comment
    end = BASE[file].index("\n", start) + 1
    anchor = BASE[file][start:end]
    return Edit(file, anchor, anchor + new_line + "\n")


def remove_line(file: str, line: str) -> Edit:
    start = BASE[file].index(line + " ")
    end = BASE[file].index("\n", start) + 1
    return Edit(file, BASE[file][start:end], "")


def write_content(tmp_path: Path, *edits: Edit, files: dict[str, str] | None = None) -> Path:
    """Write `BASE` (or `files`) with `edits` applied into tmp_path/content."""
    contents = dict(BASE if files is None else files)
    for edit in edits:
        edit.apply(contents)
    return write_files(tmp_path, contents)


def load(tmp_path: Path, today: dt.date = TODAY) -> Content:
    return contentkit.load(tmp_path, today)


def problems(tmp_path: Path, today: dt.date = TODAY) -> list[str]:
    return problem_lines(tmp_path, today)


def assert_reports(tmp_path: Path, edit: Edit, expected: str) -> None:
    write_content(tmp_path, edit)
    assert problems(tmp_path) == [expected]


# --- the valid folder, current and planned versions ------------------------------------


def test_base_content_is_valid(tmp_path: Path) -> None:
    write_content(tmp_path)
    content = load(tmp_path)
    assert list(content.journeys) == ["onboarding"]
    assert list(content.personas) == ["it-admin", "buyer"]
    assert list(content.metrics) == ["csat", "time-to-value"]
    journey = content.journeys["onboarding"]
    assert [v.version for v in journey.versions] == [1, 2]
    assert [s.id for s in journey.versions[1].stages] == ["welcome", "first-use"]
    assert journey.stage_ids_ever == {"signup", "kickoff", "first-use", "welcome"}


@pytest.mark.parametrize(
    ("today", "current", "planned", "is_planned"),
    [
        pytest.param(dt.date(2026, 3, 1), 1, [2], False, id="between-versions"),
        pytest.param(dt.date(2026, 5, 31), 1, [2], False, id="day-before-v2"),
        pytest.param(dt.date(2026, 6, 1), 2, [], False, id="v2-effective-on-build-date"),
        pytest.param(dt.date(2027, 1, 1), 2, [], False, id="after-all-versions"),
        pytest.param(dt.date(2026, 1, 1), 1, [2], False, id="v1-effective-on-build-date"),
        pytest.param(dt.date(2025, 12, 31), 1, [1, 2], True, id="before-all-versions"),
    ],
)
def test_current_and_planned_versions_follow_build_date(
    tmp_path: Path, today: dt.date, current: int, planned: list[int], is_planned: bool
) -> None:
    write_content(tmp_path)
    journey = load(tmp_path, today).journeys["onboarding"]
    assert journey.current.version == current
    assert journey.current_file.display == shown(f"journeys/onboarding/v{current}.yml")
    assert [v.version for v in journey.planned] == planned
    assert journey.is_planned is is_planned


def test_journey_whose_only_version_is_in_the_future_is_planned(tmp_path: Path) -> None:
    files = {name: text for name, text in BASE.items() if name != V2}
    write_content(tmp_path, files=files)
    journey = load(tmp_path, dt.date(2025, 6, 1)).journeys["onboarding"]
    assert journey.is_planned
    assert journey.current.version == 1  # the first planned version stands in
    assert [v.version for v in journey.planned] == [1]


# --- reading the files: YAML, tags, encodings --------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "title: Onboarding ", "title: Onboarding: the first weeks "),
            f"{shown(V2)}:3: this text contains ': ', which YAML reads as a field name: put "
            'the text in quotes, like title: "Onboarding: the first weeks"',
            id="colon-in-plain-value",
        ),
        pytest.param(
            replace(V2, "    title: Welcome", "\ttitle: Welcome"),
            f"{shown(V2)}:8: this line is indented with a tab: YAML needs spaces "
            "(replace the tab with spaces)",
            id="tab-indentation",
        ),
        pytest.param(
            replace(METRICS, "    better: lower ", "    better: lower: "),
            f"{shown(METRICS)}:9: this text contains ': ', which YAML reads as a field name: "
            'put the text in quotes, like better: "lower:"',
            id="in-metrics-yml",
        ),
    ],
)
def test_yaml_syntax_error_is_reported_at_its_line(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    "tagged_value",
    [
        pytest.param('!!python/object/apply:os.system ["touch {marker}"]', id="sequence"),
        pytest.param('!!python/object/apply:os.system "touch {marker}"', id="scalar"),
        pytest.param('!!python/object/apply:os.system {{args: ["touch {marker}"]}}', id="mapping"),
    ],
)
def test_python_tag_is_reported_and_never_executed(tmp_path: Path, tagged_value: str) -> None:
    marker = tmp_path / "executed"
    value = tagged_value.format(marker=marker)
    write_content(tmp_path, replace(V2, "title: Onboarding ", f"title: {value} "))
    assert problems(tmp_path) == [
        f"{shown(V2)}:3: title: the YAML tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in content files"
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "title: Onboarding ", "title: !secret onboarding-title "),
            f"{shown(V2)}:3: title: the YAML tag '!secret' is not allowed in content files",
            id="on-a-scalar",
        ),
        pytest.param(
            replace(V1, "    emotion: ", "    emotion: !mood "),
            f"{shown(V1)}:21: stage 'first-use' (3rd): emotion: the YAML tag '!mood' is not "
            "allowed in "
            "content files",
            id="on-a-mapping",
        ),
        pytest.param(
            replace(V1, "personas: [it-admin]", "personas: !include people.yml"),
            f"{shown(V1)}:5: personas: the YAML tag '!include' is not allowed in content files",
            id="include",
        ),
    ],
)
def test_custom_tag_is_reported(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            insert_after(V2, "title: Onboarding", "title: Onboarding again"),
            f"{shown(V2)}:4: title: appears twice in the same mapping",
            id="top-level",
        ),
        pytest.param(
            insert_after(V1, "      score: 4", "      score: 5"),
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.score: appears twice in the same "
            "mapping",
            id="nested",
        ),
    ],
)
def test_duplicate_mapping_key(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


def test_merge_key_overrides_are_not_duplicate_keys(tmp_path: Path) -> None:
    # YAML merge keys: keys written in the mapping itself override the merged ones.
    metrics = yaml_text("""
        metrics:
          - &survey
            id: csat
            title: Customer satisfaction
            better: higher
            kind: survey
          - <<: *survey
            id: time-to-value
            title: Time to value
            better: lower
        """)
    write_content(tmp_path, files={**BASE, METRICS: metrics})
    assert problems(tmp_path) == []
    merged = load(tmp_path).metrics["time-to-value"]
    assert (merged.title, merged.better, merged.kind) == ("Time to value", "lower", "survey")


@pytest.mark.parametrize(
    ("file", "text"),
    [
        pytest.param(METRICS, "", id="metrics-yml"),
        pytest.param(PERSONAS, "\n\n", id="blank-lines"),
        pytest.param(V2, "# to be written\n", id="only-a-comment"),
    ],
)
def test_empty_file(tmp_path: Path, file: str, text: str) -> None:
    write_content(tmp_path, files={**BASE, file: text})
    assert problems(tmp_path) == [f"{shown(file)}:1: is empty"]


@pytest.mark.parametrize(
    ("old", "new", "expected_line", "byte"),
    [
        pytest.param("title: Onboarding", "title: Onboarding \udcff", 3, "0xff, 'ÿ'", id="0xff"),
        pytest.param(
            "summary: Sign up", "summary: Caf\udce9 sign up", 5, "0xe9, 'é'", id="windows-1252"
        ),
        pytest.param("summary: Sign up", "summary: \udc81 sign up", 5, "0x81", id="not-1252"),
    ],
)
def test_invalid_utf8(tmp_path: Path, old: str, new: str, expected_line: int, byte: str) -> None:
    root = write_content(tmp_path)
    # surrogateescape turns the \udcXX characters back into the raw, invalid bytes
    (root / V2).write_bytes(BASE[V2].replace(old, new).encode("utf-8", "surrogateescape"))
    seen = f"{byte} in Windows-1252" if "'" in byte else byte
    assert problems(tmp_path) == [
        f"{shown(V2)}:{expected_line}: is not valid UTF-8 (byte {seen}): save the file again "
        'as UTF-8 (in Excel: Save As "CSV UTF-8"; in a text editor: encoding "UTF-8")'
    ]


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    for name in (PERSONAS, METRICS, V1, V2):
        (root / name).write_text(BASE[name], encoding="utf-8-sig")
    assert (root / V1).read_bytes().startswith(b"\xef\xbb\xbf")
    assert problems(tmp_path) == []
    assert load(tmp_path).journeys["onboarding"].versions[0].id == "onboarding"


def test_byte_order_mark_does_not_shift_line_numbers(tmp_path: Path) -> None:
    root = write_content(tmp_path, replace(V1, "score: 4", "score: 7"))
    (root / V1).write_text((root / V1).read_text(), encoding="utf-8-sig")
    assert problems(tmp_path) == [
        f"{shown(V1)}:22: stage 'first-use' (3rd): emotion.score: 7 is above the maximum 5"
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V1, "title: Onboarding ", "title: Onboarding: x "),
            f"{shown(V1)}:3: this text contains ': ', which YAML reads as a field name: put "
            'the text in quotes, like title: "Onboarding: x"',
            id="syntax-error",
        ),
        pytest.param(replace(V1, BASE[V1], ""), f"{shown(V1)}:1: is empty", id="empty"),
    ],
)
def test_unreadable_v1_is_not_also_reported_as_missing(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    # v1.yml exists: its own problem is the only one; v2.yml must not claim it is missing.
    assert_reports(tmp_path, edit, expected)


# --- the YAML slips authors make most, and what to do about them (issue 16) --------------


QUOTE_IT = "this text contains ': ', which YAML reads as a field name: put the text in quotes"
LINE_UP = (
    "this line does not line up with the lines above it: indent the fields of one item, "
    "and the items of one list, by the same number of spaces"
)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            insert_after(
                V1,
                "    title: Kickoff",
                "    pain_points:\n      - Reminder says: bring your letter",
            ),
            f"{shown(V1)}:18: stage 'kickoff' (2nd): pain_points[0]: expected text, got a "
            f'mapping: {QUOTE_IT}, like - "Reminder says: bring your letter"',
            id="colon-in-a-list-item",
        ),
        pytest.param(
            replace(V1, "      score: 4 ", "      score: 4\n      note: Reminder says: bring it"),
            f'{shown(V1)}:23: {QUOTE_IT}, like note: "Reminder says: bring it"',
            id="colon-in-a-field",
        ),
        pytest.param(
            replace(
                V1,
                "    emotion:                        # 21\n      score: 4 ",
                "    emotion: {score: 2, note: fine, but confusing}\n    # ",
            ),
            f"{shown(V1)}:21: stage 'first-use' (3rd): emotion.but confusing: 'but confusing' "
            "is not a known field: inside { }, a comma starts a new field: put text that "
            'contains a comma in quotes, like note: "fine, but confusing"',
            id="comma-in-braces",
        ),
        pytest.param(
            # Quoting the whole `[...]` would turn the list into one text: quote the item.
            insert_after(V1, "    title: Kickoff", "    goals: [Be ready: day one]"),
            f"{shown(V1)}:17: stage 'kickoff' (2nd): goals[0]: expected text, got a mapping: "
            f'{QUOTE_IT}, like goals: ["Be ready: day one"]',
            id="colon-in-a-bracketed-list-item",
        ),
        pytest.param(
            insert_after(
                V1, "    title: Kickoff", "    goals: [Slow, 'Kept: as is', Be ready: day one]"
            ),
            f"{shown(V1)}:17: stage 'kickoff' (2nd): goals[2]: expected text, got a mapping: "
            f"{QUOTE_IT}, like goals: [Slow, 'Kept: as is', \"Be ready: day one\"]",
            id="colon-in-one-of-several-bracketed-items",
        ),
        pytest.param(
            insert_after(V1, "    title: Kickoff", "    goals: [Ready: day: one]"),
            f'{shown(V1)}:17: {QUOTE_IT}, like goals: ["Ready: day: one"]',
            id="two-colons-in-a-bracketed-list-item",
        ),
        pytest.param(
            replace(
                V1,
                "    emotion:                        # 21\n      score: 4 ",
                "    emotion: {score: 2, note: Reminder says: bring it}\n    # ",
            ),
            f"{shown(V1)}:21: {QUOTE_IT}, like emotion: "
            '{score: 2, note: "Reminder says: bring it"}',
            id="colon-in-a-value-in-braces",
        ),
        pytest.param(
            # One line of a list written over several lines: no example rather than a wrong one.
            insert_after(V1, "    title: Kickoff", "    goals: [Slow,\n      Ready: day one]"),
            f"{shown(V1)}:18: stage 'kickoff' (2nd): goals[1]: expected text, got a mapping: "
            f"{QUOTE_IT}",
            id="colon-in-a-list-in-brackets-over-several-lines",
        ),
        pytest.param(
            replace(V1, "      score: 4 ", "    score: 4 "),
            f"{shown(V1)}:22: stage 'first-use' (3rd): score: 'score' is not a known field: "
            "'score' belongs under 'emotion:': indent it two more spaces than 'emotion:'",
            id="field-not-indented-under-its-parent",
        ),
        pytest.param(
            insert_after(V1, "    title: Kickoff", "   owner: CX"),
            f"{shown(V1)}:17: {LINE_UP} (the block it belongs to starts on line 12)",
            id="field-indented-one-space-less",
        ),
        pytest.param(
            insert_after(
                V1, "    title: Kickoff", "    pain_points:\n      - Slow\n      Waiting: long"
            ),
            f"{shown(V1)}:19: this line is in a list but does not start with '- ': start it "
            "with '- ' if it is a new item, or indent it two more spaces if it belongs to the "
            "item above",
            id="list-item-without-dash",
        ),
        pytest.param(
            insert_after(V1, "    title: Kickoff", "    pain_points:\n      - Slow\n      Waiting"),
            f"{shown(V1)}:19: this line is neither a field (name: value) nor a list item "
            "(- text): add what is missing, or put it on the line above if it continues that text",
            id="neither-field-nor-item",
        ),
        pytest.param(
            insert_after(V1, "    phase: setup", "    next: kickoff"),
            f"{shown(V1)}:15: stage 'signup' (1st): next: expected a list, got 'kickoff': "
            "write it in brackets, like next: [kickoff]",
            id="one-id-where-a-list-belongs",
        ),
        pytest.param(
            insert_after(V1, "    phase: setup", "    next: kickoff, first-use"),
            f"{shown(V1)}:15: stage 'signup' (1st): next: expected a list, got 'kickoff, "
            "first-use': write it in brackets, like next: [kickoff, first-use]",
            id="ids-with-commas-where-a-list-belongs",
        ),
        pytest.param(
            insert_after(V1, "    title: Kickoff", "    goals: 'Ready: day one'"),
            f"{shown(V1)}:17: stage 'kickoff' (2nd): goals: expected a list, got 'Ready: day "
            'one\': write it in brackets, like goals: ["Ready: day one"]',
            id="text-where-a-list-belongs-keeps-its-quotes",
        ),
        pytest.param(
            # The advice is worded from the characters: parsing the author's text as YAML
            # would nest once per '[' (a RecursionError here) or expand aliases.
            insert_after(V1, "    phase: setup", f'    next: "{"[" * 3000}"'),
            f"{shown(V1)}:15: stage 'signup' (1st): next: expected a list, got '{'[' * 3000}': "
            f'write it in brackets, like next: ["{"[" * 3000}"]',
            id="text-full-of-brackets-is-quoted-not-parsed",
        ),
        pytest.param(
            replace(
                V1,
                "    emotion:                        # 21\n      score: 4 ",
                "    emotion: 4\n    # ",
            ),
            f"{shown(V1)}:21: stage 'first-use' (3rd): emotion: expected a mapping of fields, "
            "got 4: write emotion: {score: 4}, or 'emotion:' with 'score: 4' on the line below "
            "it, indented two more spaces",
            id="bare-score-where-the-emotion-belongs",
        ),
        pytest.param(
            replace(
                V1,
                "    emotion:                        # 21\n      score: 4 ",
                "    emotion: high\n    # ",
            ),
            f"{shown(V1)}:21: stage 'first-use' (3rd): emotion: expected a mapping of fields, "
            "got 'high'",
            id="no-score-advice-for-what-is-no-score",
        ),
        pytest.param(
            replace(V2, "    title: Welcome", "\ttitle: Welcome"),
            f"{shown(V2)}:8: this line is indented with a tab: YAML needs spaces "
            "(replace the tab with spaces)",
            id="tab",
        ),
    ],
)
def test_yaml_slip_says_what_to_write(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


# Patient quotes are full of quotation marks and apostrophes (issue 31): each slip is
# named in plain words with the exact line to write, and that line loads.
QUOTE_SLIPS = [
    pytest.param(
        V1,
        "    title: Kickoff",
        '    pain_points:\n      - Slow\n      - "Check-in" kiosk does not recognise my letter',
        f"{shown(V1)}:19: a text that starts with a quotation mark ends at the next one: "
        'YAML reads "Check-in" as the whole text and cannot make sense of the rest: put the '
        "whole text in single quotes, like - '\"Check-in\" kiosk does not recognise my letter'",
        id="quoted-word-at-the-start-of-a-list-item",
    ),
    pytest.param(
        V1,
        "      score: 4",
        "      note: 'The GP's letter went missing'",
        f"{shown(V1)}:23: the apostrophe in GP's ends the text quoted with ' too early: put "
        'the whole text in double quotes, like note: "The GP\'s letter went missing"',
        id="apostrophe-inside-single-quotes",
    ),
    pytest.param(
        V1,
        "    title: Kickoff",
        "    emotion: {score: 4, note: 'Finally, someone's listening'}",
        f"{shown(V1)}:17: the apostrophe in someone's ends the text quoted with ' too early: "
        'put the whole text in double quotes, like emotion: {score: 4, note: "Finally, '
        "someone's listening\"}",
        id="apostrophe-inside-single-quotes-in-braces",
    ),
    pytest.param(
        V1,
        "    title: Kickoff",
        "    pain_points: ['He said \"wait\" and it's been weeks']",
        f"{shown(V1)}:17: the apostrophe in it's ends the text quoted with ' too early: put "
        "the whole text in single quotes, writing each ' inside it twice, like pain_points: "
        "['He said \"wait\" and it''s been weeks']",
        id="apostrophe-and-quotation-marks",
    ),
    pytest.param(
        METRICS,
        "    better: lower",
        "    unit: %",
        f"{shown(METRICS)}:10: YAML does not allow a value to start with '%': put the value "
        'in quotes, like unit: "%"',
        id="percent-unit",
    ),
]


@pytest.mark.parametrize(("file", "after", "line", "expected"), QUOTE_SLIPS)
def test_quotes_and_apostrophes_say_what_to_write(
    tmp_path: Path, file: str, after: str, line: str, expected: str
) -> None:
    write_content(tmp_path, insert_after(file, after, line))
    assert problems(tmp_path) == [expected]
    # The line the message gives, written in place of the author's, loads cleanly.
    fixed = expected.rsplit(", like ", 1)[1]
    slipped = line.rsplit("\n", 1)[-1]
    written = line.replace(slipped, slipped[: len(slipped) - len(slipped.lstrip())] + fixed)
    assert written != line
    write_content(tmp_path, insert_after(file, after, written))
    assert problems(tmp_path) == []


def test_every_independent_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    # Issue 31: wrong fields no longer hide the references (persona, next) that are wrong
    # independently of them, in the same file or in personas.yml: one run, not three.
    write_content(
        tmp_path,
        replace(V1, "personas: [it-admin]", "personas: [it-admn]"),
        replace(V1, "    title: Kickoff", "    titel: Kickoff"),
        replace(V1, "      score: 4 ", "      score: 2.5 "),
        replace(V1, "    phase: setup ", "    phase: setup\n    next: [kikoff] "),
        replace(V1, "    phase: adoption ", "    phase: adoptoin "),
        replace(PERSONAS, "    name: Bob, buyer", "    nmae: Bob, buyer"),
    )
    assert problems(tmp_path) == [
        f"{shown(V1)}:5: personas[0]: 'it-admn' is not a persona in personas.yml "
        "(did you mean 'it-admin'?)",
        f"{shown(V1)}:15: stage 'signup' (1st): next[0]: 'kikoff' is not a stage of this "
        "version (did you mean 'kickoff'?)",
        f"{shown(V1)}:16: stage 'kickoff' (2nd): title: is required",
        f"{shown(V1)}:17: stage 'kickoff' (2nd): titel: 'titel' is not a known field "
        "(did you mean 'title'?)",
        f"{shown(V1)}:21: stage 'first-use' (3rd): phase: 'adoptoin' is not a phase of this "
        "version (did you mean 'adoption'?)",
        f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.score: expected a whole number "
        "from 1 to 5, got 2.5",
        f"{shown(PERSONAS)}:4: personas[1].name: is required",
        f"{shown(PERSONAS)}:5: personas[1].nmae: 'nmae' is not a known field "
        "(did you mean 'name'?)",
    ]


def test_a_persona_named_before_personas_yml_exists_says_where_to_describe_it(
    tmp_path: Path,
) -> None:
    files = {name: text for name, text in BASE.items() if name != PERSONAS}
    write_content(tmp_path, files=files)
    assert problems(tmp_path) == [
        f"{shown(V1)}:5: personas[0]: 'it-admin' is not a persona in personas.yml, which has "
        "none yet: describe it there (id and name), or leave it out"
    ]


def test_a_wrong_id_leaves_the_references_unchecked_rather_than_falsely_reported(
    tmp_path: Path,
) -> None:
    write_content(
        tmp_path,
        replace(V1, "  - id: kickoff", "  - id: Kickoff"),
        replace(V1, "    phase: setup ", "    phase: setup\n    next: [Kickoff] "),
    )
    assert problems(tmp_path) == [
        f"{shown(V1)}:15: stage 'signup' (1st): next[0]: 'Kickoff' {NOT_A_SLUG}",
        f"{shown(V1)}:16: stage 'Kickoff' (2nd): id: 'Kickoff' {NOT_A_SLUG}",
    ]


def test_every_slip_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    # Issue 31: YAML stops at its first error; with the line each message gives in place,
    # the rest of the file is read too: three slips and a wrong score, one run.
    write_content(
        tmp_path,
        insert_after(
            V1,
            "    title: Kickoff",
            '    pain_points:\n      - "Check-in" kiosk does not recognise my letter\n'
            "    emotion: {score: 4, note: 'Finally, someone's listening'}",
        ),
        replace(
            V1, "      score: 4 ", "      score: 2.5\n      note: 'The GP's letter went missing'"
        ),
    )
    assert problems(tmp_path) == [
        f"{shown(V1)}:18: a text that starts with a quotation mark ends at the next one: YAML "
        'reads "Check-in" as the whole text and cannot make sense of the rest: put the whole '
        "text in single quotes, like - '\"Check-in\" kiosk does not recognise my letter'",
        f"{shown(V1)}:19: the apostrophe in someone's ends the text quoted with ' too early: "
        'put the whole text in double quotes, like emotion: {score: 4, note: "Finally, '
        "someone's listening\"}",
        f"{shown(V1)}:25: stage 'first-use' (3rd): emotion.score: expected a whole number "
        "from 1 to 5, got 2.5",
        f"{shown(V1)}:26: the apostrophe in GP's ends the text quoted with ' too early: put "
        'the whole text in double quotes, like note: "The GP\'s letter went missing"',
    ]


# --- identifiers ---------------------------------------------------------------------------

NOT_A_SLUG = (
    "is not a valid id: use lowercase letters, digits and single hyphens (like 'free-trial')"
)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V1, "  - id: kickoff", "  - id: Kick_off"),
            f"{shown(V1)}:15: stage 'Kick_off' (2nd): id: 'Kick_off' {NOT_A_SLUG}",
            id="stage-id",
        ),
        pytest.param(
            replace(V1, "  - id: setup", "  - id: set--up"),
            f"{shown(V1)}:7: phases[0].id: 'set--up' {NOT_A_SLUG}",
            id="phase-id",
        ),
        pytest.param(
            replace(V2, "id: onboarding", "id: On-boarding"),
            f"{shown(V2)}:1: id: 'On-boarding' {NOT_A_SLUG}",
            id="journey-id-field",
        ),
        pytest.param(
            replace(PERSONAS, "  - id: buyer", "  - id: Buyer"),
            f"{shown(PERSONAS)}:4: personas[1].id: 'Buyer' {NOT_A_SLUG}",
            id="persona-id",
        ),
        pytest.param(
            replace(METRICS, "  - id: time-to-value", "  - id: time_to_value"),
            f"{shown(METRICS)}:7: metrics[1].id: 'time_to_value' {NOT_A_SLUG}",
            id="metric-id",
        ),
    ],
)
def test_id_must_be_a_slug(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize("folder", ["Onboarding", "on_boarding", "-onboarding"])
def test_journey_folder_must_be_a_slug(tmp_path: Path, folder: str) -> None:
    root = write_content(tmp_path)
    (root / "journeys" / "onboarding").rename(root / "journeys" / folder)
    assert problems(tmp_path) == [
        f"content/journeys/{folder}: '{folder}' is not a valid journey id: "
        "use lowercase letters, digits and single hyphens"
    ]


@pytest.mark.parametrize(
    ("stage_id", "what"),
    [
        ("index", "the address of the journey's map"),
        ("history", "the address of the journey's history"),
        ("v2", "the address of the journey's map as of version 2"),
        ("v10", "the address of the journey's map as of version 10"),
        ("v01", "the address of the journey's map as of version 01"),
    ],
)
def test_reserved_stage_id(tmp_path: Path, stage_id: str, what: str) -> None:
    # `index` was accepted and its page silently replaced the journey's map.
    assert_reports(
        tmp_path,
        replace(V1, "  - id: first-use", f"  - id: {stage_id}"),
        f"{shown(V1)}:18: stage '{stage_id}' (3rd): id: '{stage_id}' is reserved: it is {what}; "
        "choose another id",
    )


def test_reserved_metric_id(tmp_path: Path) -> None:
    # Its page replaced the Metrics overview.
    assert_reports(
        tmp_path,
        replace(METRICS, "  - id: time-to-value", "  - id: index"),
        f"{shown(METRICS)}:7: metrics[1].id: 'index' is reserved: it is the address of the "
        "metrics overview; choose another id",
    )


@pytest.mark.parametrize("journey_id", ["index", "metrics", "history", "v1", "media"])
def test_journey_ids_take_no_page_of_the_site(tmp_path: Path, journey_id: str) -> None:
    # journeys/index/ is a folder beside the list of journeys (journeys/index.html).
    root = write_content(
        tmp_path,
        replace(V1, "id: onboarding ", f"id: {journey_id} "),
        replace(V2, "id: onboarding ", f"id: {journey_id} "),
    )
    (root / "journeys" / "onboarding").rename(root / "journeys" / journey_id)
    assert problems(tmp_path) == []


def test_reserved_ids_follow_the_routes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page added to the routes reserves its address: there is no second list of names."""
    search = routes.Route("journeys/search.md", "the address of the search page")
    monkeypatch.setattr(routes, "ROUTES", (*routes.ROUTES, search))
    routes.reserved.cache_clear()
    root = write_content(
        tmp_path,
        replace(V1, "id: onboarding ", "id: search "),
        replace(V2, "id: onboarding ", "id: search "),
    )
    (root / "journeys" / "onboarding").rename(root / "journeys" / "search")
    found = problems(tmp_path)
    routes.reserved.cache_clear()
    assert found == [
        f"content/journeys/search/{name}:1: id: 'search' is reserved: it is the address of "
        "the search page; choose another id"
        for name in ("v1.yml", "v2.yml")
    ]


# --- agreement with file names, version sequence -----------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "id: onboarding", "id: onboard"),
            f"{shown(V2)}:1: id: 'onboard' must equal the folder name 'onboarding'",
            id="id-differs-from-folder",
        ),
        pytest.param(
            replace(V2, "version: 2", "version: 3"),
            f"{shown(V2)}:2: version: 3 must equal 2, as in v2.yml",
            id="version-differs-from-file-name",
        ),
    ],
)
def test_file_must_agree_with_its_path(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize("name", ["draft.yml", "v0.yml", "v01.yml", "v3.yaml", "V3.yml"])
def test_stray_yaml_file_in_journey_folder(tmp_path: Path, name: str) -> None:
    root = write_content(tmp_path)
    (root / "journeys" / "onboarding" / name).write_text(BASE[V1])
    assert problems(tmp_path) == [
        f"content/journeys/onboarding/{name}: is not a version file: "
        "name the versions of a journey v1.yml, v2.yml, ..."
    ]


def test_journey_file_outside_a_journey_folder(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "journeys" / "checkout.yml").write_text(BASE[V1])
    assert problems(tmp_path) == [
        "content/journeys/checkout.yml: journey files belong in a folder named for the "
        "journey: journeys/<journey-id>/v1.yml"
    ]


def test_journey_folder_without_versions(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "journeys" / "checkout").mkdir()
    assert problems(tmp_path) == ["content/journeys/checkout: has no version files: add v1.yml"]


def test_versions_must_not_have_gaps(tmp_path: Path) -> None:
    v3 = "journeys/onboarding/v3.yml"
    files = {name: text for name, text in BASE.items() if name != V2}
    files[v3] = BASE[V2].replace("version: 2", "version: 3")
    write_content(tmp_path, files=files)
    assert problems(tmp_path) == [
        f"{shown(v3)}:1: 'v2.yml' is missing: versions must be 1, 2, 3... without gaps"
    ]


@pytest.mark.parametrize(
    "effective",
    [pytest.param("2026-01-01", id="same-day"), pytest.param("2025-12-01", id="earlier")],
)
def test_effective_must_strictly_increase(tmp_path: Path, effective: str) -> None:
    assert_reports(
        tmp_path,
        replace(V2, "effective: 2026-06-01", f"effective: {effective}"),
        f"{shown(V2)}:4: effective: {effective} must be after version 1's effective date "
        "2026-01-01",
    )


# --- shape of the files: required, unknown, enums, ranges, dates, types --------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            remove_line(V2, "summary: Sign up and kickoff merged"),
            f"{shown(V2)}:1: summary: is required from version 2 on: say why the map changed",
            id="summary-in-v2",
        ),
        pytest.param(
            remove_line(V1, "    title: Kickoff"),
            f"{shown(V1)}:15: stage 'kickoff' (2nd): title: is required",
            id="stage-title",
        ),
        pytest.param(
            remove_line(V1, "effective: 2026-01-01"),
            f"{shown(V1)}:1: effective: is required",
            id="journey-effective",
        ),
        pytest.param(
            remove_line(METRICS, "    better: lower"),
            f"{shown(METRICS)}:7: metrics[1].better: is required",
            id="metric-better",
        ),
    ],
)
def test_missing_required_field(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            insert_after(V1, "    title: Kickoff", "    pain_point: [slow setup]"),
            f"{shown(V1)}:17: stage 'kickoff' (2nd): pain_point: 'pain_point' is not a known field "
            "(did you mean 'pain_points'?)",
            id="stage-pain_point",
        ),
        pytest.param(
            insert_after(V1, "title: Onboarding", "descripton: How admins get started"),
            f"{shown(V1)}:4: descripton: 'descripton' is not a known field "
            "(did you mean 'description'?)",
            id="journey-descripton",
        ),
        pytest.param(
            insert_after(V1, "        status: planned", "        ower: CX team"),
            f"{shown(V1)}:29: stage 'first-use' (3rd): opportunities[0].ower: 'ower' is not a "
            "known field "
            "(did you mean 'owner'?)",
            id="opportunity-ower",
        ),
        pytest.param(
            insert_after(METRICS, "    better: higher", "    taget: 4.2"),
            f"{shown(METRICS)}:5: metrics[0].taget: 'taget' is not a known field "
            "(did you mean 'target'?)",
            id="metric-taget",
        ),
    ],
)
def test_unknown_field_suggests_the_known_one(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V1, "kind: delight", "kind: delite"),
            f"{shown(V1)}:25: stage 'first-use' (3rd): moments[0].kind: 'delite' is not allowed: "
            "use "
            "'delight', 'hygiene' or 'dismay' (did you mean 'delight'?)",
            id="moment-kind",
        ),
        pytest.param(
            replace(V1, "status: planned", "status: in progress"),
            f"{shown(V1)}:28: stage 'first-use' (3rd): opportunities[0].status: 'in progress' is "
            "not allowed: "
            "use 'idea', 'planned', 'in-progress', 'done' or 'dropped' "
            "(did you mean 'in-progress'?)",
            id="opportunity-status",
        ),
        pytest.param(
            replace(V1, "kind: interview", "kind: interveiw"),
            f"{shown(V1)}:31: stage 'first-use' (3rd): evidence[0].kind: 'interveiw' is not "
            "allowed: use "
            "'interview', 'survey', 'telemetry', 'support' or 'internal' "
            "(did you mean 'interview'?)",
            id="evidence-kind",
        ),
        pytest.param(
            replace(METRICS, "better: higher", "better: higer"),
            f"{shown(METRICS)}:4: metrics[0].better: 'higer' is not allowed: use "
            "'higher' or 'lower' (did you mean 'higher'?)",
            id="metric-better",
        ),
    ],
)
def test_wrong_enum_value_suggests_the_allowed_one(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("score", "message"),
    [
        pytest.param("7", "7 is above the maximum 5", id="above-5"),
        pytest.param("0", "0 is below the minimum 1", id="below-1"),
        pytest.param("-1", "-1 is below the minimum 1", id="negative"),
    ],
)
def test_emotion_score_out_of_range(tmp_path: Path, score: str, message: str) -> None:
    assert_reports(
        tmp_path,
        replace(V1, "score: 4", f"score: {score}"),
        f"{shown(V1)}:22: stage 'first-use' (3rd): emotion.score: {message}",
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "effective: 2026-06-01", "effective: 2026-13-01"),
            f"{shown(V2)}:4: effective: '2026-13-01' is not valid: month must be in 1..12",
            id="month-13",
        ),
        pytest.param(
            insert_after(V1, "        status: planned", "        done_on: 2026-02-30"),
            f"{shown(V1)}:29: stage 'first-use' (3rd): opportunities[0].done_on: '2026-02-30' is "
            "not valid: "
            "day is out of range for month",
            id="february-30",
        ),
        pytest.param(
            replace(V2, "effective: 2026-06-01", "effective: next spring"),
            f"{shown(V2)}:4: effective: expected a date (YYYY-MM-DD), got 'next spring'",
            id="not-a-date",
        ),
    ],
)
def test_invalid_date(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, V2_STAGES, "stages:\n  welcome:\n    title: Welcome\n"),
            f"{shown(V2)}:7: stages: expected a list, got a mapping",
            id="stages-as-mapping",
        ),
        pytest.param(
            replace(V2, V2_STAGES[V2_STAGES.index("  - id: first-use") :], "  - first-use\n"),
            f"{shown(V2)}:10: 2nd stage: expected a mapping of fields, got 'first-use'",
            id="stage-as-text",
        ),
        pytest.param(
            replace(V1, "score: 4", "score: high"),
            f"{shown(V1)}:22: stage 'first-use' (3rd): emotion.score: expected a whole number "
            "from 1 to 5, got 'high'",
            id="score-as-text",
        ),
        pytest.param(
            replace(V1, "score: 4", "score: 4.5"),
            f"{shown(V1)}:22: stage 'first-use' (3rd): emotion.score: expected a whole number "
            "from 1 to 5, got 4.5",
            id="score-as-fraction",
        ),
        pytest.param(
            replace(V1, "score: 4", "score: yes"),
            f"{shown(V1)}:22: stage 'first-use' (3rd): emotion.score: expected a whole number "
            "from 1 to 5, got true",
            id="score-as-yaml-boolean",
        ),
        pytest.param(
            replace(V1, "personas: [it-admin]", "personas: it-admin"),
            f"{shown(V1)}:5: personas: expected a list, got 'it-admin': write it in brackets, "
            "like personas: [it-admin]",
            id="personas-as-text",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        pytest.param("stages: []\n", "stages: needs at least one item", id="empty"),
        pytest.param("stages:\n", "stages: expected a list, got nothing", id="null"),
    ],
)
def test_stages_must_not_be_empty(tmp_path: Path, stages: str, expected: str) -> None:
    assert_reports(tmp_path, replace(V2, V2_STAGES, stages), f"{shown(V2)}:6: {expected}")


@pytest.mark.parametrize(
    ("edit", "where", "link"),
    [
        pytest.param(
            replace(V1, "link: https://example.com/tour", 'link: "javascript:alert(1)"'),
            "29: stage 'first-use' (3rd): opportunities[0].link",
            "javascript:alert(1)",
            id="opportunity-javascript",
        ),
        pytest.param(
            replace(V1, "link: https://example.com/research", "link: JavaScript:alert(1)"),
            "33: stage 'first-use' (3rd): evidence[0].link",
            "JavaScript:alert(1)",
            id="evidence-javascript-mixed-case",
        ),
        pytest.param(
            replace(V1, "link: https://example.com/tour", 'link: "data:text/html,<script>"'),
            "29: stage 'first-use' (3rd): opportunities[0].link",
            "data:text/html,<script>",
            id="data-url",
        ),
    ],
)
def test_link_must_not_run_script(tmp_path: Path, edit: Edit, where: str, link: str) -> None:
    assert_reports(
        tmp_path,
        edit,
        f"{shown(V1)}:{where}: '{link}' is not a link: use an http(s):// or mailto: address",
    )


# --- references between ids ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V1, "    phase: setup", "    phase: setpu"),
            f"{shown(V1)}:14: stage 'signup' (1st): phase: 'setpu' is not a phase of this version "
            "(did you mean 'setup'?)",
            id="phase",
        ),
        pytest.param(
            insert_after(V2, "    title: Welcome", "    phase: setup"),
            f"{shown(V2)}:9: stage 'welcome' (1st): phase: 'setup' is not a phase: "
            "this version defines no phases",
            id="phase-without-phases",
        ),
        pytest.param(
            insert_after(V1, "    metrics: [csat]", "    next: [first-use, frist-use]"),
            f"{shown(V1)}:18: stage 'kickoff' (2nd): next[1]: 'frist-use' is not a stage of this "
            "version "
            "(did you mean 'first-use'?)",
            id="next",
        ),
        pytest.param(
            replace(V1, "personas: [it-admin]", "personas: [buyer, it-admn]"),
            f"{shown(V1)}:5: personas[1]: 'it-admn' is not a persona in personas.yml "
            "(did you mean 'it-admin'?)",
            id="persona",
        ),
        pytest.param(
            replace(V1, "    metrics: [csat]", "    metrics: [cast]"),
            f"{shown(V1)}:17: stage 'kickoff' (2nd): metrics[0]: 'cast' is not a metric in "
            "metrics.yml "
            "(did you mean 'csat'?)",
            id="metric",
        ),
    ],
)
def test_unknown_reference_suggests_a_known_id(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "    title: First use ", "    title: First use\n    next: [kickoff]"),
            f"{shown(V2)}:12: stage 'first-use' (2nd): next[0]: 'kickoff' is not a stage of this "
            "version any more: 'welcome' replaces it; write 'welcome' instead",
            id="merged",
        ),
        pytest.param(
            replace(
                V2,
                "    title: First use ",
                "    title: First use\n    replaces: [signup]\n    next: [signup]",
            ),
            f"{shown(V2)}:13: stage 'first-use' (2nd): next[0]: 'signup' is not a stage of this "
            "version any more: 'welcome', 'first-use' replace it; write 'welcome' or 'first-use' "
            "instead",
            id="split",
        ),
    ],
)
def test_next_naming_a_replaced_stage_names_its_successor(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    assert_reports(tmp_path, edit, expected)


def test_next_may_point_backwards_or_end_the_journey(tmp_path: Path) -> None:
    write_content(
        tmp_path,
        insert_after(V1, "    metrics: [csat]", "    next: [signup, first-use]"),
        insert_after(V1, "      score: 4", "    next: []"),
    )
    assert problems(tmp_path) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V2, "replaces: [signup, kickoff]", "replaces: [signup, kikoff]"),
            f"{shown(V2)}:9: stage 'welcome' (1st): replaces[1]: 'kikoff' is not a stage of an "
            "earlier "
            "version (did you mean 'kickoff'?)",
            id="not-in-earlier-version",
        ),
        pytest.param(
            insert_after(V1, "    phase: setup", "    replaces: [register]"),
            f"{shown(V1)}:15: stage 'signup' (1st): replaces[0]: 'register' cannot be replaced in "
            "version 1: "
            "there is no earlier version",
            id="in-version-1",
        ),
        pytest.param(
            replace(V2, "    title: First use ", "    title: First use\n    replaces: [first-use]"),
            f"{shown(V2)}:12: stage 'first-use' (2nd): replaces[0]: a stage cannot replace itself",
            id="itself",
        ),
    ],
)
def test_replaces(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


def test_replaces_may_name_a_new_stage_of_the_same_version_only_to_refuse_it(
    tmp_path: Path,
) -> None:
    write_content(
        tmp_path,
        replace(V2, "replaces: [signup, kickoff]", "replaces: [signup, kickoff, tour]"),
        insert_after(V2, "    title: First use", "  - {id: tour, title: Tour}"),
    )
    assert problems(tmp_path) == [
        f"{shown(V2)}:9: stage 'welcome' (1st): replaces[2]: 'tour' is a new stage of this "
        "version: "
        "only stages of an earlier version can be replaced"
    ]


def test_a_stage_may_split_off_from_a_stage_that_keeps_its_id(tmp_path: Path) -> None:
    # First use keeps its id and URL; Tour took part of it (friction 3 of issue 16).
    write_content(
        tmp_path,
        insert_after(
            V2, "    title: First use", "  - {id: tour, title: Tour, replaces: [first-use]}"
        ),
    )
    assert problems(tmp_path) == []


def test_a_replaced_stage_is_named_once(tmp_path: Path) -> None:
    assert_reports(
        tmp_path,
        replace(V2, "replaces: [signup, kickoff]", "replaces: [signup, kickoff, signup]"),
        f"{shown(V2)}:9: stage 'welcome' (1st): replaces[2]: 'signup' is already listed: "
        "name each stage once",
    )


def many_stages(count: int) -> str:
    """Lines of v1's stages s1..s<count>, each in flow style on one line."""
    return "".join(f"  - {{id: s{n}, title: S{n}}}\n" for n in range(1, count + 1))


def test_a_stage_takes_over_at_most_max_replaces_stages(tmp_path: Path) -> None:
    # Every stage named in a merge is named again in the changelog: a cost per name.
    count = limits.MAX_REPLACES + 1
    olds = ", ".join(f"s{n}" for n in range(1, count + 1))
    write_content(
        tmp_path,
        replace(V1, V1_STAGES, "stages:\n" + many_stages(count)),
        replace(V2, V2_STAGES, f"stages:\n  - id: all\n    title: All\n    replaces: [{olds}]\n"),
    )
    assert problems(tmp_path) == [
        f"{shown(V2)}:9: stage 'all' (1st): replaces: names {count} stages: the limit is "
        f"{limits.MAX_REPLACES} for the stages one stage takes over"
    ]


def test_a_stage_is_taken_over_by_at_most_max_replaced_by_stages(tmp_path: Path) -> None:
    # A split names all its parts in the entry of each part: a cost per part, squared.
    count = limits.MAX_REPLACED_BY + 1
    parts = "".join(f"  - {{id: p{n}, title: P{n}, replaces: [s1]}}\n" for n in range(1, count + 1))
    write_content(
        tmp_path,
        replace(V1, V1_STAGES, "stages:\n" + many_stages(1)),
        replace(V2, V2_STAGES, "stages:\n" + parts),
    )
    assert problems(tmp_path) == [
        f"{shown(V2)}:{6 + count}: stage 'p{count}' ({ordinal(count)}): replaces[0]: 's1' is taken "
        f"over by {count} stages of this version: the limit is {limits.MAX_REPLACED_BY} for "
        "the stages that take over one stage"
    ]


def test_a_stage_continues_at_most_max_lineage_earlier_stages(tmp_path: Path) -> None:
    # Merges of merges multiply: 3 stages of v2 take over 20 of v1 each, and v3 merges them.
    groups = [range(1 + 20 * g, 21 + 20 * g) for g in range(3)]
    v2_stages = "".join(
        f"  - {{id: g{g}, title: G{g}, replaces: [{', '.join(f's{n}' for n in group)}]}}\n"
        for g, group in enumerate(groups)
    )
    v3 = V2.replace("v2", "v3")
    write_content(
        tmp_path,
        replace(V1, V1_STAGES, "stages:\n" + many_stages(60)),
        replace(V2, V2_STAGES, "stages:\n" + v2_stages),
        files={
            **BASE,
            v3: yaml_text("""
                id: onboarding
                version: 3
                title: Onboarding
                effective: 2026-09-01
                summary: One stage
                stages:
                  - {id: all, title: All, replaces: [g0, g1, g2]}
                """),
        },
    )
    assert limits.MAX_LINEAGE < 3 + 60  # g0..g2 and s1..s60
    assert problems(tmp_path) == [
        f"{shown(v3)}:7: stage 'all' (1st): replaces: 'all' continues more than "
        f"{limits.MAX_LINEAGE} earlier stages (those it replaces and those they replaced in "
        f"turn): the limit is {limits.MAX_LINEAGE}, as its page shows the history of each"
    ]


def test_merges_and_splits_up_to_the_limits_are_valid(tmp_path: Path) -> None:
    # Each of v2's stages takes over MAX_REPLACES stages, each of which MAX_REPLACED_BY
    # stages take over: the densest reshuffle the limits allow.
    count = max(limits.MAX_REPLACES, limits.MAX_REPLACED_BY)
    olds = ", ".join(f"s{n}" for n in range(1, limits.MAX_REPLACES + 1))
    parts = "".join(
        f"  - {{id: p{n}, title: P{n}, replaces: [{olds}]}}\n"
        for n in range(1, limits.MAX_REPLACED_BY + 1)
    )
    write_content(
        tmp_path,
        replace(V1, V1_STAGES, "stages:\n" + many_stages(count)),
        replace(V2, V2_STAGES, "stages:\n" + parts),
    )
    assert problems(tmp_path) == []


def test_a_missing_version_file_is_one_problem_not_a_cascade(tmp_path: Path) -> None:
    # Without v1.yml, v2's references to v1's stages cannot be checked: they are not
    # reported as "cannot be replaced in version 1" (v2 is not version 1).
    files = {name: text for name, text in BASE.items() if name != V1}
    write_content(tmp_path, files=files)
    assert problems(tmp_path) == [
        f"{shown(V2)}:1: 'v1.yml' is missing: versions must be 1, 2, 3... without gaps"
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            replace(V1, "  - id: first-use", "  - id: kickoff"),
            f"{shown(V1)}:18: stage 'kickoff' (3rd): id: 'kickoff' is already the id of the 2nd "
            "stage",
            id="stages",
        ),
        pytest.param(
            replace(PERSONAS, "  - id: buyer", "  - id: it-admin"),
            f"{shown(PERSONAS)}:4: personas[1].id: 'it-admin' is already the id of the 1st persona",
            id="personas",
        ),
        pytest.param(
            replace(METRICS, "  - id: time-to-value", "  - id: csat"),
            f"{shown(METRICS)}:7: metrics[1].id: 'csat' is already the id of the 1st metric",
            id="metrics",
        ),
    ],
)
def test_duplicate_ids(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert_reports(tmp_path, edit, expected)


def test_metric_min_above_max(tmp_path: Path) -> None:
    assert_reports(
        tmp_path,
        replace(METRICS, "    min: 1", "    min: 6"),
        f"{shown(METRICS)}:6: metrics[0].max: 5 is below the minimum 6",
    )


# --- folders ------------------------------------------------------------------------------


def test_missing_content_folder(tmp_path: Path) -> None:
    assert problems(tmp_path) == [
        "content: content folder not found: run journeymap where your content folder is, "
        "or name it with --content (the content_dir of your mkdocs.yml)"
    ]


def test_missing_journeys_folder(tmp_path: Path) -> None:
    write_content(tmp_path, files={PERSONAS: BASE[PERSONAS], METRICS: BASE[METRICS]})
    assert problems(tmp_path) == [
        "content/journeys: folder not found: put each journey in journeys/<journey-id>/v1.yml"
    ]


# --- every problem at once -----------------------------------------------------------------


def test_all_problems_in_all_files_are_reported_sorted_by_path_then_line(
    tmp_path: Path,
) -> None:
    write_content(
        tmp_path,
        # written to the problem list first (catalogs load first), but sorted last
        replace(PERSONAS, "  - id: buyer", "  - id: it-admin"),
        replace(METRICS, "    min: 1", "    min: 6"),
        # line 17 before line 5 in the edits; 5 < 14 < 17 sorts numerically, not as text
        replace(V1, "    metrics: [csat]", "    metrics: [cast]"),
        replace(V1, "    phase: setup", "    phase: setpu"),
        replace(V1, "personas: [it-admin]", "personas: [it-admn]"),
        # v2 broken in shape: two problems in a second journey file
        insert_after(V2, "    title: First use", "    emotion: {score: 7}"),
        insert_after(V2, "    title: Welcome", "    pain_point: [slow]"),
    )
    expected = [
        f"{shown(V1)}:5: personas[0]: 'it-admn' is not a persona in personas.yml "
        "(did you mean 'it-admin'?)",
        f"{shown(V1)}:14: stage 'signup' (1st): phase: 'setpu' is not a phase of this version "
        "(did you mean 'setup'?)",
        f"{shown(V1)}:17: stage 'kickoff' (2nd): metrics[0]: 'cast' is not a metric in metrics.yml "
        "(did you mean 'csat'?)",
        f"{shown(V2)}:9: stage 'welcome' (1st): pain_point: 'pain_point' is not a known field "
        "(did you mean 'pain_points'?)",
        f"{shown(V2)}:13: stage 'first-use' (2nd): emotion.score: 7 is above the maximum 5",
        f"{shown(METRICS)}:6: metrics[0].max: 5 is below the minimum 6",
        f"{shown(PERSONAS)}:4: personas[1].id: 'it-admin' is already the id of the 1st persona",
    ]
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert [str(p) for p in raised.value.problems] == expected
    assert str(raised.value) == "7 content problems found:\n" + "\n".join(expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("persona.yml", "is not part of the content format (did you mean 'personas.yml'?)"),
        ("personas.yaml", "is not part of the content format (did you mean 'personas.yml'?)"),
        ("snapshot", "is not part of the content format (did you mean 'snapshots'?)"),
        ("export.csv", "is not part of the content format"),
    ],
)
def test_misnamed_content_files_are_reported(tmp_path: Path, name: str, expected: str) -> None:
    root = write_content(tmp_path)
    if "." in name:
        (root / name).write_text("x: 1\n")
    else:
        (root / name).mkdir()
    assert problems(tmp_path) == [f"{shown(name)}: {expected}"]


def test_other_files_in_the_content_folder_are_left_alone(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "README.md").write_text("# Our journeys\n")
    (root / ".editorconfig").write_text("root = true\n")
    assert problems(tmp_path) == []
