"""The structure of the content files, as pydantic models.

These models are the single definition of the content format's *shape*: they
validate each file, give the rest of journeymap typed objects, and can export a
JSON Schema for editors. Rules that span fields, files or versions (references,
version order, reserved ids) live in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
)

from journeymap.content import limits

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


_NESTING = re.compile(r"^((?: {4}|\t)*)((?:> ?)*)", re.M)


def markdown_depth(text: str) -> int:
    """How deep lists and quotes nest in Markdown: 4 columns of indent or a `>` per level."""
    levels = [
        len(indent.expandtabs(4)) // 4 + quotes.count(">")
        for indent, quotes in _NESTING.findall(text)
    ]
    return max(levels, default=0)


def _check_markdown(value: str) -> str:
    # Python-Markdown recurses once per level of nested lists and quotes.
    depth = markdown_depth(value)
    if depth > limits.MAX_MARKDOWN_DEPTH:
        raise ValueError(
            f"lists or quotes nested {depth} levels deep: the limit is {limits.MAX_MARKDOWN_DEPTH}"
        )
    # Python-Markdown's inline parsing is quadratic in brackets and angle brackets.
    marks = value.count("[") + value.count("<")
    if marks > limits.MAX_MARKDOWN_MARKS:
        raise ValueError(
            f"has {marks:,} '[' and '<' (links, images, HTML tags): "
            f"the limit is {limits.MAX_MARKDOWN_MARKS}"
        )
    # Python-Markdown splits a block at each heading, rule or list item and parses the
    # rest again: quadratic in the lines of a block.
    lines = value.rstrip("\n").count("\n") + 1
    if lines > limits.MAX_MARKDOWN_LINES:
        raise ValueError(
            f"has {lines:,} lines: the limit is {limits.MAX_MARKDOWN_LINES} "
            "(a longer text belongs in a document that the description links to)"
        )
    return value


Markdown = Annotated[str, AfterValidator(_check_markdown)]
# Strict numbers: YAML reads `yes`/`on` as true, which must not pass for a score of 1.
Int = StrictInt
Number = StrictFloat

LINK_SCHEMES = ("https://", "http://", "mailto:")


def _check_link(value: str) -> str:
    # Links end up in href attributes on the intranet: only schemes that cannot run script.
    if not value.startswith(LINK_SCHEMES):
        raise ValueError(f"'{value}' is not a link: use an http(s):// or mailto: address")
    return value


Link = Annotated[str, AfterValidator(_check_link)]

OpportunityStatus = Literal["idea", "planned", "in-progress", "done", "dropped"]
MomentKind = Literal["delight", "hygiene", "dismay"]
EvidenceKind = Literal["interview", "survey", "telemetry", "support", "internal"]
MetricKind = Literal["survey", "telemetry", "operational", "business"]
SupportKind = Literal["system", "policy", "partner", "process"]


class _Model(BaseModel):
    # Unknown fields are errors: a typo such as `pain_point` must not vanish silently.
    # Numbers are accepted where text is expected (`title: 2026 plan`, `channel: 404`).
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Touchpoint(_Model):
    title: Text
    channel: Text
    owner: Text | None = None


EmotionScore = Annotated[Int, Field(ge=1, le=5)]


class Emotion(_Model):
    score: EmotionScore
    note: str | None = None
    personas: dict[str, EmotionScore] = {}
    """The score felt by each of the journey's personas, where research tells them apart.

    Keys are checked against the version's `personas` in `rules.py` (with a did-you-mean).
    """


class Moment(_Model):
    title: Text
    kind: MomentKind
    note: str | None = None


Estimate = Annotated[Int, Field(ge=1, le=5)]
"""An author's estimate on the action plan's 1..5 scale (see `analysis/actions.py`)."""


class Opportunity(_Model):
    title: Text
    status: OpportunityStatus
    id: Slug | None = None
    """Keeps the opportunity's identity (its rank's history) when its title changes;
    unique in the journey version (checked in `rules.py`)."""
    owner: Text | None = None
    done_on: dt.date | None = None
    link: Link | None = None
    customer_value: Estimate | None = None
    """How much it improves the experience, from research: 1..5."""
    business_value: Estimate | None = None
    """Revenue, cost or risk: 1..5."""
    effort: Estimate | None = None
    """Relative cost to deliver, 1 the smallest: 1..5."""


class Support(_Model):
    """A system, policy, partner or process that makes a stage work (service blueprint)."""

    title: Text
    kind: SupportKind | None = None
    owner: Text | None = None


MediaPath = Text
"""A file under `media/`; `media.py` checks that it exists, stays inside and is allowed."""


class Evidence(_Model):
    kind: EvidenceKind
    title: Text
    date: dt.date | None = None
    link: Link | None = None
    quote: str | None = None
    file: MediaPath | None = None


class SharedEvidence(Evidence):
    """An entry of `evidence.yml`, which stages cite by its id."""

    id: Slug


class EvidenceFile(_Model):
    evidence: list[SharedEvidence] = []


class Media(_Model):
    """A picture, document or recording shown on a stage or a map."""

    file: MediaPath
    alt: Text | None = None
    """The text alternative; required for images (checked with the file's type)."""
    caption: str | None = None


# A stage's evidence is an entry written in place or the id of an `evidence.yml` entry.
# The tags name the two forms in pydantic's error locations; validation drops them.
ENTRY_TAG = "evidence entry"
ID_TAG = "evidence id"
UNION_TAGS = frozenset({ENTRY_TAG, ID_TAG})


def _evidence_form(value: Any) -> str | None:
    """Which form a value has: read from YAML (a mapping or text), or dumped (a model)."""
    if isinstance(value, str):
        return ID_TAG
    return ENTRY_TAG if isinstance(value, (dict, Evidence)) else None


EvidenceRef = Annotated[
    Annotated[Evidence, Tag(ENTRY_TAG)] | Annotated[Slug, Tag(ID_TAG)],
    Discriminator(
        _evidence_form,
        custom_error_type="evidence_form",
        custom_error_message="expected an evidence entry (kind, title, ...) "
        "or the id of an entry in evidence.yml",
    ),
]


class Phase(_Model):
    id: Slug
    title: Text


class Stage(_Model):
    id: Slug
    title: Text
    phase: Slug | None = None
    description: Markdown | None = None
    owner: Text | None = None
    goals: list[Text] = []
    expectations: list[Text] = []
    actions: list[Text] = []
    pain_points: list[Text] = []
    touchpoints: list[Touchpoint] = []
    emotion: Emotion | None = None
    moments: list[Moment] = []
    opportunities: list[Opportunity] = []
    business_goals: list[Text] = []
    """What success looks like here for the organisation (`goals` is the customer's side)."""
    backstage: list[Text] = []
    """What staff do here out of the customer's sight: below the line of visibility."""
    support: list[Support] = []
    metrics: list[Slug] | None = None
    """Metrics to feature; None means every metric with data for the stage."""
    next: list[Slug] | None = None
    """Where customers go from here; None means the following stage."""
    duration: Text | None = None
    evidence: list[EvidenceRef] = []
    media: list[Media] = []
    replaces: list[Slug] = []


class PartOf(_Model):
    """Where a sub-journey sits: the stage of another journey that it details."""

    journey: Slug
    stage: Slug


class JourneyVersion(_Model):
    """One `journeys/<id>/v<N>.yml` file: the complete journey as of `effective`."""

    id: Slug
    version: Int = Field(ge=1)
    title: Text
    effective: dt.date
    summary: Text | None = None
    description: Markdown | None = None
    owner: Text | None = None
    reviewed: dt.date | None = None
    review_every_days: Int | None = Field(default=None, ge=1, le=limits.MAX_REVIEW_EVERY_DAYS)
    personas: list[Slug] = []
    phases: list[Phase] = []
    media: list[Media] = []
    part_of: PartOf | None = None
    """The stage of another journey this one details (checked in `rules.check_part_of`)."""
    stages: list[Stage] = Field(min_length=1, max_length=limits.MAX_STAGES)

    @property
    def last_review(self) -> dt.date:
        return self.reviewed or self.effective

    def review_due(self, default_days: int) -> dt.date:
        """When the map should next be reviewed."""
        return self.last_review + dt.timedelta(days=self.review_every_days or default_days)


class Persona(_Model):
    id: Slug
    name: Text
    description: Markdown | None = None


class PersonasFile(_Model):
    personas: list[Persona] = []


class Metric(_Model):
    id: Slug
    title: Text
    better: Literal["higher", "lower"]
    unit: str | None = None
    min: Number | None = None
    max: Number | None = None
    target: Number | None = None
    alert_change: Number | None = Field(default=None, gt=0)
    kind: MetricKind | None = None
    description: Markdown | None = None


class MetricsFile(_Model):
    metrics: list[Metric] = []


ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


def _check_env_name(value: str) -> str:
    # Never echo the value: an author who pasted the database URL here must not see it
    # (with its password) printed in every CI log.
    if not re.fullmatch(ENV_NAME_PATTERN, value):
        raise ValueError(
            "is not the name of an environment variable (like CX_WAREHOUSE_URL): put the "
            "database URL in an environment variable and write the variable's name here"
        )
    return value


class Source(_Model):
    """A database that `journeymap pull` reads, and the query that gives snapshot rows."""

    id: Slug
    url_env: Annotated[str, AfterValidator(_check_env_name)]
    """The environment variable holding a SQLAlchemy database URL (never the URL itself)."""
    query: Text | None = None
    query_file: Text | None = None
    """A file of the content folder holding the query, e.g. `queries/stage-metrics.sql`."""
    columns: dict[str, Text] = {}
    """Snapshot column -> result column, where the query's names differ."""
    timeout_s: Number | Int = Field(default=60, gt=0, le=3600)


class SourcesFile(_Model):
    sources: list[Source] = []


SCHEMAS: dict[str, type[BaseModel]] = {
    "journey": JourneyVersion,
    "metrics": MetricsFile,
    "personas": PersonasFile,
    "sources": SourcesFile,
    "evidence": EvidenceFile,
}
"""Content files by kind, for `journeymap schema`."""


def json_schema(kind: str) -> dict[str, object]:
    """The JSON Schema of one kind of content file, for editors' YAML support."""
    schema = SCHEMAS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
