"""Drop-down cloze: a sentence with blanks, a point per blank."""

from __future__ import annotations

from widgets.items.sentence import SentenceWidget


class ClozeWidget(SentenceWidget):
    """Complete the sentence; each blank scores on its own."""

    instruction = "Complete the sentence: choose the right words for each blank."
