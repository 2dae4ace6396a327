"""The `journeys/` folder: each journey's version files, read and checked.

A collaborator of the loader (`loader`), which reads the catalogs first: the versions
are checked against them, and against each other (`rules.check_version_sequence`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.content import evidence, limits, rules
from journeymap.content.access import LINK_REFUSED, is_link
from journeymap.content.build_cache import Section
from journeymap.content.documents import Document, load_yaml
from journeymap.content.media import MediaFolder
from journeymap.content.model import Journey, VersionFile
from journeymap.content.problems import Problems
from journeymap.content.schema import (
    SLUG_PATTERN,
    JourneyVersion,
    Metric,
    Persona,
    SharedEvidence,
)
from journeymap.content.validation import checkable, validate

VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.yml$")
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class JourneyFolders:
    """Reads `folder` (the content's `journeys/`), reporting to `problems`."""

    folder: Path
    show: Callable[[Path], str]
    problems: Problems
    documents: Section[Document] | None
    today: dt.date
    personas: dict[str, Persona] | None
    """The catalogs the versions refer to; None when one failed to load (its
    references are then not checked)."""
    metrics: dict[str, Metric] | None
    library: dict[str, SharedEvidence] | None
    media: MediaFolder
    broken: list[str] = field(default_factory=list)
    """The journeys that did not load, by folder name: their snapshot rows are skipped."""
    version_documents: dict[tuple[str, int], Document] = field(default_factory=dict)
    """Each version file that parsed, by (journey id, version): for rules across journeys."""

    def read(self) -> dict[str, Journey]:
        """Every journey that loaded, by id; the others' names go to `broken`."""
        folder = self.folder
        if is_link(folder):
            return {}  # reported with the folder's names
        if not folder.is_dir():
            self.problems.add(
                self.show(folder),
                0,
                "",
                "folder not found: put each journey in journeys/<journey-id>/v1.yml",
            )
            return {}
        journeys: dict[str, Journey] = {}
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if is_link(entry):
                self.problems.add(self.show(entry), 0, "", LINK_REFUSED)
                self.broken.append(entry.name)
                continue
            if not entry.is_dir():
                if entry.suffix in YAML_SUFFIXES:
                    self.problems.add(
                        self.show(entry),
                        0,
                        "",
                        "journey files belong in a folder "
                        "named for the journey: journeys/<journey-id>/v1.yml",
                    )
                continue
            if not re.match(SLUG_PATTERN, entry.name):
                self.problems.add(
                    self.show(entry),
                    0,
                    "",
                    f"'{entry.name}' is not a valid journey "
                    "id: use lowercase letters, digits and single hyphens",
                )
                continue
            journey = self._journey(entry)
            if journey is not None:
                journeys[journey.id] = journey
            else:
                self.broken.append(entry.name)
        return journeys

    def _version_paths(self, folder: Path) -> list[tuple[int, Path]]:
        """The version files of a journey's folder, by number; other names reported."""
        found = []
        for path in folder.iterdir():
            match = VERSION_FILE.match(path.name)
            # Length first: v999999999999.yml would make a range of a trillion versions.
            too_high = match is not None and (
                len(match[1]) > len(str(limits.MAX_VERSION)) or int(match[1]) > limits.MAX_VERSION
            )
            if too_high:
                self.problems.add(
                    self.show(path),
                    0,
                    "",
                    f"version numbers go up to {limits.MAX_VERSION}, the limit",
                )
            elif match:
                found.append((int(match[1]), path))
            elif path.suffix in YAML_SUFFIXES and not path.name.startswith("."):
                self.problems.add(
                    self.show(path),
                    0,
                    "",
                    "is not a version file: name the versions of a journey v1.yml, v2.yml, ...",
                )
        return sorted(found)

    def _journey(self, folder: Path) -> Journey | None:
        """A journey of its version files, each checked; None when a version is missing
        or unreadable."""
        paths = self._version_paths(folder)
        if not paths:
            self.problems.add(self.show(folder), 0, "", "has no version files: add v1.yml")
            return None
        parsed: list[tuple[int, Path, Document, JourneyVersion]] = []
        partial: list[tuple[int, Path, Document, JourneyVersion]] = []
        for number, path in paths:
            document = load_yaml(path, self.show(path), self.problems, self.documents)
            version = validate(document, JourneyVersion, self.problems) if document else None
            if document is not None and version is not None:
                parsed.append((number, path, document, version))
            elif document is not None:  # its references are checked too, in the same run
                stand_ins = {"id": folder.name, "version": number}
                rest = checkable(document, JourneyVersion, stand_ins)
                if rest is not None:
                    partial.append((number, path, document, rest))
        rules.check_version_sequence(
            [number for number, _ in paths],
            self.show(paths[-1][1]),
            [(document, version) for _, _, document, version in parsed],
            self.problems,
        )
        # `replaces` can only be checked against earlier versions when all of them parsed
        # and none is missing (a missing file is one problem, not one per reference to it).
        numbers = [number for number, _ in paths]
        complete = len(parsed) == len(paths) and numbers == list(range(1, len(paths) + 1))
        for index, (number, _, document, version) in enumerate(parsed):
            rules.check_version(
                version,
                document,
                folder=folder.name,
                number=number,
                earlier=[v for *_, v in parsed[:index]] if complete else None,
                personas=self.personas,
                metrics=self.metrics,
                problems=self.problems,
            )
            evidence.check_version(version, document, self.library, self.media, self.problems)
        for number, _, document, version in partial:
            rules.check_version(
                version,
                document,
                folder=folder.name,
                number=number,
                earlier=None,
                personas=self.personas,
                metrics=self.metrics,
                problems=self.problems,
            )
            evidence.check_version(version, document, self.library, self.media, self.problems)
        every = sorted(parsed + partial, key=lambda found: found[0])
        if [number for number, *_ in every] != list(range(1, len(paths) + 1)):
            return None
        for number, _, document, _ in every:
            self.version_documents[(folder.name, number)] = document
        # With a version that failed its checks, the journey is still good enough to
        # check its snapshot rows against (its stage ids are all there), in the same run.
        files = tuple(VersionFile(v, path, d.path) for _, path, d, v in every)
        return Journey(folder.name, files, self.today)
