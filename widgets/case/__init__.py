"""Unfolding clinical cases: pick a case, play it with the patient's chart beside each step's
question, see what each choice leads to, and read the debrief at the end.

`case_home(bank, learner)` is the whole screen (the home screen's "Clinical case" button
shows it; notebooks/case.ipynb shows it on its own). Modules: picker (the list of cases),
chart (the patient's chart in tabs), player (one case, step by step), debrief (the end),
home (moving between them and the records), style (the case's extra CSS).
"""

from widgets.case.home import CaseHome, case_home

__all__ = ["CaseHome", "case_home"]
