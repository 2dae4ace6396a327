"""Reading a Mermaid `journey` diagram into a first journey version.

Accepts Mermaid as people write it: indentation with spaces or tabs, `%%`
comments, `accTitle`/`accDescr` (one line or a `{ ... }` block), tasks before
the first section, padded names, trailing commas after actors, scores 0 to 5.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from journeymap.content.access import LINK_REFUSED, is_link
from journeymap.content.documents import parse_yaml
from journeymap.content.limits import MAX_DIAGRAM_PROBLEMS, MAX_STAGES
from journeymap.content.problems import ContentError, Problems
from journeymap.formatting import shown_path


@dataclass
class Task:
    title: str
    score: int
    actors: list[str]
    section: str | None
    line: int


@dataclass
class Diagram:
    title: str | None = None
    description: str | None = None
    tasks: list[Task] = field(default_factory=list)


_TASK = re.compile(r"^(?P<name>[^:]+):(?P<score>[^:]*)(?::(?P<actors>.*))?$")


def parse(text: str, display: str, problems: Problems) -> Diagram:
    """The diagram in `text`; problems (with line numbers) for what is not Mermaid journey."""
    diagram = Diagram()
    section: str | None = None
    seen_header = False
    in_description = False
    opened = 0  # the line of an `accDescr {` still open
    description: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_description:
            if line.endswith("}"):
                description.append(line[:-1].strip())
                diagram.description = " ".join(d for d in description if d)
                in_description = False
            else:
                description.append(line)
            continue
        if not line or line.startswith("%%"):
            continue
        if len(problems) == MAX_DIAGRAM_PROBLEMS:  # a file that is not a diagram: enough said
            problems.add(
                display, number, "", f"more problems after {MAX_DIAGRAM_PROBLEMS}: fix those first"
            )
            return diagram
        if not seen_header:
            if line != "journey":
                problems.add(
                    display, number, "", f"expected 'journey' to start the diagram, found '{line}'"
                )
                return diagram
            seen_header = True
            continue
        keyword, *more = line.split(None, 1)  # Mermaid allows any blank after a keyword
        rest = more[0] if more else ""
        if keyword == "title":
            diagram.title = rest.strip()
        elif keyword == "section":
            section = rest.strip() or None
        elif keyword.startswith("accTitle"):
            diagram.title = diagram.title or line.partition(":")[2].strip()
        elif keyword.startswith("accDescr"):
            after = line[len("accDescr") :].strip()
            if after.startswith("{"):
                inner = after[1:].strip()
                if inner.endswith("}"):
                    diagram.description = inner[:-1].strip()
                else:
                    description, in_description, opened = [inner], True, number
            else:
                diagram.description = after.lstrip(":").strip()
        else:
            task = _task(line, section, number, display, problems)
            if task and len(diagram.tasks) == MAX_STAGES:
                problems.add(
                    display,
                    number,
                    "",
                    f"more than {MAX_STAGES} tasks, the limit of stages in a journey version: "
                    "split the diagram into several journeys",
                )
                return diagram
            if task:
                diagram.tasks.append(task)
    if not seen_header:
        problems.add(display, 1, "", "is empty: a Mermaid journey starts with 'journey'")
    elif in_description:
        problems.add(
            display,
            opened,
            "",
            "accDescr { is never closed with }: every line after it is read as its text",
        )
    elif not diagram.tasks and not problems:
        problems.add(display, 1, "", "has no tasks: write them as 'Task name: score: Actor'")
    return diagram


def _task(
    line: str, section: str | None, number: int, display: str, problems: Problems
) -> Task | None:
    match = _TASK.match(line)
    if match is None:
        problems.add(
            display,
            number,
            "",
            f"'{line}' is not a task: write 'Task name: score' or 'Task name: score: Actor, Actor'",
        )
        return None
    score_text = match["score"].strip()
    if not (score_text.isascii() and score_text.isdigit()) or int(score_text) > 5:
        problems.add(
            display,
            number,
            "",
            f"the score '{score_text}' of '{match['name'].strip()}' "
            "is not a whole number from 0 to 5",
        )
        return None
    actors = [a.strip() for a in (match["actors"] or "").split(",") if a.strip()]
    return Task(match["name"].strip(), int(score_text), actors, section, number)


def slug(text: str) -> str:
    """A content id from a title: `Make tea!` -> `make-tea`."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "stage"


class _Ids:
    """Distinct ids from titles: `make-tea`, `make-tea-2`, `make-tea-3`, ...

    Each base remembers the next number to try, so a thousand tasks of one name take
    a thousand steps, not half a million (a diagram is untrusted input)."""

    _RESERVED = re.compile(r"history|v\d+")
    """Names of the journey's own pages, which a stage id would hide."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def new(self, base: str) -> str:
        number = self._next.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        # Each id skipped here was taken once: the skips of a whole diagram are at most
        # as many as its ids.
        while candidate in self.taken or self._RESERVED.fullmatch(candidate):
            number += 1
            candidate = f"{base}-{number}"
        self._next[base] = number + 1
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True)
class Imported:
    journey: dict[str, object]
    """The journey's first version, ready to write as YAML."""
    personas: dict[str, str]
    """Persona id -> name, for every actor."""


