"""Synthetic banks for the load benchmark: many valid items of every type, real quotes."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from quizbank.loader import load_bank
from quizbank.yamlread import MAX_BYTES

PER_FILE = 500


def _templates() -> list[dict]:
    """One plain-data item of each type, taken from the shipped bank (round-tripped through the model)."""
    bank = load_bank()
    seen: dict[str, dict] = {}
    for item in bank.items.values():
        seen.setdefault(item.type, item.model_dump(mode="json", exclude_defaults=True))
    return list(seen.values())


def write_bank(directory: Path, count: int) -> Path:
    """Write `count` items (cycling through every type) plus the objectives into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    templates = _templates()
    shipped = Path(load_bank.__globals__["DEFAULT_BANK"])
    (directory / "objectives.yaml").write_text((shipped / "objectives.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for start in range(0, count, PER_FILE):
        items = []
        for n in range(start, min(count, start + PER_FILE)):
            item = copy.deepcopy(templates[n % len(templates)])
            item["id"] = f"syn-{n:06d}"
            items.append(item)
        text = yaml.safe_dump({"schema_version": 1, "items": items}, sort_keys=False, allow_unicode=True)
        assert len(text.encode()) < MAX_BYTES
        (directory / f"items-{start // PER_FILE:03d}.yaml").write_text(text, encoding="utf-8")
    return directory
