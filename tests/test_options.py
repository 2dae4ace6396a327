"""The plugin's own options in mkdocs.yml: a value out of bounds is a precise config error.

Each bounded option gets a value it does not allow, and both engines must refuse it in
the same words, naming the option and what it allows: the MkDocs plugin when MkDocs
validates its config, and `journeymap generate` (Zensical) when it reads mkdocs.yml.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journeymap.content import limits
from journeymap.engines.mkdocs import JourneyMapConfig, JourneyMapPlugin
from journeymap.engines.zensical import GenerateError, generate
from journeymap.site import options

from .conftest import REPO, run_mkdocs
from .sitekit import small_site

DAYS = "use a whole number of days from 1 to 3,650"
WORD = "use a word or a few, on one line, of at most 100 characters, like 'patient"
FOLDER = "use a folder relative to the config file, on one line, of at most 255 characters"

# option: (the value as written in mkdocs.yml, what both engines say about it)
REFUSED = {
    "content_dir": ("30", f"expected text, got 30: {FOLDER}, like 'content'"),
    # A name this long is an OSError (a traceback) when the folder is looked for.
    "cache_dir": ("x" * 256, f"is 256 characters long: {FOLDER}, like '.cache/journeymap'"),
    "one_tab": (
        "'yes'",
        "expected true or false, got 'yes': use true or false, or leave it out (then on "
        "when Material's navigation.tabs is on)",
    ),
    "min_responses": (
        "-3",
        "-3 is not allowed: use a whole number of responses from 0 to 1,000,000,000",
    ),
    "review_every_days": ("0", f"0 is not allowed: {DAYS}"),
    # A date this many days back does not exist: the build used to crash computing it.
    "stale_after_days": ("99999999999", f"99,999,999,999 is not allowed: {DAYS}"),
    "max_media_mb": (
        "yes",
        "expected a number, got true: use a number of megabytes above 0 and at most 10,000",
    ),
    "satisfaction_metric": (
        "CSAT",
        "'CSAT' is not a metric id: use lowercase letters, digits and single hyphens, like 'csat'",
    ),
    "audience": ("''", f"'' is empty: {WORD}s'"),
    "audience_singular": (f"{'x' * 101}", f"is 101 characters long: {WORD}'"),
    "language": (
        "[de]",
        "expected text, got a list: use a language code, on one line, of at most 100 "
        "characters, like 'de'",
    ),
    "poster_size": ("A5", "'A5' is not allowed: use 'A3', 'A4'"),
    "map_hide": (
        "[toc, sidebar, header]",
        "'sidebar', 'header' are not allowed: use a list of 'navigation', 'toc', 'path', "
        "'footer', 'feedback', 'tags'",
    ),
    "fail_on": (
        "[alert]",
        "'alert' is not allowed: use a list of 'overdue_review', 'stale_metrics', "
        "'missing_metrics', 'missing_evidence', 'no_target', 'alerts', "
        "'unowned_opportunities', 'unscored_opportunities', 'dismay_without_opportunity', "
        "'planned_versions', 'unused_media', 'orphaned_subjourneys' (did you mean 'alerts'?)",
    ),
}


def test_every_option_is_bounded_and_tested() -> None:
    # generate has no check but bounds': an option left out would be read unchecked.
    declared = sorted(option.name for option in options.OPTIONS)
    assert sorted(REFUSED) == declared == sorted(name for name, _ in JourneyMapConfig._schema)


def mkdocs_errors(options: dict[str, object]) -> list[str]:
    """The errors MkDocs reports for the plugin's options, as it prints them."""
    errors, _ = JourneyMapPlugin().load_config(options)
    return [f"{key}: {error}" for key, error in errors]


def generate_errors(tmp_path: Path, options: str) -> list[str]:
    """The errors of `journeymap generate` for the plugin's options (YAML lines)."""
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Options\nplugins:\n  - journeymap:\n{options}", encoding="utf-8"
    )
    with pytest.raises(GenerateError) as error:
        generate(tmp_path / "mkdocs.yml")
    return str(error.value).splitlines()


