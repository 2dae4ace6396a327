"""The map for other tools: JSON for scripts and dashboards, Mermaid for any Markdown,
and SVG badges for any page that wants to show a stage's state."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from journeymap import routes
from journeymap.analysis.actions import Action, Ranking, Score
from journeymap.analysis.hierarchy import Hierarchy, Place
from journeymap.analysis.trends import Run, Trend, Trends
from journeymap.content.media import MediaFile
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Media, Stage
from journeymap.content.series import NO_RESPONSES
from journeymap.formatting import number
from journeymap.i18n import _
from journeymap.site.views import phase_groups, value_text

Link = Callable[[str], str]
"""A page source -> its URL, as the output should carry it (absolute when possible)."""


def map_json(
    content: Content,
    journey: Journey,
    trends: Trends,
    link: Link,
    hierarchy: Hierarchy | None = None,
) -> str:
    """The current map, latest metric values per stage, the URLs of every page, the versions,
    where the journey sits among journeys (`part_of`) and its stages' sub-journeys."""
    version = journey.current
    tree = hierarchy or Hierarchy(content)
    place = tree.places.get(journey.id)
    document = {
        "id": journey.id,
        "title": version.title,
        "version": version.version,
        "effective": version.effective.isoformat(),
        "as_of": content.today.isoformat(),
        "owner": version.owner,
        "personas": [
            {"id": p, "name": content.personas[p].name if p in content.personas else p}
            for p in version.personas
        ],
        "phases": [p.model_dump(mode="json") for p in version.phases],
        "part_of": None if place is None else _part_of(place, link),
        "media": _media_data(version.media, content, link),
        "stages": [
            _stage_data(stage, journey, content, trends, link, tree) for stage in version.stages
        ],
        "journey_metrics": [_latest(t, trends) for t in trends.journey(journey)],
        "urls": _urls(journey, link, tree, has_place=place is not None),
        "versions": [
            {
                "version": v.version,
                "effective": v.effective.isoformat(),
                "summary": v.summary,
                "planned": v.effective > content.today,
                "url": link(routes.version_page(journey.id, v.version)),
            }
            for v in journey.versions
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _stage_data(
    stage: Stage, journey: Journey, content: Content, trends: Trends, link: Link, tree: Hierarchy
) -> dict[str, Any]:
    """A stage as written, with its evidence and media resolved, its URL, its latest
    metric values and its sub-journeys."""
    data = stage.model_dump(mode="json", exclude_none=True)
    data["evidence"] = _evidence_data(stage, content, link)
    data["media"] = _media_data(stage.media, content, link)
    data["url"] = link(routes.stage_page(journey.id, stage.id))
    data["metrics_latest"] = [
        _latest(t, trends) for t in trends.stage(journey, stage.id, stage.metrics)
    ]
    data["subjourneys"] = [
        {"id": sub.id, "title": sub.current.title, "url": link(routes.map_page(sub.id))}
        for sub in tree.of_stage(journey, stage)
    ]
    return data


def _latest(trend: Trend, trends: Trends) -> dict[str, Any]:
    """A metric's latest value (of its headline segment), its change and its target."""
    headline = trend.headline
    return {
        "metric": trend.metric.id,
        "title": trend.metric.title,
        "segment": None if headline.label == trends.everyone else headline.label,
        "value": headline.latest.value,
        "date": headline.latest.date.isoformat(),
        "change": headline.change,
        "target": trend.metric.target,
        "target_met": trend.target_met(),
        "alert": bool(trend.alerts),
    }


def _media_data(items: list[Media], content: Content, link: Link) -> list[dict[str, Any]]:
    return [
        {
            **item.model_dump(mode="json", exclude_none=True),
            **_file_data(content.media[item.file], link),
        }
        for item in items
    ]


def _evidence_data(stage: Stage, content: Content, link: Link) -> list[dict[str, Any]]:
    # Cited entries resolved, so that readers need not know evidence.yml; `id` says
    # which entries are shared.
    found = []
    for entry in content.evidence_of(stage.evidence):
        data = entry.model_dump(mode="json", exclude_none=True)
        if entry.file is not None:
            data.update(_file_data(content.media[entry.file], link))
        found.append(data)
    return found


def _part_of(place: Place, link: Link) -> dict[str, Any]:
    """The parent journey, and the stage as the parent has it now (followed through
    `replaces`); the id as `part_of` names it, and the parent's map, when the parent's
    current version removed that stage."""
    return {
        "journey": place.parent.id,
        "title": place.parent.current.title,
        "stage": place.stage.id if place.stage else place.stage_id,
        "stage_title": place.stage.title if place.stage else None,
        "url": link(routes.stage_page(place.parent.id, place.stage.id))
        if place.stage
        else link(routes.map_page(place.parent.id)),
    }


def _urls(journey: Journey, link: Link, tree: Hierarchy, *, has_place: bool) -> dict[str, str]:
    """The journey's pages and files; the hierarchy diagram only where there is one."""
    urls = {
        "map": link(routes.map_page(journey.id)),
        "history": link(routes.history_page(journey.id)),
        "mermaid": link(routes.mermaid_file(journey.id)),
        "evidence": link(routes.EVIDENCE),
    }
    if has_place or tree.children(journey):
        urls["hierarchy_mermaid"] = link(routes.mermaid_tree(journey.id))
    return urls


def _file_data(file: MediaFile, link: Link) -> dict[str, Any]:
    """A published media file as map.json describes it."""
    data: dict[str, Any] = {
        "file_url": link(urllib.parse.quote(routes.media_file(file.path), safe="/")),
        "file_kind": file.kind,
        "file_size": file.size,
    }
    if file.width is not None:
        data.update(width=file.width, height=file.height)
    return data


def _mermaid_text(text: str) -> str:
    # ':' separates a task's parts and '#'/';' start entities and statements in Mermaid.
    return " ".join(text.replace(":", " -").replace(";", ",").replace("#", "").split())


def mermaid_journey(content: Content, journey: Journey) -> str:
    """A Mermaid `journey` diagram: sections are phases, tasks stages, scores emotions."""
    version = journey.current
    actors = ", ".join(
        _mermaid_text(content.personas[p].name if p in content.personas else p).replace(",", "")
        for p in version.personas
    )
    lines = ["journey", f"    title {_mermaid_text(version.title)}"]
    for title, stages in phase_groups(version):
        lines.append(f"    section {_mermaid_text(title or version.title)}")
        for stage in stages:
            score = stage.emotion.score if stage.emotion else 3  # Mermaid needs one: neutral
            task = f"      {_mermaid_text(stage.title)}: {score}"
            lines.append(task + (f": {actors}" if actors else ""))
    return "\n".join(lines) + "\n"


def mermaid_tree(hierarchy: Hierarchy, journey: Journey, link: Link | None) -> str | None:
    """A Mermaid flowchart of where the journey sits: the parent's stage leading into the
    journey (a subgraph of its stages), and each stage leading into its sub-journeys.
    None for a journey in no hierarchy. `link` (absolute URLs) makes nodes clickable."""
    trail = hierarchy.trail(journey)
    stages = journey.current.stages
    subs = [
        (i, sub) for i, stage in enumerate(stages) for sub in hierarchy.of_stage(journey, stage)
    ]
    if not trail and not subs:
        return None
    version = journey.current
    lines = ["flowchart LR"]
    clicks: list[tuple[str, str]] = []
    if trail:
        place = trail[-1]
        where = place.stage.title if place.stage else place.stage_id
        label = f"{place.parent.current.title} \u203a {where}"
        lines.append(f'    parent["{_flow_text(label)}"]')
        target = (
            routes.stage_page(place.parent.id, place.stage.id)
            if place.stage
            else routes.map_page(place.parent.id)
        )
        clicks.append(("parent", target))
    lines.append(f'    subgraph journey["{_flow_text(version.title)}"]')
    lines.append("        direction LR")
    for index, stage in enumerate(stages):
        lines.append(f'        s{index}["{_flow_text(stage.title)}"]')
        clicks.append((f"s{index}", routes.stage_page(journey.id, stage.id)))
    lines += [f"        s{i} --> s{i + 1}" for i in range(len(stages) - 1)]
    lines.append("    end")
    if trail:
        lines.append("    parent --> journey")
    for n, (index, sub) in enumerate(subs):
        lines.append(f'    s{index} --> sub{n}["{_flow_text(sub.current.title)}"]')
        clicks.append((f"sub{n}", routes.map_page(sub.id)))
    if link is not None:
        lines += [f'    click {node} href "{link(page)}"' for node, page in clicks]
    return "\n".join(lines) + "\n"


def _flow_text(text: str) -> str:
    # A label is written in double quotes; Mermaid reads `#...;` in it as an entity.
    return " ".join(text.replace('"', "'").replace("#", "").split())


BADGE_COLOURS = {True: "#1565c0", False: "#e65100", None: "#616161"}
"""Blue for met, orange for missed: told apart with any colour vision (and by the text)."""


def badge_svg(stage_title: str, trend: Trend | None, href: str) -> str:
    """A small badge: the stage's headline metric, its latest value, and target met or not."""
    if trend is None:
        label, value, met = stage_title, _("no data"), None
    else:
        label = _("%(stage)s: %(metric)s", stage=stage_title, metric=trend.metric.title)
        met = trend.target_met()
        mark = "" if met is None else (" \u2713" if met else " \u2717")
        value = value_text(trend.headline.latest.value, trend.metric) + mark
    left, right = 7 * len(label) + 12, 7 * len(value) + 12
    width = left + right
    shown = value.rstrip(" ✓✗")
    if met is None:
        said = _("%(label)s: %(value)s", label=label, value=shown)
    elif met:
        said = _("%(label)s: %(value)s meets its target", label=label, value=shown)
    else:
        said = _("%(label)s: %(value)s misses its target", label=label, value=shown)
    title = html.escape(said)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}">'
        f"<title>{title}</title>"
        f'<a href="{html.escape(href)}">'
        f'<rect width="{left}" height="20" fill="#37474f"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{BADGE_COLOURS[met]}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="6" y="14">{html.escape(label)}</text>'
        f'<text x="{left + 6}" y="14">{html.escape(value)}</text>'
        "</g></a></svg>\n"
    )


