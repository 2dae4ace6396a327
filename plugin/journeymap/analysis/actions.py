"""The action plan: open opportunities scored, ranked across journeys, and why ranks moved.

The formula is the spec's ("Action plan: scoring opportunities"):

- value = (customer_value + business_value) / 2
- shortfall = the largest miss of a target among the stage's featured metrics, by
  the latest all-customers value, as a share of the metric's range, 0..1
- urgency = 1 + shortfall + 0.25 x the stage's dismay moments (at most 2 counted)
- priority = value x urgency / effort

Every factor is kept (`Score`, `Miss`), so that pages show the arithmetic. A ranking
can be computed as of an earlier date (the version then in effect, the snapshots up
to that day): `ActionPlan` compares today's with the previous snapshot date's and
words what moved each rank. Other pages (stage pages, team pages) look ranks up here.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from journeymap import i18n
from journeymap.analysis.history_wording import and_list, quote, re_estimated, status_as_written
from journeymap.analysis.trends import Series, Trends
from journeymap.content.model import Content, Journey
from journeymap.content.schema import JourneyVersion, Metric, Opportunity, Stage
from journeymap.i18n import _, ngettext, pgettext

OPEN = ("idea", "planned", "in-progress")
"""Statuses of opportunities still to do: the ones ranked."""


def estimates(audience_one: str = "customer") -> dict[str, str]:
    """The author's three estimates, as pages name them, in the language in use:
    `customer_value` in the site's own word for who goes through the journeys
    (`patient value`)."""
    return {
        # Translators: %(audience_one)s is the site's word for one who goes through the
        # journeys ("customer", "patient"), as the author wrote it.
        "customer_value": _("%(audience_one)s value", audience_one=audience_one),
        "business_value": _("business value"),
        "effort": _("effort"),
    }


DISMAY_WEIGHT = 0.25
DISMAY_COUNTED = 2
"""Each dismay moment adds 0.25 to urgency, at most 2 of them."""
_SAME = 9
"""Priorities equal to this many decimals are a tie (float noise is not an order)."""


@dataclass(frozen=True)
class Miss:
    """How far one featured metric's latest all-customers value is from its target."""

    metric: Metric
    value: float
    date: dt.date
    low: float
    high: float
    """The range the distance is a share of: the metric's bounds, or the span of its
    recorded values where the catalog gives none."""

    @property
    def distance(self) -> float:
        """By how much the value misses the target in the bad direction (0 when it meets it)."""
        target = self.metric.target
        assert target is not None
        gap = target - self.value if self.metric.better == "higher" else self.value - target
        return max(0.0, gap)

    @property
    def fraction(self) -> float:
        """The distance as a share of the range, 0..1 (a missed target in no range: 1)."""
        span = self.high - self.low
        if self.distance == 0:
            return 0.0
        return 1.0 if span <= 0 else min(1.0, self.distance / span)


@dataclass(frozen=True)
class Score:
    """An opportunity's priority and every factor of it."""

    customer_value: int
    business_value: int
    effort: int
    shortfall: float
    dismay: int
    """The stage's dismay moments (all of them; urgency counts at most 2)."""

    @property
    def value(self) -> float:
        return (self.customer_value + self.business_value) / 2

    @property
    def urgency(self) -> float:
        return 1 + self.shortfall + DISMAY_WEIGHT * min(self.dismay, DISMAY_COUNTED)

    @property
    def priority(self) -> float:
        return self.value * self.urgency / self.effort


@dataclass(frozen=True)
class Action:
    """One opportunity of a journey's version, with what the action plan knows of it."""

    journey: Journey
    version: JourneyVersion
    stage: Stage
    opportunity: Opportunity
    position: tuple[int, int, int]
    """Journey order, stage order, place in the stage's list: ties and anchors."""
    misses: tuple[Miss, ...]
    """The stage's featured metrics with a target and a value, met or not."""
    dismay: tuple[str, ...]
    """Titles of the stage's dismay moments."""

    @property
    def title(self) -> str:
        return self.opportunity.title

    def missing(self, names: Mapping[str, str] | None = None) -> list[str]:
        """The estimates not given, as the page names them (`names`, see `estimates`)."""
        named = estimates() if names is None else names
        return [words for name, words in named.items() if getattr(self.opportunity, name) is None]

    @property
    def score(self) -> Score | None:
        o = self.opportunity
        if o.customer_value is None or o.business_value is None or o.effort is None:
            return None
        shortfall = max((m.fraction for m in self.misses), default=0.0)
        return Score(o.customer_value, o.business_value, o.effort, shortfall, len(self.dismay))

    @property
    def worst(self) -> Miss | None:
        """The miss that sets the shortfall, if any target is missed."""
        missed = [m for m in self.misses if m.fraction > 0]
        return max(missed, key=lambda m: m.fraction) if missed else None

    @property
    def anchor(self) -> str:
        """The row's id on the action plan: by the opportunity's id, else by its place."""
        if self.opportunity.id:
            return f"o-{self.journey.id}--{self.opportunity.id}"
        return f"o-{self.journey.id}--{self.stage.id}--{self.position[2] + 1}"

    def same_as(self, other: Action) -> bool:
        """The same opportunity in another ranking: same id, else same title, same journey."""
        if self.journey.id != other.journey.id:
            return False
        if self.opportunity.id and other.opportunity.id:
            return self.opportunity.id == other.opportunity.id
        return self.title == other.title


