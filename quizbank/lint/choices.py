"""Rules about an item's options: key-longest, absolute-distractor, all-none-of-the-above, clang,
grammar-mismatch."""

from __future__ import annotations

import re

from quizbank import models as m
from quizbank.lint.parts import Choice, Hit, Part, lead_in, parts, shown_choices
from quizbank.lint.text import content_words, normalise, plain, shorten

# key-longest: the key is "notably longer" when it is at least KEY_RATIO times as long as the
# longest distractor AND at least KEY_MARGIN characters longer (both, so that "Rash" against
# "Fever" or a 200- against a 180-character option is never flagged).
KEY_RATIO = 1.5
KEY_MARGIN = 20

ABSOLUTE_WORDS = (
    "never",
    "always",
    "only",
    "all",
    "none",
    "must",
    "completely",
    "every",
    "everyone",
    "everything",
    "nothing",
    "entirely",
)
_ABSOLUTE_RE = re.compile(r"(?<![a-z0-9'-])(" + "|".join(ABSOLUTE_WORDS) + r")(?![a-z0-9'-])")

# all-none-of-the-above: an option that is (or starts with, before punctuation) one of these.
_ALL_NONE_RE = re.compile(
    r"""^["'(]*(?:
        (?:all|none|both|neither|any|either)\s+(?:of\s+)?(?:the\s+)?
            (?:above|these|those|them|options|answers|choices|others|preceding|previous)
        | none | all | both | neither
        | (?:both\s+|only\s+)?[a-f](?:\s*,\s*[a-f])*\s*(?:and|&|or)\s+[a-f]
    )(?=\s*(?:$|[.,:;!?)\-–—]))""",
    re.IGNORECASE | re.VERBOSE,
)


def _length(choice: Choice) -> int:
    return len(plain(choice.text))


def key_is_longest(item: m.SingleItem) -> bool:
    """Whether the key is strictly longer than every other option (for the bank-level figure)."""
    key = next(o for o in item.options if o.id == item.key)
    return all(len(plain(key.text)) > len(plain(o.text)) for o in item.options if o.id != item.key)


def check_key_longest(item: m.Item) -> list[Hit]:
    """The key (every keyed choice of a part) notably longer than every distractor."""
    hits = []
    for part in parts(item):
        keys, others = part.keys, part.distractors
        if not keys or not others:
            continue
        key = min(keys, key=_length)
        other = max(others, key=_length)
        if _length(key) >= KEY_RATIO * _length(other) and _length(key) - _length(other) >= KEY_MARGIN:
            if len(keys) == 1:
                said = (
                    f"the key ({_length(key)} characters) is much longer than every other choice{part.where()} "
                    f"(the longest, {other.label}, has {_length(other)})"
                )
            else:
                said = (
                    f"every keyed choice{part.where()} is much longer than every other choice (the shortest keyed "
                    f"one, {key.label}, has {_length(key)} characters; the longest other one, {other.label}, "
                    f"has {_length(other)})"
                )
            hits.append(
                Hit(
                    "key-longest",
                    item.id,
                    key.path,
                    f"{said}: test-wise learners pick the longest, most detailed choice. Shorten the key or give "
                    "the distractors the same length and detail.",
                )
            )
    return hits


def absolutes(text: str) -> list[str]:
    """The absolute words of `text`, in order, each once."""
    return list(dict.fromkeys(_ABSOLUTE_RE.findall(normalise(text))))


def has_absolute_distractor(item: m.Item) -> bool:
    """Whether any distractor of the item uses an absolute word (for the bank-level figure)."""
    return any(absolutes(c.text) for part in parts(item) for c in part.distractors)


def check_absolute(item: m.Item) -> list[Hit]:
    """Absolute words in distractors while no keyed choice of the part uses one."""
    hits = []
    for part in parts(item):
        if not part.keys or any(absolutes(c.text) for c in part.keys):
            continue
        flagged = [(c, absolutes(c.text)) for c in part.distractors if absolutes(c.text)]
        if not flagged:
            continue
        listed = "; ".join(f"{c.label} ({', '.join(repr(w) for w in found)})" for c, found in flagged)
        hits.append(
            Hit(
                "absolute-distractor",
                item.id,
                flagged[0][0].path,
                f"distractors{part.where()} use absolute words but the key does not: {listed}. Test-wise learners "
                "rule out 'never' and 'always' choices without knowing the content. Reword them as the limits a "
                "real misconception would state, or use such words in the key too.",
            )
        )
    return hits


def check_all_none(item: m.Item) -> list[Hit]:
    """'All of the above', 'none of these', 'both', 'A and B' as a choice."""
    hits = []
    for choice in shown_choices(item):
        found = _ALL_NONE_RE.match(plain(choice.text))
        if found:
            hits.append(
                Hit(
                    "all-none-of-the-above",
                    item.id,
                    choice.path,
                    f"{choice.label} \"{shorten(choice.text, 40)}\" is an 'all/none of the above' kind of choice: "
                    "learners can answer it by spotting one right (or wrong) option, and 'none' rewards knowing "
                    "what is wrong rather than what is right. Replace it with a plausible, specific distractor.",
                )
            )
    return hits


def _clang_part(item: m.Item, part: Part) -> Hit | None:
    keys, others = part.keys, part.distractors
    if not keys or not others:
        return None
    lead = content_words(part.lead)
    in_keys = set.intersection(*(content_words(c.text) for c in keys))
    in_others = set().union(*(content_words(c.text) for c in others))
    shared = sorted(lead & in_keys - in_others)
    if not shared:
        return None
    said = ", ".join(f"'{w}'" for w in shared)
    whose = "the key" if len(keys) == 1 else "every keyed choice"
    return Hit(
        "clang",
        item.id,
        keys[0].path,
        f"{said} from the {'sentence' if part.name.startswith('blank') else 'stem'} comes back in {whose}"
        f"{part.where()} but in no distractor: test-wise learners pick the choice that echoes the question. Use the word "
        "in some distractors too, or reword the key.",
    )


