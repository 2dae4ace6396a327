"""What templates show, computed in Python: map geometry, numbers with units, chart specs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from journeymap import i18n
from journeymap.analysis import correlation
from journeymap.analysis.changes import Changes
from journeymap.analysis.correlation import Association, Measure
from journeymap.analysis.flow import Detour, Flow
from journeymap.analysis.history import StageChanges, VersionChanges
from journeymap.analysis.trends import Series, Trend, lineage
from journeymap.content.model import Journey
from journeymap.content.schema import JourneyVersion, Metric, Persona, Stage
from journeymap.content.series import NO_RESPONSES
from journeymap.formatting import change_unit
from journeymap.i18n import N_, Labels, _
from journeymap.site.charts import ChartSpec

EMOTIONS = Labels(
    {
        1: N_("Frustrated"),
        2: N_("Unhappy"),
        3: N_("Neutral"),
        4: N_("Pleased"),
        5: N_("Delighted"),
    }
)
"""The felt emotion's scale in words, in the language of the build."""

MAP_LIST_LIMIT = 3
"""Entries a map cell lists before "Show all": one long list must not make a lane tall."""


def phase_groups(version: JourneyVersion) -> list[tuple[str | None, list[Stage]]]:
    """Consecutive stages grouped by phase title (None for stages without a phase)."""
    titles = {phase.id: phase.title for phase in version.phases}
    groups: list[tuple[str | None, list[Stage]]] = []
    for stage in version.stages:
        title = titles.get(stage.phase) if stage.phase else None
        if groups and groups[-1][0] == title:
            groups[-1][1].append(stage)
        else:
            groups.append((title, [stage]))
    return groups


@dataclass(frozen=True)
class CurvePoint:
    """One stage's piece of a curve across the map, in a 100x100 box stretched over its cell.

    Each cell draws from its left edge (halfway from the previous stage's height) to
    its centre and on to its right edge, so the pieces join into one curve across
    the map whatever the column widths.
    """

    score: float
    y: float
    left: float | None
    right: float | None


def _height(score: float) -> float:
    return 85 - (score - 1) * 17.5  # 1 (frustrated) low in the box, 5 (delighted) high


def curve(scores: Sequence[float | None]) -> list[CurvePoint | None]:
    """Curve pieces for scores on the 1..5 emotion scale; None breaks the curve."""
    points: list[CurvePoint | None] = []
    for index, score in enumerate(scores):
        if score is None:
            points.append(None)
            continue
        y = _height(score)
        before = scores[index - 1] if index > 0 else None
        after = scores[index + 1] if index + 1 < len(scores) else None
        left = (y + _height(before)) / 2 if before is not None else None
        right = (y + _height(after)) / 2 if after is not None else None
        points.append(CurvePoint(score, round(y, 2), _round(left), _round(right)))
    return points


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def emotion_scores(version: JourneyVersion) -> list[float | None]:
    return [stage.emotion.score if stage.emotion else None for stage in version.stages]


PERSONA_STYLES = 4
"""Line styles for persona curves (colour and dash pattern both differ), reused in turn."""


@dataclass(frozen=True)
class PersonaEmotion:
    """One persona's felt emotion across the map: its curve and, per stage, its score."""

    index: int
    """The persona's place in the journey's `personas`: it picks the line's style."""
    id: str
    name: str
    scores: tuple[int | None, ...]
    """One per stage, None where research did not tell this persona apart."""
    points: tuple[CurvePoint | None, ...]
    """The curve's piece in each stage's cell."""

    @property
    def css(self) -> str:
        """The class that styles this persona's line and legend key."""
        return f"jm-persona-{self.index % PERSONA_STYLES}"


def persona_emotions(version: JourneyVersion, personas: dict[str, Persona]) -> list[PersonaEmotion]:
    """The journey's personas that have a felt emotion on any stage, in the journey's order."""
    found = []
    for index, persona in enumerate(version.personas):
        scores = tuple(
            stage.emotion.personas.get(persona) if stage.emotion else None
            for stage in version.stages
        )
        if any(score is not None for score in scores):
            name = personas[persona].name if persona in personas else persona
            found.append(PersonaEmotion(index, persona, name, scores, tuple(curve(scores))))
    return found