@dataclass(frozen=True)
class Ranked:
    """A scored open opportunity and its place."""

    rank: int
    action: Action
    score: Score


@dataclass(frozen=True)
class Ranking:
    """Every opportunity of every journey in effect on a date, sorted for the action plan."""

    as_of: dt.date | None
    """None: today's ranking, from every snapshot."""
    ranked: tuple[Ranked, ...]
    """Open and scored, highest priority first."""
    unscored: tuple[Action, ...]
    """Open, with an estimate missing: journey, stage and list order."""
    done: tuple[Action, ...]

    @cached_property
    def _by_id(self) -> dict[tuple[str, str], Action]:
        return {(a.journey.id, a.opportunity.id): a for a in self._actions if a.opportunity.id}

    @cached_property
    def _by_title(self) -> dict[tuple[str, str], list[Action]]:
        found: dict[tuple[str, str], list[Action]] = {}
        for a in self._actions:
            found.setdefault((a.journey.id, a.title), []).append(a)
        return found

    @cached_property
    def _ranked(self) -> dict[int, Ranked]:
        return {id(r.action): r for r in self.ranked}

    @property
    def _actions(self) -> list[Action]:
        return [*(r.action for r in self.ranked), *self.unscored, *self.done]

    def find_action(self, action: Action) -> Action | None:
        """The same opportunity here (`Action.same_as`): by id first, else by title."""
        if action.opportunity.id:
            found = self._by_id.get((action.journey.id, action.opportunity.id))
            if found is not None:
                return found
        titled = self._by_title.get((action.journey.id, action.title), [])
        return next((a for a in titled if a.same_as(action)), None)

    def find(self, action: Action) -> Ranked | None:
        """The same opportunity's place here, if it is ranked."""
        found = self.find_action(action)
        return None if found is None else self._ranked.get(id(found))


def rank_actions(content: Content, trends: Trends, as_of: dt.date | None = None) -> Ranking:
    """The action plan's ranking, today (`as_of` None) or as of an earlier date."""
    actions = list(_actions(content, trends, as_of))
    scored = [(a, a.score) for a in actions if a.opportunity.status in OPEN]
    ordered = sorted(
        ((a, s) for a, s in scored if s is not None),
        key=lambda pair: (-round(pair[1].priority, _SAME), *pair[0].position[:2], pair[0].title),
    )
    return Ranking(
        as_of,
        tuple(Ranked(n, a, s) for n, (a, s) in enumerate(ordered, start=1)),
        tuple(a for a, s in scored if s is None),
        tuple(a for a in actions if a.opportunity.status == "done"),
    )


def _actions(content: Content, trends: Trends, as_of: dt.date | None) -> Iterator[Action]:
    spans = _Spans(content, as_of)
    for j, journey in enumerate(content.journeys_by_title()):
        version = _version_on(journey, as_of)
        if version is None:
            continue
        for s, stage in enumerate(version.stages):
            misses = tuple(_misses(journey, stage, trends, spans, as_of))
            dismay = tuple(m.title for m in stage.moments if m.kind == "dismay")
            for n, opportunity in enumerate(stage.opportunities):
                yield Action(journey, version, stage, opportunity, (j, s, n), misses, dismay)


def _version_on(journey: Journey, as_of: dt.date | None) -> JourneyVersion | None:
    if as_of is None:
        return None if journey.is_planned else journey.current
    effective = [v for v in journey.versions if v.effective <= as_of]
    return effective[-1] if effective else None


