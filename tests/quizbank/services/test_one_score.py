"""One score everywhere: for random attempts, the learner's result, the dashboard's row and the CSV
give the same percentage, and the two ways of counting (quizbank.attempt_score) behave as stated."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.quizbank.interchange.scoring_property_support import SETTINGS, _items, responses

from quizbank import records
from quizbank.attempt_score import attempt_score
from quizbank.loader import load_bank
from quizbank.services.reports import build_report
from quizbank.session import QuizSettings
from quizbank.store import Store


@pytest.mark.parametrize(
    ("parts", "score_by", "earned", "possible"),
    [
        ([(1, 1), (0, 1)], "marks", 1, 2),
        ([(3, 5), (1, 1)], "marks", 1.6, 2),  # a 5-point item that earned 3 is 0.6 of a mark
        ([(3, 5), (1, 1)], "points", 4, 6),
        ([(7, 7), (0, 1)], "marks", 1, 2),  # a 7-point matrix weighs what a true/false does
        ([(7, 7), (0, 1)], "points", 7, 8),
        ([(None, 2), (1, 1)], "marks", 1, 2),  # not yet scored: 0
        ([], "marks", 0, 0),
        ([(0, 0)], "marks", 0, 1),
    ],
)
def test_attempt_score(parts, score_by, earned, possible):
    score = attempt_score(parts, score_by)
    assert (score.earned, score.possible) == (pytest.approx(earned), pytest.approx(possible))
    assert score.percent == pytest.approx(100 * earned / possible if possible else 0)


def test_an_unknown_way_to_count_is_refused():
    with pytest.raises(ValueError, match="unknown way"):
        attempt_score([(1, 1)], "weighted")  # type: ignore[arg-type]


@st.composite
def attempts(draw: st.DrawFn):
    items = draw(st.lists(st.sampled_from(_items()), min_size=1, max_size=6, unique_by=lambda i: i.id))
    answers = [draw(st.none() | responses(item)) for item in items]
    return items, answers


@SETTINGS
@given(attempts())
def test_the_result_the_dashboard_and_the_csv_agree(drawn):
    items, answers = drawn
    bank = load_bank()
    ids = [item.id for item in items]
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "r.sqlite3") as store:
        code, key = store.create_session({"kind": "quiz", "item_ids": ids, "mode": "exam"})
        store.ensure_learner("ana", "Ana")
        settings = QuizSettings(mode="exam", length=len(ids))
        attempt, outbox, _ = records.open_or_resume(store, "ana", bank, settings, item_ids=ids, session_code=code)
        for item, answer in zip(items, answers):
            if answer is not None:
                outbox.send(attempt.answer(item.id, answer).events)
        outbox.send(attempt.submit().events)
        learner = attempt.score().percent
        rows = store.class_results(code, key)
        dashboard = build_report(rows, bank, ids).students[0].percent
        table = list(csv.DictReader(io.StringIO(store.export_csv(code, key))))
        from_csv = attempt_score([(float(r["points"]), float(r["max_points"])) for r in table]).percent
    assert dashboard == pytest.approx(learner)
    assert from_csv == pytest.approx(learner)