def persona_lines(
    by_persona: Sequence[PersonaEmotion], stage_index: int
) -> list[tuple[CurvePoint | None, str]]:
    """Each persona's piece of curve in one stage's cell, with the CSS classes that style it."""
    return [(p.points[stage_index], f"jm-persona {p.css}") for p in by_persona]


def featured(trends: Sequence[Trend]) -> Trend | None:
    """The metric a stage is shown by at a glance: the first of its featured metrics that
    dropped sharply (an alert), else its first featured metric; None without data."""
    return next((t for t in trends if t.alerts), trends[0] if trends else None)


def featured_trends(
    stages: Sequence[Stage], stage_trends: dict[str, list[Trend]]
) -> list[Trend | None]:
    """Each stage's featured metric (see `featured`), in journey order."""
    return [featured(stage_trends.get(stage.id, [])) for stage in stages]


@dataclass(frozen=True)
class Standing:
    """A metric's latest value against its target, and whether it just dropped sharply."""

    state: str
    """`alert` (dropped sharply), `met`, `missed` or `no-target`."""
    words: str
    """What the state says, e.g. `meets target, down 0.3`."""


def standing(trend: Trend) -> Standing:
    """Where a trend stands: an alert says so even when its target is still met."""
    met = trend.target_met()
    target = "" if met is None else _("meets target") if met else _("misses target")
    if not trend.alerts:
        return Standing("no-target" if met is None else "met" if met else "missed", target)
    alert = trend.alerts[0]
    change = alert.series.change or 0.0
    by = difference_text(change, trend.metric)
    if alert.series is trend.headline:
        moved = _("down %(change)s", change=by) if change < 0 else _("up %(change)s", change=by)
    else:
        segment = alert.series.label
        moved = (
            _("%(segment)s down %(change)s", segment=segment, change=by)
            if change < 0
            else _("%(segment)s up %(change)s", segment=segment, change=by)
        )
    # Translators: where a metric stands, then how it moved: "meets target, down 0.3".
    said = _("%(target)s, %(moved)s", target=target, moved=moved) if target else moved
    return Standing("alert", said)


@dataclass(frozen=True)
class Arc:
    """A detour drawn above the map's stage header, in a `stages*100 x ARC_HEIGHT` box."""

    detour: Detour
    path: str
    """SVG path data of the arc (or, for an end, of the stop mark)."""
    head: str
    """SVG path data of the arrowhead (empty for an end)."""
    label_x: float
    """Where the arc's label goes, in percent of the box's width."""
    label_y: float
    """...and of its height."""


ARC_HEIGHT = 50
"""Height of the arcs' box in viewBox units (the stylesheet gives it its height)."""


def arcs(flow: Flow) -> list[Arc]:
    """The journey's detours as arcs: forward ones (skips) and loops back bow upwards from
    one stage's column to another's, with an arrowhead on the stage they lead to; an end
    is a stop mark over its stage."""
    width = len(flow.stages) * 100
    found = []
    for detour in flow.detours():
        start = flow.position[detour.source.id] * 100 + 50
        if detour.target is None:
            top = ARC_HEIGHT - 26
            path = f"M{start} {ARC_HEIGHT}V{top}M{start - 12} {top}H{start + 12}"
            found.append(Arc(detour, path, "", _share(start, width), _share(top - 14, ARC_HEIGHT)))
            continue
        end = flow.position[detour.target.id] * 100 + 50
        # Out of a stage's right half and into the left half of the next one, or the
        # other way round for loops, so that paths in and out of a stage do not meet.
        side = 10 if end > start else -10
        start, end = start + side, end - side
        rise = min(ARC_HEIGHT - 6, 18 + 6 * abs(end - start) / 100)
        crest = round(ARC_HEIGHT - rise, 1)
        path = f"M{start} {ARC_HEIGHT}C{start} {crest} {end} {crest} {end} {ARC_HEIGHT - 6}"
        head = f"M{end - 6} {ARC_HEIGHT - 8}L{end + 6} {ARC_HEIGHT - 8}L{end} {ARC_HEIGHT}Z"
        label_y = _share(ARC_HEIGHT - rise * 0.75 - 6, ARC_HEIGHT)
        found.append(Arc(detour, path, head, _share((start + end) / 2, width), label_y))
    return found