def to_journey(diagram: Diagram, journey_id: str, today: dt.date) -> Imported:
    """A first journey version: sections become phases, tasks stages, actors personas."""
    phases: dict[str, str] = {}
    phase_ids = _Ids()
    for task in diagram.tasks:
        if task.section and task.section not in phases:
            phases[task.section] = phase_ids.new(slug(task.section))
    by_name: dict[str, str] = {}  # actor -> persona id, in the order of first mention
    persona_ids = _Ids()
    for task in diagram.tasks:
        for actor in task.actors:
            if actor not in by_name:
                by_name[actor] = persona_ids.new(slug(actor))
    personas = {pid: name for name, pid in by_name.items()}
    stage_ids = _Ids()
    stages = []
    for task in diagram.tasks:
        emotion: dict[str, object] = {"score": max(task.score, 1)}
        if task.score == 0:
            emotion["note"] = "Scored 0 in the Mermaid diagram; the map's scale starts at 1."
        stage: dict[str, object] = {"id": stage_ids.new(slug(task.title)), "title": task.title}
        if task.section:
            stage["phase"] = phases[task.section]
        stage["emotion"] = emotion
        stages.append(stage)
    journey: dict[str, object] = {
        "id": journey_id,
        "version": 1,
        "title": diagram.title or journey_id.replace("-", " ").capitalize(),
        "effective": today,
    }
    if diagram.description:
        journey["description"] = diagram.description
    if personas:
        journey["personas"] = list(personas)
    if phases:
        journey["phases"] = [{"id": pid, "title": title} for title, pid in phases.items()]
    journey["stages"] = stages
    return Imported(journey, personas)


class MermaidRefused(Exception):
    """The diagram cannot be imported (nothing was written); the message says why."""


def write_journey(imported: Imported, content_dir: Path, display_root: Path) -> list[Path]:
    """Write `journeys/<id>/v1.yml` and add missing personas to `personas.yml`.

    Existing persona entries are never rewritten: new ones are appended as text.
    Refuses an existing journey. Returns the files written.
    """
    journey_id = str(imported.journey["id"])
    personas_file = content_dir / "personas.yml"
    for path in (content_dir / "journeys", personas_file):
        if is_link(path):  # writing through it would write outside the content folder
            raise MermaidRefused(f"{shown_path(path, display_root)}: {LINK_REFUSED}")
    folder = content_dir / "journeys" / journey_id
    if folder.exists() or is_link(folder):
        raise MermaidRefused(
            f"{shown_path(folder, display_root)} already exists: choose another "
            "--id, or add a version with `journeymap new-version`"
        )
    existing = personas_file.read_text(encoding="utf-8") if personas_file.exists() else ""
    known = _persona_ids(existing)
    missing = {pid: name for pid, name in imported.personas.items() if pid not in known}
    header = f"# {journey_id}, version 1: imported from a Mermaid journey diagram.\n"
    body = yaml.safe_dump(imported.journey, sort_keys=False, allow_unicode=True, width=88)
    folder.mkdir(parents=True)
    (folder / "v1.yml").write_text(header + body, encoding="utf-8")
    written = [folder / "v1.yml"]
    if missing:
        personas_file.write_text(_with_personas(existing, missing), encoding="utf-8")
        written.append(personas_file)
    return written


def _persona_ids(text: str) -> set[str]:
    problems = Problems()
    document = parse_yaml(text, "personas.yml", problems) if text.strip() else None
    if problems:
        raise MermaidRefused(f"{ContentError(list(problems))}\nfix personas.yml first")
    data = document.data if document else {}
    entries = data.get("personas") if isinstance(data, dict) else None
    return {str(e.get("id")) for e in entries or [] if isinstance(e, dict)}


def _with_personas(text: str, missing: dict[str, str]) -> str:
    """`text` with entries for `missing` appended to its `personas:` list, as text."""
    if not text.strip():
        text = "personas:\n"
    elif not re.search(r"^personas:", text, flags=re.M):
        raise MermaidRefused("personas.yml has no top-level 'personas:' list to add to")
    text = re.sub(r"^personas:[ \t]*\[\][ \t]*$", "personas:", text, count=1, flags=re.M)
    found = re.search(r"^personas:\s*\n(?:\s*#.*\n)*([ \t]*)- ", text, flags=re.M)
    indent = found[1] if found else "  "
    items = yaml.safe_dump(
        [{"id": pid, "name": name} for pid, name in missing.items()],
        sort_keys=False,
        allow_unicode=True,
    )
    added = "".join(indent + line + "\n" for line in items.splitlines())
    return (text if text.endswith("\n") else text + "\n") + added
