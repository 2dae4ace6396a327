"""Mermaid `journey` diagrams: `journeymap import-mermaid` and the Mermaid export."""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from types import FrameType

import pytest
import yaml

from journeymap.commands import mermaid
from journeymap.content.loader import load_content
from journeymap.content.problems import Problems
from journeymap.site import exports

from .conftest import REPO
from .contentkit import load, write_files, yaml_text

EPOCH = "1795000000"
EFFECTIVE = dt.date(2026, 11, 18)  # the build date of EPOCH
JOURNEY_ID = "morning-tea"
ZERO_NOTE = "Scored 0 in the Mermaid diagram; the map's scale starts at 1."
EXAMPLE_PERSONAS = ["it-admin", "economic-buyer", "champion", "busy-parent", "student-shopper"]


# --- helpers -------------------------------------------------------------------------------


def mmd(*lines: str) -> str:
    """A diagram from its lines, written exactly (padding, tabs and all)."""
    return "\n".join(lines) + "\n"


def journeymap(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).parent / "journeymap"
    return subprocess.run(
        [str(executable), *args],
        cwd=cwd,
        input=stdin,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )


def import_mermaid(
    root: Path, diagram: str, journey_id: str = JOURNEY_ID, *, stdin: bool = False
) -> subprocess.CompletedProcess:
    """`journeymap import-mermaid` run in `root`, from diagram.mmd or from stdin."""
    if stdin:
        return journeymap("import-mermaid", "-", "--id", journey_id, cwd=root, stdin=diagram)
    (root / "diagram.mmd").write_text(diagram, encoding="utf-8")
    return journeymap("import-mermaid", "diagram.mmd", "--id", journey_id, cwd=root)


def written_journey(root: Path, journey_id: str = JOURNEY_ID) -> dict:
    return yaml.safe_load((root / "content/journeys" / journey_id / "v1.yml").read_text("utf-8"))


