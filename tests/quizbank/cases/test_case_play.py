"""CasePlay: the chart as it unfolds, recorded choices, the debrief, and refusals."""

import re

import pytest

from quizbank.case_chart import TAB_TITLES
from quizbank.case_session import CasePlay
from quizbank.cases import CHART_TABS
from quizbank.models import JUDGMENT_STEPS
from quizbank.outcomes import Outcome, Refusal, RefusalCode
from quizbank.session import Refused

BOWTIE_RIGHT = {"condition": ["c1"], "actions": ["a1", "a2"], "parameters": ["p1", "p2"]}
MATRIX_RIGHT = {"r1": "talk", "r2": "talk", "r3": "talk", "r4": "talk", "r5": "ra"}


def refused(outcome: Outcome, match: str = "") -> Refusal:
    """The outcome's refusal, which there must be (its message matching `match`); nothing to record."""
    assert outcome.refusal is not None and outcome.events == ()
    assert re.search(match, outcome.refusal.message), outcome.refusal.message
    return outcome.refusal


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        self.now += 1.0
        return self.now


def fever(bank, **options):
    options = {"seed": "s", "clock": Clock(), **options}
    return CasePlay.from_bank(bank, "fever-etanercept", **options)


def play_good_path_with_one_slip(play):
    """cues right, analyze right, prioritize WRONG (b), plan right, act right, evaluate partly right."""
    play.answer(["s1", "s2", "s3", "s4"])
    play.answer(MATRIX_RIGHT)
    play.answer("b")
    play.answer(BOWTIE_RIGHT)
    play.answer("a")
    return play.answer(["a", "b"]).value


def test_start_state(bank):
    play = fever(bank)
    assert not play.finished and play.ending is None
    assert play.current_step.id == "cues" and play.item.id == "case-fever.cues"
    assert play.path == ("cues",)
    assert play.choices == [] and play.last is None
    assert play.option_order() == ["s1", "s2", "s3", "s4", "s5", "s6"]  # highlight segments stay in text order


def test_chart_unfolds_and_marks_what_is_new(bank):
    play = fever(bank)
    chart = play.chart
    assert [tab for tab, _, _ in chart.tabs()] == list(CHART_TABS)
    assert [title for _, title, _ in chart.tabs()] == [TAB_TITLES[t] for t in CHART_TABS]
    assert [r.id for r in chart.notes] == ["n-arrival", "n-intake"]
    assert [(r.tab, r.id, r.step) for r in chart.new] == [("notes", "n-intake", "cues")]
    assert chart.notes[0].time == "09:10" and chart.notes[0].step is None and not chart.notes[0].new
    play.answer(["s1", "s2", "s3", "s4"])
    assert play.chart.new == ()  # the analyze step changes nothing
    play.answer(MATRIX_RIGHT)
    assert [r.id for r in play.chart.new] == ["v-2"]
    assert [r.id for r in play.chart.vitals] == ["v-1", "v-2"]
    play.answer("a")
    play.answer(BOWTIE_RIGHT)
    assert [r.id for r in play.chart.new] == ["n-request"]
    before = play.chart.rows("medications")[-1]
    play.answer("a")
    after = play.chart.rows("medications")
    # An update with an existing id changes the entry in place.
    assert [r.id for r in after] == ["m-etanercept", "m-methotrexate", "m-anakinra"]
    assert "no dose given yet" in before.text and "ON HOLD" in after[-1].text
    assert after[-1].new and after[-1].step == "evaluate"
    assert {(r.tab, r.id) for r in play.chart.new} == {("notes", "n-doctor"), ("medications", "m-anakinra")}
    play.answer(["a", "b", "c"])
    assert play.finished and play.chart.new == ()
    assert play.chart.rows("notes")[-1].id == "n-doctor"
    with pytest.raises(KeyError):
        play.chart.rows("xrays")


