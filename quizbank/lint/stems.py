"""Rules about an item's stem: negative-stem, document-stem, duplicate-instruction."""

from __future__ import annotations

import re

from quizbank import models as m
from quizbank.lint.parts import Hit, lead_in
from quizbank.lint.text import bare, plain, sentences

# The instruction each item widget prints above the choices (widgets/items/*.py, `instruction`;
# select_n's is "Choose {n}."). Kept here as text: the core never imports the widgets.
INSTRUCTIONS: dict[str, str] = {
    "single": "Choose one answer.",
    "true_false": "Is this statement true or false?",
    "select_all": "Select all that apply.",
    "select_n": "Choose {n}.",
    "matrix": "For each row, choose one answer.",
    "cloze": "Complete the sentence: choose the right words for each blank.",
    "dropdown_rationale": "Choose the action and the reason. The point counts only when both are right.",
    "ordering": (
        "Put these in the right order: move a step with its Up and Down buttons. If the order shown is "
        "already your answer, press “Use this order”."
    ),
    "highlight": "Tap each part of the note you would select. Tap again to unselect.",
    "bowtie": "Fill the bow-tie: choose 1 condition, 2 actions to take and 2 parameters to monitor.",
}

# Other ways of writing the same instruction, compared as bare words (no punctuation, no hyphens).
_PARAPHRASES: dict[str, tuple[str, ...]] = {
    "single": (
        "choose one",
        "select one",
        "select one answer",
        "pick one",
        "choose the best answer",
        "select the best answer",
        "choose one option",
        "select one option",
    ),
    "true_false": ("true or false", "is this true or false", "true or false is this statement"),
    "select_all": (
        "choose all that apply",
        "check all that apply",
        "tick all that apply",
        "mark all that apply",
        "select all that apply",
    ),
    "select_n": (
        "select {n}",
        "pick {n}",
        "choose {n} answers",
        "select {n} answers",
        "choose {n} options",
        "select {n} options",
    ),
    "matrix": ("choose one answer for each row", "choose one answer in each row", "for each row choose one"),
    "cloze": ("choose the right word for each blank", "choose the right words for each blank"),
    "dropdown_rationale": (),
    "ordering": ("put these in order",),
    "highlight": (),
    "bowtie": ("fill in the bowtie", "fill the bowtie"),
}
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def instruction_phrases(item: m.Item) -> tuple[str, ...]:
    """The instruction the widget shows for this item, clause by clause, and its paraphrases (bare words)."""
    text = INSTRUCTIONS[item.type]
    extra = _PARAPHRASES[item.type]
    if isinstance(item, m.SelectNItem):
        numbers = [str(item.n)] + ([_NUMBER_WORDS[item.n]] if item.n < len(_NUMBER_WORDS) else [])
        found = [p.replace("{n}", n) for p in (text, *extra) for n in numbers]
    else:
        found = [text, *extra]
    clauses = [bare(c) for phrase in found for c in re.split(r"[:.?]", phrase)]
    return tuple(dict.fromkeys(c for c in [*map(bare, found), *clauses] if c))


def _units(stem: str) -> list[str]:
    """The stem's sentences, and their parts on either side of a colon."""
    found = []
    for sentence in sentences(stem):
        found.append(sentence)
        if ":" in sentence:
            found.extend(part for part in sentence.split(":") if part.strip())
    return found


def check_duplicate_instruction(item: m.Item) -> list[Hit]:
    """The stem repeats the instruction the quiz prints for this type of item."""
    phrases = instruction_phrases(item)
    for unit in _units(item.stem):
        words = bare(unit)
        for phrase in phrases:
            if words == phrase or (len(phrase.split()) >= 4 and f" {phrase} " in f" {words} "):
                shown = INSTRUCTIONS[item.type].replace("{n}", str(getattr(item, "n", "")))
                return [
                    Hit(
                        "duplicate-instruction",
                        item.id,
                        ("stem",),
                        f'the stem says "{plain(unit).strip()}", which the quiz already prints above the choices '
                        f'("{shown}"); learners read it twice. Remove it from the stem.',
                    )
                ]
    return []


# negative-stem: a negative word in the question, unless written in capitals (NOT, EXCEPT, LEAST).
# The quiz shows stems as plain text, so **not** would appear with its asterisks: capitals it is.
# "not", "cannot" and "-n't" count only among the first NEGATIVE_WITHIN words of the question
# ("Which is NOT...", "Select the actions that do not follow..."), where they turn the question
# round; later they are usually part of a condition ("...if they do not go away?"). "except" and
# "least" count anywhere; "at least", "or not", "if not" and "not only" never.
NEGATIVE_WITHIN = 8
_NEGATIVE_RE = re.compile(r"(?<![A-Za-z'*])(\*\*)?(not|except|least|cannot|[a-z]+n['’]t)(\*\*)?(?![A-Za-z'’])", re.I)
_NOT_NEGATIVE = re.compile(r"\b(?:at\s+least|or\s+not|not\s+only|if\s+not)\b", re.I)


