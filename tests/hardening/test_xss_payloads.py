"""Every XSS payload is placed in a bank the strict reader loads (no browser needed)."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.xss_payloads import PAYLOADS, build_bank

from quizbank.loader import load_bank


def test_every_payload_is_placed_in_a_valid_bank(tmp_path: Path):
    placed = build_bank(tmp_path / "bank")
    assert set(placed) == set(PAYLOADS)
    bank = load_bank([tmp_path / "bank"])
    assert {o.text for o in bank.objectives.values()} <= set(PAYLOADS)
