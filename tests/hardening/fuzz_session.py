"""The widget fuzzer's settings, module fixtures (server, bank, victim, marker) and phase runner,
shared by test_fuzz_widgets.py and test_fuzz_kernel.py."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import psutil
import pytest

from tests.hardening import fuzz_oracle as oracle
from tests.hardening import fuzz_wire as fw
from tests.hardening import wire_learner as wl
from tests.hardening.deep_runs import deep
from tests.hardening.fuzz_forger import Forger
from tests.hardening.fuzz_forger_aim import Victim
from tests.hardening.recorded import recorded_attempt
from tests.support.banks import QUIZ_BANK as TEST_BANK
from tests.support.student_server import StudentServer
from tests.support.voila import ARTIFACTS

from quizbank.loader import Bank, load_bank
from quizbank.session import QuizSettings
from quizbank.store import Store
from widgets.identity import identity_from_text

DEEP = deep()
SEED = int(os.environ.get("CLINQUIZ_FUZZ_SEED", "20261123"))
SCALE = 10 if DEEP else 1
SIZES = {"practice": 400 * SCALE, "exam": 300 * SCALE, "timed": 150 * SCALE, "frames": 150 * SCALE}
BATCH = 25
TIME_LIMIT_S = 5.0  # the timed class quiz: short, so the fuzz crosses the deadline
PHASE_LIMIT_S = 900.0 * SCALE  # a safety stop for a phase, not a speed check


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([TEST_BANK])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudentServer]:
    db = tmp_path_factory.mktemp("fuzz-records") / "records.sqlite3"
    Store(db).close()
    started = StudentServer(db, "voila-fuzz-widgets.log").start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def victim(server: StudentServer, bank: Bank) -> Victim:
    """A learner with an open practice quiz (answers, a checked item) and a submitted exam."""
    identity = identity_from_text("victim-0042")
    items = list(bank.items)
    with Store(server.db) as store:
        store.ensure_learner(identity.learner_id, identity.display_name)
        exam = recorded_attempt(
            store,
            identity.learner_id,
            bank,
            QuizSettings(mode="exam", length=len(items)),
            item_ids=items,
            seed="victim-exam",
        )
        exam.answer("t-tf", True)
        exam.submit()
        practice = recorded_attempt(
            store,
            identity.learner_id,
            bank,
            QuizSettings(mode="practice", length=len(items)),
            item_ids=items,
            seed="victim-practice",
        )
        practice.answer("t-single", "a")
        practice.check("t-single")
        practice.answer("t-tf", False)
    return Victim(identity.learner_id, (exam.attempt_id, practice.attempt_id), ("victim-exam", "victim-practice"))


@pytest.fixture(scope="module")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file that exists only if a forged execute_request ran code in a kernel."""
    return tmp_path_factory.mktemp("fuzz-marker") / "executed"


# -- running a phase -----------------------------------------------------------------------------


def leaked(wire: fw.Wire) -> list[str]:
    return [f"{leak.msg_type}: {leak.excerpt}" for leak in wire.leaks]


def key_on_page(wire: fw.Wire, bank: Bank) -> list[str]:
    """Rationales or verdicts anywhere in the page's widget states (an exam before submission: none)."""
    rationales = [item.rationale for item in bank.items.values()]
    found = []
    for comm_id, state in wire.states.items():
        text = json.dumps(state)
        if any(r[:60] in text for r in rationales) or 'class=\\"cq-verdict' in text:
            found.append(comm_id)
    return found