ACTIONS_COLUMNS = (
    "rank",
    "journey",
    "stage",
    "opportunity",
    "owner",
    "status",
    "customer_value",
    "business_value",
    "effort",
    "value",
    "shortfall",
    "urgency",
    "priority",
    "url",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def actions_csv(ranking: Ranking, link: Link) -> str:
    """The action plan for spreadsheets and issue trackers: every open opportunity, ranked
    ones in rank order, then those not scored yet (no rank, no factors).

    UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8; `url` is the
    opportunity's stage page.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ACTIONS_COLUMNS)
    rows: list[tuple[int | None, Action, Score | None]] = [
        (r.rank, r.action, r.score) for r in ranking.ranked
    ]
    rows += [(None, a, None) for a in ranking.unscored]
    for rank, action, score in rows:
        o = action.opportunity
        factors = (
            [score.customer_value, score.business_value, score.effort]
            + [_decimal(f) for f in (score.value, score.shortfall, score.urgency, score.priority)]
            if score
            else [o.customer_value, o.business_value, o.effort, None, None, None, None]
        )
        writer.writerow(
            [
                rank,
                _cell(action.version.title),
                _cell(action.stage.title),
                _cell(o.title),
                _cell(o.owner or ""),
                o.status,
                *factors,
                link(routes.stage_page(action.journey.id, action.stage.id)) + "#opportunities",
            ]
        )
    return "\ufeff" + out.getvalue()


VALUES_COLUMNS = ("date", "metric", "segment", "value", "responses", "note", "recorded_as")


def values_csv(trends: Iterable[Trend]) -> str:
    """Every value behind the trends' charts, for a spreadsheet: a stage's (or a journey's)
    pages show only the latest snapshots.

    One row per value, by metric and segment (empty: all customers, as in snapshot files),
    oldest first; `value` exactly as recorded; `recorded_as` names the stage id a value was
    recorded under when it is not the stage's own (an id it `replaces`). UTF-8 with a
    byte-order mark, as `actions.csv`.
    """
    # Written line by line rather than by `csv.writer`: a large site has millions of
    # values, every build. Ids, dates and numbers need no quoting; texts are quoted.
    lines = [",".join(VALUES_COLUMNS)]
    iso: dict[int, str] = {}  # one text per snapshot date
    for trend in trends:
        for series in trend.shown:
            # A series' runs (its own id, ids it renamed) in the order of their first value.
            runs = sorted((r for r in series.runs if r.stop > r.start), key=_first_day)
            for recorded, start, stop in runs:
                head = f",{trend.metric.id},{_csv_text(recorded.segment or '')},"
                tail = "," + ("" if recorded.stage == trend.stage else recorded.stage or "")
                notes = recorded.notes
                for at, day, text, responses in zip(
                    range(start, stop),
                    recorded.days[start:stop],
                    recorded.texts[start:stop],
                    recorded.responses[start:stop],
                    strict=True,
                ):
                    date = iso.get(day) or iso.setdefault(day, dt.date.fromordinal(day).isoformat())
                    count = "" if responses == NO_RESPONSES else responses
                    note = _csv_text(notes[at]) if at in notes else ""
                    lines.append(f"{date}{head}{text},{count},{note}{tail}")
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def _csv_text(text: str) -> str:
    """A content text as one CSV field: inert for spreadsheets (`_cell`), quoted when it
    holds a comma, a quote or a line break."""
    text = _cell(text)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _first_day(run: Run) -> int:
    return run.recorded.days[run.start]


def _decimal(value: float) -> str:
    return number(round(value, 4))


def _cell(text: str) -> str:
    """Content text made inert for spreadsheets: a cell starting with `=`, `+`, `-` or `@`
    is a formula to Excel (which can run commands), so it is kept as text with a `'`."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
