"""The lock is the install: it pins every declared dependency inside pyproject.toml's range, with
hashes, and environment.yml mirrors it (as `make lock` writes them)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = (REPO / "requirements.lock").read_text()
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.M)


def declared() -> list[Requirement]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_every_declared_dependency_is_pinned_inside_its_range():
    pins: dict[str, list[str]] = {}
    for name, version in PIN.findall(LOCK):
        pins.setdefault(canonicalize_name(name), []).append(version)
    for requirement in declared():
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement} is not in requirements.lock: run make lock"
        assert all(requirement.specifier.contains(v, prereleases=True) for v in versions), (requirement, versions)


def test_every_pin_carries_a_hash():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 2)[2])
    pinned = [b for b in blocks if PIN.match(b)]
    assert len(pinned) > 50
    assert all("--hash=sha256:" in b for b in pinned), [b.split()[0] for b in pinned if "--hash" not in b]


def test_environment_yml_mirrors_the_lock():
    written = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "environment_yml.py"), str(REPO / "requirements.lock")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert written == (REPO / "environment.yml").read_text(), "environment.yml is stale: run make lock"
