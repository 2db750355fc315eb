"""Crashes at random moments: every answer a learner was told is saved survives, exactly once.

Two kinds of rounds, each ending in SIGKILL at a random moment (seeded: CLINQUIZ_CRASH_SEED)
and a restart on the same records:

- Voila rounds (the real thing): the student quiz server as `make serve` starts it, and two
  learners speaking the page's protocol over the kernel websocket (no browser:
  tests/hardening/fuzz_wire.py) who answer items, hand in and start again. An answer counts
  as acknowledged when the page shows it chosen and "✓ Saved at …". At a random moment
  the test kills one learner's kernel, or both, or the whole server with every kernel;
  the learners come back on a new page and carry on.

What every round checks: tests/hardening/crash_support.py. The records rounds: test_crash_records.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from random import Random
from typing import Any

import pytest
import requests
import websocket

from tests.hardening import fuzz_wire as fw
from tests.hardening import wire_learner as wl
from tests.hardening.crash_support import SAFETY_S, SEED, VOILA_ROUNDS, integrity
from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.student_server import StudentServer
from tests.support.voila import ARTIFACTS

from quizbank.loader import Bank, load_bank
from quizbank.store import Store
from widgets.identity import identity_from_text


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([TEST_BANK])


# -- Voila rounds ------------------------------------------------------------------------------


class Learner:
    """A learner who comes back on a new page every round; remembers what the page showed as saved."""

    def __init__(self, server: StudentServer, bank: Bank, typed: str, rng: Random) -> None:
        self.typed = typed
        self.wire_learner = wl.WireLearner(server.url, bank, typed, rng)
        self.thread: threading.Thread | None = None
        self.stop = threading.Event()
        self.ended = ""
        self.round_acks = 0

    @property
    def learner_id(self) -> str:
        return identity_from_text(self.typed).learner_id

    def begin(self, base_url: str) -> None:
        self.wire_learner.base_url = base_url
        self.stop = threading.Event()
        self.ended = ""
        self.round_acks = 0
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"learner-{self.typed}")
        self.thread.start()

    def _run(self) -> None:
        learner = self.wire_learner
        try:
            learner.connect()
            learner.sign_in()
            learner.open_quiz(learner.rng.choice(["exam", "practice"]))
            for _ in learner.work(10**6, self.stop.is_set):
                self.round_acks += 1
            self.ended = "stopped"
        except (fw.KernelGone, OSError, requests.RequestException, websocket.WebSocketException) as exc:
            self.ended = f"cut off: {type(exc).__name__}"
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.ended = f"failed: {type(exc).__name__}: {exc}"

    def finish(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=SAFETY_S)
            assert not self.thread.is_alive(), f"learner {self.typed} did not stop"
        self.wire_learner.close()

    def leave(self, server: StudentServer) -> None:
        """Shut the page's kernel down as the page does when it is left (Voila's unload beacon)."""
        learner = self.wire_learner
        token = learner.http.cookies.get("_xsrf")
        if learner.wire is None or token is None or not server.alive():
            return
        try:
            learner.http.post(
                f"{server.url}voila/api/shutdown/{learner.wire.kernel_id}",
                headers={"X-XSRFToken": token},
                timeout=fw.SAFETY_S,
            )
        except requests.RequestException:
            pass

    def problems(self, store: Store, bank: Bank) -> list[str]:
        """Every acknowledged answer and submission of this learner, checked against the store."""
        found = []
        attempts = store.list_attempts(self.learner_id, "quiz")
        by_seed: dict[str, list[str]] = {}
        for a in attempts:
            by_seed.setdefault(store.load_attempt(self.learner_id, a.attempt_id).seed, []).append(a.attempt_id)
        twice = {s: ids for s, ids in by_seed.items() if len(ids) > 1}
        if twice:
            found.append(f"{self.typed}: quiz codes with several attempts: {twice}")
        if sum(1 for a in attempts if a.submitted_at is None) > 1:
            found.append(f"{self.typed}: more than one open quiz attempt")
        for ack in self.wire_learner.acked:
            ids = by_seed.get(ack.seed, [])
            if not ids:
                found.append(f"{self.typed}: no attempt for quiz code {ack.seed} ({ack.kind} acknowledged)")
                continue
            record = store.load_attempt(self.learner_id, ids[0])
            if ack.kind == "submit":
                if not record.submitted:
                    found.append(f"{self.typed}: {ack.seed} was shown handed in, the store has it open")
                continue
            assert ack.item_id is not None
            stored = wl.normal(bank.items[ack.item_id], record.responses[ack.item_id].answer)
            if stored != ack.response:
                found.append(f"{self.typed}: {ack.seed}/{ack.item_id}: shown saved {ack.response!r}, stored {stored!r}")
        return found


def wait_for(condition: Any, limit_s: float) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def crash_server(tmp_path: Path) -> Iterator[StudentServer]:
    db = tmp_path / "records.sqlite3"
    Store(db).close()
    server = StudentServer(db, "voila-crash-rounds.log")
    server.log_path.unlink(missing_ok=True)
    server.start()
    try:
        yield server
    finally:
        if server.alive():
            server.kill()


def test_acknowledged_answers_survive_kernel_and_server_kills(crash_server: StudentServer, bank: Bank) -> None:
    server = crash_server
    rng = Random(SEED + 1)
    learners = [Learner(server, bank, f"crash-voila-{name}", Random(SEED + i)) for i, name in enumerate("ab")]
    kinds = ["one kernel", "server", "both kernels", "server"]
    log = ARTIFACTS / "crash-voila-rounds.log"
    with open(log, "w", encoding="utf-8") as out:
        out.write(f"seed {SEED}\n")
        for round_no in range(1, VOILA_ROUNDS + 1):
            kind = kinds[round_no - 1] if round_no <= len(kinds) else rng.choice(kinds)
            for learner in learners:
                learner.begin(server.url)
            # Kill once every learner has had something saved this round, plus a random moment.
            started = wait_for(lambda: all(lr.round_acks > 0 or lr.ended for lr in learners), SAFETY_S)
            assert started, f"round {round_no}: the learners saved nothing: {[lr.ended for lr in learners]}"
            failed = [lr.ended for lr in learners if lr.ended.startswith("failed")]
            assert not failed, f"round {round_no} (seed {SEED}): {failed}"
            time.sleep(rng.uniform(0.0, 1.5))
            if kind == "server":
                server.kill()
            else:
                victims = learners if kind == "both kernels" else [rng.choice(learners)]
                for victim in victims:
                    wire = victim.wire_learner.wire
                    assert wire is not None
                    server.kill_kernel(wire.kernel_id)
            for learner in learners:
                learner.finish()
            failed = [lr.ended for lr in learners if lr.ended.startswith("failed")]
            assert not failed, f"round {round_no} (seed {SEED}): {failed}"
            if server.alive():
                for learner in learners:
                    learner.leave(server)
            else:
                server.start()
            ok, broken_keys = integrity(server.db)
            assert ok == "ok", f"round {round_no} (seed {SEED}): integrity_check says {ok}"
            assert broken_keys == []
            with Store(server.db) as store:
                found = [p for lr in learners for p in lr.problems(store, bank)]
            acked = [len(lr.wire_learner.acked) for lr in learners]
            out.write(
                f"round {round_no}: killed {kind}; learners {[lr.ended for lr in learners]}; "
                f"acknowledged so far {acked}\n"
            )
            out.flush()
            assert not found, f"round {round_no} (seed {SEED}, killed {kind}):\n" + "\n".join(found)
    total = sum(len(lr.wire_learner.acked) for lr in learners)
    assert total >= VOILA_ROUNDS, "too few acknowledged answers to mean anything"
    print(f"Voila rounds: {VOILA_ROUNDS}, acknowledged answers and submissions checked: {total}")