def _misses(
    journey: Journey, stage: Stage, trends: Trends, spans: _Spans, as_of: dt.date | None
) -> Iterator[Miss]:
    for trend in trends.stage(journey, stage.id, stage.metrics):
        if trend.metric.target is None:
            continue
        everyone = next((s for s in trend.series if s.runs[0].recorded.segment is None), None)
        latest = _latest(everyone, as_of) if everyone else None
        if latest is not None:
            low, high = spans.range(trend.metric)
            yield Miss(trend.metric, latest[1], latest[0], low, high)


def _latest(series: Series, as_of: dt.date | None) -> tuple[dt.date, float] | None:
    """The series' newest value on or before `as_of` (None: its newest)."""
    index = len(series) if as_of is None else bisect_right(series.days(), as_of.toordinal())
    if index == 0:
        return None
    return series.date(index - 1), series.value(index - 1)


class _Spans:
    """Each metric's range: its bounds, else the span of every value recorded (to `as_of`)."""

    def __init__(self, content: Content, as_of: dt.date | None) -> None:
        self.content = content
        self.until = None if as_of is None else as_of.toordinal()
        self._found: dict[str, tuple[float, float]] = {}

    def range(self, metric: Metric) -> tuple[float, float]:
        if metric.id not in self._found:
            low, high = metric.min, metric.max
            if low is None or high is None:
                recorded = self._recorded(metric.id)
                low = min(recorded, default=0.0) if low is None else low
                high = max(recorded, default=0.0) if high is None else high
            self._found[metric.id] = (low, high)
        return self._found[metric.id]

    def _recorded(self, metric: str) -> list[float]:
        values: list[float] = []
        for recorded in self.content.snapshots.of_metric(metric):
            stop = len(recorded) if self.until is None else bisect_right(recorded.days, self.until)
            if stop:
                values += (min(recorded.values[:stop]), max(recorded.values[:stop]))
        return values


@dataclass(frozen=True)
class Movement:
    """How an opportunity's rank changed since the previous snapshot date, and why."""

    before: int | None
    """Its rank then; None when it was not ranked (new, unscored or not open then)."""
    now: int
    causes: tuple[str, ...]

    @property
    def change(self) -> int | None:
        """Places gained (negative: lost); None when it was not ranked before."""
        return None if self.before is None else self.before - self.now

    @property
    def mark(self) -> str:
        """`↑2`, `↓1`, `new` or `=`."""
        change = self.change
        if change is None:
            # Translators: an opportunity ranked for the first time, beside "↑2" marks.
            return pgettext("rank", "new")
        return "=" if change == 0 else f"\u2191{change}" if change > 0 else f"\u2193{-change}"

    @property
    def text(self) -> str:
        """`↑2: Customer satisfaction fell from 3.35/5 to 2.9/5`."""
        return f"{self.mark}: {'; '.join(self.causes)}" if self.causes else self.mark


class ActionPlan:
    """Today's ranking, the one as of the previous snapshot date, and what moved between."""

    def __init__(self, content: Content, trends: Trends, audience_one: str = "customer") -> None:
        self.names = estimates(audience_one)
        self.now = rank_actions(content, trends)
        dates = content.snapshots.dates
        self.previous_date = dates[-2] if len(dates) > 1 else None
        self.before = (
            rank_actions(content, trends, self.previous_date) if self.previous_date else None
        )

    @cached_property
    def _ranked_by_opportunity(self) -> dict[int, Ranked]:
        # By identity: the current versions' own objects (an old version's equal-looking
        # opportunity is not ranked).
        return {id(r.action.opportunity): r for r in self.now.ranked}

    def rank_of(self, opportunity: Opportunity) -> Ranked | None:
        """The rank of an opportunity of a current version, if it is open and scored."""
        return self._ranked_by_opportunity.get(id(opportunity))

    @cached_property
    def _unscored(self) -> set[int]:
        return {id(a.opportunity) for a in self.now.unscored}

    def is_unscored(self, opportunity: Opportunity) -> bool:
        """Whether an opportunity of a current version is open and misses an estimate."""
        return id(opportunity) in self._unscored

    @cached_property
    def movements(self) -> dict[str, Movement]:
        """By row anchor: every ranked opportunity's movement (none without an earlier date)."""
        before = self.before
        if before is None:
            return {}
        was = {id(r): before.find(r.action) for r in self.now.ranked}
        later = {id(w): r for r in self.now.ranked if (w := was[id(r)]) is not None}
        moves = {}
        for ranked in self.now.ranked:
            then = was[id(ranked)]
            if then is None:
                earlier = before.find_action(ranked.action)
                cause = _("newly scored") if earlier is not None else _("new opportunity")
                if earlier is not None and earlier.opportunity.status not in OPEN:
                    cause = _(
                        "reopened (was %(status)s)",
                        status=status_as_written(earlier.opportunity.status),
                    )
                moves[ranked.action.anchor] = Movement(None, ranked.rank, (cause,))
                continue
            causes: list[str] = []
            if then.rank != ranked.rank:
                # Its own factors explain the move when its priority went the same way as
                # its rank; otherwise (held, or rose while others rose more) the others do.
                rose = round(ranked.score.priority - then.score.priority, _SAME)
                own = (
                    _own_causes(then, ranked, self.names)
                    if rose * (then.rank - ranked.rank) > 0
                    else []
                )
                passed = [
                    r.action
                    for r in self.now.ranked[: ranked.rank - 1]
                    if (w := was[id(r)]) is None or w.rank > then.rank
                ]
                left = [
                    r.action
                    for r in before.ranked[: then.rank - 1]
                    if (n := later.get(id(r))) is None or n.rank > ranked.rank
                ]
                causes = own or _others(passed, left) or _own_causes(then, ranked, self.names)
            moves[ranked.action.anchor] = Movement(then.rank, ranked.rank, tuple(causes))
        return moves


