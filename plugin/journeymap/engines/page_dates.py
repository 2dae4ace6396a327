"""The date of the content each generated page was made from, for "last updated" dates.

mkdocs-git-revision-date-localized dates a page by the git history of its file; a
generated page has no file, so it would get the time of the build, and two builds of
the same content would differ. A generated page is instead dated by the content it
shows: its journey version file (a map, stage, history or version page) and the
metric snapshots, or the whole content folder (indexes, metrics, changes, health).
A file's date is its last commit when the content folder is in git, else the date the
content itself carries: the version's `effective` date, the snapshot's date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from pathlib import Path

from journeymap.content.model import Content
from journeymap.site.pages import PageSource

SNAPSHOTS = "snapshots"


def page_dates(pages: Iterable[PageSource], content: Content) -> dict[str, int]:
    """src_uri -> the page's content date, as seconds since 1970 (UTC)."""
    dated = _ContentDates(content)
    everything = dated.newest(content.root)
    snapshots = dated.newest(content.root / SNAPSHOTS)
    return {
        page.src_uri: (
            max(dated.newest(page.source), snapshots) if page.source is not None else everything
        )
        for page in pages
    }


class _ContentDates:
    def __init__(self, content: Content) -> None:
        self.root = content.root.resolve()
        self.commits = _last_commits(self.root)
        # Without git: the dates the content carries, never later than the build date.
        today = content.today
        self.carried: dict[Path, dt.date] = {
            file.path.resolve(): min(file.version.effective, today)
            for journey in content.journeys.values()
            for file in journey.files
        }
        snapshots = content.snapshots.dates
        if snapshots:
            self.carried[self.root / SNAPSHOTS] = min(snapshots[-1], today)

    def newest(self, path: Path) -> int:
        """The newest date of `path`, or of the files under it (0 when none has one)."""
        path = path.resolve()
        times = [t for p, t in self.commits.items() if p == path or path in p.parents]
        if not times:
            times = [
                _midnight(d) for p, d in self.carried.items() if p == path or path in p.parents
            ]
        return max(times, default=0)


def _last_commits(root: Path) -> dict[Path, int]:
    """Each file under `root` -> the time of its last commit; {} outside git."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--relative", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # no git, or not a repository
        return {}
    commits: dict[Path, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith("@"):
            when = int(line[1:])
        elif line:
            commits.setdefault((root / line).resolve(), when)  # newest commit first
    return commits


def _midnight(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())
