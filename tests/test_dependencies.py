"""What CI installs: the lock file pins it, the ranges allow it, the README says it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pinned() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def requirements() -> list[Requirement]:
    extras = PROJECT["optional-dependencies"]
    return [Requirement(r) for r in PROJECT["dependencies"] + extras["test"]]


def test_the_lock_file_pins_every_requirement_within_its_range() -> None:
    pins = pinned()
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: compile it again"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name} {pins[name]}, outside {requirement}"
        )


def test_runtime_dependencies_have_upper_bounds() -> None:
    """A major release of any of them may change what journeymap relies on."""
    for requirement in map(Requirement, PROJECT["dependencies"]):
        assert any(spec.operator == "<" for spec in requirement.specifier), requirement


def test_ci_runs_the_readmes_test_command_with_the_lock_file() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\*\*Run the tests:\*\*\n\n```sh\n(.+)\n```", readme)
    assert command is not None
    assert "-c constraints.txt" in command[1]
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert command[1] in ci
