"""The create form's review options: the mode's defaults shown, and what is stored."""

from __future__ import annotations

from quizbank import review_policy
from quizbank.review_policy import Phase
from widgets.instructor.forms import CreateSessionForm


def test_an_exam_defaults_to_the_score_until_closed(bank):
    made = []
    form = CreateSessionForm(bank, made.append)
    form.pick.value = "ids"
    form.item_ids.value = "d-tf, d-single"
    form.mode.value = "exam"
    assert form.review.choices[Phase.AFTER_SUBMIT].value == "score"
    assert form.review.choices[Phase.AFTER_CLOSE].value == "everything"
    form.create_button.click()
    assert made and made[0].review_options == review_policy.class_defaults("exam")


def test_practice_defaults_and_a_choice(bank):
    form = CreateSessionForm(bank, lambda s: None)
    form.pick.value = "ids"
    form.item_ids.value = "d-tf"
    assert form.settings().review_options == review_policy.class_defaults("practice")
    form.review.choices[Phase.LATER_OPEN].value = "nothing"
    assert not form.settings().review_options.shown(Phase.LATER_OPEN).anything
    form.feedback.value = "after_class"
    assert not form.settings().review_options.shown(Phase.AFTER_CLOSE).anything
