"""Synthetic banks for the load benchmarks: many valid items, made from the shipped ones.

Every item of the shipped bank (all ten types, real quotes from the sources) is used in turn,
renamed, and written in the layout educators use: one item per block, short lists and
option mappings in flow style (`- {id: a, text: ...}`), 500 items a file, each file under
the loader's size limit. Quotes repeat (there are only so many sentences in two leaflets),
which the loader does not cache, so the provenance check costs what it would on new quotes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from quizbank.loader import DEFAULT_BANK, load_bank
from quizbank.yamlread import MAX_BYTES

PER_FILE = 500


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter, writing every value out (a bank allows no anchors or aliases)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def templates() -> list[dict]:
    """Every item of the shipped bank as plain data (round-tripped through its model)."""
    bank = load_bank()
    return [item.model_dump(mode="json", exclude_defaults=True) for item in bank.items.values()]


def write_bank(directory: Path, count: int, *, per_file: int = PER_FILE) -> Path:
    """Write `count` items (cycling through every shipped item) plus the objectives into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    shipped = templates()
    (directory / "objectives.yaml").write_text(
        (DEFAULT_BANK / "objectives.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for start in range(0, count, per_file):
        items = []
        for n in range(start, min(count, start + per_file)):
            item = dict(shipped[n % len(shipped)])
            item["id"] = f"syn-{n:06d}"
            items.append(item)
        text = yaml.dump(
            {"schema_version": 1, "items": items},
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=None,
            width=100,
            indent=2,
        )
        if len(text.encode()) >= MAX_BYTES:
            raise ValueError(f"{per_file} items make a file over {MAX_BYTES:,} bytes; write fewer per file")
        (directory / f"items-{start // per_file:03d}.yaml").write_text(text, encoding="utf-8")
    return directory


def main() -> None:
    """`python -m benchmarks.synthetic DIR COUNT`: write a synthetic bank (to try the loader by hand)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    write_bank(args.directory, args.count)
    print(f"wrote {args.count} items to {args.directory}")


if __name__ == "__main__":
    main()