def _share(value: float, whole: float) -> float:
    return round(max(0.0, value) / whole * 100, 2)


def on_emotion_scale(metric: Metric, value: float) -> float | None:
    """A metric value placed on the 1..5 emotion scale, when the metric has bounds."""
    if metric.min is None or metric.max is None or metric.max == metric.min:
        return None
    share = (value - metric.min) / (metric.max - metric.min)
    if metric.better == "lower":
        share = 1 - share
    return 1 + 4 * share


def value_text(value: float, metric: Metric) -> str:
    """A value with the metric's unit, for readers: `4.1/5` (`4,1/5`), `12%`."""
    return f"{i18n.current().number(round(value, 2))}{metric.unit or ''}"


def difference_text(value: float, metric: Metric) -> str:
    """A distance between two values: `0.6` on a `/5` scale, `2 points` between percentages."""
    return f"{i18n.current().number(round(abs(value), 2))}{change_unit(metric.unit)}"


def trend_of(stage_id: str, stage_trends: dict[str, list[Trend]], metric_id: str) -> Trend | None:
    """The stage's trend of one metric, if it has one."""
    return next((t for t in stage_trends.get(stage_id, []) if t.metric.id == metric_id), None)


def change_class(trend: Trend, change: float) -> str:
    """`jm-bad`, `jm-good` or `jm-flat`: the direction of a move, for colour."""
    if round(change, 9) == 0:
        return "jm-flat"
    return "jm-bad" if trend.is_bad(change) else "jm-good"


def low_confidence(series: Series, minimum: int) -> bool:
    responses = series.latest.responses
    return responses is not None and responses < minimum


def trend_chart(trend: Trend, key: str, events: Sequence[StageEvent] = ()) -> ChartSpec:
    """A stage's or journey's chart of one metric: one line per segment, and the target."""
    title = _("%(metric)s, by segment, over time", metric=trend.metric.title)
    lines = [(s.label, s) for s in trend.shown]
    return chart_spec(trend.metric, key, title, lines, tuple(e.date for e in events))


def chart_spec(
    metric: Metric,
    key: str,
    title: str,
    lines: list[tuple[str, Series]],
    markers: tuple[dt.date, ...] = (),
) -> ChartSpec:
    """A chart of labelled series of one metric, on the dates any of them has."""
    by_date = [dict(zip(s.dates(), s.values(), strict=True)) for _label, s in lines]
    dates = sorted({d for values in by_date for d in values})
    series = [
        (label, tuple(values.get(d) for d in dates))
        for (label, _series), values in zip(lines, by_date, strict=True)
    ]
    return ChartSpec(
        key=key,
        title=title,
        dates=tuple(dates),
        series=tuple(series),
        target=metric.target,
        low=metric.min,
        high=metric.max,
        markers=markers,
        unit=metric.unit or "",
    )


@dataclass(frozen=True)
class StageEvent:
    """Something that happened to a stage, marked on its charts."""

    date: dt.date
    text: str


def stage_events(journey: Journey, stage: Stage, changes: Changes) -> list[StageEvent]:
    """Versions (in effect) that changed the stage, and its opportunities marked done."""
    ids = lineage(journey, stage.id)
    events = [
        StageEvent(
            c.version.effective,
            _("Version %(version)s changed this stage", version=c.version.version),
        )
        for c in changes.histories[journey.id][1:]
        if c.version.effective <= journey.today and c.about(ids)
    ]
    events += [
        StageEvent(o.done_on, _("Done: %(opportunity)s", opportunity=o.title))
        for o in stage.opportunities
        if o.status == "done" and o.done_on is not None
    ]
    return sorted(events, key=lambda e: e.date)


@dataclass(frozen=True)
class BeforeAfter:
    """A metric's mean before and after an event: did the fix move the number?"""

    before: float
    before_count: int
    after: float
    after_count: int

    @property
    def change(self) -> float:
        return self.after - self.before


def before_after(series: Series, date: dt.date) -> BeforeAfter | None:
    """Means of the snapshots before `date` and from `date` on, when there are both."""
    dated = list(zip(series.dates(), series.values(), strict=True))
    before = [value for day, value in dated if day < date]
    after = [value for day, value in dated if day >= date]
    if not before or not after:
        return None
    return BeforeAfter(sum(before) / len(before), len(before), sum(after) / len(after), len(after))


