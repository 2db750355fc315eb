"""Pure scoring of a learner's response to an item, with the rules of each item type.

Every item type scores in its own module of quizbank/items/ (the registry); this module is the
scorer's public face. Every function checks the response's shape first: anything a browser
could forge (an unknown option id, too many picks, a wrong type) raises InvalidResponse and is
never scored.

Response shapes, by item type:

| type | response |
| --- | --- |
| single | option id |
| true_false | bool |
| select_all, select_n, highlight | list of option (segment) ids |
| matrix | {row id: column id}; rows may be left out |
| cloze, dropdown_rationale | {blank id: chosen text}; blanks may be left out |
| ordering | list of every option id, in the learner's order |
| bowtie | {"condition": [id], "actions": [id, id], "parameters": [id, id]}; lists may be shorter |

`None` means "not answered" and scores 0.
"""

from __future__ import annotations

from quizbank.items import check_response, max_points, score
from quizbank.items.points import InvalidResponse, Part, Score

__all__ = ["InvalidResponse", "Part", "Score", "check_response", "max_points", "score"]