def test_answer_scores_branches_and_returns_the_choice_to_record(bank):
    play = fever(bank)
    outcome = play.answer(["s1", "s2", "s5"], step_id="cues")
    heard, result = list(outcome.events), outcome.value
    assert result.choice.branch == "incorrect" and result.choice.next == "analyze"
    assert result.score.points == 1.0 and result.score.max_points == 4.0  # +1 +1 -1, the +/- rule
    assert result.consequence.startswith("Your flags do not match")
    assert result.ending is None
    assert result.feedback.rationale == play.case.step("cues").item.rationale
    assert result.feedback.citations[0].title == "Anakinra May Help Ease the Pain of Rheumatoid Arthritis"
    assert dict(result.feedback.option_feedback)["s5"].startswith("Stiffness")
    assert heard == play.choices == [result.choice]
    choice = heard[0]
    assert (choice.case_id, choice.case_version, choice.step_id, choice.item_id) == (
        "fever-etanercept",
        1,
        "cues",
        "case-fever.cues",
    )
    assert choice.response == ["s1", "s2", "s5"] and choice.points == 1.0 and choice.max_points == 4.0
    assert choice.at == 1002.0  # the clock gave 1001 at the start
    assert play.last is result
    assert play.current_step.id == "analyze" and play.path == ("cues", "analyze")


def test_choice_branch_citations_are_shown_with_the_consequence(bank):
    play = fever(bank)
    play.answer(["s1", "s2", "s3", "s4"])
    play.answer(MATRIX_RIGHT)
    result = play.answer("d").value
    assert result.consequence.startswith("The nurse practitioner corrects you")
    assert [c.source for c in result.consequence_citations] == ["ebsco-anakinra"]


def test_reveal_end_keeps_feedback_for_the_debrief(bank):
    play = fever(bank, reveal="end")
    result = play.answer(["s1"]).value
    assert result.feedback is None
    assert result.consequence  # the story still goes on


def test_a_poor_path_ends_in_the_poor_ending(bank):
    play = fever(bank)
    play.answer(["s1", "s2", "s3", "s4"])
    play.answer(MATRIX_RIGHT)
    play.answer("a")
    play.answer(BOWTIE_RIGHT)
    play.answer("c")
    assert play.current_step.id == "dose-before-doctor"
    assert play.chart.new[0].id == "n-late"
    result = play.answer(False).value
    assert play.finished and result.ending.id == "poor" and result.ending.outcome == "poor"
    debrief = play.debrief()
    assert debrief.path == ("cues", "analyze", "prioritize", "plan", "act", "dose-before-doctor", "poor")
    assert debrief.total == 4 + 5 + 1 + 5 + 0 + 1 + 0
    act = debrief.steps[4]
    assert act.step_id == "act" and act.points == 0
    assert act.better.answer == (play.case.step("act").item.options[0].text,)
    assert act.better.answer[0].startswith("Hold the first dose and contact the doctor now")
    assert act.better.consequence.startswith("You hold the syringe back and call the doctor")


def test_debrief_content(bank):
    play = fever(bank, seed="debrief")
    last = play_good_path_with_one_slip(play)
    assert last.ending.id == "fair"
    debrief = play.debrief()
    assert debrief.case_id == "fever-etanercept" and debrief.title == play.case.title
    assert debrief.path == ("cues", "analyze", "prioritize", "plan", "act", "evaluate", "fair")
    assert [s.step_id for s in debrief.steps] == list(debrief.path[:-1])
    assert [s.judgment_step for s in debrief.steps] == list(JUDGMENT_STEPS)
    assert [s.points for s in debrief.steps] == [4, 5, 0, 5, 1, 2]
    assert [s.max_points for s in debrief.steps] == [4, 5, 1, 5, 1, 4]
    assert (debrief.step_points, debrief.step_max_points, debrief.ending_points) == (17, 20, 1)
    assert debrief.total == 18 and debrief.ideal_total == 23
    assert debrief.ideal_path == ("cues", "analyze", "prioritize", "plan", "act", "evaluate", "good")
    # Steps fully right have no better choice; the others show the key, its consequence, rationale and sources.
    assert [s.better is None for s in debrief.steps] == [True, True, False, True, True, False]
    slip = debrief.steps[2]
    assert slip.answer == ("Her morning stiffness, because it shows the RA is active.",)
    assert slip.branch == "b" and slip.consequence.startswith("The nurse practitioner points out")
    assert slip.better.answer[0].startswith("She has a fever and may have an infection")
    assert slip.better.consequence.startswith("You name the fever and the etanercept")
    assert "talk to your doctor before taking anakinra" in slip.better.rationale
    assert {c.source for c in slip.better.citations} == {"ebsco-anakinra", "medlineplus-anakinra"}
    assert all(c.quote and c.title for c in slip.better.citations)
    teach = debrief.steps[5]
    assert teach.response == ["a", "b"] and len(teach.answer) == 2
    assert len(teach.better.answer) == 4  # the key includes the return precautions
    # The ending, with its debrief text and sources.
    assert debrief.ending.outcome == "fair" and debrief.ending.debrief.startswith("Holding the dose")
    assert [c.source for c in debrief.ending_citations] == [
        "ebsco-anakinra",
        "medlineplus-anakinra",
        "medlineplus-anakinra",
    ]
    assert debrief.ending_citations[1].title == "Uses of Anakinra"