def check_clang(item: m.Item) -> list[Hit]:
    """A content word of the stem (or a blank's sentence) repeated in the key but in no distractor."""
    return [hit for part in parts(item) if (hit := _clang_part(item, part)) is not None]


# -- grammar-mismatch ----------------------------------------------------------------------

_ARTICLE_END = re.compile(r"(?<![a-z0-9'-])(a|an)\s*(?:_{2,}|\.{3}|…|:)?\s*$", re.IGNORECASE)
_VOWEL_LETTERS = "AEFHILMNORSX"  # letters whose names start with a vowel sound: "an MRI", "an HIV test"
_CONSONANT_SOUND = ("one", "once", "eu", "ewe", "uni", "use", "usu", "uti", "ura", "urin", "uro", "ubiq")
_VOWEL_SOUND = ("hour", "honest", "honor", "honour", "heir", "unin", "unimp", "unide")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_RE = re.compile(
    r"\b(?:which|choose|select|pick|name|identify)\s+(?:the\s+)?(\d+|one|two|three|four|five|six|seven|eight)\b"
    r"|\b(\d+|two|three|four|five|six|seven|eight)\s+of\s+(?:these|those|them|the)\b",
    re.IGNORECASE,
)
_SINGULAR_RE = re.compile(
    r"^(?:which|what)\s+(?:one|single|is|was)\b|^which\s+of\s+(?:these|the following|them)\s+is\b"
    r"|^what\s+is\s+the\s+(?:one|single|best|main|most)\b",
    re.IGNORECASE,
)


def takes_an(text: str) -> bool | None:
    """Whether `text` starts with a vowel sound ('an'); None when it starts with no word or number."""
    found = re.match(r"[\"'(\[]*([A-Za-z0-9][A-Za-z0-9'-]*)", text.strip())
    if not found:
        return None
    first = found.group(1)
    if first[0].isdigit():
        digits = re.match(r"\d+", first).group()  # type: ignore[union-attr]
        return digits.startswith("8") or digits in ("11", "18") or (len(digits) == 5 and digits[:2] in ("11", "18"))
    letters = first.split("-")[0]
    if len(letters) >= 2 and letters.isupper() and letters.isalpha():
        return letters[0] in _VOWEL_LETTERS
    word = first.lower()
    if word.startswith(_VOWEL_SOUND):
        return True
    if word.startswith(_CONSONANT_SOUND):
        return False
    return word[0] in "aeiou"


def _article_hit(item: m.Item, part: Part, article: str, field: str) -> Hit | None:
    want_an = article.lower() == "an"
    fits = [c for c in part.choices if takes_an(c.text) is want_an]
    misfits = [c for c in part.choices if takes_an(c.text) is (not want_an)]
    if not fits or not misfits:
        return None
    listed = ", ".join(f'{c.label} ("{shorten(c.text, 30)}")' for c in misfits)
    return Hit(
        "grammar-mismatch",
        item.id,
        (field,),
        f'the {field} puts "{article}" before the choices{part.where()}, which does '
        f"not fit {listed}: learners drop the choices that do not fit the grammar. Move the article into each "
        "choice, or end the stem before it.",
    )


def _article_hits(item: m.Item) -> list[Hit]:
    hits: list[Hit] = []
    for part in parts(item):
        if isinstance(item, (m.ClozeItem, m.RationaleItem)):
            blank_id = part.name.split("'")[1]
            marker = re.search(r"\{\{\s*" + re.escape(blank_id) + r"\s*\}\}", item.sentence)
            before = item.sentence[: marker.start()] if marker else ""
            ending = re.search(r"(?<![a-z0-9'-])(a|an)\s*$", before, re.IGNORECASE)
            field = "sentence"
        else:
            ending = _ARTICLE_END.search(plain(part.lead))
            field = "stem"
        if ending:
            hit = _article_hit(item, part, ending.group(1), field)
            if hit:
                hits.append(hit)
    return hits


def _count_hits(item: m.Item) -> list[Hit]:
    if isinstance(item, m.SelectNItem):
        for found in _COUNT_RE.finditer(item.stem):
            said = (found.group(1) or found.group(2)).lower()
            number = int(said) if said.isdigit() else _NUMBERS[said]
            if number != item.n:
                return [
                    Hit(
                        "grammar-mismatch",
                        item.id,
                        ("stem",),
                        f'the stem asks for {number} ("{found.group().strip()}") but the item lets learners '
                        f"pick exactly {item.n} (n: {item.n}); make the stem and n agree.",
                    )
                ]
    if isinstance(item, m.SelectNItem):
        wanted, picks = item.n, f"exactly {item.n}"
    elif isinstance(item, m.SelectAllItem):
        wanted, picks = len(item.key), f"{len(item.key)} keyed options"
    else:
        return []
    many = wanted >= 2
    if many:
        question = lead_in(item)
        singular = _SINGULAR_RE.search(question.strip())
        if singular:
            return [
                Hit(
                    "grammar-mismatch",
                    item.id,
                    ("stem",),
                    f'the question is worded for one answer ("{singular.group()}...") but the item has {picks}; '
                    'word it in the plural ("Which ... are ...?").',
                )
            ]
    return []


def check_grammar(item: m.Item) -> list[Hit]:
    """A stem ending in 'a'/'an' that fits only some choices; a stated count or a singular question
    that disagrees with how many answers the item wants."""
    return _article_hits(item) + _count_hits(item)
