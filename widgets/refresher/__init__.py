"""The self-paced refresher for pharmacists: plan, review sessions, progress, statement of completion.

`refresher_home(bank, learner)` is the whole refresher for one learner (the home screen's
entry point); `refresher_page(bank)` is notebooks/refresher.ipynb's page: the simple id
prompt (`SignIn`, `learner_context`), then the refresher.
"""

from widgets.refresher.plan import RefresherHome, refresher_home
from widgets.refresher.signin import RefresherPage, SignIn, SignInError, learner_context, refresher_page

__all__ = [
    "RefresherHome",
    "RefresherPage",
    "SignIn",
    "SignInError",
    "learner_context",
    "refresher_home",
    "refresher_page",
]
