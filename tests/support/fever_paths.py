"""Two paths through the shipped `fever-etanercept` case, as a learner clicks them and in the
bank's terms, and what the core (CasePlay) says each leads to."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.case_screen import MATRIX_RA, MATRIX_TALK, Move, bowtie, choose, highlight, matrix, tick

from quizbank.case_debrief import Debrief
from quizbank.case_session import CasePlay

CASE_ID = "fever-etanercept"
SEGMENTS = {
    "s1": "Feels feverish since yesterday; temperature 38.2 °C.",
    "s2": "Chills and a sore throat since yesterday.",
    "s3": "Injects etanercept (Enbrel) once a week.",
    "s4": "Takes methotrexate once a week.",
    "s5": "Hands stiff for about an hour each morning.",
}
ROWS = {
    "r1": "Fever since yesterday",
    "r2": "Chills and a sore throat",
    "r3": "Weekly etanercept",
    "r4": "Weekly methotrexate",
    "r5": "Morning stiffness of the hands",
}
CONDITION, ACTIONS, PARAMETERS = "The condition most likely", "Actions to take", "Parameters to monitor"

# Mostly right, with one slip (step 3 picks the stiffness): the good ending, and one better choice.
GOOD = [
    Move("Recognize cues", highlight([SEGMENTS[s] for s in ("s1", "s2", "s3", "s4")]), ["s1", "s2", "s3", "s4"]),
    Move(
        "Analyze cues",
        matrix({ROWS[r]: MATRIX_TALK for r in ("r1", "r2", "r3", "r4")} | {ROWS["r5"]: MATRIX_RA}),
        {"r1": "talk", "r2": "talk", "r3": "talk", "r4": "talk", "r5": "ra"},
    ),
    Move("Prioritize hypotheses", choose("Her morning stiffness, because it shows the RA is active."), "b"),
    Move(
        "Generate solutions",
        bowtie(
            {
                CONDITION: [
                    "A fever and a possible infection, before the first anakinra dose, in a patient who takes "
                    "etanercept"
                ],
                ACTIONS: [
                    "Tell the doctor about the fever and possible infection before she takes anakinra",
                    "Make sure the doctor and pharmacist know she takes etanercept and methotrexate",
                ],
                PARAMETERS: [
                    "Fever, sore throat, chills and other signs of infection",
                    "The lab tests the doctor orders before and during treatment",
                ],
            }
        ),
        {"condition": ["c1"], "actions": ["a1", "a2"], "parameters": ["p1", "p2"]},
    ),
    Move(
        "Take action",
        choose(
            "Hold the first dose and contact the doctor now about her fever, possible infection, etanercept "
            "and methotrexate."
        ),
        "a",
    ),
    Move(
        "Evaluate outcomes",
        tick(
            [
                '"I won\'t take my first anakinra injection until my doctor has looked at this fever."',
                '"My doctor and pharmacist need to know I take Enbrel and methotrexate."',
                '"I\'ll keep a written list of all my medicines and bring it to every visit."',
                '"If my fever, chills or sore throat get worse, or I get a rash, a cough, wheezing or chest pain, '
                "I'll call my doctor immediately.\"",
            ]
        ),
        ["a", "b", "c", "f"],
    ),
]

# Wrong turns all the way: the dose is given before the doctor hears, the poor ending.
POOR = [
    Move("Recognize cues", highlight([SEGMENTS["s1"], SEGMENTS["s5"]]), ["s1", "s5"]),
    Move("Analyze cues", matrix({text: MATRIX_TALK for text in ROWS.values()}), {r: "talk" for r in ROWS}),
    Move("Prioritize hypotheses", choose("Nothing: a fever is an expected side effect of anakinra."), "d"),
    Move(
        "Generate solutions",
        bowtie(
            {
                CONDITION: ["An injection-site reaction"],
                ACTIONS: [
                    "Tell the doctor about the fever and possible infection before she takes anakinra",
                    "Tell her to stop etanercept on her own",
                ],
                PARAMETERS: [
                    "Fever, sore throat, chills and other signs of infection",
                    "How many steps she walks each day",
                ],
            }
        ),
        {"condition": ["c2"], "actions": ["a1", "a4"], "parameters": ["p1", "p3"]},
    ),
    # The unsafe choice the case is built around.
    Move("Take action", choose("Give the first anakinra dose now so treatment is not delayed."), "c"),
    Move("Evaluate outcomes", choose("False"), False),
]


@dataclass(frozen=True)
class Expected:
    """What the core says a path leads to."""

    consequences: list[str]
    branches: list[str]
    debrief: Debrief


def expected(bank: object, moves: list[Move]) -> Expected:
    play = CasePlay.from_bank(bank, CASE_ID, seed="expected")
    consequences = [play.answer(move.response).value.consequence for move in moves]
    assert play.finished
    return Expected(consequences, [c.branch for c in play.choices], play.debrief())
