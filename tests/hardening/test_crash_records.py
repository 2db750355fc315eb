"""Crashes at random moments: every answer a learner was told is saved survives, exactly once.

Two kinds of rounds, each ending in SIGKILL at a random moment (seeded: CLINQUIZ_CRASH_SEED)
and a restart on the same records:

- Records rounds (many more per minute): three learner processes each doing what a
  kernel does through quizbank.records and the store (answers, checks, flags, submissions,
  case choices), printing each acknowledgement (tests/hardening/crash_writer.py), all
  killed at once or one by one.

What every round checks: tests/hardening/crash_support.py. The Voila rounds: test_crash_voila.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from tests.hardening.crash_support import RECORD_ROUNDS, SAFETY_S, SEED, WRITER, WRITERS, integrity
from tests.support.voila import ARTIFACTS

from quizbank.store import Store
from widgets.identity import identity_from_text

# -- records rounds --------------------------------------------------------------------------------


@dataclass
class Expect:
    """What the store must hold for one learner, from the acknowledgements seen so far."""

    typed: str
    answers: dict[tuple[str, str], Any] = field(default_factory=dict)  # (attempt, item) -> last acked answer
    maybe_answers: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # in flight since
    flags: dict[tuple[str, str], bool] = field(default_factory=dict)
    maybe_flags: dict[tuple[str, str], list[bool]] = field(default_factory=dict)
    checks: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    maybe_checks: set[tuple[str, str]] = field(default_factory=set)
    submitted: set[str] = field(default_factory=set)
    opened: set[str] = field(default_factory=set)
    cases: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)  # attempt -> seq -> (step, choice)
    maybe_cases: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)
    acks: int = 0

    @property
    def learner_id(self) -> str:
        return identity_from_text(self.typed).learner_id

    def read(self, lines: list[str]) -> None:
        """Take in one round's output of a writer (cut off anywhere by the kill)."""
        in_flight: dict[str, Any] | None = None
        for number, line in enumerate(lines):
            tag, _, rest = line.partition(" ")
            if tag == "ERR":
                raise AssertionError(f"{self.typed}: the store refused a write: {rest}")
            if tag not in ("SEND", "ACK"):
                continue
            try:
                data = json.loads(rest)
            except ValueError:
                if number == len(lines) - 1:
                    break  # the last line, cut short by the kill: never acknowledged
                raise AssertionError(f"{self.typed}: unreadable line {number}: {line!r}") from None
            if tag == "SEND":
                in_flight = data
                continue
            in_flight = None
            self.acks += 1
            self.take(data)
        if in_flight is not None:
            self.maybe(in_flight)

    def take(self, data: dict[str, Any]) -> None:
        kind = data["kind"]
        key = (data.get("attempt"), data.get("item"))
        if kind == "open":
            self.opened.add(data["attempt"])
            if data["submitted"]:
                self.submitted.add(data["attempt"])
        elif kind == "case-open":
            self.cases.setdefault(data["attempt"], {})
        elif kind == "answer":
            self.answers[key] = data["answer"]
            self.maybe_answers.pop(key, None)
        elif kind == "check":
            self.answers[key] = data["answer"]
            self.maybe_answers.pop(key, None)
            self.checks[key] = data
            self.maybe_checks.discard(key)
        elif kind == "flag":
            self.flags[key] = data["flagged"]
            self.maybe_flags.pop(key, None)
        elif kind == "submit":
            self.submitted.add(data["attempt"])
        elif kind == "case":
            self.cases.setdefault(data["attempt"], {})[data["seq"]] = (data["step"], data["choice"])

    def maybe(self, data: dict[str, Any]) -> None:
        """The write that was in flight when the process died: it may or may not be in the store."""
        kind = data["kind"]
        key = (data.get("attempt"), data.get("item"))
        if kind == "answer":
            self.maybe_answers.setdefault(key, []).append(data["answer"])
        elif kind == "check":
            self.maybe_checks.add(key)
        elif kind == "flag":
            self.maybe_flags.setdefault(key, []).append(data["flagged"])
        elif kind == "case":
            self.maybe_cases.setdefault(data["attempt"], {})[data["seq"]] = (data["step"], data["choice"])

    def problems(self, store: Store) -> list[str]:
        who = self.typed
        found: list[str] = []
        attempts = {a.attempt_id: a for a in store.list_attempts(self.learner_id)}
        records = {a: store.load_attempt(self.learner_id, a) for a in attempts}
        for attempt_id in self.opened | set(self.cases):
            if attempt_id not in records:
                found.append(f"{who}: acknowledged attempt {attempt_id[:8]} is not in the store")
        for attempt_id, record in records.items():
            if attempt_id not in self.opened and attempt_id not in self.cases and record.last_seq:
                found.append(f"{who}: attempt {attempt_id[:8]} was written to but never acknowledged as opened")
        open_quizzes = [a for a in attempts.values() if a.kind == "quiz" and a.submitted_at is None]
        if len(open_quizzes) > 1:
            found.append(f"{who}: {len(open_quizzes)} open quiz attempts")
        for (attempt_id, item_id), answer in self.answers.items():
            row = records[attempt_id].responses[item_id] if attempt_id in records else None
            allowed = [answer, *self.maybe_answers.get((attempt_id, item_id), [])]
            if row is None or row.answer not in allowed:
                found.append(
                    f"{who}: {attempt_id[:8]}/{item_id}: acknowledged {answer!r}, stored "
                    f"{None if row is None else row.answer!r}"
                )
        for key, (attempt_id, item_id) in ((k, k) for k in self.maybe_answers if k not in self.answers):
            row = records.get(attempt_id)
            stored = None if row is None else row.responses[item_id].answer
            if stored not in [None, *self.maybe_answers[key]]:
                found.append(f"{who}: {attempt_id[:8]}/{item_id}: stored {stored!r}, which nobody sent")
        for key, check in self.checks.items():
            record = records[key[0]]
            row = record.responses[key[1]]
            if key in self.maybe_checks:
                ok = row.tries >= check["tries"]
            elif check["locked"]:  # final: nothing changes it, not even the submission
                ok = row.tries == check["tries"] and row.locked and abs((row.points or 0) - check["points"]) < 1e-9
            else:  # the submission locks it later
                ok = row.tries == check["tries"] and row.locked == record.submitted
            if not ok:
                found.append(
                    f"{who}: {key[0][:8]}/{key[1]}: acknowledged check {check}, stored tries {row.tries} "
                    f"locked {row.locked} points {row.points}"
                )
        for key, flagged in self.flags.items():
            row = records[key[0]].responses[key[1]]
            if row.flagged not in [flagged, *self.maybe_flags.get(key, [])]:
                found.append(f"{who}: {key[0][:8]}/{key[1]}: acknowledged flag {flagged}, stored {row.flagged}")
        for attempt_id in self.submitted:
            if attempt_id in records and not records[attempt_id].submitted:
                found.append(f"{who}: acknowledged submission of {attempt_id[:8]} is not in the store")
        for attempt_id, acked in self.cases.items():
            if attempt_id not in records:
                continue
            stored = [(c.seq, c.step_id, c.choice_id) for c in records[attempt_id].case_choices]
            maybe = self.maybe_cases.get(attempt_id, {})
            steps = [s for _, s, _ in stored]
            if len(set(steps)) != len(steps):
                found.append(f"{who}: case {attempt_id[:8]}: a choice is stored twice")
            for seq, (step, choice) in acked.items():
                if (seq, step, choice) not in stored:
                    found.append(f"{who}: case {attempt_id[:8]}: acknowledged choice {seq} {step}={choice} missing")
            for seq, step, choice in stored:
                if acked.get(seq) != (step, choice) and maybe.get(seq) != (step, choice):
                    found.append(f"{who}: case {attempt_id[:8]}: choice {seq} {step}={choice} nobody sent")
        return found


def kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)


def run_writer_round(db: Path, expects: list[Expect], rng: Random, round_no: int) -> str:
    """Start the writers, kill them at random moments, and take in what they printed; returns how."""
    processes = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), e.typed, str(rng.randrange(10**9)), "100000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for e in expects
    ]
    outputs: list[list[str]] = [[] for _ in processes]
    errors: list[str] = ["" for _ in processes]

    def pump(index: int) -> None:
        stream = processes[index].stdout
        assert stream is not None
        for line in stream:
            outputs[index].append(line.rstrip("\n"))

    readers = [threading.Thread(target=pump, args=(i,), daemon=True) for i in range(len(processes))]
    for reader in readers:
        reader.start()
    # Usually wait until every writer is writing; sometimes kill during start-up (schema, migrations, resume).
    early = rng.random() < 0.15
    if not early:
        deadline = time.monotonic() + SAFETY_S
        while not all(any(line.startswith("READY") for line in out) for out in outputs) and time.monotonic() < deadline:
            if any(p.poll() is not None for p in processes):
                break
            time.sleep(0.01)
    how = rng.choice(["together", "one by one"])
    if how == "together":
        time.sleep(rng.uniform(0.0, 0.05 if early else 0.8))
        for p in processes:
            kill(p)
    else:
        for p in rng.sample(processes, len(processes)):
            time.sleep(rng.uniform(0.0, 0.4))
            kill(p)
    for index, p in enumerate(processes):
        p.wait(timeout=SAFETY_S)
        readers[index].join(timeout=SAFETY_S)
        assert p.stderr is not None
        errors[index] = p.stderr.read()
        p.stderr.close()
    for expect, process, out, err in zip(expects, processes, outputs, errors):
        if "Traceback" in err or process.returncode != -signal.SIGKILL:
            raise AssertionError(
                f"round {round_no}: writer {expect.typed} ended with {process.returncode} "
                f"before it was killed:\n{err[-3000:]}\n{out[-3:]}"
            )
        expect.read(out)
    return f"{'early ' if early else ''}{how}"


def test_records_survive_writers_killed_at_random_moments(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    rng = Random(SEED)
    expects = [Expect(f"crash-writer-{i}") for i in range(WRITERS)]
    log = ARTIFACTS / "crash-records-rounds.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        out.write(f"seed {SEED}\n")
        for round_no in range(1, RECORD_ROUNDS + 1):
            how = run_writer_round(db, expects, rng, round_no)
            ok, broken_keys = integrity(db)
            assert ok == "ok", f"round {round_no} (seed {SEED}): integrity_check says {ok}"
            assert broken_keys == [], f"round {round_no}: foreign keys broken: {broken_keys}"
            with Store(db) as store:
                found = [p for e in expects for p in e.problems(store)]
            out.write(f"round {round_no}: killed {how}; acknowledgements so far {[e.acks for e in expects]}\n")
            out.flush()
            assert not found, f"round {round_no} (seed {SEED}, killed {how}):\n" + "\n".join(found)
    assert all(e.acks > 0 for e in expects), "a writer never got to write"
    print(f"records rounds: {RECORD_ROUNDS}, acknowledged writes checked: {sum(e.acks for e in expects)}")
