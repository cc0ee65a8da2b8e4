"""pyproject.toml's lower bounds and the pins of constraints/ name the same versions.

.ci/run installs the project under constraints/minimum.txt (the runtime dependencies)
and under constraints/bulk-minimum.txt (the column libraries) and runs the tests there:
a bound raised in one file and not in the other would leave the declared bound untested.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Final

import pytest

ROOT = Path(__file__).resolve().parent.parent
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_REQUIREMENT = re.compile(rf"(?P<name>{_NAME})\s*(?P<specifiers>[<>=!~].*)")
_PIN = re.compile(rf"(?P<name>{_NAME})\s*==\s*(?P<version>[^\s,;]+)")


def _normalised(name: str) -> str:
    """The name as PEP 503 compares names: ``Python_Dateutil`` is ``python-dateutil``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bound(requirement: str) -> tuple[str, str]:
    """The name and the one ``>=`` version of a requirement such as ``holidays>=0.102,<1``."""
    match = _REQUIREMENT.fullmatch(requirement.strip())
    if match is None:
        raise ValueError(f"{requirement!r}: expected a name and version specifiers")
    bounds = [
        specifier.strip()[2:].strip()
        for specifier in match["specifiers"].split(",")
        if specifier.strip().startswith(">=")
    ]
    if len(bounds) != 1:
        raise ValueError(f"{requirement!r}: expected exactly one '>=' lower bound")
    return _normalised(match["name"]), bounds[0]


def declared_lower_bounds() -> dict[str, str]:
    """The lower bound of each runtime dependency of pyproject.toml, by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(lower_bound(requirement) for requirement in project["dependencies"])


def pinned_minimum_versions(file: str = "minimum.txt") -> dict[str, str]:
    """The ``name==version`` pins of a file of constraints/, by name; comments ignored."""
    pins: dict[str, str] = {}
    text = (ROOT / "constraints" / file).read_text(encoding="utf-8")
    for line in text.splitlines():
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        match = _PIN.fullmatch(content)
        if match is None:
            raise ValueError(f"constraints/{file}: {line!r} is not a 'name==version' pin")
        name = _normalised(match["name"])
        if name in pins:
            raise ValueError(f"constraints/{file}: {name} is pinned twice")
        pins[name] = match["version"]
    return pins


_COLUMN_LIBRARIES: Final = ("numpy", "pandas", "polars", "pyarrow")


def declared_column_bounds() -> dict[str, str]:
    """The lower bounds of the column libraries in the extras, by name (one in every extra)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    bounds: dict[str, str] = {}
    for requirement in [item for extra in extras.values() for item in extra]:
        if _REQUIREMENT.fullmatch(requirement.strip()) is None:
            continue  # caf-contract[bulk]: the project itself
        name, bound = lower_bound(requirement)
        if name in _COLUMN_LIBRARIES:
            assert bounds.setdefault(name, bound) == bound, f"{name}: two lower bounds"
    return bounds


def test_the_minimum_constraints_pin_every_runtime_dependency_at_its_lower_bound() -> None:
    declared = declared_lower_bounds()
    assert declared, "pyproject.toml declares no runtime dependency"
    assert pinned_minimum_versions() == declared


def test_the_column_libraries_are_pinned_at_their_lower_bounds() -> None:
    declared = declared_column_bounds()
    assert sorted(declared) == sorted(_COLUMN_LIBRARIES)
    assert pinned_minimum_versions("bulk-minimum.txt") == declared


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("attrs>=22.2.0", ("attrs", "22.2.0")),
        ("Python_Dateutil >= 2.9.0.post0", ("python-dateutil", "2.9.0.post0")),
        ("holidays>=0.102,<1", ("holidays", "0.102")),
        ("holidays<1, >=0.102", ("holidays", "0.102")),
    ],
)
def test_a_lower_bound_is_read_whatever_the_spelling(
    requirement: str, expected: tuple[str, str]
) -> None:
    assert lower_bound(requirement) == expected


@pytest.mark.parametrize("requirement", ["attrs", "attrs==22.2.0", "attrs>=22.2,>=23", "≥1"])
def test_a_dependency_without_exactly_one_lower_bound_is_refused(requirement: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        lower_bound(requirement)
