"""The dashboard's pure parts: class settings, the report from store rows, labels, HTML escaping, plots."""

from __future__ import annotations

import pytest

from tests.support.class_seed import RIGHT, WRONG, answer_in_session

from quizbank.class_settings import ClassSettings, SettingsProblem, choose_items, minutes_to_seconds, parse_item_ids
from quizbank.loader import load_bank
from quizbank.services.answer_labels import option_counts
from quizbank.services.reports import build_case_report, build_report, fingerprint
from quizbank.store import ResultRow
from widgets.instructor import plots, render

ITEMS = ("d-single", "d-tf", "d-sata", "d-matrix")


# -- class settings --------------------------------------------------------------------


def test_settings_round_trip_through_the_store(store, bank):
    settings = ClassSettings(
        item_ids=ITEMS, mode="exam", feedback="after_class", time_limit_s=900.0, title="Ward 3", selection={"by": "ids"}
    )
    code, key = store.create_session(settings.to_dict(), instructor_label="Ward 3")
    back = ClassSettings.from_dict(store.get_session(code).settings)
    assert back == settings
    assert back.quiz_settings().mode == "exam" and back.quiz_settings().length == 4
    assert back.quiz_settings().time_limit_s == 900.0
    assert back.case_reveal == "end"


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (ClassSettings(item_ids=()), "Choose at least one question."),
        (ClassSettings(item_ids=("d-tf", "nope")), "Not in the bank: nope."),
        (ClassSettings(item_ids=("d-tf", "d-tf")), "A question is listed twice."),
        (ClassSettings(item_ids=("d-tf",), mode="exam", feedback="each_answer"), "An exam cannot give feedback"),
        (ClassSettings(item_ids=("d-tf",), time_limit_s=-5), "The time limit must be between"),
        (ClassSettings(kind="case", case_id="nope"), "Choose a case."),
    ],
)
def test_settings_problems_are_named(bank, settings, problem):
    assert any(p.startswith(problem) for p in settings.problems(bank))
    with pytest.raises(SettingsProblem):
        settings.checked(bank)


def test_stored_settings_from_elsewhere_are_read_safely():
    odd = ClassSettings.from_dict(
        {"kind": "weird", "mode": "nap", "feedback": "<x>", "time_limit_s": "10", "item_ids": ["a"], "future_field": 1}
    )
    assert (odd.kind, odd.mode, odd.feedback, odd.time_limit_s) == ("quiz", "practice", "after_submit", None)


def test_items_are_drawn_the_same_for_the_same_seed(bank):
    first = choose_items(bank, length=3, seed="s1")
    assert first == choose_items(bank, length=3, seed="s1") and len(first) == 3
    assert sorted(choose_items(bank, length=0, seed="s1")) == sorted(bank.items)
    assert choose_items(bank, audience="pharmacy", topics=("side-effects",)) == ["d-sata"]  # d-matrix: nursing only
    assert parse_item_ids(" d-tf,d-single;\n d-tf  d-sata ") == ["d-tf", "d-single", "d-sata"]
    assert minutes_to_seconds(0) is None and minutes_to_seconds(1.5) == 90.0


# -- the report ---------------------------------------------------------------------------


def _session(store, mode="exam"):
    settings = ClassSettings(item_ids=ITEMS, mode=mode, feedback="after_submit")
    return (*store.create_session(settings.to_dict()), settings)


def test_report_counts_scores_and_statistics(store, bank):
    code, key, settings = _session(store)
    answer_in_session(store, bank, code, "a", "Ana", RIGHT, submit=True)
    answer_in_session(store, bank, code, "b", "Ben", {**RIGHT, "d-single": "b"}, submit=True)
    answer_in_session(store, bank, code, "c", "Cy", {"d-tf": False}, submit=False)
    store.ensure_learner("d", "Dee")
    answer_in_session(store, bank, code, "d", "Dee", {}, submit=False)
    report = build_report(store.class_results(code, key), bank, settings.item_ids)
    assert (report.joined, report.answering, report.submitted, report.complete) == (4, 1, 2, 2)
    assert report.answered_any == 3
    by_name = {s.name: s for s in report.students}
    assert by_name["Ana"].percent == 100.0 and by_name["Ana"].marks == ("right",) * 4
    assert by_name["Ben"].marks == ("wrong", "right", "right", "right") and by_name["Ben"].percent == 75.0
    assert by_name["Cy"].status == "answering" and by_name["Cy"].marks == ("blank", "pending", "blank", "blank")
    assert by_name["Dee"].status == "joined" and by_name["Dee"].percent is None
    items = {i.item_id: i for i in report.items}
    assert [i.item_id for i in report.items] == list(ITEMS)
    assert items["d-single"].facility == 0.5 and items["d-single"].answered == 2 and items["d-single"].scored == 2
    assert items["d-tf"].facility == 1.0 and items["d-tf"].answered == 3  # Cy's unscored answer is counted as given
    assert report.most_missed[0].item_id == "d-single"
    assert all(i.facility < 1 for i in report.most_missed)
    assert items["d-single"].key == ("Interleukin-1 (IL-1)",)
    assert "interleukin-1" in items["d-single"].rationale
    assert report.mean_percent == pytest.approx(87.5)
    assert sum(b.count for b in report.distribution) == 2