def _own_causes(was: Ranked, now: Ranked, names: Mapping[str, str]) -> list[str]:
    """What changed in the opportunity's own factors, in words."""
    said = [
        re_estimated(words, getattr(was.score, name), getattr(now.score, name))
        for name, words in names.items()
        if getattr(was.score, name) != getattr(now.score, name)
    ]
    added = [t for t in now.action.dismay if t not in was.action.dismay]
    gone = [t for t in was.action.dismay if t not in now.action.dismay]
    said += [_("new dismay moment %(moment)s", moment=quote(t)) for t in added]
    said += [_("dismay moment %(moment)s gone", moment=quote(t)) for t in gone]
    said += _metric_moves(was.action, now.action)
    if not said and was.score.shortfall != now.score.shortfall:
        said.append(
            _(
                "shortfall changed from %(old)s to %(new)s",
                old=_short(was.score.shortfall),
                new=_short(now.score.shortfall),
            )
        )
    return said


def _metric_moves(was: Action, now: Action) -> list[str]:
    """`Customer satisfaction fell from 3.35/5 to 2.9/5`: the metric that set the shortfall
    then or sets it now, when its miss changed."""
    setting = {m.metric.id for m in (was.worst, now.worst) if m is not None}
    before = {m.metric.id: m for m in was.misses}
    said = []
    for miss in now.misses:
        if miss.metric.id not in setting:
            continue
        unit = miss.metric.unit or ""
        then = before.get(miss.metric.id)
        if then is not None and then.fraction == miss.fraction:
            continue  # moved without changing how far it misses: not why the rank moved
        metric, value = miss.metric.title, _short(miss.value) + unit
        if then is None:
            said.append(_("%(metric)s first measured: %(value)s", metric=metric, value=value))
        elif then.value != miss.value:
            values = {"metric": metric, "old": _short(then.value) + unit, "new": value}
            said.append(
                _("%(metric)s rose from %(old)s to %(new)s", **values)
                if miss.value > then.value
                else _("%(metric)s fell from %(old)s to %(new)s", **values)
            )
    return said


def _others(passed: Sequence[Action], left: Sequence[Action]) -> list[str]:
    """Why an opportunity whose own priority does not explain its move moved: the ones
    that passed it, and the ones above it before that are not any more."""
    said = []
    if passed:
        said.append(
            ngettext(
                "%(opportunities)s moved above it",
                "%(opportunities)s moved above it",
                len(passed),
                opportunities=_titles(passed),
            )
        )
    if left:
        said.append(
            ngettext(
                "%(opportunities)s no longer above it",
                "%(opportunities)s no longer above it",
                len(left),
                opportunities=_titles(left),
            )
        )
    return said


def _titles(actions: Sequence[Action]) -> str:
    names = [quote(a.title) for a in actions[:2]]
    if len(actions) > 2:
        # Translators: after two opportunities' names: "'A', 'B' and 3 more".
        names.append(ngettext("%(num)d more", "%(num)d more", len(actions) - 2))
    return and_list(names)


def _short(value: float) -> str:
    """A value rounded to 2 decimals, with the language's decimal sign."""
    return i18n.current().number(round(value, 2))
