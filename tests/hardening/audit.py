"""A dependency audit to run by hand (network needed for the second part); never part of `make test`.

    python tests/hardening/audit.py [--strict]

1. Offline: every package of known_fixed_versions.json, its installed version and whether it
   is at or above the known fixes (the same check as test_dependencies.py, as a table).
2. Online, if pip-audit is installed (`python -m pip install pip-audit`): `pip-audit` over the
   installed environment, for advisories newer than the table. Without network, or without
   pip-audit, it says so and stops. Add what it finds to known_fixed_versions.json.

Report only: the exit status is 0 unless --strict is given and something is below a fix.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.version import Version

TABLE = Path(__file__).resolve().parent / "known_fixed_versions.json"


def offline() -> int:
    """Print the table against what is installed; the number of packages below their fix."""
    packages = json.loads(TABLE.read_text(encoding="utf-8"))["packages"]
    below = 0
    print(f"{'package':18} {'scope':8} {'installed':12} {'minimum':10} state")
    for name, entry in sorted(packages.items()):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            print(f"{name:18} {entry['scope']:8} {'-':12} {entry['min']:10} not installed")
            continue
        ok = Version(version) >= Version(entry["min"])
        below += not ok
        state = (
            "ok"
            if ok
            else "BELOW: "
            + ", ".join(a["id"] for a in entry["advisories"] if Version(a["fixed_in"]) > Version(version))
        )
        print(f"{name:18} {entry['scope']:8} {version:12} {entry['min']:10} {state}")
    return below


def online() -> None:
    """pip-audit over the installed packages, if it is installed and the network answers."""
    if importlib.util.find_spec("pip_audit") is None:
        print("\npip-audit is not installed: python -m pip install pip-audit (then run this again)")
        return
    print("\npip-audit (asks the advisory database over the network):")
    try:
        done = subprocess.run([sys.executable, "-m", "pip_audit", "--progress-spinner", "off"], timeout=600)
    except subprocess.TimeoutExpired:
        print("pip-audit did not finish in 10 minutes (no network?)")
        return
    if done.returncode not in (0, 1):
        print(f"pip-audit stopped with status {done.returncode} (no network?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when an installed package is below its known fix")
    parser.add_argument("--offline", action="store_true", help="only the table, no pip-audit")
    args = parser.parse_args(argv)
    below = offline()
    if not args.offline:
        online()
    return 1 if args.strict and below else 0


if __name__ == "__main__":
    sys.exit(main())
