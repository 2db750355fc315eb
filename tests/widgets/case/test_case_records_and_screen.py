"""The case screen and its records without a browser: what is saved, how a reload restores it,
what the screen holds before and after an answer, and what the kernel refuses."""

from __future__ import annotations

import html
import subprocess
import sys
from typing import Any

import ipywidgets as ipw
import pytest

from tests.support.fever_paths import CASE_ID, GOOD, POOR

from quizbank import case_records
from quizbank.case_session import CasePlay
from quizbank.records import ResumeError
from quizbank.services.cases import CaseRun
from quizbank.services.outbox import RecordsRefusal
from quizbank.store import Ack, Store, StoreBusy
from widgets.case import CaseHome
from widgets.case.entry import CasePage, learner_from_query, return_link
from widgets.learner import LearnerContext


@pytest.fixture
def memory_store():
    with Store(":memory:") as s:
        s.ensure_learner("ana", "Ana")
        yield s


def texts(widget: ipw.Widget, unescape: bool = True) -> str:
    """Every text value in a widget tree (HTML, labels, descriptions, options), as the browser could get
    it, and (`unescape`) as it reads once the HTML is shown."""
    out: list[str] = []

    def walk(w: Any) -> None:
        for name in ("value", "description", "tooltip", "placeholder"):
            value = getattr(w, name, None)
            if isinstance(value, str):
                out.append(value)
        out.extend(str(label) for label in getattr(w, "_options_labels", ()) or ())
        out.extend(str(t) for t in getattr(w, "titles", ()) or ())
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    raw = "\n".join(out)
    return raw + "\n" + html.unescape(raw) if unescape else raw


def answer_core(play: CasePlay | CaseRun, moves) -> None:
    run = play if isinstance(play, CaseRun) else CaseRun(play)
    for move in moves:
        assert run.choose(move.response).refusal is None


# -- records ------------------------------------------------------------------------------


def test_every_choice_is_recorded_with_the_next_seq_and_the_end_closes_the_attempt(bank, memory_store):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources, seed="s1")
    recorder = case_records.start_case(memory_store, "ana", play)
    run = CaseRun(play, recorder)
    run.choose(GOOD[0].response)
    record = memory_store.load_attempt("ana", recorder.attempt_id)
    assert record.kind == "case" and record.seed == "s1" and record.settings["case_id"] == CASE_ID
    assert [(c.seq, c.step_id, c.choice_id, c.points) for c in record.case_choices] == [(2, "cues", "correct", 4.0)]
    assert record.responses["case-fever.cues"].answer == ["s1", "s2", "s3", "s4"]
    assert record.last_seq == 2 and recorder.last_report.saved
    answer_core(run, GOOD[1:])
    record = memory_store.load_attempt("ana", recorder.attempt_id)
    assert record.submitted and [c.choice_id for c in record.case_choices] == [
        "correct",
        "correct",
        "b",
        "correct",
        "a",
        "correct",
    ]
    assert record.total_points == play.debrief().step_points
    assert case_records.find_open_case(memory_store, "ana", None) is None


def test_restore_rebuilds_the_play_as_stored(bank, memory_store):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources, seed="s2")
    answer_core(CaseRun(play, case_records.start_case(memory_store, "ana", play)), POOR[:4])
    record = case_records.find_open_case(memory_store, "ana", None)
    again, recorder = case_records.restore_case(memory_store, "ana", record, bank.cases, bank.sources)
    assert again.path == play.path and again.seed == "s2" and again.option_order() == play.option_order()
    assert [c.points for c in again.choices] == [c.points for c in play.choices]
    assert recorder.next_seq == record.last_seq + 1
    answer_core(CaseRun(again, recorder), POOR[4:])
    assert again.ending.id == "poor"
    assert memory_store.load_attempt("ana", record.attempt_id).submitted


def test_restore_refuses_a_case_that_changed(bank, memory_store):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources)
    CaseRun(play, case_records.start_case(memory_store, "ana", play)).choose(GOOD[0].response)
    record = case_records.find_open_case(memory_store, "ana", None)
    changed = {CASE_ID: bank.cases[CASE_ID].model_copy(update={"version": 2})}
    with pytest.raises(ResumeError):
        case_records.restore_case(memory_store, "ana", record, changed, bank.sources)
    with pytest.raises(ResumeError):
        case_records.restore_case(memory_store, "ana", record, {}, bank.sources)


