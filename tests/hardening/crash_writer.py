"""A learner's kernel reduced to its records: python crash_writer.py DB TYPED_ID SEED ACTIONS

It does what a quiz kernel does through quizbank.services.quizzes (the Attempt and its outbox,
the same code path as the page) and what a case kernel does through the store (one
case choice per write): opens or resumes the learner's attempts, then answers, checks,
flags, submits and starts again, chosen by a seeded generator. Before each write it
prints ``SEND <json>``; when the write has returned (the store said it is saved) it
prints ``ACK <json>``, flushed, so a parent that SIGKILLs it at any moment knows what was
acknowledged and which single write may have been in flight. Actions the attempt refuses
(an item already final) print nothing; a StoreError prints ``ERR <json>`` and the writer stops.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from random import Random
from typing import Any

HERE = Path(__file__).resolve().parent
TEST_BANK = HERE.parent / "banks" / "quiz"  # QUIZ_BANK of tests/support/banks.py (this file runs as a script)


def say(tag: str, **data: Any) -> None:
    print(tag, json.dumps(data, sort_keys=True, default=str), flush=True)


def random_response(item: Any, rng: Random) -> Any:
    """A valid answer to `item` in the bank's terms."""
    kind = item.type
    if kind == "single":
        return rng.choice([o.id for o in item.options])
    if kind == "true_false":
        return rng.random() < 0.5
    if kind in ("select_all", "highlight"):
        ids = [o.id for o in (item.options if kind == "select_all" else item.segments)]
        return sorted(rng.sample(ids, rng.randint(1, len(ids))))
    if kind == "select_n":
        return sorted(rng.sample([o.id for o in item.options], rng.randint(1, item.n)))
    if kind == "matrix":
        return {row.id: rng.choice([c.id for c in item.columns]) for row in item.rows}
    if kind in ("cloze", "dropdown_rationale"):
        return {blank.id: rng.choice(list(blank.options)) for blank in item.blanks}
    if kind == "ordering":
        order = [o.id for o in item.options]
        rng.shuffle(order)
        return order
    if kind == "bowtie":
        return {
            slot: sorted(rng.sample([o.id for o in getattr(item, slot).options], count))
            for slot, count in (("condition", 1), ("actions", 2), ("parameters", 2))
        }
    raise ValueError(f"no random answer for {kind}")


def main() -> int:
    db, typed, seed, actions = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    from quizbank.loader import load_bank
    from quizbank.records import open_or_resume
    from quizbank.services.quizzes import Done, QuizPlay
    from quizbank.session import QuizSettings
    from quizbank.store import ItemSpec, Store, StoreError
    from widgets.identity import identity_from_text

    rng = Random(seed)
    bank = load_bank([TEST_BANK])
    learner = identity_from_text(typed).learner_id
    items = list(bank.items)
    store = Store(db)
    store.ensure_learner(learner, typed)

    def saved(done: Done[Any]) -> bool:
        """True once the action is in the database; False when the attempt refused it (nothing changed)."""
        if done.refusal is not None:
            return False
        assert done.saved is not None and done.saved.status != "pending", "a write was kept back: the store was busy"
        if not done.saved.saved:
            raise StoreError(f"{done.saved.code}: {done.saved.detail}")
        return True

    def quiz() -> Any:
        mode = rng.choice(["practice", "exam"])
        attempt, outbox, _record = open_or_resume(
            store,
            learner,
            bank,
            QuizSettings(mode=mode, length=len(items)),
            item_ids=items,
            seed=f"{typed}-{seed}-{rng.randrange(10**9)}",
        )
        say("ACK", kind="open", attempt=attempt.attempt_id, seed=attempt.seed, submitted=attempt.submitted)
        return QuizPlay(attempt, outbox)

    def case() -> tuple[str, int]:
        open_id = store.find_open_attempt(learner, None, "case")
        if open_id is None:
            from quizbank.store import new_attempt_id

            open_id = store.start_attempt(
                learner,
                attempt_id=new_attempt_id(),
                kind="case",
                items=[ItemSpec("step", 1, 1.0)],
                settings={"case_id": "crash"},
                seed=str(seed),
                option_orders={},
                started_at=time.time(),
            )
        record = store.load_attempt(learner, open_id)
        say("ACK", kind="case-open", attempt=open_id, last_seq=record.last_seq)
        return open_id, record.last_seq

    try:
        play = quiz()
        attempt = play.attempt
        case_id, case_seq = case()
        say("READY")
        for _ in range(actions):
            roll = rng.random()
            if roll < 0.2:  # a case choice: an append-only row with the attempt's next sequence number
                case_seq += 1
                step, choice = f"s{case_seq}", rng.choice(["a", "b", "c"])
                say("SEND", kind="case", attempt=case_id, seq=case_seq, step=step, choice=choice)
                store.record_case_choice(learner, case_id, seq=case_seq, step_id=step, choice_id=choice, at=time.time())
                say("ACK", kind="case", attempt=case_id, seq=case_seq, step=step, choice=choice)
                continue
            if attempt.submitted:
                play = quiz()
                attempt = play.attempt
                continue
            open_items = [i for i in items if not attempt.states[i].locked]
            item_id = rng.choice(open_items) if open_items else items[0]
            base = {"attempt": attempt.attempt_id, "item": item_id}
            if roll < 0.75:
                answer = random_response(bank.items[item_id], rng)
                say("SEND", kind="answer", answer=answer, **base)
                if saved(play.answer(item_id, answer)):
                    say("ACK", kind="answer", answer=answer, **base)
            elif roll < 0.87 and attempt.settings.mode == "practice" and attempt.states[item_id].response is not None:
                say("SEND", kind="check", **base)
                if saved(play.check(item_id)):
                    state = attempt.states[item_id]
                    say(
                        "ACK",
                        kind="check",
                        answer=state.response,
                        tries=state.tries,
                        locked=state.locked,
                        points=state.awarded if state.locked else None,
                        **base,
                    )
            elif roll < 0.95:
                on = not attempt.states[item_id].flagged
                say("SEND", kind="flag", flagged=on, **base)
                if saved(play.flag(item_id, on)):
                    say("ACK", kind="flag", flagged=on, **base)
            else:
                say("SEND", kind="submit", attempt=attempt.attempt_id)
                if saved(play.submit()):
                    say("ACK", kind="submit", attempt=attempt.attempt_id, total=attempt.total()[0])
    except StoreError as exc:
        say("ERR", error=type(exc).__name__, message=str(exc))
        return 1
    say("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
