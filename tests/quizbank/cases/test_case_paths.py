"""Every path of every shipped case: it ends in an ending, and its total is what the step
scores plus the ending's points say. Plus the content rules the shipped cases must meet."""

import pytest

from quizbank.case_checks import check_case
from quizbank.case_debrief import ideal_path, ideal_total
from quizbank.case_session import CasePlay
from quizbank.cases import CORRECT, INCORRECT, branch_keys, right_branch
from quizbank.models import JUDGMENT_STEPS
from quizbank.scoring import score

SHIPPED = ["cloudy-syringe", "fever-etanercept", "latex-teaching", "live-vaccine", "site-redness"]


def full_marks(item):
    """A response that earns every point of the item."""
    kind = item.type
    if kind in ("single", "true_false"):
        return item.key
    if kind in ("select_all", "select_n", "highlight", "ordering"):
        return list(item.key)
    if kind == "matrix":
        return dict(item.key)
    if kind in ("cloze", "dropdown_rationale"):
        return {b.id: b.key for b in item.blanks}
    return {slot: list(getattr(item, slot).key) for slot in ("condition", "actions", "parameters")}


def no_marks(item):
    """A well-formed response that earns nothing (for the `incorrect` branch)."""
    if item.type == "ordering":
        return list(reversed(item.key))
    if item.type in ("matrix", "cloze", "dropdown_rationale", "bowtie"):
        return {}
    return []


def response_for(step, branch):
    """A response that takes `branch` of `step`."""
    if step.item.type == "single":
        return branch
    if step.item.type == "true_false":
        return branch == "true"
    return full_marks(step.item) if branch == CORRECT else no_marks(step.item)


def all_paths(case, node=None, taken=(), visits=None):
    """Every route through the case as a list of (step id, branch) pairs, each step at most twice."""
    node = case.start if node is None else node
    if case.is_ending(node):
        yield list(taken)
        return
    visits = dict(visits or {})
    visits[node] = visits.get(node, 0) + 1
    if visits[node] > 2:
        return
    step = case.step(node)
    for branch in branch_keys(step):
        yield from all_paths(case, step.branches[branch].next, taken + ((node, branch),), visits)


def play_path(case, path, sources):
    play = CasePlay(case, seed="paths", sources=sources, clock=lambda: 0.0)
    expected = 0.0
    for step_id, branch in path:
        assert not play.finished
        assert play.current_step.id == step_id
        response = response_for(play.current_step, branch)
        expected += score(play.current_step.item, response).points
        result = play.answer(response, step_id=step_id).value
        assert result.choice.branch == branch, (case.id, step_id, branch)
        assert result.consequence == case.step(step_id).branches[branch].consequence
    return play, expected


@pytest.mark.parametrize("case_id", SHIPPED)
def test_every_path_ends_in_an_ending_with_the_right_total(bank, case_id):
    case = bank.cases[case_id]
    paths = list(all_paths(case))
    assert len(paths) >= 8
    reached = set()
    for path in paths:
        play, step_points = play_path(case, path, bank.sources)
        assert play.finished and play.current_step is None and play.item is None
        ending = play.ending
        assert ending.id == case.step(path[-1][0]).branches[path[-1][1]].next
        reached.add(ending.id)
        debrief = play.debrief()
        assert debrief.total == pytest.approx(step_points + ending.points)
        assert debrief.step_points == pytest.approx(step_points)
        assert debrief.ending_points == ending.points
        assert [s.points for s in debrief.steps] == [c.points for c in play.choices]
        assert play.points()[0] == pytest.approx(debrief.total)
        assert debrief.path == tuple(s for s, _ in path) + (ending.id,)
        assert debrief.total <= debrief.ideal_total
    assert reached == {e.id for e in case.endings}


def test_the_five_required_cases_are_shipped(bank):
    assert sorted(bank.cases) == SHIPPED


@pytest.mark.parametrize("case_id", SHIPPED)
def test_shipped_case_shape(bank, case_id):
    case = bank.cases[case_id]
    assert check_case(case) == []
    assert "(fictional)" in case.patient.name
    assert len({e.outcome for e in case.endings}) >= 2
    assert len({s.item.type for s in case.steps}) >= 4
    # The ideal path is the best ending, and goes through the six judgment steps in order.
    path = ideal_path(case)
    best = max(case.endings, key=lambda e: e.points)
    assert path[-1] == best.id and best.outcome == "good"
    assert [case.step(s).judgment_step for s in path[:-1]] == list(JUDGMENT_STEPS)
    assert ideal_total(case) == max(_total(bank, case, p) for p in all_paths(case))
    # The chart changes as the case unfolds, and never goes backwards in the judgment steps.
    assert sum(1 for s in case.steps if s.chart_update is not None) >= 3
    for route in all_paths(case):
        order = [JUDGMENT_STEPS.index(case.step(s).judgment_step) for s, _ in route]
        assert order == sorted(order), (case_id, route)
    # Better outcomes are worth more points.
    rank = {"poor": 0, "fair": 1, "good": 2}
    for a in case.endings:
        for b in case.endings:
            if rank[a.outcome] > rank[b.outcome]:
                assert a.points > b.points, (a.id, b.id)


def _total(bank, case, path):
    play, _ = play_path(case, path, bank.sources)
    return play.debrief().total


@pytest.mark.parametrize("case_id", SHIPPED)
def test_wrong_answers_never_beat_right_ones(bank, case_id):
    """On every step, the fully right answer leads to an ending worth at least as much."""
    case = bank.cases[case_id]

    def best_from(node):
        if case.is_ending(node):
            return case.ending(node).points
        step = case.step(node)
        return max(best_from(step.branches[b].next) for b in branch_keys(step))

    for step in case.steps:
        right = right_branch(step)
        others = [b for b in branch_keys(step) if b != right]
        assert all(best_from(step.branches[right].next) >= best_from(step.branches[b].next) for b in others), step.id
        assert INCORRECT in others or step.item.type in ("single", "true_false")
