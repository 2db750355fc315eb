"""What a learner may see of their own quiz now: the review options of its class session (or the
self-paced defaults) in the phase the records say it is in. Every result screen asks here first."""

from __future__ import annotations

from quizbank import review_policy
from quizbank.class_settings import ClassSettings
from quizbank.review_policy import Phase, ReviewOptions, Shown
from quizbank.services.records_access import records_errors
from quizbank.session import Attempt
from quizbank.store import Store

__all__ = ["Phase", "Shown", "review_now", "session_options"]


def session_options(store: Store | None, learner_id: str | None, attempt: Attempt) -> tuple[ReviewOptions, bool]:
    """The attempt's review options and whether its class session is closed (self-paced: never closed)."""
    defaults = review_policy.self_paced_defaults(attempt.settings.mode)
    if store is None or learner_id is None:
        return defaults, False
    with records_errors():
        mine = [a for a in store.list_attempts(learner_id, "quiz") if a.attempt_id == attempt.attempt_id]
        code = mine[0].session_code if mine else None
        session = store.get_session(code) if code else None
    if session is None:
        return defaults, False
    return ClassSettings.from_dict(session.settings).review_options, bool(session.closed)


def review_now(store: Store | None, learner_id: str | None, attempt: Attempt, *, just_submitted: bool = False) -> Shown:
    """What the learner may see of `attempt` now, read afresh from the records (a closed session shows more)."""
    options, closed = session_options(store, learner_id, attempt)
    phase = review_policy.phase_now(submitted=attempt.submitted, just_submitted=just_submitted, session_closed=closed)
    if phase is Phase.AFTER_CLOSE and not attempt.submitted:
        phase = Phase.DURING  # an attempt still being answered shows only what the attempt allows
    return options.shown(phase)
