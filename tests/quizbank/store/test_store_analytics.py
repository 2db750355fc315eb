"""Item statistics checked against tables worked out by hand."""

from __future__ import annotations

from math import sqrt
from types import SimpleNamespace

import pytest

from quizbank import analytics as an
from quizbank.analytics import Results

# Five learners x four items, 0/1 scores.
#
#         i1 i2 i3 i4 | total
#   A      1  1  1  1 |  4
#   B      1  1  1  0 |  3
#   C      1  1  0  0 |  2
#   D      1  0  1  0 |  2
#   E      0  0  0  0 |  0
#
# Facility (mean): i1 4/5 = .8, i2 3/5 = .6, i3 3/5 = .6, i4 1/5 = .2
#
# Item-rest correlation, r = Sxy / sqrt(Sxx * Syy) with deviations from the means:
#   i1: x = 1 1 1 1 0 (mean .8), rest = 3 2 1 1 0 (mean 1.4)
#       Sxy = .2*1.6 + .2*.6 + .2*-.4 + .2*-.4 + -.8*-1.4 = 1.4
#       Sxx = 4*.04 + .64 = .8;  Syy = 2.56 + .36 + .16 + .16 + 1.96 = 5.2
#       r = 1.4 / sqrt(.8 * 5.2) = 1.4 / sqrt(4.16) = 0.68641
#   i2: x = 1 1 1 0 0 (mean .6), rest = 3 2 1 2 0 (mean 1.6)
#       Sxy = .4*1.4 + .4*.4 + .4*-.6 + -.6*.4 + -.6*-1.6 = 1.2
#       Sxx = 3*.16 + 2*.36 = 1.2;  Syy = 1.96 + .16 + .36 + .16 + 2.56 = 5.2
#       r = 1.2 / sqrt(1.2 * 5.2) = 1.2 / sqrt(6.24) = 0.48038
#   i3: x = 1 1 0 1 0, rest = 3 2 2 1 0 (mean 1.6): Sxy = 1.2, Sxx = 1.2, Syy = 5.2 -> r = 0.48038
#   i4: x = 1 0 0 0 0 (mean .2), rest = 3 3 2 2 0 (mean 2)
#       Sxy = .8*1 + -.2*1 + -.2*0 + -.2*0 + -.2*-2 = 1.0
#       Sxx = .64 + 4*.04 = .8;  Syy = 1 + 1 + 0 + 0 + 4 = 6
#       r = 1 / sqrt(4.8) = 0.45644
#
# Cronbach's alpha with population variances:
#   item variances p(1-p): .16 + .24 + .24 + .16 = .8
#   totals 4 3 2 2 0, mean 2.2, squared deviations 3.24 .64 .04 .04 4.84 = 8.8, variance 8.8/5 = 1.76
#   alpha = 4/3 * (1 - .8/1.76) = 4/3 * 6/11 = 8/11 = 0.72727
BINARY = Results(
    learners=("A", "B", "C", "D", "E"),
    items=("i1", "i2", "i3", "i4"),
    scores=((1, 1, 1, 1), (1, 1, 1, 0), (1, 1, 0, 0), (1, 0, 1, 0), (0, 0, 0, 0)),
)


def test_facility_by_hand():
    assert an.facility(BINARY) == pytest.approx({"i1": 0.8, "i2": 0.6, "i3": 0.6, "i4": 0.2})


def test_item_rest_correlation_by_hand():
    found = an.discrimination(BINARY)
    assert found["i1"] == pytest.approx(1.4 / sqrt(4.16)) == pytest.approx(0.68641, abs=1e-5)
    assert found["i2"] == pytest.approx(1.2 / sqrt(6.24)) == pytest.approx(0.48038, abs=1e-5)
    assert found["i3"] == pytest.approx(1.2 / sqrt(6.24))
    assert found["i4"] == pytest.approx(1 / sqrt(4.8)) == pytest.approx(0.45644, abs=1e-5)


def test_cronbach_alpha_by_hand():
    assert an.cronbach_alpha(BINARY) == pytest.approx(8 / 11)


def test_most_missed_lowest_facility_first():
    assert [s.item_id for s in an.most_missed(BINARY, 3)] == ["i4", "i2", "i3"]


# Partial credit from raw points; item maxima 2, 1, 1.
#
#         points     fractions     | total
#   P     2 1 1      1   1  1      |  3
#   Q     1 1 0      .5  1  0      |  1.5
#   R     1 0 1      .5  0  1      |  1.5
#   S     0 0 0      0   0  0      |  0
#
# Facility: j1 (1 + .5 + .5 + 0)/4 = .5, j2 .5, j3 .5: a three-way tie.
# Item-rest: j1: rest = 2 1 1 0 = 2 * x exactly -> r = 1
#            j2: x = 1 1 0 0, rest = 2 .5 1.5 0; Sxy = .5, Sxx = 1, Syy = 2.5 -> r = .5/sqrt(2.5) = 0.31623
#            j3: x = 1 0 1 0, rest = 2 1.5 .5 0; Sxy = .5, Sxx = 1, Syy = 2.5 -> r = 0.31623
# Most missed: the tie goes to the lower discrimination (j2, j3, by id), then j1.
# Alpha: item variances .125 + .25 + .25 = .625; totals 3 1.5 1.5 0, mean 1.5, variance 4.5/4 = 1.125
#        alpha = 3/2 * (1 - .625/1.125) = 3/2 * 4/9 = 2/3
# Distribution (percent of 3): 100, 50, 50, 0 -> bins [0,10) 1, [50,60) 2, [90,100] 1
PARTIAL = Results.from_points(
    ["P", "Q", "R", "S"], ["j1", "j2", "j3"], [[2, 1, 1], [1, 1, 0], [1, 0, 1], [0, 0, 0]], [2, 1, 1]
)