@pytest.mark.parametrize("option", sorted(REFUSED))
def test_both_engines_refuse_a_value_out_of_bounds_alike(
    option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # generate names the config relative to the current folder
    written, why = REFUSED[option]
    assert mkdocs_errors({option: yaml.safe_load(f"v: {written}")["v"]}) == [f"{option}: {why}"]
    assert generate_errors(tmp_path, f"      {option}: {written}\n") == [
        f"mkdocs.yml: plugins: journeymap.{option}: {why}"
    ]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("min_responses", 0),
        ("min_responses", limits.MAX_RESPONSES),
        ("review_every_days", 1),
        ("review_every_days", limits.MAX_REVIEW_EVERY_DAYS),
        ("stale_after_days", limits.MAX_STALE_AFTER_DAYS),
        ("max_media_mb", 0.5),
        ("max_media_mb", limits.MAX_MEDIA_MB),
        ("audience", "people in care"),
        ("map_hide", []),
        ("content_dir", "x" * 255),
        ("cache_dir", "../.cache"),
        ("one_tab", False),
    ],
)
def test_values_at_the_bounds_are_allowed(option: str, value: object) -> None:
    assert mkdocs_errors({option: value}) == []
    assert options.problems({option: value}) == []


def test_generate_reads_what_mkdocs_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one_tab is for MkDocs' navigation, but one mkdocs.yml serves both engines; nothing
    # (null) means the default in both.
    monkeypatch.chdir(tmp_path)
    options = "      one_tab: true\n      min_responses: null\n      map_hide: null\n"
    assert mkdocs_errors(yaml.safe_load(options)) == []
    # The options passed: generate went on to look for docs_dir.
    assert generate_errors(tmp_path, options) == ["docs: docs_dir not found (set by mkdocs.yml)"]


def test_a_build_stops_with_every_problem_before_it_starts(tmp_path: Path) -> None:
    options = "".join(f"      {option}: {written}\n" for option, (written, _) in REFUSED.items())
    site = small_site(tmp_path, f"plugins:\n  - journeymap:\n{options}")
    result = run_mkdocs(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for option, (_, why) in REFUSED.items():
        assert f"Plugin 'journeymap' option '{option}': {why}\n" in result.stderr
    assert not (site / "site").exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("inf", "inf is not allowed: use a number of megabytes above 0 and at most 10,000"),
        ("-1", "-1 is not allowed: use a number of megabytes above 0 and at most 10,000"),
        ("ten", "'ten' is not a size in megabytes, like 20"),
    ],
)
def test_validate_max_media_mb_has_the_options_bounds(given: str, expected: str) -> None:
    executable = Path(sys.executable).parent / "journeymap"
    result = subprocess.run(
        [str(executable), "validate", f"--max-media-mb={given}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.endswith(f"argument --max-media-mb: {expected}\n")


def test_each_option_is_declared_once_and_the_rest_derived() -> None:
    """Adding an option is one field of `Options` (site/options.py) plus its use."""
    from dataclasses import fields

    from journeymap.site.settings import Settings

    for option in options.OPTIONS:
        assert option.metadata["help"].endswith("."), option.name
        # Every default is allowed, as mkdocs.yml would write it (a list, not a tuple).
        default = list(option.default) if isinstance(option.default, tuple) else option.default
        assert default is None or options.problem(option.name, default) is None, option.name
    assert issubclass(Settings, options.Options)  # what the pages read
    assert [f.name for f in fields(Settings)][: len(options.OPTIONS)] == [
        o.name for o in options.OPTIONS
    ]
    package = REPO / "plugin/journeymap"
    # Where the options used to be declared again, field by field.
    for module in (
        "engines/mkdocs.py",
        "site/build.py",
        "engines/zensical.py",
        "site/settings.py",
    ):
        text = (package / module).read_text(encoding="utf-8")
        for option in options.OPTIONS:
            # Read as `options.<name>`, never declared again in a class (`name = opt.…`,
            # `name: int = 30`, as a config class or a dataclass would).
            declared = re.search(rf"^    {option.name}( =|:)", text, re.MULTILINE)
            assert declared is None, (module, option.name)
