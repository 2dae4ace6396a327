"""Rules of the content format that span fields, files or versions.

`schema.py` checks the shape of each file; these functions check what a shape
cannot: references between ids, agreement with file names, the order of versions.
Each reports into `Problems` and never stops at the first one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from journeymap.content.documents import Document, Loc
from journeymap.content.hints import ordinal
from journeymap.content.problems import Problems, did_you_mean, out_of_range, quote_list
from journeymap.content.schema import JourneyVersion, Metric, Persona

RESERVED_STAGE_ID = re.compile(r"^(history|v\d+)$")


def check_unique(
    ids: Sequence[str], document: Document, prefix: Loc, problems: Problems, what: str
) -> None:
    """Report every id that appears earlier in the same list of `what` (`stages`)."""
    noun = what[:-1] if what.endswith("s") else f"{what} entry"  # "the 2nd stage"
    seen: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value in seen:
            document.report(
                problems,
                (*prefix, index, "id"),
                f"'{value}' is already the id of the {ordinal(seen[value] + 1)} {noun}",
            )
        else:
            seen[value] = index


def _check_reference(
    value: str,
    known: Iterable[str],
    document: Document,
    loc: Loc,
    problems: Problems,
    what: str,
) -> None:
    known = list(known)
    if value not in known:
        document.report(problems, loc, f"'{value}' is not {what}" + did_you_mean(value, known))


def check_version(
    version: JourneyVersion,
    document: Document,
    *,
    folder: str,
    number: int,
    earlier: Sequence[JourneyVersion] | None,
    personas: dict[str, Persona] | None,
    metrics: dict[str, Metric] | None,
    problems: Problems,
) -> None:
    """Rules for one version file, given the versions before it and the catalogs.

    `earlier`, `personas` or `metrics` is None when it failed to load: references
    into it are then not checked, rather than reported as a flood of false alarms.
    """
    report = document.report
    if version.id != folder:
        report(problems, ("id",), f"'{version.id}' must equal the folder name '{folder}'")
    if version.version != number:
        report(
            problems, ("version",), f"{version.version} must equal {number}, as in v{number}.yml"
        )
    if number > 1 and not version.summary:
        report(problems, ("summary",), "is required from version 2 on: say why the map changed")

    check_unique([p.id for p in version.phases], document, ("phases",), problems, "phases")
    stage_ids = [s.id for s in version.stages]
    check_unique(stage_ids, document, ("stages",), problems, "stages")
    earlier_ids = {s.id for v in earlier or [] for s in v.stages}
    phase_ids = [p.id for p in version.phases]

    if personas is not None:
        for index, persona in enumerate(version.personas):
            _check_reference(
                persona,
                personas,
                document,
                ("personas", index),
                problems,
                "a persona in personas.yml"
                + (
                    ""
                    if personas
                    else ", which has none yet: describe it there (id and name), or leave it out"
                ),
            )

    for index, stage in enumerate(version.stages):
        at: Loc = ("stages", index)
        if RESERVED_STAGE_ID.match(stage.id):
            report(
                problems,
                (*at, "id"),
                f"'{stage.id}' is reserved for the journey's own pages: choose another id",
            )
        if stage.phase is not None:
            if not phase_ids:
                report(
                    problems,
                    (*at, "phase"),
                    f"'{stage.phase}' is not a phase: this version defines no phases",
                )
            else:
                _check_reference(
                    stage.phase,
                    phase_ids,
                    document,
                    (*at, "phase"),
                    problems,
                    "a phase of this version",
                )
        if stage.emotion is not None:
            _check_persona_emotions(stage.emotion.personas, version, document, at, problems)
        for n, target in enumerate(stage.next or []):
            _check_reference(
                target, stage_ids, document, (*at, "next", n), problems, "a stage of this version"
            )
        for n, old in enumerate(stage.replaces):
            where = (*at, "replaces", n)
            if old == stage.id:
                report(problems, where, "a stage cannot replace itself")
            elif earlier is None:
                continue
            elif not earlier:
                report(
                    problems,
                    where,
                    f"'{old}' cannot be replaced in version 1: there is no earlier version",
                )
            elif old in stage_ids and old not in earlier_ids:
                report(
                    problems,
                    where,
                    f"'{old}' is a new stage of this version: only stages of an earlier "
                    "version can be replaced",
                )
            elif old not in stage_ids:  # still a stage: split off from it, which keeps its id
                _check_reference(
                    old, earlier_ids, document, where, problems, "a stage of an earlier version"
                )
        if metrics is not None:
            for n, metric in enumerate(stage.metrics or []):
                _check_reference(
                    metric,
                    metrics,
                    document,
                    (*at, "metrics", n),
                    problems,
                    "a metric in metrics.yml",
                )


def _check_persona_emotions(
    scores: dict[str, int],
    version: JourneyVersion,
    document: Document,
    at: Loc,
    problems: Problems,
) -> None:
    """Each persona scored in a stage's emotion must be one of the journey's personas."""
    for persona in scores:
        loc: Loc = (*at, "emotion", "personas", persona)
        if not version.personas:
            document.report(
                problems,
                loc,
                f"'{persona}' is not a persona of this journey: "
                "list the journey's personas in `personas` first",
            )
        else:
            _check_reference(
                persona, version.personas, document, loc, problems, "a persona of this journey"
            )


def check_version_sequence(
    numbers: Sequence[int],
    last_file: str,
    versions: Sequence[tuple[Document, JourneyVersion]],
    problems: Problems,
) -> None:
    """Versions are 1..N without gaps and take effect in order.

    `numbers` come from every version file name (readable or not), `last_file` is the
    newest file's display path, `versions` the files that parsed, oldest first.
    """
    present = set(numbers)  # numbers are at most MAX_VERSION: the range is short
    missing = [n for n in range(1, max(numbers) + 1) if n not in present]
    if missing:
        names = quote_list(f"v{n}.yml" for n in missing[:5])
        if len(missing) > 5:
            names += f" and {len(missing) - 5} more"
        verb = "is" if len(missing) == 1 else "are"
        problems.add(
            last_file, 1, "", f"{names} {verb} missing: versions must be 1, 2, 3... without gaps"
        )
    for (_, previous), (document, version) in itertools.pairwise(versions):
        if version.effective <= previous.effective:
            document.report(
                problems,
                ("effective",),
                f"{version.effective} must be after version {previous.version}'s "
                f"effective date {previous.effective}",
            )


def check_metrics(metrics: Sequence[Metric], document: Document, problems: Problems) -> None:
    check_unique([m.id for m in metrics], document, ("metrics",), problems, "metrics")
    for index, metric in enumerate(metrics):
        at: Loc = ("metrics", index)
        low, high, target = metric.min, metric.max, metric.target
        if low is not None and high is not None and low > high:
            document.report(problems, (*at, "max"), out_of_range(high, minimum=low))
        elif target is not None:
            if low is not None and target < low:
                document.report(problems, (*at, "target"), out_of_range(target, minimum=low))
            if high is not None and target > high:
                document.report(problems, (*at, "target"), out_of_range(target, maximum=high))