def persona_entries(root: Path) -> list[dict]:
    return yaml.safe_load((root / "content/personas.yml").read_text("utf-8"))["personas"]


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`: to show nothing was written."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def stage(
    stage_id: str, title: str, score: int, phase: str | None = None, note: str | None = None
) -> dict:
    """A stage as the importer writes it."""
    data: dict = {"id": stage_id, "title": title}
    if phase:
        data["phase"] = phase
    data["emotion"] = {"score": score, **({"note": note} if note else {})}
    return data


def journey(
    stages: list[dict],
    *,
    title: str = "Morning tea",
    personas: tuple[str, ...] = ("me",),
    phases: tuple[tuple[str, str], ...] = (),
    description: str | None = None,
) -> dict:
    """A first journey version as the importer writes it (`phases` as (id, title) pairs)."""
    data: dict = {"id": JOURNEY_ID, "version": 1, "title": title, "effective": EFFECTIVE}
    if description:
        data["description"] = description
    if personas:
        data["personas"] = list(personas)
    if phases:
        data["phases"] = [{"id": pid, "title": ptitle} for pid, ptitle in phases]
    data["stages"] = stages
    return data


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A folder holding a copy of the example content, as `content/`."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


# --- importing the styles people write -----------------------------------------------------

STYLES = [
    pytest.param(
        mmd(
            "journey",
            "  title   Tea time  ",
            "  section   Morning  ",
            "    Make tea  :  5  : Me  ",
            "    Drink tea:3:Me,   Cat  ",
        ),
        journey(
            [
                stage("make-tea", "Make tea", 5, "morning"),
                stage("drink-tea", "Drink tea", 3, "morning"),
            ],
            title="Tea time",
            personas=("me", "cat"),
            phases=(("morning", "Morning"),),
        ),
        id="padded-names-and-scores",
    ),
    pytest.param(
        mmd(
            "journey",
            "\ttitle Tea time",
            "\tsection Morning",
            "\t\tMake tea:\t5:\tMe",
            "\tsection Evening",
            "\t\tWash up: 2: Me",
        ),
        journey(
            [
                stage("make-tea", "Make tea", 5, "morning"),
                stage("wash-up", "Wash up", 2, "evening"),
            ],
            title="Tea time",
            phases=(("morning", "Morning"), ("evening", "Evening")),
        ),
        id="tab-indentation",
    ),
    pytest.param(
        mmd(
            "journey",
            "\ttitle\tTea time",
            "\tsection\tMorning",
            "\t\tMake tea: 5: Me",
        ),
        journey(
            [stage("make-tea", "Make tea", 5, "morning")],
            title="Tea time",
            phases=(("morning", "Morning"),),
        ),
        id="tab-after-keyword",
    ),
    pytest.param(
        mmd(
            "%% Tea, as drawn in the team wiki",
            "journey",
            "  %% accessible title and description",
            "  accTitle: Tea for screen readers",
            "  accDescr: How we make tea: step by step",
            "  section Morning",
            "    %% boiling comes first",
            "    Boil water: 2: Me",
            "    Make tea: 4: Me",
            "%% the end",
        ),
        journey(
            [
                stage("boil-water", "Boil water", 2, "morning"),
                stage("make-tea", "Make tea", 4, "morning"),
            ],
            title="Tea for screen readers",
            description="How we make tea: step by step",
            phases=(("morning", "Morning"),),
        ),
        id="comments-and-accessibility-one-liners",
    ),
    pytest.param(
        mmd(
            "journey",
            "  title Tea time",
            "  accTitle: Not the title: title wins",
            "  accDescr {",
            "    How we make tea,",
            "      step by step.",
            "  }",
            "  Make tea: 4: Me",
        ),
        journey(
            [stage("make-tea", "Make tea", 4)],
            title="Tea time",
            description="How we make tea, step by step.",
        ),
        id="accdescr-block",
    ),
    pytest.param(
        mmd("journey", "  accDescr { How we make tea }", "  Make tea: 4: Me"),
        journey([stage("make-tea", "Make tea", 4)], description="How we make tea"),
        id="accdescr-block-on-one-line",
    ),
    pytest.param(
        mmd(
            "journey",
            "  section Morning",
            "    Make tea: 5: Me, Cat,",
            "    Drink tea: 4: Cat,",
        ),
        journey(
            [
                stage("make-tea", "Make tea", 5, "morning"),
                stage("drink-tea", "Drink tea", 4, "morning"),
            ],
            personas=("me", "cat"),
            phases=(("morning", "Morning"),),
        ),
        id="trailing-commas-after-actors",
    ),
    pytest.param(
        mmd(
            "journey",
            "  title Tea time",
            "  Boil water: 3: Me",
            "  section Morning",
            "    Make tea: 5: Me",
        ),
        journey(
            [stage("boil-water", "Boil water", 3), stage("make-tea", "Make tea", 5, "morning")],
            title="Tea time",
            phases=(("morning", "Morning"),),
        ),
        id="tasks-before-the-first-section",
    ),
    pytest.param(
        mmd(
            "journey",
            "  section Scores",
            "    Awful: 0: Me",
            "    Bad: 1",
            "    Meh: 2",
            "    Okay: 3",
            "    Good: 4",
            "    Great: 5",
        ),
        journey(
            [
                stage("awful", "Awful", 1, "scores", note=ZERO_NOTE),
                stage("bad", "Bad", 1, "scores"),
                stage("meh", "Meh", 2, "scores"),
                stage("okay", "Okay", 3, "scores"),
                stage("good", "Good", 4, "scores"),
                stage("great", "Great", 5, "scores"),
            ],
            phases=(("scores", "Scores"),),
        ),
        id="scores-0-to-5",
    ),
    pytest.param(
        mmd(
            "journey",
            "  title Tea time",
            "  section Morning",
            "    Make tea: 5: Me, Cat",
            "  section Afternoon",
            "    Biscuits: 4: Cat",
            "  section Evening",
            "    Wash up: 1: Me",
        ),
        journey(
            [
                stage("make-tea", "Make tea", 5, "morning"),
                stage("biscuits", "Biscuits", 4, "afternoon"),
                stage("wash-up", "Wash up", 1, "evening"),
            ],
            title="Tea time",
            personas=("me", "cat"),
            phases=(("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening")),
        ),
        id="several-sections-same-actor",
    ),
    pytest.param(
        mmd(
            "journey",
            "  section Morning",
            "    Make tea: 5: Me",
            "    Make tea: 3: Me",
            "  section Morning, again",
            "    Make tea!: 2: Me",
        ),
        journey(
            [
                stage("make-tea", "Make tea", 5, "morning"),
                stage("make-tea-2", "Make tea", 3, "morning"),
                stage("make-tea-3", "Make tea!", 2, "morning-again"),
            ],
            phases=(("morning", "Morning"), ("morning-again", "Morning, again")),
        ),
        id="duplicate-task-names",
    ),
    pytest.param(
        mmd("journey", "  section Past", "    History: 3: Me", "    V2: 4: Me"),
        journey(
            [stage("history-2", "History", 3, "past"), stage("v2-2", "V2", 4, "past")],
            phases=(("past", "Past"),),
        ),
        id="task-named-like-a-reserved-id",
    ),
]


@pytest.mark.parametrize(("diagram", "expected"), STYLES)
def test_import_writes_the_journey_and_validates(root: Path, diagram: str, expected: dict) -> None:
    result = import_mermaid(root, diagram)

    assert result.returncode == 0, result.stderr
    assert written_journey(root) == expected
    new_personas = [p for p in expected["personas"] if p not in EXAMPLE_PERSONAS]
    assert result.stdout.splitlines() == [
        f"wrote content/journeys/{JOURNEY_ID}/v1.yml",
        *(["wrote content/personas.yml"] if new_personas else []),
        f"  {len(expected['stages'])} stages; check titles and ids, then run `journeymap validate`",
    ]
    assert [p["id"] for p in persona_entries(root)] == EXAMPLE_PERSONAS + new_personas

    validated = journeymap("validate", cwd=root)
    assert validated.returncode == 0, validated.stderr
    personas = len(EXAMPLE_PERSONAS) + len(new_personas)
    assert validated.stdout == (
        f"content: 4 journeys, 7 versions, {personas} personas, 8 metrics, 10 snapshots "
        "(768 values): no problems\n"
    )


def test_import_from_stdin(root: Path) -> None:
    result = import_mermaid(root, mmd("journey", "  Make tea: 4: Me"), stdin=True)

    assert result.returncode == 0, result.stderr
    assert written_journey(root) == journey([stage("make-tea", "Make tea", 4)])


# --- personas.yml --------------------------------------------------------------------------


def test_missing_actors_are_appended_and_known_ones_kept(root: Path) -> None:
    personas_file = root / "content/personas.yml"
    before = personas_file.read_text("utf-8")
    diagram = mmd(
        "journey",
        "  section Shop",
        "    Browse: 4: busy parent, Grandma",
        "    Pay: 2: Student Shopper, Grandma, Me",
    )

    result = import_mermaid(root, diagram)

    assert result.returncode == 0, result.stderr
    after = personas_file.read_text("utf-8")
    assert after[: len(before)] == before
    assert after[len(before) :] == (
        "  - id: grandma\n    name: Grandma\n  - id: me\n    name: Me\n"
    )
    assert written_journey(root)["personas"] == ["busy-parent", "grandma", "student-shopper", "me"]


PERSONA_FILES = [
    pytest.param("personas:\n  - id: me\n    name: Me", id="no-final-newline"),
    pytest.param("personas:\n  - id: me\n    name: Me\n\n", id="trailing-blank-line"),
    pytest.param("# who\npersonas:\n  # people\n    - id: me\n      name: Me\n", id="comments"),
    pytest.param("personas:\n- id: me\n  name: Me\n", id="no-indentation"),
]


@pytest.mark.parametrize("before", PERSONA_FILES)
def test_existing_personas_file_is_kept_byte_for_byte(tmp_path: Path, before: str) -> None:
    write_files(tmp_path, {"personas.yml": before})
    (tmp_path / "content/journeys").mkdir()

    result = import_mermaid(tmp_path, mmd("journey", "  Make tea: 5: Me, Cat"))

    assert result.returncode == 0, result.stderr
    after = (tmp_path / "content/personas.yml").read_text("utf-8")
    assert after[: len(before)] == before
    assert persona_entries(tmp_path) == [{"id": "me", "name": "Me"}, {"id": "cat", "name": "Cat"}]


def test_personas_file_is_created_when_missing(tmp_path: Path) -> None:
    (tmp_path / "content/journeys").mkdir(parents=True)

    result = import_mermaid(tmp_path, mmd("journey", "  Make tea: 5: Me, Cat"))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content/personas.yml").read_text("utf-8") == (
        "personas:\n  - id: me\n    name: Me\n  - id: cat\n    name: Cat\n"
    )


def test_empty_personas_list_gets_the_actors(tmp_path: Path) -> None:
    write_files(tmp_path, {"personas.yml": "personas: []\n"})
    (tmp_path / "content/journeys").mkdir()

    result = import_mermaid(tmp_path, mmd("journey", "  Make tea: 5: Me"))

    assert result.returncode == 0, result.stderr
    assert persona_entries(tmp_path) == [{"id": "me", "name": "Me"}]


# --- refusals: nothing written -------------------------------------------------------------

VALID = mmd("journey", "  section Morning", "    Make tea: 5: Grandma")
NOT_A_TASK = "is not a task: write 'Task name: score' or 'Task name: score: Actor, Actor'"


def problems(*lines: str) -> list[str]:
    """The lines printed for content problems: a count, then one line each."""
    noun = "problem" if len(lines) == 1 else "problems"
    return [f"{len(lines)} content {noun} found:", *lines]


def bad_score(line: int, score: str) -> str:
    return (
        f"diagram.mmd:{line}: the score '{score}' of 'Make tea' is not a whole number from 0 to 5"
    )


REFUSALS = [
    pytest.param(
        VALID,
        "grocery-app",
        [
            "content/journeys/grocery-app already exists: choose another --id, "
            "or add a version with `journeymap new-version`"
        ],
        id="existing-journey",
    ),
    pytest.param(
        VALID,
        "Morning Tea",
        problems(
            "--id: 'Morning Tea' is not a valid id: "
            "use lowercase letters, digits and single hyphens"
        ),
        id="invalid-id",
    ),
    pytest.param(
        mmd("flowchart LR", "  Make tea: 5: Me"),
        JOURNEY_ID,
        problems("diagram.mmd:1: expected 'journey' to start the diagram, found 'flowchart LR'"),
        id="no-header",
    ),
    pytest.param(
        mmd("%% tea", "", "  title Tea time", "  Make tea: 5: Me"),
        JOURNEY_ID,
        problems("diagram.mmd:3: expected 'journey' to start the diagram, found 'title Tea time'"),
        id="no-header-after-a-comment",
    ),
    pytest.param(
        mmd("journey", "  Make tea"),
        JOURNEY_ID,
        problems(f"diagram.mmd:2: 'Make tea' {NOT_A_TASK}"),
        id="task-without-colon",
    ),
    pytest.param(
        mmd("journey", "  Make tea:"), JOURNEY_ID, problems(bad_score(2, "")), id="empty-score"
    ),
    pytest.param(
        mmd("journey", "  Make tea: : Me"),
        JOURNEY_ID,
        problems(bad_score(2, "")),
        id="empty-score-with-actor",
    ),
    pytest.param(
        mmd("journey", "  Make tea: 6: Me"), JOURNEY_ID, problems(bad_score(2, "6")), id="score-6"
    ),
    pytest.param(
        mmd("journey", "  Make tea: six: Me"),
        JOURNEY_ID,
        problems(bad_score(2, "six")),
        id="score-six",
    ),
    pytest.param(
        mmd("journey", "  Make tea: -1"), JOURNEY_ID, problems(bad_score(2, "-1")), id="score-neg"
    ),
    pytest.param(
        mmd("journey", "  Make tea: ²: Me"),
        JOURNEY_ID,
        problems(bad_score(2, "²")),
        id="score-superscript-digit",
    ),
    pytest.param(
        mmd("journey", "  Make tea: 9", "  Drink tea: 4", "  Make tea: 3.5"),
        JOURNEY_ID,
        problems(bad_score(2, "9"), bad_score(4, "3.5")),
        id="every-bad-task",
    ),
    pytest.param(
        mmd("journey", "  title Tea", "  accDescr {", "    How we make tea", "  Make tea: 5"),
        JOURNEY_ID,
        problems(
            "diagram.mmd:3: accDescr { is never closed with }: "
            "every line after it is read as its text"
        ),
        id="unclosed-accdescr",
    ),
    pytest.param(
        "",
        JOURNEY_ID,
        problems("diagram.mmd:1: is empty: a Mermaid journey starts with 'journey'"),
        id="empty-file",
    ),
    pytest.param(
        mmd("%% only a comment", "   "),
        JOURNEY_ID,
        problems("diagram.mmd:1: is empty: a Mermaid journey starts with 'journey'"),
        id="only-comments",
    ),
    pytest.param(
        mmd("journey", "  title Tea time"),
        JOURNEY_ID,
        problems("diagram.mmd:1: has no tasks: write them as 'Task name: score: Actor'"),
        id="no-tasks",
    ),
]


@pytest.mark.parametrize(("diagram", "journey_id", "stderr"), REFUSALS)
def test_refusals_write_nothing(
    root: Path, diagram: str, journey_id: str, stderr: list[str]
) -> None:
    before = tree(root / "content")

    result = import_mermaid(root, diagram, journey_id)

    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == stderr
    assert tree(root / "content") == before


def test_stdin_problems_name_stdin(root: Path) -> None:
    before = tree(root / "content")

    result = import_mermaid(root, mmd("journey", "  Make tea: six"), stdin=True)

    assert result.returncode == 1
    assert result.stderr.splitlines() == problems(
        "<stdin>:2: the score 'six' of 'Make tea' is not a whole number from 0 to 5"
    )
    assert tree(root / "content") == before


def test_stdin_is_read_no_further_than_its_limit(root: Path) -> None:
    """An endless stdin (`< /dev/zero`) is refused at 2 MB, not read until memory runs out."""
    before = tree(root / "content")
    with open("/dev/zero", "rb") as endless:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "journeymap"), "import-mermaid", "-", "--id", "x"],
            cwd=root,
            stdin=endless,
            capture_output=True,
            text=True,
            check=False,
            # The old reader failed here instead of filling the machine.
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31)),
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == problems(
        "<stdin>:1: is larger than 2 MB, the limit for a diagram"
    )
    assert tree(root / "content") == before


def test_more_tasks_than_a_journey_may_have_stages_are_refused(root: Path) -> None:
    before = tree(root / "content")
    result = import_mermaid(root, mmd("journey", *["  Make tea: 3: Me"] * 501))
    assert result.returncode == 1
    assert result.stderr.splitlines() == problems(
        "diagram.mmd:502: more than 500 tasks, the limit of stages in a journey version: "
        "split the diagram into several journeys"
    )
    assert tree(root / "content") == before


def test_a_file_that_is_no_diagram_stops_after_100_problems(root: Path) -> None:
    result = import_mermaid(root, mmd("journey", *[f"  line {n}" for n in range(1, 1000)]))
    lines = result.stderr.splitlines()
    assert lines[0] == "101 content problems found:"
    assert lines[-1] == "diagram.mmd:102: more problems after 100: fix those first"


def _lines_run(tasks: int) -> int:
    """Lines of mermaid.py run to turn `tasks` tasks of one name into a journey."""
    diagram = mermaid.Diagram(
        tasks=[
            mermaid.Task("Make tea", 3, ["Me", f"Guest {n}"], "Morning", n) for n in range(tasks)
        ]
    )
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> object:
        nonlocal count
        if frame.f_code.co_filename != mermaid.__file__:
            return None
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        mermaid.to_journey(diagram, JOURNEY_ID, EFFECTIVE)
    finally:
        sys.settrace(None)
    return count


def test_ids_of_tasks_and_actors_of_one_name_take_work_in_proportion() -> None:
    """Not a timing: lines run. Twice the tasks may take twice the work, not four times."""
    assert _lines_run(400) < 2.2 * _lines_run(200)


# --- export --------------------------------------------------------------------------------

TEA_CONTENT = {
    "personas.yml": yaml_text(
        """
        personas:
          - id: parent
            name: "Priya, busy parent: #1; always"
          - id: cat
            name: Cat
        """
    ),
    "journeys/tea/v1.yml": yaml_text(
        """
        id: tea
        version: 1
        title: "Tea: the #1 ritual; daily"
        effective: 2026-01-01
        personas: [parent, cat]
        phases:
          - id: morning
            title: "Morning: early"
          - id: evening
            title: Evening
        stages:
          - id: boil
            title: "Boil water: hot;  fast #1"
            phase: morning
            emotion: {score: 2}
          - id: brew
            title: Brew
            phase: morning
          - id: drink
            title: Drink
            phase: evening
            emotion: {score: 5, note: Lovely}
          - id: wash-up
            title: Wash up
            emotion: {score: 1}
        """
    ),
}


def test_mermaid_export_of_a_small_journey(tmp_path: Path) -> None:
    write_files(tmp_path, TEA_CONTENT)
    content = load(tmp_path, EFFECTIVE)

    text = exports.mermaid_journey(content, content.journeys["tea"])

    actors = "Priya busy parent - 1 always, Cat"
    assert text == mmd(
        "journey",
        "    title Tea - the 1 ritual, daily",
        "    section Morning - early",
        f"      Boil water - hot, fast 1: 2: {actors}",
        f"      Brew: 3: {actors}",
        "    section Evening",
        f"      Drink: 5: {actors}",
        "    section Tea - the 1 ritual, daily",
        f"      Wash up: 1: {actors}",
    )


def reimported(text: str) -> dict:
    """An exported diagram read back by the importer, which must find no problems."""
    found = Problems()
    diagram = mermaid.parse(text, "export", found)
    assert list(found) == []
    return mermaid.to_journey(diagram, "again", EFFECTIVE).journey


def test_export_of_a_small_journey_reads_back(tmp_path: Path) -> None:
    write_files(tmp_path, TEA_CONTENT)
    content = load(tmp_path, EFFECTIVE)

    again = reimported(exports.mermaid_journey(content, content.journeys["tea"]))

    assert again["title"] == "Tea - the 1 ritual, daily"
    assert [(s["title"], s["emotion"]["score"]) for s in again["stages"]] == [
        ("Boil water - hot, fast 1", 2),
        ("Brew", 3),
        ("Drink", 5),
        ("Wash up", 1),
    ]


def test_example_journey_round_trips_through_mermaid() -> None:
    content = load_content(REPO / "content", display_root=REPO, today=EFFECTIVE)
    grocery = content.journeys["grocery-app"]
    version = grocery.current

    again = reimported(exports.mermaid_journey(content, grocery))

    assert again["title"] == version.title
    assert [s["title"] for s in again["stages"]] == [s.title for s in version.stages]
    assert [p["title"] for p in again["phases"]] == [p.title for p in version.phases]
    assert [s["emotion"]["score"] for s in again["stages"]] == [
        s.emotion.score if s.emotion else 3 for s in version.stages
    ]
