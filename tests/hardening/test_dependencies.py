"""Installed versions and pyproject.toml's lower bounds against the known-fixed versions table.

Offline: versions come from the installed packages' metadata (importlib.metadata) and the
table (known_fixed_versions.json, each minimum with the advisories it fixes); nothing here
reaches the network. tests/hardening/audit.py asks pip-audit for advisories newer than the
table, by hand.
"""

from __future__ import annotations

import json
import sys
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TABLE: dict[str, Any] = json.loads((HERE / "known_fixed_versions.json").read_text(encoding="utf-8"))["packages"]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGES = {canonicalize_name(name): entry for name, entry in TABLE.items()}


def declared() -> list[Requirement]:
    """The dependencies pyproject.toml declares: the package's and the test extra's."""
    project = PYPROJECT["project"]
    texts = list(project.get("dependencies", [])) + list(project.get("optional-dependencies", {}).get("test", []))
    return [Requirement(text) for text in texts]


def installed(name: str) -> Version | None:
    try:
        return Version(metadata.version(name))
    except metadata.PackageNotFoundError:
        return None


def lower_bound(requirement: Requirement) -> Version | None:
    """The smallest version a requirement allows (>=, ==, ~=, >), or None when it sets none."""
    bounds = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==", "~=", "===", ">")]
    return max(bounds) if bounds else None


def test_the_table_is_well_formed():
    for name, entry in TABLE.items():
        assert entry["scope"] in ("runtime", "test", "tooling"), name
        minimum = Version(entry["min"])
        for advisory in entry["advisories"]:
            assert advisory["id"].startswith(("GHSA-", "CVE-", "PYSEC-")), (name, advisory)
            assert advisory.get("cve", "CVE-").startswith("CVE-"), (name, advisory)
            assert Version(advisory["fixed_in"]) <= minimum, f"{name}: the minimum {minimum} misses {advisory}"
            assert advisory["what"], (name, advisory)
        if entry["advisories"]:
            assert max(Version(a["fixed_in"]) for a in entry["advisories"]) == minimum, (
                f"{name}: minimum above every fix"
            )


def test_every_declared_dependency_is_in_the_table():
    missing = [str(r) for r in declared() if canonicalize_name(r.name) not in PACKAGES]
    assert not missing, f"add these to known_fixed_versions.json (advisories: [] if none): {missing}"


@pytest.mark.parametrize("name", sorted(n for n, e in TABLE.items() if e["scope"] != "tooling"))
def test_installed_versions_are_at_or_above_the_known_fixes(name: str):
    entry = TABLE[name]
    version = installed(name)
    direct = canonicalize_name(name) in {canonicalize_name(r.name) for r in declared()}
    if version is None:
        assert not direct, f"{name} is a declared dependency but is not installed"
        pytest.skip(f"{name} is not installed here")
    fixes = ", ".join(a["id"] for a in entry["advisories"] if Version(a["fixed_in"]) > version)
    assert version >= Version(entry["min"]), f"{name} {version} is below {entry['min']}: upgrade it (fixes {fixes})"


@pytest.mark.parametrize("name", sorted(n for n, e in TABLE.items() if e["scope"] == "tooling"))
def test_installer_tools_are_reported_when_old(name: str):
    """pip and setuptools install packages; they do not serve the quiz. Old ones are reported (a
    warning in the test summary), not failed: a developer's environment may hold any."""
    entry = TABLE[name]
    version = installed(name)
    if version is None:
        pytest.skip(f"{name} is not installed here")
    if version < Version(entry["min"]):
        open_ids = ", ".join(a["id"] for a in entry["advisories"] if Version(a["fixed_in"]) > version)
        warnings.warn(
            f"{name} {version} is below {entry['min']} ({open_ids}): python -m pip install -U {name}", stacklevel=1
        )


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_pyproject_lower_bounds_are_at_or_above_the_known_fixes(requirement: Requirement):
    entry = PACKAGES[canonicalize_name(requirement.name)]
    minimum = Version(entry["min"])
    bound = lower_bound(requirement)
    fixes = ", ".join(a["id"] for a in entry["advisories"] if bound is None or Version(a["fixed_in"]) > bound)
    assert bound is not None and bound >= minimum, (
        f"pyproject.toml allows {requirement}; raise its lower bound to >={entry['min']} (fixes {fixes})"
    )


def test_the_check_sees_a_version_below_a_fix():
    """The comparison itself: an old voila would be caught."""
    assert lower_bound(Requirement("voila>=0.5.5,<0.6")) < Version(TABLE["voila"]["min"])
    assert lower_bound(Requirement("voila~=0.5.6")) == Version("0.5.6")
    assert lower_bound(Requirement("voila")) is None
