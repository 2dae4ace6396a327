"""Rules of the content format that span fields, files or versions.

`schema.py` checks the shape of each file; these functions check what a shape
cannot: references between ids, agreement with file names, the order of versions.
Each reports into `Problems` and never stops at the first one.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from journeymap import routes
from journeymap.content import limits
from journeymap.content.documents import Document, Loc
from journeymap.content.hints import ordinal
from journeymap.content.model import Journey
from journeymap.content.problems import (
    Problem,
    Problems,
    did_you_mean,
    out_of_range,
    quote_list,
)
from journeymap.content.schema import JourneyVersion, Metric, Persona, Stage


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
    _check_file_name(version, document, folder, number, problems)
    check_unique([p.id for p in version.phases], document, ("phases",), problems, "phases")
    _check_replaces_limits(version, document, problems)
    stage_ids = [s.id for s in version.stages]
    check_unique(stage_ids, document, ("stages",), problems, "stages")
    earlier_ids = None if earlier is None else {s.id for v in earlier for s in v.stages}

    _check_opportunity_ids(version, document, problems)
    if personas is not None:
        _check_personas(version, personas, document, problems)
    # Stage by stage, so that a stage's problems are reported together, in file order.
    for index, stage in enumerate(version.stages):
        at: Loc = ("stages", index)
        _check_not_reserved(
            document, (*at, "id"), problems, routes.STAGE, "stage", stage.id, journey=folder
        )
        _check_stage_phase(stage, at, version, document, problems)
        if stage.emotion is not None:
            _check_persona_emotions(stage.emotion.personas, version, document, at, problems)
        for n, target in enumerate(stage.next or []):
            _check_next(target, version, document, (*at, "next", n), problems)
        _check_replaced_stages(stage, at, stage_ids, earlier_ids, document, problems)
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


def _check_next(
    target: str, version: JourneyVersion, document: Document, loc: Loc, problems: Problems
) -> None:
    """A `next` names a stage of this version. An author who renamed, merged or split a
    stage (`replaces`) often leaves its old id in another stage's `next`: the message
    then names the stage that took its place, not the nearest spelling."""
    successors = [s.id for s in version.stages if target in s.replaces]
    if not successors or target in (s.id for s in version.stages):
        stage_ids = [s.id for s in version.stages]
        _check_reference(target, stage_ids, document, loc, problems, "a stage of this version")
        return
    document.report(
        problems,
        loc,
        f"'{target}' is not a stage of this version any more: {quote_list(successors)} "
        + ("replaces it" if len(successors) == 1 else "replace it")
        + "; write "
        + " or ".join(f"'{s}'" for s in successors)
        + " instead",
    )


def _check_file_name(
    version: JourneyVersion, document: Document, folder: str, number: int, problems: Problems
) -> None:
    """The id and the number a version file states are those of its folder and name (the
    URLs come from those), and a later version says why the map changed."""
    report = document.report
    if version.id != folder:
        report(problems, ("id",), f"'{version.id}' must equal the folder name '{folder}'")
    else:
        _check_not_reserved(document, ("id",), problems, routes.MAP, "journey", folder)
    if version.version != number:
        report(
            problems, ("version",), f"{version.version} must equal {number}, as in v{number}.yml"
        )
    if number > 1 and not version.summary:
        report(problems, ("summary",), "is required from version 2 on: say why the map changed")


def _check_personas(
    version: JourneyVersion, personas: dict[str, Persona], document: Document, problems: Problems
) -> None:
    """Each persona the version names is described in personas.yml."""
    # A site's first persona is often named before personas.yml exists: say where to go.
    where = "a persona in personas.yml" + (
        "" if personas else ", which has none yet: describe it there (id and name), or leave it out"
    )
    for index, persona in enumerate(version.personas):
        _check_reference(persona, personas, document, ("personas", index), problems, where)


def _check_stage_phase(
    stage: Stage, at: Loc, version: JourneyVersion, document: Document, problems: Problems
) -> None:
    """A stage's `phase` is a phase of its version."""
    if stage.phase is None:
        return
    phase_ids = [p.id for p in version.phases]
    if not phase_ids:
        document.report(
            problems,
            (*at, "phase"),
            f"'{stage.phase}' is not a phase: this version defines no phases",
        )
    else:
        _check_reference(
            stage.phase, phase_ids, document, (*at, "phase"), problems, "a phase of this version"
        )