def check_negative_stem(item: m.Item) -> list[Hit]:
    """A negatively worded question (not, except, least, n't) whose negative word is not in capitals."""
    question = _NOT_NEGATIVE.sub(lambda found: "_" * len(found.group()), lead_in(item, instruction_phrases(item)))
    for found in _NEGATIVE_RE.finditer(question):
        word = found.group(2)
        position = len(question[: found.start()].split())
        if word.lower() not in ("except", "least") and position >= NEGATIVE_WITHIN:
            continue
        if found.group(1) or found.group(3):
            how = (
                f'"**{word}**" is marked with asterisks, but the quiz shows stems as plain text, so learners '
                f'would see the asterisks; write it in capitals ("{word.upper()}") instead'
            )
        elif word.isupper():
            continue
        else:
            how = (
                f'the negative word "{word}" is easy to miss, and learners then answer the opposite question; '
                f'ask the question positively if you can, or write "{word.upper()}" in capitals'
            )
        return [Hit("negative-stem", item.id, ("stem",), f"the question is worded negatively: {how}.")]
    return []


# document-stem: the stem asks what a document says. A document (MedlinePlus, the article,
# the leaflet...) followed by a verb of saying, perhaps after an adverb ("specifically"); "according to" a document;
# a document's advice or explanation; "complete the sentence using" a document; "which
# statement in the ..."; "which statements ... match the article".
_DOCUMENT = (
    r"(?:medlineplus(?:'s|’s)?|ebsco(?:\s+article)?|(?:the|both|these|two|the\s+two)\s+(?:ebsco\s+|medlineplus\s+|patient\s+)?"
    r"(?:articles?|leaflets?|sources?|documents?|texts?|monographs?|handouts?|instructions|information))"
)
_SAYING = (
    r"(?:says?|said|states?|stated|tells?|told|lists?|listed|names?|named|gives?|gave|mentions?|mentioned|"
    r"describes?|described|recommends?|recommended|advises?|advised|warns?|warned|specif(?:y|ies|ied)|"
    r"calls?|called|includes?|included|allows?|allowed|defines?|defined|puts?|adds?|added|asks?|asked|"
    r"explains?|explained|limits?|limited)"
)
_BETWEEN = r"(?:specifically|also|actually|really|clearly|explicitly|itself|themselves|not|both|all|first|still)"
_OWN_WORDS = r"(?:advice|explanation|description|instructions?|list|lists|words?|wording|definition|rule|statement)"
_DOCUMENT_RES = (
    re.compile(rf"\b{_DOCUMENT}\s+(?:{_BETWEEN}\s+)?{_SAYING}\b", re.I),
    re.compile(rf"\baccording\s+to\s+(?:the\s+)?(?:{_DOCUMENT}|medlineplus|ebsco|the\s+documents?)", re.I),
    re.compile(
        rf"\b(?:medlineplus|ebsco\s+article|the\s+(?:ebsco\s+)?article|the\s+leaflet)['’]s?\s+(?:[a-z-]+\s+)?{_OWN_WORDS}\b",
        re.I,
    ),
    re.compile(
        rf"\bcomplete\s+the\s+(?:sentence|statement|text)\s+(?:using|from|as\s+in|in)\s+(?:the\s+)?{_DOCUMENT}", re.I
    ),
    re.compile(r"\bwhich\s+(?:statement|sentence|line|passage|part|section|claim)s?\s+(?:in|of|from)\s+the\b", re.I),
    re.compile(rf"\bwhich\s+statements?\b[^?.]*?\bmatch(?:es)?\s+(?:the\s+)?{_DOCUMENT}", re.I),
)


def document_phrase(stem: str) -> str | None:
    """The words by which a stem asks what a document says, or None."""
    for pattern in _DOCUMENT_RES:
        found = pattern.search(plain(stem))
        if found:
            return found.group()
    return None


def check_document_stem(item: m.Item) -> list[Hit]:
    """A stem that asks what a document says instead of what the nurse or pharmacist does."""
    phrase = document_phrase(item.stem)
    if phrase is None:
        return []
    return [
        Hit(
            "document-stem",
            item.id,
            ("stem",),
            f'the stem asks what a document says ("{phrase}") instead of what the nurse or pharmacist should do: '
            "that tests recall of a text, not clinical judgment. Ask for the action or decision in a patient "
            "situation, and keep the source in the rationale and citations.",
        )
    ]