def test_partial_credit_table_by_hand():
    assert an.facility(PARTIAL) == pytest.approx({"j1": 0.5, "j2": 0.5, "j3": 0.5})
    disc = an.discrimination(PARTIAL)
    assert disc["j1"] == pytest.approx(1.0)
    assert disc["j2"] == pytest.approx(0.5 / sqrt(2.5)) == pytest.approx(disc["j3"])
    assert an.cronbach_alpha(PARTIAL) == pytest.approx(2 / 3)
    assert [s.item_id for s in an.most_missed(PARTIAL)] == ["j2", "j3", "j1"]
    assert [b.count for b in an.score_distribution(PARTIAL)] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]
    assert an.score_distribution(PARTIAL, bins=4)[2] == an.Bin(50.0, 75.0, 2)


def test_undefined_statistics_are_none():
    constant = Results(("A", "B", "C"), ("x", "y"), ((1, 0), (1, 1), (1, 0)))
    assert an.discrimination(constant)["x"] is None  # everyone right: no variance
    one_item = Results(("A", "B"), ("x",), ((1,), (0,)))
    assert an.cronbach_alpha(one_item) is None and an.discrimination(one_item) == {"x": None}
    same_totals = Results(("A", "B"), ("x", "y"), ((1, 0), (0, 1)))
    assert an.cronbach_alpha(same_totals) is None
    lonely = Results(("A",), ("x", "y"), ((1, 0),))
    assert an.cronbach_alpha(lonely) is None and an.discrimination(lonely) == {"x": None, "y": None}
    nobody = Results((), ("x",), ())
    assert an.facility(nobody) == {"x": None} and an.most_missed(nobody) == []
    assert an.summarize(nobody).mean_percent is None


def test_missing_scores_count_for_facility_but_not_for_whole_test_statistics():
    with_gap = Results(BINARY.learners + ("F",), BINARY.items, BINARY.scores + ((None, 1, None, None),))
    assert an.facility(with_gap)["i2"] == pytest.approx(4 / 6)
    assert an.facility(with_gap)["i1"] == pytest.approx(0.8)
    assert an.discrimination(with_gap) == pytest.approx(an.discrimination(BINARY))
    assert an.cronbach_alpha(with_gap) == pytest.approx(8 / 11)
    summary = an.summarize(with_gap)
    assert (summary.learners, summary.complete) == (6, 5)
    assert summary.mean_percent == pytest.approx(100 * 2.2 / 4)
    assert [s.answered for s in summary.items] == [5, 6, 5, 5]


def test_option_frequencies_from_raw_answers():
    answers = (
        ("b", ["a", "c"], True, {"r1": "yes", "r2": "no"}),
        ("b", ["a"], False, {"r1": "yes"}),
        ("c", [], True, None),
    )
    results = Results(("A", "B", "C"), ("single", "sata", "tf", "matrix"), ((1, 1, 1, 1),) * 3, answers)
    freq = an.option_frequencies(results)
    assert freq["single"] == {"b": 2, "c": 1}
    assert freq["sata"] == {"a": 2, "c": 1}
    assert freq["tf"] == {"true": 2, "false": 1}
    assert freq["matrix"] == {"r1=yes": 2, "r2=no": 1}
    assert an.chosen_options({"condition": ["x"], "actions": ["y", "z"]}) == ["condition=x", "actions=y", "actions=z"]


def test_results_from_store_rows_use_each_learners_last_attempt():
    def row(learner, attempt, item, points, answer, max_points=1.0):
        return SimpleNamespace(
            learner_id=learner, attempt_id=attempt, item_id=item, points=points, max_points=max_points, answer=answer
        )

    rows = [
        row("ana", "a1", "q1", 0.0, "x"),
        row("ana", "a1", "q2", 0.0, "y"),
        row("ana", "a2", "q1", 1.0, "k"),
        row("ana", "a2", "q2", 2.0, "k", 2.0),
        row("bob", "b1", "q1", None, None),
        row("bob", "b1", "q2", 1.0, "z", 2.0),
    ]
    results = Results.from_rows(rows)
    assert results.learners == ("ana", "bob") and results.items == ("q1", "q2")
    assert results.scores == ((1.0, 1.0), (None, 0.5))
    assert results.answers == (("k", "k"), (None, "z"))
    assert an.option_frequencies(results)["q1"] == {"k": 1}


def test_shape_is_checked():
    with pytest.raises(ValueError):
        Results(("A", "B"), ("x",), ((1,),))