def _check_replaced_stages(
    stage: Stage,
    at: Loc,
    stage_ids: list[str],
    earlier_ids: set[str] | None,
    document: Document,
    problems: Problems,
) -> None:
    """Each id of a stage's `replaces` names, once, a stage of an earlier version
    (`earlier_ids` is None when the earlier versions did not load: not checked then)."""
    report = document.report
    firsts = {n for n, _ in _first_mentions(stage.replaces)}
    for n, old in enumerate(stage.replaces):
        where = (*at, "replaces", n)
        if n not in firsts:
            report(problems, where, f"'{old}' is already listed: name each stage once")
        elif old == stage.id:
            report(problems, where, "a stage cannot replace itself")
        elif earlier_ids is None:
            continue
        elif not earlier_ids:  # no earlier version (each version has a stage)
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


def _check_replaces_limits(version: JourneyVersion, document: Document, problems: Problems) -> None:
    """Merges and splits within the limits: the changelog names every part of each one."""
    parts = Counter(old for stage in version.stages for old in set(stage.replaces) - {stage.id})
    counted: Counter[str] = Counter()
    for index, stage in enumerate(version.stages):
        at: Loc = ("stages", index, "replaces")
        if len(stage.replaces) > limits.MAX_REPLACES:
            document.report(
                problems,
                at,
                f"names {len(stage.replaces)} stages: the limit is {limits.MAX_REPLACES} "
                "for the stages one stage takes over",
            )
        for n, old in _first_mentions(stage.replaces):
            counted[old] += old != stage.id
            if counted[old] == limits.MAX_REPLACED_BY + 1:
                document.report(
                    problems,
                    (*at, n),
                    f"'{old}' is taken over by {parts[old]} stages of this version: the limit "
                    f"is {limits.MAX_REPLACED_BY} for the stages that take over one stage",
                )


def _check_not_reserved(
    document: Document,
    loc: Loc,
    problems: Problems,
    route: routes.Route,
    slot: str,
    value: str,
    **known: str,
) -> None:
    """An id whose page would stand where the site writes another page or file is refused."""
    taken = routes.reserved(route, slot, value, **known)
    if taken is not None:
        document.report(problems, loc, f"'{value}' is reserved: it is {taken}; choose another id")


