"""Driving the quiz page as a person would: by roles, labels and visible text.

`ITEMS` says, for each item of the test bank (tests/banks/quiz), how to recognise it
on screen and how to answer it rightly or wrongly. Waits are Playwright's (they wait
for text to appear); nothing here asserts how long anything takes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.banks import QUIZ_BANK
from tests.support.browser_api import Locator, Page, expect

TEST_BANK = QUIZ_BANK  # the bank whose items ITEMS answers
WAIT_MS = 60_000  # upper bound for a page or kernel to show something; not a speed check
MODE_LABEL = {
    "practice": "Practice: check each answer as you go",
    "exam": "Exam: see answers and score after you submit",
}


def quiz(page: Page) -> Locator:
    return page.locator(".cq-quiz")


def new_learner() -> str:
    """A student id nobody else in the test run types (every test starts with no records)."""
    return f"test-{uuid.uuid4().hex[:10]}"


def sign_in(page: Page, learner: str) -> None:
    """Type the student id on the first screen, as a person would, and wait for the home screen."""
    box = page.get_by_role("textbox", name="Student id or name")
    expect(box).to_be_visible(timeout=WAIT_MS)
    box.fill(learner)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(quiz(page).get_by_role("heading", name=re.compile(r"^Hello, "))).to_be_visible(timeout=WAIT_MS)


def open_page(page: Page, url: str, query: str = "", learner: str | None = None) -> str:
    """Load the quiz page and sign in (a new learner unless one is given); returns the id typed."""
    page.goto(url + query)
    learner = learner or new_learner()
    sign_in(page, learner)
    return learner


def open_quiz(page: Page, url: str, query: str = "", learner: str | None = None) -> str:
    """Load the quiz page, sign in, choose Quiz and wait for the start screen; returns the id typed."""
    learner = open_page(page, url, query, learner)
    page.get_by_role("button", name="Quiz", exact=True).click()
    expect(page.get_by_role("button", name="Start quiz")).to_be_visible(timeout=WAIT_MS)
    return learner


def seed_box(page: Page) -> Locator:
    return quiz(page).locator(".cq-field input[type=text]")


def start_quiz(page: Page, mode: str, seed: str, count: int = 10) -> None:
    """Pick the mode and the seed on the start screen and start."""
    page.get_by_role("radio", name=MODE_LABEL[mode], exact=True).check()
    seed_box(page).fill(seed)
    page.get_by_role("button", name="Start quiz").click()
    expect(quiz(page).get_by_text(f"Item 1 of {count}", exact=True)).to_be_visible(timeout=WAIT_MS)
    expect(quiz(page).get_by_text(f"Quiz code: {seed}")).to_be_visible()


def item_number(page: Page) -> int:
    text = quiz(page).get_by_text(re.compile(r"^Item \d+ of \d+$")).inner_text()
    return int(text.split()[1])


def go_next(page: Page) -> None:
    number = item_number(page)
    page.get_by_role("button", name="Next →").click()
    expect(quiz(page).get_by_text(re.compile(rf"^Item {number + 1} of \d+$"))).to_be_visible()


def go_previous(page: Page) -> None:
    number = item_number(page)
    page.get_by_role("button", name="← Previous").click()
    expect(quiz(page).get_by_text(re.compile(rf"^Item {number - 1} of \d+$"))).to_be_visible()


def stem(page: Page) -> str:
    return quiz(page).locator(".cq-stem").first.inner_text()


def wait_answered(page: Page, count: int) -> None:
    """Wait until the kernel has recorded `count` answers (the tally under the progress bar)."""
    expect(quiz(page).get_by_text(re.compile(rf"^Answered {count} of \d+"))).to_be_visible()


# -- answering each type ------------------------------------------------------------------


def radio(page: Page, label: str, scope: Locator | None = None) -> None:
    (scope or quiz(page)).get_by_role("radio", name=label, exact=True).check()


def tick(page: Page, label: str, scope: Locator | None = None, on: bool = True) -> None:
    box = (scope or quiz(page)).get_by_role("checkbox", name=label, exact=True)
    box.check() if on else box.uncheck()


def matrix(page: Page, answers: dict[str, str]) -> None:
    for row, column in answers.items():
        card = quiz(page).locator(".cq-card").filter(has_text=row)
        radio(page, column, card)


def blanks(page: Page, choices: list[str]) -> None:
    selects = quiz(page).locator(".cq-sentence select")
    for index, label in enumerate(choices):
        selects.nth(index).select_option(label=label)


def steps(page: Page) -> list[str]:
    texts = quiz(page).locator(".cq-step-text").all_inner_texts()
    return [re.sub(r"^\d+\.\s*", "", t).strip() for t in texts]


def order(page: Page, wanted: list[str]) -> None:
    """Move steps with their Up buttons until they read in `wanted` order."""
    for target, text in enumerate(wanted):
        current = steps(page)
        at = current.index(text)
        while at > target:
            quiz(page).locator(".cq-step").nth(at).get_by_role("button", name="↑ Up").click()
            at -= 1
            expect(quiz(page).locator(".cq-step-text").nth(at)).to_contain_text(text)
    quiz(page).get_by_role("button", name="Use this order").click()  # an answer even when no step moved


def highlight(page: Page, segments: list[str]) -> None:
    for text in segments:
        quiz(page).locator(".cq-segment").filter(has_text=text).click()
        expect(quiz(page).locator(".cq-segment").filter(has_text=text)).to_contain_text("✓")


def bowtie(page: Page, picks: dict[str, list[str]]) -> None:
    for heading, labels in picks.items():
        slot = quiz(page).locator(".cq-slot").filter(has_text=heading)
        for label in labels:
            tick(page, label, slot)


@dataclass(frozen=True)
class ItemSpec:
    """How to recognise an item on screen and answer it."""

    id: str
    type: str
    stem: str
    right: Callable[[Page], None]
    wrong: Callable[[Page], None]
    points: float
    wrong_points: float = 0.0


ITEMS: list[ItemSpec] = [
    ItemSpec(
        "t-single",
        "single",
        "Anakinra (<i>Kineret</i>) & its target",
        lambda p: radio(p, "Interleukin-1 (IL-1)"),
        lambda p: radio(p, "Insulin"),
        1,
    ),
    ItemSpec(
        "t-tf",
        "true_false",
        "Anakinra is usually injected once a day.",
        lambda p: radio(p, "True"),
        lambda p: radio(p, "False"),
        1,
    ),
    ItemSpec(
        "t-sata",
        "select_all",
        "Which symptoms does MedlinePlus say need a call",
        lambda p: [tick(p, t) for t in ("Rash", "Coughing, wheezing, or chest pain", "Fever, sore throat and chills")],
        lambda p: [tick(p, t) for t in ("Rash", "Headache")],
        3,
    ),
    ItemSpec(
        "t-sn",
        "select_n",
        "Which 2 sites does MedlinePlus name",
        lambda p: [tick(p, t) for t in ("Outer thigh", "Stomach")],
        lambda p: [tick(p, t) for t in ("Outer thigh", "Buttocks")],
        2,
        1,
    ),
    ItemSpec(
        "t-matrix",
        "matrix",
        "For each symptom, what does MedlinePlus tell",
        lambda p: matrix(
            p,
            {
                "Headache": "Tell the doctor if it is severe or does not go away",
                "Chest pain": "Call the doctor immediately",
                "Nausea": "Tell the doctor if it is severe or does not go away",
            },
        ),
        lambda p: matrix(
            p,
            {
                "Headache": "Call the doctor immediately",
                "Chest pain": "Call the doctor immediately",
                "Nausea": "Call the doctor immediately",
            },
        ),
        3,
        1,
    ),
    ItemSpec(
        "t-cloze",
        "cloze",
        "Complete the instruction for inserting the needle.",
        lambda p: blanks(p, ["45 to 90-degree", "halfway"]),
        lambda p: blanks(p, ["10 to 15-degree", "halfway"]),
        2,
        1,
    ),
    ItemSpec(
        "t-dr",
        "dropdown_rationale",
        "Complete the teaching about the end of the injection.",
        lambda p: blanks(p, ["dry gauze", "the instructions say dry gauze, NOT an alcohol wipe"]),
        lambda p: blanks(p, ["dry gauze", "an alcohol wipe keeps the site sterile"]),
        1,
    ),
    ItemSpec(
        "t-order",
        "ordering",
        "Put these injection steps in the order",
        lambda p: order(
            p,
            [
                "Clean the site with an alcohol wipe & let it dry",
                "Twist the needle cover off",
                "Insert the needle at a 45 to 90-degree angle",
                "Slowly push the plunger down until it stops",
            ],
        ),
        lambda p: order(
            p,
            [
                "Slowly push the plunger down until it stops",
                "Insert the needle at a 45 to 90-degree angle",
                "Twist the needle cover off",
                "Clean the site with an alcohol wipe & let it dry",
            ],
        ),
        4,
    ),
    ItemSpec(
        "t-highlight",
        "highlight",
        "Select the findings in this note",
        lambda p: highlight(p, ["Temp 38.4 C; thinks she may have an infection.", "Latex allergy."]),
        lambda p: highlight(p, ["Temp 38.4 C; thinks she may have an infection.", "Ate breakfast."]),
        2,
    ),
    ItemSpec(
        "t-bowtie",
        "bowtie",
        "A patient shook today's prefilled syringe",
        lambda p: bowtie(
            p,
            {
                "The condition most likely": ["Foamy solution in the syringe"],
                "Actions to take": ["Let the syringe sit until the solution clears", "Do not shake prefilled syringes"],
                "Parameters to monitor": ["Whether the foam clears", "Whether the contents look discolored or cloudy"],
            },
        ),
        lambda p: bowtie(
            p,
            {
                "The condition most likely": ["A used syringe"],
                "Actions to take": ["Shake the syringe harder", "Do not shake prefilled syringes"],
                "Parameters to monitor": ["The patient's pulse", "Whether the foam clears"],
            },
        ),
        5,
        2,
    ),
]


def spec_on_screen(page: Page) -> ItemSpec:
    """The spec of the item now shown (found by its stem, read from the screen)."""
    text = stem(page)
    for spec in ITEMS:
        if text.startswith(spec.stem):
            return spec
    raise AssertionError(f"unknown item on screen: {text!r}")


def shot(page: Page, folder: Path, name: str) -> None:
    """Save a screenshot of the whole quiz.

    Voila scrolls inside the page, so a quiz taller than the window is cut off; the
    window is made tall enough for the picture and put back afterwards.
    """
    size = page.viewport_size or {"width": 1100, "height": 900}
    height = quiz(page).evaluate(
        "el => { el.scrollIntoView({block: 'start'}); const r = el.getBoundingClientRect();"
        " return Math.ceil(Math.max(r.top, 0) + r.height); }"
    )
    if height + 40 > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height + 40})
    try:
        quiz(page).screenshot(path=str(folder / f"{name}.png"))
    finally:
        page.set_viewport_size(size)


def submit(page: Page) -> None:
    """Submit with the confirm step and wait for the results."""
    page.get_by_role("button", name="Submit…").click()
    expect(quiz(page).get_by_text("Submit your answers?")).to_be_visible()
    page.get_by_role("button", name="Yes, submit").click()
    expect(quiz(page).get_by_text(re.compile(r"^You scored "))).to_be_visible()