def test_starting_another_case_closes_the_unfinished_one(bank, memory_store):
    first = case_records.new_play(bank.cases[CASE_ID], bank.sources)
    old = case_records.open_or_start(memory_store, "ana", first, cases=bank.cases)
    CaseRun(first, old).choose(GOOD[0].response)
    other = case_records.new_play(bank.cases["cloudy-syringe"], bank.sources)
    new = case_records.open_or_start(memory_store, "ana", other, cases=bank.cases)
    closed = memory_store.load_attempt("ana", old.attempt_id)
    assert closed.submitted and closed.total_points == 4.0  # its choices kept, with their points
    assert case_records.find_open_case(memory_store, "ana", None).attempt_id == new.attempt_id


def test_a_second_window_gets_a_conflict_not_a_silent_overwrite(bank, memory_store):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources)
    window_a = CaseRun(play, case_records.start_case(memory_store, "ana", play))
    record = case_records.find_open_case(memory_store, "ana", None)
    window_b = CaseRun(*case_records.restore_case(memory_store, "ana", record, bank.cases, bank.sources))
    window_a.choose(GOOD[0].response)  # window A writes first
    saved_b = window_b.choose(POOR[0].response).saved
    assert saved_b is not None and saved_b.code is RecordsRefusal.OTHER_WINDOW and not saved_b.saved
    assert window_b.conflict
    stored = memory_store.load_attempt("ana", record.attempt_id)
    assert [c.choice_id for c in stored.case_choices] == ["correct"]


class BusyOnce:
    """A store whose first write finds the database locked."""

    def __init__(self, store: Store) -> None:
        self.store, self.busy = store, True

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if not name.startswith("record_"):
            return method

        def write(*args: Any, **kwargs: Any) -> Ack:
            if self.busy:
                self.busy = False
                raise StoreBusy("the records database is busy")
            return method(*args, **kwargs)

        return write


def test_a_busy_database_keeps_the_choice_and_sends_it_with_the_next(bank, memory_store):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources)
    recorder = case_records.start_case(memory_store, "ana", play)
    recorder.store = BusyOnce(memory_store)  # type: ignore[assignment]
    run = CaseRun(play, recorder)
    assert run.choose(GOOD[0].response).saved.status == "pending" and len(recorder.pending) == 2
    assert run.choose(GOOD[1].response).saved.saved
    stored = memory_store.load_attempt("ana", recorder.attempt_id)
    assert [c.step_id for c in stored.case_choices] == ["cues", "analyze"]


# -- the screen ------------------------------------------------------------------------------


def player_of(home: CaseHome):
    assert home.player is not None
    return home.player


def tick_highlight(page, ids: list[str]) -> None:
    for segment, toggle in zip(page.widget.order, page.widget.toggles, strict=True):
        toggle.value = segment in ids


def test_nothing_of_a_step_is_in_the_widgets_before_it_is_answered(bank, memory_store):
    home = CaseHome(bank, LearnerContext("ana", "Ana", memory_store))
    home._start_pressed(CASE_ID)
    player = player_of(home)
    step = bank.cases[CASE_ID].step("cues")
    before = texts(home.view) + texts(player.box)
    for secret in [b.consequence for b in step.branches.values()] + [step.item.rationale]:
        assert secret not in before
    tick_highlight(player.page, ["s1", "s2", "s3", "s4"])
    player.page.submit.click()
    after = texts(player.box)
    assert step.branches["correct"].consequence in after and step.item.rationale in after
    assert "Saved ✓" in after
    assert step.branches["incorrect"].consequence not in after  # the branch not taken stays in Python