@dataclass
class Phase:
    name: str
    server: StudentServer
    bank: Bank
    victim: Victim
    learner_id: str
    allow_new_attempts: bool = False
    exam_open: bool = False

    def run(self, forger: Forger, count: int, keep_going: Callable[[], bool] = lambda: False) -> oracle.Snapshot:
        """Send `count` forged messages (and more while `keep_going()`), checking the oracle every BATCH."""
        wire = forger.wire
        log_path = ARTIFACTS / f"fuzz-widgets-{self.name}.log"
        before = self.snapshot()
        began = time.monotonic()
        with open(log_path, "w", encoding="utf-8") as log:
            log.write(f"seed {SEED} phase {self.name} kernel {wire.kernel_id}\n")
            sent = 0
            while (sent < count or keep_going()) and sent < 10 * count:
                assert time.monotonic() - began < PHASE_LIMIT_S, f"phase {self.name} ran past its safety limit"
                for _ in range(BATCH):
                    log.write(f"{forger.sent:6d} {forger.forge()}\n")
                    log.write(f"       {wire.last_sent[:600]}\n")
                    sent += 1
                log.flush()
                self.check(wire, before, log, forger.sent)
                before = self.snapshot()
        return before

    def kernel_state(self, kernel_id: str) -> str:
        """What became of a kernel that stopped answering (for the failure message)."""
        pid = self.server.kernels().get(kernel_id)
        if pid is None:
            return "its process is gone"
        try:
            process = psutil.Process(pid)
            cpu = process.cpu_percent(interval=1.0)
            status = f"process {pid} {process.status()}, {cpu:.0f}% CPU, {process.memory_info().rss >> 20} MB"
        except psutil.Error as exc:
            return f"process {pid}: {exc}"
        probe = fw.Wire(self.server.url, kernel_id)
        try:
            return f"{status}; a new connection {'gets' if probe.alive(20) else 'gets no'} answer"
        finally:
            probe.close()

    def snapshot(self) -> oracle.Snapshot:
        return oracle.snapshot(self.server.db, self.learner_id, [self.victim.learner_id])

    def check(self, wire: fw.Wire, before: oracle.Snapshot, log: Any, sent: int = 0) -> None:
        where = (
            f"(seed {SEED}, phase {self.name}, after message {sent}; see test-artifacts/fuzz-widgets-{self.name}.log)"
        )
        try:
            wire.sync()
        except fw.KernelGone as exc:
            state = self.kernel_state(wire.kernel_id)
            log.write(f"KERNEL GONE: {exc}; {state}\n")
            raise AssertionError(f"the kernel stopped answering {where}: {exc}; {state}") from exc
        assert self.server.alive(), f"the server process died {where}"
        after = self.snapshot()
        found = oracle.problems(before, after, self.bank, new_attempts=100 if self.allow_new_attempts else 0)
        opened = Counter((a.session_code, a.kind) for a in after.mine.values() if not a.submitted)
        if any(n > 1 for n in opened.values()):
            found.append(f"several open attempts at once: {dict(opened)}")
        assert not found, f"forged messages changed the records {where}:\n" + "\n".join(found)
        assert not leaked(wire), f"the kernel sent errors or output to the client {where}:\n" + "\n".join(leaked(wire))
        if self.exam_open and not any(a.submitted for a in after.mine.values()):
            shown = key_on_page(wire, self.bank)
            assert not shown, f"answer key or feedback on the page of an open exam {where}: {shown}"


def learner_wire(server: StudentServer, bank: Bank, typed: str, rng: Random) -> wl.WireLearner:
    learner = wl.WireLearner(server.url, bank, typed, rng)
    learner.connect()
    learner.sign_in()
    return learner


def assert_fresh_page_works(server: StudentServer, bank: Bank, typed: str, rng: Random) -> None:
    """After the forgeries, the same learner on a new page (a new kernel) can answer, and it is saved."""
    learner = learner_wire(server, bank, typed, rng)
    try:
        learner.open_quiz("practice")
        for _ in range(12):
            if learner.seed() is None:
                learner.press("Start a new quiz")
                learner.start("practice", None)
            if learner.answer_here() is not None:
                break
            if learner.w.button("Next →") is None:
                break
            learner.press("Next →")
        assert learner.acked, f"a fresh page could not save an answer: {learner.w.texts()[:8]}"
        assert not leaked(learner.w)
    finally:
        learner.close()
