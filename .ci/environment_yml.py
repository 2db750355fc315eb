"""Write environment.yml from the lock: the top-level dependencies of pyproject.toml, pinned as locked.

    python .ci/environment_yml.py requirements.lock > environment.yml

Where the lock holds several versions of a package (one per Python version), the one for the
Python running this script is taken. Packages conda-forge does not carry go under `pip:`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: mypy's own dependency
    import tomli as tomllib  # type: ignore[no-redef]

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIP_ONLY = {"fsrs", "yaml-rs", "playwright", "axe-playwright-python", "types-pyyaml", "types-requests"}
CONDA_NAMES = {"pyyaml": "pyyaml"}
_LINE = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked_versions(lock: str) -> dict[str, str]:
    """Package name (canonical) -> the locked version that applies to this interpreter."""
    versions: dict[str, str] = {}
    for line in lock.splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        versions[canonicalize_name(name)] = version
    return versions


def top_level() -> list[Requirement]:
    """The dependencies pyproject.toml lists: the package's own, then the test extra's."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def render(lock: str) -> str:
    """environment.yml's text."""
    versions = locked_versions(lock)
    conda, pip = [], []
    for requirement in top_level():
        name = canonicalize_name(requirement.name)
        pinned = f"{CONDA_NAMES.get(name, requirement.name)}=={versions[name]}"
        (pip if name in PIP_ONLY else conda).append(pinned)
    lines = [
        "# Conda environment mirroring the lock's top-level pins (written by `make lock` from",
        "# requirements.lock; pyproject.toml is the one list of dependencies).",
        "name: clinquiz",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python>=3.10",
        "  - pip",
        *(f"  - {p}" for p in conda),
        "  - pip:",
        *(f"      - {p}" for p in pip),
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(Path(sys.argv[1]).read_text()))
