"""Event handlers that trust nothing from the browser.

Every click or change arrives as a widget message the browser could have forged. Actions
return their refusal (quizbank.outcomes); a guarded handler also absorbs a `Refused`
reading (an unknown item or part: nothing changed) and never lets an error escape to the
browser as a traceback: it is logged in the kernel instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from quizbank.session import Refused

log = logging.getLogger("clinquiz.widgets")
F = TypeVar("F", bound=Callable[..., Any])


def guarded(on_refused: Callable[[Any, Refused], None] | None = None) -> Callable[[F], F]:
    """Wrap a method handler: call `on_refused(self, exc)` on Refused, log anything else."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except Refused as exc:
                log.info("refused %s: %s", handler.__name__, exc)
                if on_refused is not None:
                    on_refused(self, exc)
            except Exception:  # noqa: BLE001 - nothing may reach the browser as a traceback
                log.exception("error in %s", handler.__name__)
                notify = getattr(self, "show_error", None)
                if notify is not None:
                    notify()
            return None

        return run  # type: ignore[return-value]

    return wrap
