"""The action plan's value x effort matrix, as inline SVG drawn here.

Effort runs left (small) to right (large), value bottom (low) to top (high), both on
the estimates' 1..5 scale, split at the middle (3) into four named quadrants. Each
open scored opportunity is a point labelled with its rank that links to its row of
the action plan; opportunities with the same value and effort sit side by side. Like
the trend charts, the SVG holds no style of its own (the site's stylesheet colours it,
in both palettes) and the same ranking gives the same bytes. Points link with
`xlink:href`: Material's instant navigation rewrites every `a[href]`, which an SVG
link's read-only `href` refuses (a script error on every visit).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journeymap import i18n
from journeymap.analysis.actions import Action, Ranked
from journeymap.formatting import number
from journeymap.i18n import N_, _, pgettext
from journeymap.site.sanitise import inert_text

WIDTH, HEIGHT = 800, 470
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56
"""Margins: the value axis and its name on the left, the effort axis below."""
LOWEST, HIGHEST = 1, 5
MIDDLE = 3
"""Where the quadrants meet; a point on a line counts to the higher-value, lower-effort side."""
RADIUS = 13
SPACING = 30
"""Between the centres of points that share a place; a row holds `PER_ROW` of them."""
PER_ROW = 4
SHOWN = 40
"""Points the matrix draws at most, the highest-ranked: more would cover each other (a
company's hundreds of opportunities share 45 places); the table lists every one."""


@dataclass(frozen=True)
class Quadrant:
    key: str
    english_title: str
    english_meaning: str

    @property
    def title(self) -> str:
        """`Quick wins`, in the language of the build."""
        return _(self.english_title)

    @property
    def meaning(self) -> str:
        """`high value, low effort`, in the language of the build."""
        return _(self.english_meaning)


QUADRANTS = (
    Quadrant("quick-wins", N_("Quick wins"), N_("high value, low effort")),
    Quadrant("big-bets", N_("Big bets"), N_("high value, high effort")),
    Quadrant("fill-ins", N_("Fill-ins"), N_("low value, low effort")),
    Quadrant("reconsider", N_("Reconsider"), N_("low value, high effort")),
)


def quadrant(ranked: Ranked) -> Quadrant:
    """Where an opportunity falls: on a dividing line, the favourable side."""
    high = ranked.score.value >= MIDDLE
    low_effort = ranked.score.effort <= MIDDLE
    return QUADRANTS[(0 if high else 2) + (0 if low_effort else 1)]


def by_quadrant(ranked: Sequence[Ranked]) -> list[tuple[Quadrant, list[Ranked]]]:
    """The matrix as text: each quadrant's opportunities (those it shows), by rank."""
    return [(q, [r for r in ranked[:SHOWN] if quadrant(r) == q]) for q in QUADRANTS]


def _x(effort: float) -> float:
    width = WIDTH - LEFT - RIGHT
    return LEFT + (effort - LOWEST + 0.5) / (HIGHEST - LOWEST + 1) * width


def _y(value: float) -> float:
    height = HEIGHT - TOP - BOTTOM
    return TOP + (HIGHEST + 0.5 - value) / (HIGHEST - LOWEST + 1) * height


def _n(coordinate: float) -> str:
    return number(round(coordinate, 1))


def filter_data(action: Action) -> Markup:
    """The attributes that the action plan's filter reads, on rows and points alike."""
    o = action.opportunity
    data = {"journey": action.journey.id, "owner": o.owner or "", "status": o.status}
    # inert_text: attribute values sit in the page's Markdown, where a line break in an
    # owner's name could start a fence (tests/test_hostile_markdown.py).
    return Markup("".join(f' data-{k}="{inert_text(v)}"' for k, v in data.items()))


def _point_label(r: Ranked) -> str:
    """A point's text alternative: its rank, what and where it is, and its factors."""
    shown = i18n.current().number
    return _(
        "#%(rank)s %(opportunity)s (%(journey)s, %(stage)s): value %(value)s, "
        "effort %(effort)s, priority %(priority)s",
        rank=r.rank,
        opportunity=r.action.title,
        journey=r.action.version.title,
        stage=r.action.stage.title,
        value=shown(r.score.value),
        effort=r.score.effort,
        priority=shown(round(r.score.priority, 2)),
    )


def draw(ranked: Sequence[Ranked], title: str) -> Markup:
    """The matrix of the `SHOWN` highest `ranked` opportunities, each point a link to its row."""
    top, bottom, left, right = (
        _y(HIGHEST + 0.5),
        _y(LOWEST - 0.5),
        _x(LOWEST - 0.5),
        _x(HIGHEST + 0.5),
    )
    mid_x, mid_y = _x(MIDDLE), _y(MIDDLE)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="jm-matrix-svg" role="group" aria-label="{html.escape(title)}">'
        f"<title>{html.escape(title)}</title>"
    ]
    corners = {
        "quick-wins": (left + 8, top + 20, "start"),
        "big-bets": (right - 8, top + 20, "end"),
        "fill-ins": (left + 8, bottom - 10, "start"),
        "reconsider": (right - 8, bottom - 10, "end"),
    }
    boxes = {
        "quick-wins": (left, top, mid_x, mid_y),
        "big-bets": (mid_x, top, right, mid_y),
        "fill-ins": (left, mid_y, mid_x, bottom),
        "reconsider": (mid_x, mid_y, right, bottom),
    }
    for q in QUADRANTS:
        x1, y1, x2, y2 = boxes[q.key]
        x, y, anchor = corners[q.key]
        parts.append(
            f'<g class="jm-quadrant jm-{q.key}" aria-hidden="true">'
            f'<rect x="{_n(x1)}" y="{_n(y1)}" width="{_n(x2 - x1)}" height="{_n(y2 - y1)}"/>'
            f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">'
            f"{html.escape(q.title)}</text></g>"
        )
    effort_axis = html.escape(_("Effort (1 smallest)"))
    value_axis = html.escape(pgettext("action plan", "Value"))
    ticks = "".join(
        f'<text x="{_n(_x(level))}" y="{_n(bottom + 20)}" text-anchor="middle">{level}</text>'
        f'<text x="{_n(left - 10)}" y="{_n(_y(level) + 5)}" text-anchor="end">{level}</text>'
        for level in range(LOWEST, HIGHEST + 1)
    )
    parts.append(
        f'<g class="jm-matrix-axes" aria-hidden="true">'
        f'<path d="M{_n(mid_x)} {_n(top)}V{_n(bottom)}M{_n(left)} {_n(mid_y)}H{_n(right)}"/>'
        f"{ticks}"
        f'<text x="{_n((left + right) / 2)}" y="{_n(bottom + 44)}" text-anchor="middle">'
        f"{effort_axis}</text>"
        f'<text transform="translate(18 {_n((top + bottom) / 2)}) rotate(-90)" '
        f'text-anchor="middle">{value_axis}</text></g>'
    )
    places: dict[tuple[float, int], list[Ranked]] = defaultdict(list)
    for r in ranked[:SHOWN]:
        places[(r.score.value, r.score.effort)].append(r)
    for (value, effort), here in sorted(places.items()):
        for index, r in enumerate(here):
            row, column = divmod(index, PER_ROW)
            across = min(len(here) - row * PER_ROW, PER_ROW)
            cx = _x(effort) + (column - (across - 1) / 2) * SPACING
            rows = -(-len(here) // PER_ROW)
            cy = _y(value) + (row - (rows - 1) / 2) * SPACING
            label = _point_label(r)
            parts.append(
                f'<a xlink:href="#{r.action.anchor}" class="jm-point"{filter_data(r.action)}>'
                f"<title>{html.escape(label)}</title>"
                f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{RADIUS}"/>'
                f'<text x="{_n(cx)}" y="{_n(cy + 5)}" text-anchor="middle">{r.rank}</text></a>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
