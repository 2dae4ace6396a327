"""The content examples of the README and the guide are real: they validate, and their
error examples are exact."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.site.inventory import entries
from journeymap.site.links import Links

from .conftest import REPO

GUIDE = REPO / "guide"
README = "\n".join(
    path.read_text(encoding="utf-8") for path in [REPO / "README.md", *sorted(GUIDE.glob("*.md"))]
)
"""The README and every page of the guide, one after the other."""


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def yaml_block(starting: str) -> str:
    return next(block for block in blocks("yaml") if block.startswith(starting))


def test_readme_examples_make_valid_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    journey = content / "journeys/onboarding"
    journey.mkdir(parents=True)
    (journey / "v1.yml").write_text(yaml_block("id: onboarding\nversion: 1"))
    (journey / "v2.yml").write_text(yaml_block("id: onboarding\nversion: 2"))
    (content / "metrics.yml").write_text(yaml_block("metrics:"))
    (content / "personas.yml").write_text(yaml_block("personas:"))
    (content / "snapshots").mkdir()
    (content / "snapshots/2026-11-16.csv").write_text(blocks("csv")[0])

    loaded = load_content(content, display_root=tmp_path, today=dt.date(2026, 11, 22))

    onboarding = loaded.journeys["onboarding"]
    assert [v.version for v in onboarding.versions] == [1, 2]
    assert onboarding.current.stages[0].replaces == ["setup"]
    assert len(loaded.snapshots) == 3


def test_readme_snapshot_error_example_is_what_the_loader_says(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "journeys/onboarding").mkdir(parents=True)
    (content / "journeys/onboarding/v1.yml").write_text(
        "id: onboarding\nversion: 1\ntitle: O\neffective: 2026-01-05\n"
        "stages:\n  - {id: kickoff, title: Kickoff}\n"
    )
    (content / "metrics.yml").write_text(yaml_block("metrics:"))
    # The header is line 1; fifteen good rows put the misspelt stage on line 17.
    rows = ["journey,stage,metric,segment,value"]
    rows += [f"onboarding,kickoff,csat,segment {n},4" for n in range(15)]
    rows += ["onboarding,kikoff,csat,,4"]
    (content / "snapshots").mkdir()
    (content / "snapshots/2026-11-15.csv").write_text("\n".join(rows) + "\n")
    expected = next(line for line in README.splitlines() if line.startswith("content/snapshots/"))
    try:
        load_content(content, display_root=tmp_path, today=dt.date(2026, 11, 22))
    except ContentError as error:
        assert [str(p) for p in error.problems] == [expected]
    else:
        raise AssertionError("the misspelt stage was not reported")


def example_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def problem_lines(content: Path, root: Path) -> list[str]:
    try:
        load_content(content, display_root=root, today=dt.date(2026, 11, 18))
    except ContentError as error:
        return [str(p) for p in error.problems]
    return []


def test_readme_validate_example_is_what_the_example_content_gives(tmp_path: Path) -> None:
    content = example_copy(tmp_path)
    # The first `score:` after the stage's id, the first `- payment-issue` after checkout's
    # `next:`: found, not hard-coded, so that the example content may grow.
    for journey, after, old, new in [
        ("b2b-subscription", ("  - id: onboarding",), "      score: ", "      score: 7"),
        (
            "grocery-app",
            ("  - id: checkout", "    next:"),
            "      - payment-issue",
            "      - payment-isue",
        ),
    ]:
        path = content / f"journeys/{journey}/v2.yml"
        lines = path.read_text(encoding="utf-8").split("\n")
        index = 0
        for anchor in after:
            index = lines.index(anchor, index)
        index = next(n for n in range(index, len(lines)) if lines[n].startswith(old))
        lines[index] = new
        path.write_text("\n".join(lines), encoding="utf-8")
    block = README[README.index("from the example site's two journeys:") :]
    expected = block.split("```\n")[1].splitlines()
    assert len(expected) == 2
    assert problem_lines(content, tmp_path) == expected


def test_readme_yaml_slips_example_gives_the_lines_it_shows(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "journeys/clinic").mkdir(parents=True)
    (content / "journeys/clinic/v1.yml").write_text(yaml_block("id: clinic\nversion: 1"))
    expected = [line for line in README.splitlines() if line.startswith("content/journeys/clinic")]
    assert len(expected) == 3
    assert problem_lines(content, tmp_path) == expected


def test_readme_links_names_and_urls_exist_in_the_example_site() -> None:
    content = load_content(REPO / "content", display_root=REPO, today=dt.date(2026, 11, 18))
    links = Links(content, use_directory_urls=True)
    targets = re.findall(r"\]\((journey|metric):([^)#\s]+)", README)
    assert len(targets) >= 6
    for scheme, target in targets:
        assert isinstance(links.source_of(scheme, target), str), f"{scheme}:{target}"
    names = {e.name for e in entries(content, use_directory_urls=True)}
    used = re.findall(
        r"[`\[](journeys/[a-z0-9/-]+|metrics/[a-z0-9-]+|evidence/[a-z0-9-]+)[`\]]", README
    )
    used += re.findall(
        r"https://journeys\.acme\.example/(journeys/[a-z0-9/-]+?)/?(?:badge\.svg)?\)", README
    )
    assert len(used) >= 10
    for name in used:
        assert name.strip("/") in names, name
    assert "onboarding/kickoff" not in README and "journey:onboarding" not in README


def test_readme_common_mistakes_say_what_journeymap_says_and_the_fix_works() -> None:
    from journeymap.content.documents import parse_yaml
    from journeymap.content.problems import Problems

    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \| `([^`]+)` \|$", README, flags=re.M)
    assert len(rows) == 4  # the YAML rows; the snapshot rows are tested in test_snapshots
    for wrote, says, fix in rows:
        problems = Problems()
        parse_yaml(wrote + "\n", "v1.yml", problems)
        [problem] = [str(p) for p in problems]
        assert problem.startswith(f"v1.yml:1: {says}")
        assert problem.endswith(f", like {fix}")
        fixed = Problems()
        assert parse_yaml(fix + "\n", "v1.yml", fixed) is not None and not fixed
