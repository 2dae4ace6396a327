"""The research library: every evidence entry, and the stages that cite it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from journeymap.content.model import Content, Journey
from journeymap.content.schema import Evidence, SharedEvidence, Stage
from journeymap.i18n import N_, _

KIND_TITLES = {
    "interview": N_("Interviews"),
    "survey": N_("Surveys"),
    "telemetry": N_("Telemetry"),
    # Translators: evidence from support tickets and calls.
    "support": N_("Support"),
    "internal": N_("Internal research"),
}
"""Headings of the library, in the order of the content format's evidence kinds (`_`
translates them)."""


@dataclass(frozen=True)
class Citation:
    """A current stage that cites an entry."""

    journey: Journey
    stage: Stage


@dataclass(frozen=True)
class LibraryEntry:
    """One entry of the library: shared (from evidence.yml) or written in a stage."""

    entry: Evidence
    anchor: str
    """Its fragment on the library page: the id of a shared entry."""
    cited_by: tuple[Citation, ...]

    @property
    def shared(self) -> bool:
        return isinstance(self.entry, SharedEvidence)


class Library:
    """Every evidence entry across journeys, with its citations (current versions' stages)."""

    def __init__(self, content: Content) -> None:
        self.content = content

    @cached_property
    def entries(self) -> list[LibraryEntry]:
        """Shared entries in evidence.yml's order, then entries written in stages, by journey."""
        cited: dict[str, list[Citation]] = {id: [] for id in self.content.evidence}
        inline: list[LibraryEntry] = []
        for journey in self.content.journeys_by_title():
            for stage in journey.current.stages:
                for index, entry in enumerate(stage.evidence):
                    if isinstance(entry, str):
                        cited[entry].append(Citation(journey, stage))
                    else:
                        anchor = self.inline_anchor(journey.id, stage.id, index)
                        inline.append(LibraryEntry(entry, anchor, (Citation(journey, stage),)))
        shared = [
            LibraryEntry(entry, id, tuple(cited[id])) for id, entry in self.content.evidence.items()
        ]
        return shared + inline

    @staticmethod
    def inline_anchor(journey: str, stage: str, index: int) -> str:
        """`onboarding--kickoff--1`: ids are slugs (single hyphens), so this meets none of them."""
        return f"{journey}--{stage}--{index + 1}"

    def by_kind(self) -> list[tuple[str, list[LibraryEntry]]]:
        """Entries grouped under their kind's heading, newest first within a kind."""
        groups = []
        for kind, title in KIND_TITLES.items():
            found = [e for e in self.entries if e.entry.kind == kind]
            found.sort(key=lambda e: e.entry.title.lower())
            found.sort(key=lambda e: e.entry.date or dt.date.min, reverse=True)  # undated last
            if found:
                groups.append((_(title), found))
        return groups

    def cards(self, journey: Journey, stage: Stage) -> list[tuple[Evidence, str]]:
        """A stage's evidence, cited entries resolved, each with its anchor in the library."""
        return [
            (
                self.content.evidence[entry] if isinstance(entry, str) else entry,
                entry if isinstance(entry, str) else self.inline_anchor(journey.id, stage.id, i),
            )
            for i, entry in enumerate(stage.evidence)
        ]

    def citations(self, anchor: str) -> tuple[Citation, ...]:
        return next((e.cited_by for e in self.entries if e.anchor == anchor), ())