def test_the_kernel_ignores_answers_to_a_past_step(bank, memory_store):
    home = CaseHome(bank, LearnerContext("ana", "Ana", memory_store))
    home._start_pressed(CASE_ID)
    player = player_of(home)
    first = player.page
    tick_highlight(first, ["s1"])
    first.submit.click()
    first.continue_button.click()
    assert player.page.number == 2
    tick_highlight(first, ["s1", "s2", "s3", "s4"])  # a forged change to the answered step
    assert [t.value for t in first.widget.toggles] == [True, False, False, False, False, False]
    player._submit(1, "cues")  # a forged click on its Submit
    first.continue_button.click()  # and on its Continue
    assert len(player.play.choices) == 1 and player.page.number == 2 and player.page.result is None
    stale = player.play.answer(["s1", "s2", "s3", "s4"], step_id="cues")  # the core refuses a stale step id too
    assert stale.refusal is not None and "not the current step" in stale.refusal.message
    home._start_pressed("cloudy-syringe")  # a hidden Start button
    assert home.player is player


def test_end_of_case_feedback_mode_shows_consequences_but_no_points_until_the_debrief(bank):
    play = case_records.new_play(bank.cases[CASE_ID], bank.sources, reveal="end")
    from widgets.case.player import CasePlayer

    player = CasePlayer(play)
    tick_highlight(player.page, ["s1"])
    player.page.submit.click()
    shown = texts(player.box)
    assert bank.cases[CASE_ID].step("cues").branches["incorrect"].consequence in shown
    assert "point" not in shown and bank.cases[CASE_ID].step("cues").item.rationale not in shown
    assert "Saved" not in shown  # nothing is recorded without a store, so nothing claims it was


def test_a_reload_resumes_and_the_list_offers_to_continue(bank, memory_store):
    learner = LearnerContext("ana", "Ana", memory_store)
    home = CaseHome(bank, learner)
    home._start_pressed(CASE_ID)
    tick_highlight(home.player.page, ["s1", "s2", "s3", "s4"])
    home.player.page.submit.click()
    again = CaseHome(bank, learner)  # a new kernel after a reload
    assert again.player is not None and again.player.page.number == 2
    assert "Welcome back" in again.player.note.value
    again.player.leave.click()
    assert again.holder.children == (again.picker.box,)
    assert "1 step answered" in texts(again.picker.box)
    again.picker.resume_button.click()
    assert again.holder.children == (again.player.box,)


def test_class_case_session_offers_only_its_case_and_records_the_code(bank, memory_store):
    code, _key = memory_store.create_session({"kind": "case", "case_id": "latex-teaching", "feedback": "after_submit"})
    home = CaseHome(bank, LearnerContext("ana", "Ana", memory_store, code))
    assert list(home.picker.starts) == ["latex-teaching"] and home.reveal == "end"
    home._start_pressed(CASE_ID)  # not this session's case
    assert home.player is None
    home._start_pressed("latex-teaching")
    assert home.player is not None and home.player.play.reveal == "end"
    assert case_records.find_open_case(memory_store, "ana", code) is not None


def test_the_notebook_page_takes_the_learner_from_the_address_or_a_prompt(bank, tmp_path):
    opened: list[Store] = []

    def factory() -> Store:
        opened.append(Store(tmp_path / "records.sqlite3"))
        return opened[-1]

    page = CasePage(bank, {"QUERY_STRING": ""}, factory)
    assert opened == []  # no learner yet: no database touched
    page.prompt.name.value = "Ana <b>M</b>"
    page.prompt.code.value = "s1234567"  # the student id, as on the quiz page
    page.prompt.go.click()
    assert len(opened) == 1
    shown = texts(page.view, unescape=False)
    assert "Ana &lt;b&gt;M&lt;/b&gt;" in shown and "<b>M</b>" not in shown  # escaped
    ctx = learner_from_query({"learner": "abcdefgh123", "name": "Bo"}, factory)
    assert ctx is not None and ctx.display_name == "Bo" and return_link(ctx) == "?learner=abcdefgh123&name=Bo"
    assert learner_from_query({"learner": "x"}, factory) is None
    for store in opened:
        store.close()


def test_the_student_kernel_loads_no_plotting_or_dataframe_library():
    code = (
        "import sys\n"
        "from quizbank.loader import load_bank\n"
        "from quizbank.store import Store\n"
        "from widgets.case import case_home\n"
        "from widgets.learner import LearnerContext\n"
        "s = Store(':memory:'); s.ensure_learner('ana', 'Ana')\n"
        "case_home(load_bank(), LearnerContext('ana', 'Ana', s))\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pandas', 'numpy'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
