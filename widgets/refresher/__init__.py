"""The self-paced refresher for pharmacists: plan, review sessions, progress, statement of completion.

`refresher_home(bank, learner)` is the whole refresher for one learner (the home screen's
entry point); `SignIn` and `learner_context` are the simple id prompt of
notebooks/refresher.ipynb.
"""

from widgets.refresher.plan import RefresherHome, refresher_home
from widgets.refresher.signin import SignIn, SignInError, learner_context

__all__ = ["RefresherHome", "SignIn", "SignInError", "learner_context", "refresher_home"]
