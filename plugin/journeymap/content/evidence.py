"""Rules for evidence and media: ids cited from `evidence.yml`, files named under `media/`."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.content import limits
from journeymap.content.documents import Document, Loc
from journeymap.content.media import MediaFolder
from journeymap.content.problems import Problems, did_you_mean
from journeymap.content.rules import check_unique
from journeymap.content.schema import JourneyVersion, SharedEvidence

LIBRARY_FILE = "evidence.yml"


def check_library(
    entries: Sequence[SharedEvidence], document: Document, media: MediaFolder, problems: Problems
) -> None:
    """`evidence.yml`: unique ids, and the files its entries name."""
    check_unique([e.id for e in entries], document, ("evidence",), problems, "evidence")
    for index, entry in enumerate(entries):
        if entry.file is not None:
            media.check(entry.file, document, ("evidence", index, "file"))


def check_version(
    version: JourneyVersion,
    document: Document,
    library: dict[str, SharedEvidence] | None,
    media: MediaFolder,
    problems: Problems,
) -> None:
    """A version's evidence and media: cited ids exist, named files are there and allowed.

    `library` is None when `evidence.yml` has problems of its own: ids are then not checked.
    """
    media.check_entries(version.media, document, ("media",))
    for index, stage in enumerate(version.stages):
        at: Loc = ("stages", index)
        if len(stage.evidence) > limits.MAX_STAGE_EVIDENCE:
            # Each entry is a card listing the other stages behind it: pages grow with
            # the square of a stage's evidence.
            document.report(
                problems,
                (*at, "evidence"),
                f"{len(stage.evidence):,} evidence entries: the limit is "
                f"{limits.MAX_STAGE_EVIDENCE} per stage; cite the strongest",
            )
            continue
        cited: dict[str, int] = {}
        for n, entry in enumerate(stage.evidence):
            where = (*at, "evidence", n)
            if isinstance(entry, str):
                if entry in cited:
                    document.report(
                        problems,
                        where,
                        f"'{entry}' is already cited by this stage (evidence[{cited[entry]}]): "
                        "cite each entry once",
                    )
                    continue
                cited[entry] = n
                if library is not None:
                    _check_citation(entry, library, document, where, problems)
            elif entry.file is not None:
                media.check(entry.file, document, (*where, "file"))
        media.check_entries(stage.media, document, (*at, "media"))


def _check_citation(
    cited: str,
    library: dict[str, SharedEvidence],
    document: Document,
    loc: Loc,
    problems: Problems,
) -> None:
    if not library:
        document.report(
            problems,
            loc,
            f"'{cited}' is not an entry of {LIBRARY_FILE}, which has none yet: "
            "add the entry there, or write it here (kind, title, ...)",
        )
    elif cited not in library:
        document.report(
            problems,
            loc,
            f"'{cited}' is not an entry of {LIBRARY_FILE}" + did_you_mean(cited, library),
        )
