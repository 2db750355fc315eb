"""Plain-text helpers for the item-writing checks: words, sentences, word lists."""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "e.g.", "i.e.", "st.", "vs.", "etc.", "no.")

# Stop words: function words that carry no content (clang, near-duplicate).
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either else even
    ever few for from further had has have having he her here hers herself him himself his how if
    in into is it its itself just less let may me might more most much my myself neither no nor
    not now of off on once one only or other others our ours ourselves out over own per rather same
    shall she should so some such than that the their theirs them themselves then there these they
    this those though through thus to too under until up upon us very was we were what when where
    whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves get gets got make makes made put puts say says said tell tells told ask
    asks asked
    """.split()
)

# Very common words of this bank's questions, which repeat between a stem and its options
# without cueing anything (clang): people, the drug, its documents, and the quiz's own words.
COMMON_CLINICAL_WORDS = frozenset(
    """
    patient nurse pharmacist doctor physician clinician provider prescriber dentist team
    medicine medication drug anakinra kineret dose treatment therapy symptom sign effect side
    use using used take taking give giving day time today
    document article medlineplus ebsco leaflet source text instruction information
    statement answer option choice following best first next right correct true false select
    choose apply which
    """.split()
)


def normalise(text: str) -> str:
    """Lower case, typographic quotes folded, runs of white space collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).casefold()


def plain(text: str) -> str:
    """Text with runs of white space collapsed (for lengths and quoting in messages)."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of `text`, lower case (hyphenated words and contractions kept whole)."""
    return WORD_RE.findall(normalise(text))


def stem_word(word: str) -> str:
    """A crude stem: possessive and plural endings removed (symptoms -> symptom, injuries -> injury)."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """Stems of the words of `text` that carry content: no stop words, common words or numbers."""
    found = set()
    for word in words(text):
        if len(word) < 3 or word in STOP_WORDS or word.isdigit():
            continue
        stem = stem_word(word)
        if stem not in COMMON_CLINICAL_WORDS and word not in COMMON_CLINICAL_WORDS:
            found.add(stem)
    return found


def sentences(text: str) -> list[str]:
    """The sentences of `text` (a title such as "Mr." or "e.g." does not end one)."""
    parts = _SENTENCE_END.split(plain(text))
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].casefold().endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [p for p in merged if p.strip()]


def bare(text: str) -> str:
    """Lower-case words only, no punctuation: for comparing a sentence with an instruction."""
    return " ".join(re.findall(r"[a-z0-9]+", normalise(text).replace("-", "")))


def jaccard(first: set[str], second: set[str]) -> float:
    """Shared share of two sets (1.0 for two empty sets)."""
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def shorten(text: str, limit: int = 70) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
