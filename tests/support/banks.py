"""Test banks: the banks in tests/banks, the malformed corpus, and a small valid bank of every item type as text."""

from __future__ import annotations

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = TESTS_DIR.parent
MALFORMED_DIR = TESTS_DIR / "malformed"
QUIZ_BANK = TESTS_DIR / "banks" / "quiz"  # one item of every type: the quiz's browser tests
DASHBOARD_BANK = TESTS_DIR / "banks" / "dashboard"  # the instructor dashboard's class
REFRESHER_BANK = TESTS_DIR / "banks" / "refresher"  # the refresher's small bank

# The objectives list every small test bank uses.
HEAD = """schema_version: 1
objectives:
  - {id: basics, text: "Know what anakinra is, how it is given and what to watch for."}
items:
"""

# One valid item of every type, as an educator would write it (2-space list under items:).
ITEMS: dict[str, str] = {
    "single": """\
  - id: sc-mechanism
    type: single
    stem: "Which protein does anakinra block?"
    options:
      - {id: a, text: "Interleukin-1 (IL-1)", feedback: "Right: the article says so."}
      - {id: b, text: "Tumor necrosis factor (TNF)", feedback: "TNF blockers are other drugs."}
      - {id: c, text: "Insulin", feedback: "The documents do not link anakinra to insulin."}
    key: a
    rationale: "The article says anakinra blocks the action of the protein interleukin-1 (IL-1)."
    objectives: [basics]
    tags: {topic: mechanism}
    difficulty: easy
    audience: both
    citations:
      - {source: ebsco-anakinra, quote: "Anakinra blocks the action of the protein interleukin-1 (IL-1)."}
""",
    "true_false": """\
  - id: tf-once-daily
    type: true_false
    stem: "Anakinra is given once a day as an injection."
    key: true
    rationale: "The article says anakinra is given once a day as an injection."
    objectives: [basics]
    tags: {topic: dosing}
    difficulty: easy
    audience: both
    citations:
      - {source: ebsco-anakinra, quote: "Anakinra is given once a day as an injection."}
""",
    "select_all": """\
  - id: sata-serious
    type: select_all
    stem: "Which symptoms should make the patient call the doctor immediately? Select all that apply."
    options:
      - {id: a, text: "Rash"}
      - {id: b, text: "Flu-like symptoms"}
      - {id: c, text: "Runny nose"}
      - {id: d, text: "Headache"}
    key: [a, b]
    rationale: "MedlinePlus lists rash and flu-like symptoms among the symptoms to call the doctor about immediately."
    objectives: [basics]
    tags: {topic: side-effects}
    difficulty: medium
    audience: both
    citations:
      - {source: medlineplus-anakinra, quote: "if you experience any of them, call your doctor immediately"}
""",
    "select_n": """\
  - id: sn-sites
    type: select_n
    stem: "Which 2 sites can a patient use to inject anakinra themselves?"
    n: 2
    options:
      - {id: a, text: "Outer thigh"}
      - {id: b, text: "Stomach"}
      - {id: c, text: "Close to a vein that can be seen"}
    key: [a, b]
    rationale: "MedlinePlus says you can inject anakinra in the outer thigh or stomach."
    objectives: [basics]
    tags: {topic: injection-sites}
    difficulty: easy
    audience: both
    citations:
      - {source: medlineplus-anakinra, quote: "You can inject anakinra in the outer thigh or stomach."}
""",
    "matrix": """\
  - id: mx-report
    type: matrix
    stem: "For each symptom, what should the patient do?"
    rows:
      - {id: r1, text: "Headache"}
      - {id: r2, text: "Rash"}
    columns:
      - {id: tell, text: "Tell the doctor if severe or lasting"}
      - {id: call, text: "Call the doctor immediately"}
    key: {r1: tell, r2: call}
    rationale: "MedlinePlus lists headache among symptoms to report if severe or lasting, and rash among those that need a call at once."
    objectives: [basics]
    tags: {topic: side-effects}
    difficulty: medium
    audience: both
    citations:
      - {source: medlineplus-anakinra, quote: "Tell your doctor if any of these symptoms are severe or do not go away"}
""",
    "cloze": """\
  - id: cz-angle
    type: cloze
    stem: "Complete the injection step."
    sentence: "Insert the needle at a {{angle}} angle, at least {{depth}}."
    blanks:
      - {id: angle, options: ["45 to 90-degree", "10 to 15-degree"], key: "45 to 90-degree"}
      - {id: depth, options: [halfway, "a quarter of the way"], key: halfway}
    rationale: "MedlinePlus says to insert the needle at a 45 to 90-degree angle, at least halfway."
    objectives: [basics]
    tags: {topic: injection-technique}
    difficulty: medium
    audience: nursing
    citations:
      - {source: medlineplus-anakinra, quote: "Insert the needle into the skin with a quick, short motion at a 45 to 90-degree angle."}
""",
    "dropdown_rationale": """\
  - id: dr-gauze
    type: dropdown_rationale
    stem: "Complete the teaching."
    sentence: "After removing the needle, press {{action}} over the site because {{reason}}."
    blanks:
      - {id: action, options: [dry gauze, an alcohol wipe], key: dry gauze}
      - {id: reason, options: ["the instructions say NOT an alcohol wipe", "alcohol stops bleeding"], key: "the instructions say NOT an alcohol wipe"}
    rationale: "MedlinePlus says to press dry gauze, not an alcohol wipe, over the injection site."
    objectives: [basics]
    tags: {topic: injection-technique}
    difficulty: medium
    audience: nursing
    citations:
      - {source: medlineplus-anakinra, quote: "Press dry gauze (NOT an alcohol wipe) over the injection site."}
""",
    "ordering": """\
  - id: ord-steps
    type: ordering
    stem: "Put these injection steps in order."
    scoring: per_position
    options:
      - {id: clean, text: "Clean the injection site with an alcohol wipe"}
      - {id: cover, text: "Pull the needle cover off"}
      - {id: insert, text: "Insert the needle"}
    key: [clean, cover, insert]
    rationale: "MedlinePlus lists cleaning the site first, then removing the needle cover, then inserting the needle."
    objectives: [basics]
    tags: {topic: injection-technique}
    difficulty: medium
    audience: nursing
    citations:
      - {source: medlineplus-anakinra, quote: "Clean the injection site with an alcohol wipe using a circular motion"}
""",
    "highlight": """\
  - id: hl-note
    type: highlight
    stem: "Select the findings that need the doctor's attention before anakinra starts."
    segments:
      - {id: s1, text: "Temp 38.4 C."}
      - {id: s2, text: "Ate breakfast."}
      - {id: s3, text: "Walked to the clinic."}
    key: [s1]
    rationale: "The article says to talk to the doctor first if the patient has a fever."
    objectives: [basics]
    tags: {topic: screening}
    difficulty: easy
    audience: nursing
    citations:
      - {source: ebsco-anakinra, quote: "Have a fever or think you may have an infection"}
""",
    "bowtie": """\
  - id: bt-foam
    type: bowtie
    stem: "The solution in today's syringe is foamy. Complete the bow-tie."
    condition:
      options:
        - {id: c1, text: "Foamy solution"}
        - {id: c2, text: "Used syringe"}
      key: [c1]
    actions:
      options:
        - {id: a1, text: "Let the syringe sit until it clears"}
        - {id: a2, text: "Do not shake the syringe"}
        - {id: a3, text: "Shake it harder"}
      key: [a1, a2]
    parameters:
      options:
        - {id: p1, text: "Whether the foam clears"}
        - {id: p2, text: "Whether the contents look cloudy"}
        - {id: p3, text: "The colour of the box"}
      key: [p1, p2]
    rationale: "MedlinePlus says not to shake the syringes and to let a foamy one sit until it clears."
    objectives: [basics]
    tags: {topic: syringe-handling}
    difficulty: hard
    audience: nursing
    citations:
      - {source: medlineplus-anakinra, quote: "If the solution is foamy, allow the syringe to sit for a few minutes until it clears."}
""",
}

VALID_BANK = HEAD + "\n".join(ITEMS.values())


def write(directory: Path, name: str, text: str | bytes) -> Path:
    """Write one bank file into `directory` and return its path."""
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