def _first_mentions(ids: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Each id of a list once, with the index where it first appears."""
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value not in seen:
            seen.add(value)
            yield index, value


def _check_opportunity_ids(version: JourneyVersion, document: Document, problems: Problems) -> None:
    """An opportunity's `id` names it across the journey: no two opportunities share one."""
    seen: dict[str, tuple[int, int]] = {}
    for index, stage in enumerate(version.stages):
        for n, opportunity in enumerate(stage.opportunities):
            if opportunity.id is None:
                continue
            if opportunity.id not in seen:
                seen[opportunity.id] = (index, n)
                continue
            first_stage, first = seen[opportunity.id]
            document.report(
                problems,
                ("stages", index, "opportunities", n, "id"),
                f"'{opportunity.id}' is already the id of the {ordinal(first + 1)} opportunity "
                f"of stage '{version.stages[first_stage].id}': an opportunity's id is unique "
                "in the journey",
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
    _check_lineages(versions, problems)


def _check_lineages(
    versions: Sequence[tuple[Document, JourneyVersion]], problems: Problems
) -> None:
    """Each stage continues at most MAX_LINEAGE earlier stages, through replaces of replaces.

    A stage's page shows the history of every stage it continues, and its charts their
    values: merges of merges multiply them, version after version.
    """
    replaced: dict[str, set[str]] = {}  # as the pages read it: every version's replaces
    for _, version in versions:
        for stage in version.stages:
            replaced.setdefault(stage.id, set()).update(stage.replaces)
    checked: set[str] = set()
    for document, version in reversed(versions):  # reported in the newest version naming it
        for index, stage in enumerate(version.stages):
            if not stage.replaces or stage.id in checked:
                continue
            checked.add(stage.id)
            found, walk = {stage.id}, [stage.id]
            while walk and len(found) <= limits.MAX_LINEAGE + 1:
                taken = replaced.get(walk.pop(), set()) - found
                found |= taken
                walk += sorted(taken)
            if len(found) > limits.MAX_LINEAGE + 1:
                document.report(
                    problems,
                    ("stages", index, "replaces"),
                    f"'{stage.id}' continues more than {limits.MAX_LINEAGE} earlier stages "
                    "(those it replaces and those they replaced in turn): the limit is "
                    f"{limits.MAX_LINEAGE}, as its page shows the history of each",
                )


def check_metrics(metrics: Sequence[Metric], document: Document, problems: Problems) -> None:
    check_unique([m.id for m in metrics], document, ("metrics",), problems, "metrics")
    for index, metric in enumerate(metrics):
        at: Loc = ("metrics", index)
        _check_not_reserved(document, (*at, "id"), problems, routes.METRIC, "metric", metric.id)
        low, high, target = metric.min, metric.max, metric.target
        if low is not None and high is not None and low > high:
            document.report(problems, (*at, "max"), out_of_range(high, minimum=low))
        elif target is not None:
            if low is not None and target < low:
                document.report(problems, (*at, "target"), out_of_range(target, minimum=low))
            if high is not None and target > high:
                document.report(problems, (*at, "target"), out_of_range(target, maximum=high))


def check_part_of(
    journeys: Mapping[str, Journey],
    documents: Mapping[tuple[str, int], Document],
    unloaded: Collection[str],
    problems: Problems,
) -> list[Problem]:
    """Rules of `part_of` (spec: Journey hierarchy); returns the notices: warnings that
    do not fail the build (a sub-journey whose stage the parent's current version removed).

    The current and planned versions are checked; older ones are history, which may name
    a journey or stage gone since (only a journey naming itself is wrong in any version).
    `documents` holds the version files by (journey id, version number); `unloaded` the
    journeys that failed to load, which are not reported again through references.
    """
    notices = Problems()
    for journey in journeys.values():
        current = journey.current.version
        for version in journey.versions:
            part_of = version.part_of
            document = documents.get((journey.id, version.version))
            if part_of is None or document is None:
                continue
            if part_of.journey == journey.id:
                document.report(
                    problems,
                    ("part_of", "journey"),
                    f"'{journey.id}' is this journey: a journey cannot be part of itself; "
                    "name the journey whose stage this one details",
                )
            elif version.version >= current:
                _check_parent(journey, version, document, journeys, unloaded, problems, notices)
    _check_chains(journeys, documents, problems)
    return list(notices)


def _check_parent(
    journey: Journey,
    version: JourneyVersion,
    document: Document,
    journeys: Mapping[str, Journey],
    unloaded: Collection[str],
    problems: Problems,
    notices: Problems,
) -> None:
    assert version.part_of is not None  # checked by the caller
    wanted, stage_id = version.part_of.journey, version.part_of.stage
    parent = journeys.get(wanted)
    if parent is None:
        if wanted not in unloaded:
            document.report(
                problems,
                ("part_of", "journey"),
                f"'{wanted}' is not a journey" + did_you_mean(wanted, journeys),
            )
        return
    if parent.current_stage(stage_id) is not None:
        return  # a current stage, or the one that took it over through `replaces`
    where: Loc = ("part_of", "stage")
    title = parent.current.title
    if version.version > journey.current.version:  # planned: any version of the parent's
        if stage_id not in parent.stage_ids_ever:
            document.report(
                problems,
                where,
                f"'{stage_id}' is not a stage of journey '{wanted}'"
                + did_you_mean(stage_id, sorted(parent.stage_ids_ever)),
            )
        return
    earlier = [v for v in parent.versions if v.version < parent.current.version]
    if any(s.id == stage_id for v in earlier for s in v.stages):
        document.report(
            notices,
            where,
            f"'{stage_id}' is no longer a stage of '{wanted}' ({title}): its current version "
            f"{parent.current.version} removed it; choose one of its current stages "
            f"({quote_list(s.id for s in parent.current.stages)})",
        )
        return
    planned = "a planned version of " if stage_id in parent.stage_ids_ever else ""
    document.report(
        problems,
        where,
        f"'{stage_id}' is not a stage of {planned}the current version of '{wanted}' ({title})"
        + did_you_mean(stage_id, [s.id for s in parent.current.stages]),
    )


def _check_chains(
    journeys: Mapping[str, Journey],
    documents: Mapping[tuple[str, int], Document],
    problems: Problems,
) -> None:
    """The current versions' `part_of` may not loop, and nest at most MAX_HIERARCHY_DEPTH."""
    parent_of = {
        j.id: j.current.part_of.journey
        for j in journeys.values()
        if j.current.part_of is not None and j.current.part_of.journey in journeys
    }
    for journey_id in sorted(parent_of):
        chain = [journey_id]
        while chain[-1] in parent_of and parent_of[chain[-1]] not in chain:
            chain.append(parent_of[chain[-1]])
        document = documents.get((journey_id, journeys[journey_id].current.version))
        if document is None:
            continue
        looped = parent_of.get(chain[-1]) in chain
        if looped:
            if parent_of[chain[-1]] == journey_id and chain[-1] != journey_id:
                steps = ", ".join(
                    f"'{a}' is part of '{b}'" for a, b in itertools.pairwise([*chain, journey_id])
                )
                document.report(
                    problems,
                    ("part_of", "journey"),
                    f"journeys within journeys may not loop: {steps}; remove one of these part_of",
                )
        elif len(chain) == limits.MAX_HIERARCHY_DEPTH + 1:
            path = " > ".join(reversed(chain))
            document.report(
                problems,
                ("part_of", "journey"),
                f"puts this journey {len(chain)} levels deep ({path}): journeys nest at "
                f"most {limits.MAX_HIERARCHY_DEPTH} levels deep; make it part of a journey "
                "higher up",
            )