def test_report_uses_each_learners_latest_attempt_and_fingerprint_follows_changes(store, bank):
    code, key, settings = _session(store, mode="practice")
    answer_in_session(store, bank, code, "a", "Ana", {"d-tf": False}, submit=False)
    rows = store.class_results(code, key)
    first = fingerprint(rows)
    assert fingerprint(store.class_results(code, key)) == first
    answer_in_session(store, bank, code, "a", "Ana", {"d-single": "a"}, submit=False)  # resumes the same attempt
    assert fingerprint(store.class_results(code, key)) != first
    rows = [ResultRow(**{**r.__dict__, "attempt_id": "older", "started_at": 0.0}) for r in rows]
    newer = store.class_results(code, key)
    report = build_report(rows + newer, bank, settings.item_ids)
    assert report.joined == 1 and report.students[0].answered == 2


def test_empty_session_and_items_missing_from_the_bank(store, bank):
    report = build_report([], bank, ITEMS)
    assert (report.joined, report.mean_percent, report.alpha, report.most_missed) == (0, None, None, ())
    assert [i.facility for i in report.items] == [None] * 4
    assert "Nobody has joined yet." in render.students_html(report)
    gone = build_report([], bank, ("retired-item",))
    assert gone.items[0].known is False and "no longer in the bank" in gone.items[0].stem


# -- answers in words ---------------------------------------------------------------------------


def test_option_counts_for_every_kind_of_answer(bank):
    single = option_counts(bank.items["d-single"], ["a", "b", "b", None])
    assert [(o.label, o.count, o.correct) for o in single][:3] == [
        ("Interleukin-1 (IL-1)", 1, True),
        ("Tumor necrosis factor (TNF)", 2, False),
        ("Insulin", 0, False),
    ]
    tf = option_counts(bank.items["d-tf"], [True, False, False])
    assert [(o.label, o.count, o.correct) for o in tf] == [("True", 1, True), ("False", 2, False)]
    matrix = option_counts(bank.items["d-matrix"], [RIGHT["d-matrix"], WRONG["d-matrix"]])
    labels = {o.label: (o.count, o.correct) for o in matrix}
    assert labels["Chest pain: Call the doctor immediately"] == (1, True)
    assert labels["Chest pain: Tell the doctor if it is severe or does not go away"] == (1, False)
    sata = option_counts(bank.items["d-sata"], [["a", "c"], ["a"]])
    assert {o.label: o.count for o in sata}["Rash"] == 2


def test_option_counts_for_shipped_item_types():
    shipped = load_bank()
    by_type = {}
    for item in shipped.items.values():
        by_type.setdefault(item.type, item)
    ordering = by_type["ordering"]
    counts = option_counts(ordering, [list(ordering.key), list(reversed(ordering.key)), list(ordering.key)])
    assert counts[0].correct and counts[0].count == 2 and " → " in counts[0].label
    cloze = by_type["cloze"]
    answer = {b.id: b.key for b in cloze.blanks}
    assert all(o.correct for o in option_counts(cloze, [answer]) if o.count)
    bowtie = by_type["bowtie"]
    answer = {slot: list(getattr(bowtie, slot).key) for slot in ("condition", "actions", "parameters")}
    found = option_counts(bowtie, [answer])
    assert sum(o.count for o in found) == 5 and all(o.correct for o in found if o.count)
    highlight = by_type["highlight"]
    assert len(option_counts(highlight, [])) == len(highlight.segments)


# -- HTML and plots ------------------------------------------------------------------------------


def test_learner_and_bank_text_is_escaped(store, bank):
    code, key, settings = _session(store)
    answer_in_session(store, bank, code, "x", '<img src=x onerror="alert(1)">&co', RIGHT, submit=True)
    report = build_report(store.class_results(code, key), bank, settings.item_ids)
    html = render.students_html(report) + render.items_html(report) + render.missed_html(report.items)
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;co" in html
    assert "<i>Kineret" not in html and "&lt;i&gt;Kineret&lt;/i&gt;" in html
    assert "<script" not in render.progress_html(report, 4)


def test_plots_are_png_and_alt_text_is_escaped(store, bank):
    code, key, settings = _session(store)
    answer_in_session(store, bank, code, "a", "Ana", RIGHT, submit=True)
    report = build_report(store.class_results(code, key), bank, settings.item_ids)
    for png in (
        plots.histogram_png(report.distribution),
        plots.facility_png(report.items),
        plots.histogram_png(build_report([], bank, ()).distribution),
        plots.facility_png(()),
    ):
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    tag = plots.img_html(b"\x89PNG", 'a "quoted" <alt>')
    assert tag.startswith('<img class="cq-plot" alt="a &quot;quoted&quot; &lt;alt&gt;" src="data:image/png;base64,')


def test_case_report_from_recorded_choices(store):
    shipped = load_bank()
    case = next(iter(shipped.cases.values()))
    settings = ClassSettings(kind="case", case_id=case.id, feedback="each_answer")
    assert settings.problems(shipped) == []
    code, key = store.create_session(settings.to_dict())
    step = case.step(case.start)
    branch = next(iter(step.branches))
    store.ensure_learner("ana", "Ana")
    store.start_attempt(
        "ana",
        attempt_id="c1",
        kind="case",
        items=(),
        settings={},
        seed="s",
        option_orders={},
        started_at=1.0,
        session_code=code,
    )
    store.record_case_choice("ana", "c1", seq=1, step_id=step.id, choice_id=branch, at=2.0, points=1.0)
    report = build_case_report(case, store.class_case_choices(code, key))
    assert report.started == 1 and report.learners[0].steps_done == 1 and report.learners[0].points == 1.0
    first = next(s for s in report.steps if s.step_id == step.id)
    assert first.reached == 1 and sum(b.count for b in first.branches) == 1
    assert sum(1 for b in first.branches if b.correct) == 1
    html = render.case_html(report)
    assert "Choices at each step" in html and "Learner 1" in html