def test_refused_after_the_end(bank):
    play = fever(bank)
    play_good_path_with_one_slip(play)
    choices = list(play.choices)
    assert refused(play.answer(["a", "b", "c"]), "the case has ended").code is RefusalCode.CASE_ENDED
    assert refused(play.answer("a", step_id="evaluate")).code is RefusalCode.CASE_ENDED
    assert play.choices == choices and play.ending.id == "fair"


def test_refused_malformed_or_misdirected_answers_change_nothing(bank):
    play = fever(bank)
    assert refused(play.answer(None)).code is RefusalCode.NO_ANSWER
    for bad in ("s1", ["s1", "s1"], ["s9"], [1, 2], {"s1": True}, True):
        assert refused(play.answer(bad)).code is RefusalCode.INVALID_ANSWER
    wrong_step = refused(play.answer(["s1"], step_id="analyze"), "not the current step")
    assert wrong_step.code is RefusalCode.NOT_CURRENT_STEP
    assert play.choices == [] and play.current_step.id == "cues"
    play.answer(["s1", "s2", "s3", "s4"])
    for bad in ({"r1": "maybe"}, {"r9": "talk"}, ["talk"], "talk"):
        refused(play.answer(bad), "not a valid answer")
    assert len(play.choices) == 1 and play.current_step.id == "analyze"


def test_debrief_refused_before_the_end(bank):
    play = fever(bank)
    with pytest.raises(Refused, match="once the case has ended"):
        play.debrief()


def test_unknown_case_is_refused(bank):
    with pytest.raises(Refused):
        CasePlay.from_bank(bank, "no-such-case")


def test_restore_replays_recorded_answers(bank):
    play = fever(bank)
    play.answer(["s1", "s2", "s3", "s4"])
    play.answer(MATRIX_RIGHT)
    play.answer("c")
    again = CasePlay.restore(
        bank.cases["fever-etanercept"],
        [(c.step_id, c.response) for c in play.choices],
        sources=bank.sources,
        seed="s",
    )
    assert again.path == play.path and again.chart == play.chart
    assert [c.points for c in again.choices] == [c.points for c in play.choices]
    heard = again.answer(BOWTIE_RIGHT).events  # only the new answer is to be recorded
    assert len(heard) == 1 and heard[0].step_id == "plan"
    with pytest.raises(Refused):
        CasePlay.restore(bank.cases["fever-etanercept"], [("analyze", MATRIX_RIGHT)])


def test_option_order_is_seeded_and_keeps_the_options(bank):
    def order(seed):
        play = CasePlay(bank.cases["fever-etanercept"], seed=seed)
        play.answer(["s1"])
        play.answer({})
        return play.option_order()

    assert order("x") == order("x")
    assert sorted(order("x")) == ["a", "b", "c", "d"]
    assert len({tuple(order(str(n))) for n in range(20)}) > 1
    finished = fever(bank)
    play_good_path_with_one_slip(finished)
    assert finished.option_order() == []


def test_bad_reveal_setting(bank):
    with pytest.raises(ValueError):
        CasePlay(bank.cases["live-vaccine"], reveal="never")