def stage_history(
    journey: Journey, stage: Stage, changes: Changes
) -> list[tuple[VersionChanges, list[StageChanges]]]:
    """Per version, newest first (planned ones too), what changed about the stage."""
    ids = lineage(journey, stage.id)
    found: list[tuple[VersionChanges, list[StageChanges]]] = []
    for version_changes in reversed(changes.histories[journey.id]):
        if version_changes.previous is None:
            if any(s.id in ids for s in version_changes.version.stages):
                found.append((version_changes, []))
        elif entries := version_changes.about(ids):
            found.append((version_changes, entries))
    return found


VALUES_SHOWN = 8
"""Snapshots a metric's table of values shows on a page, newest first: years of weekly
snapshots would make every stage page heavy; the rest is in the stage's values.csv."""


def values_table(trend: Trend, min_responses: int) -> Markup:
    """The values exactly as recorded of the latest `VALUES_SHOWN` snapshots, newest first:
    the charts' text alternative, beside the page's link to every value (`values.csv`).

    Built in Python rather than in a template: compact markup keeps the page small.
    """
    head = "".join(f"<th>{escape(s.label)}</th>" for s in trend.shown)
    snapshot = escape(_("Snapshot"))
    # The arrays read directly: a row object per value would cost more than the table.
    lookups = [dict(zip(s.days(), s.places(), strict=True)) for s in trend.shown]
    rows = []
    for date in reversed(trend.dates[-VALUES_SHOWN:]):
        cells = []
        for lookup in lookups:
            place = lookup.get(date.toordinal())
            if place is None:
                cells.append("<td></td>")
                continue
            recorded, at = place
            text = str(escape(i18n.current().recorded(recorded.texts[at])))
            responses = recorded.responses[at]
            low = responses != NO_RESPONSES and responses < min_responses
            if responses != NO_RESPONSES:
                said = (
                    _("(n=%(responses)s, low confidence)", responses=responses)
                    if low
                    else _("(n=%(responses)s)", responses=responses)
                )
                text += f" {escape(said)}"
            if trend.stage and recorded.stage != trend.stage:
                # Translators: after a value recorded under a stage's former id ("4.1 as kickoff").
                former = _("as %(stage)s", stage=recorded.stage)
                text += f" {escape(former)}"
            cells.append(f'<td class="jm-low">{text}</td>' if low else f"<td>{text}</td>")
        rows.append(f"<tr><th>{date}</th>{''.join(cells)}</tr>")
    return Markup(
        f'<table class="jm-table jm-values-table"><thead><tr><th>{snapshot}</th>'
        f"{head}</tr></thead>"
        f"<tbody>{chr(10).join(rows)}</tbody></table>"
    )


@dataclass(frozen=True)
class BusinessResults:
    """The journey's headline customer metric and its business metrics, on one time axis."""

    customer: Measure
    results: tuple[Measure, ...]
    associations: tuple[Association, ...]

    @property
    def measures(self) -> tuple[Measure, ...]:
        return (self.customer, *self.results)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Every date any of them was measured: the axis all their charts share."""
        return tuple(sorted({d for m in self.measures for d in m.values}))

    def charts(self, key: str) -> list[ChartSpec]:
        """One small chart per metric, all on the same dates, so that they line up (every
        chart has the same plot area, whatever the width of its value labels)."""
        dates = self.dates
        return [
            ChartSpec(
                key=f"{key}/{m.metric.id}",
                title=_("%(measure)s over time", measure=m.label),
                dates=dates,
                series=((m.label, tuple(m.values.get(d) for d in dates)),),
                target=m.metric.target,
                low=m.metric.min,
                high=m.metric.max,
                unit=m.metric.unit or "",
            )
            for m in self.measures
        ]


def business_results(
    journey_trends: Sequence[Trend], stage_trends: Sequence[Trend], satisfaction: str
) -> BusinessResults | None:
    """What the map shows of business results, or None without a business metric."""
    results = correlation.business(journey_trends)
    customer = correlation.headline(journey_trends, stage_trends, satisfaction)
    if not results or customer is None:
        return None
    associations = tuple(correlation.associate(customer, r) for r in results)
    return BusinessResults(customer, tuple(results), associations)
