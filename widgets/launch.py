"""What the quiz notebook needs from its environment: the bank, the start-screen defaults,
the records and, on JupyterHub, the learner.

CLINQUIZ_BANK names a bank folder (default: the shipped anakinra bank), validated once and
then read from the bank cache (quizbank.bank_cache); QUERY_STRING is the page address's
query, which Voila hands to the kernel (e.g. `?mode=exam&seed=ward3`) - in a preheated
kernel only once a page request has taken it: `app_from_environment` builds the page without
waiting (ahead of the request, in a preheated kernel) and `apply_request` then waits for the
request and sets the start screen's defaults from it (widgets.request); CLINQUIZ_DB
the records database (quizbank.config); JUPYTERHUB_USER, when set, is the
learner (nobody is asked to type an id).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from quizbank.bank_cache import load_bank_cached
from quizbank.config import settings
from quizbank.loader import Bank
from quizbank.services.records_access import Records, records_opener
from widgets.app import QuizApp
from widgets.identity import identity_from_environment
from widgets.request import query_string
from widgets.start_choices import StartChoices, from_query


def bank_from_environment(environ: Mapping[str, str] = os.environ) -> Bank:
    """The bank in CLINQUIZ_BANK (a folder of YAML files), else the shipped bank (cached once validated)."""
    folder = settings(environ).bank_folder
    return load_bank_cached([folder]) if folder else load_bank_cached()


def defaults_from_environment(environ: Mapping[str, str] = os.environ, wait: bool = True) -> StartChoices:
    """Start-screen defaults from the page's query string (in a preheated kernel: waits for the page
    request, or with `wait=False` gives the plain defaults until it has arrived)."""
    return from_query(query_string(environ, wait=wait))


def store_opener(environ: Mapping[str, str] = os.environ) -> Callable[[], Records]:
    """Opens the records (CLINQUIZ_DB, else the default path) when first called; the same Store after."""
    return records_opener(settings(environ).db_path)


def app_from_environment(bank: Bank, environ: Mapping[str, str] = os.environ) -> QuizApp:
    """The student page for `bank`, configured from the environment (never waits: see `apply_request`)."""
    return QuizApp(
        bank,
        open_store=store_opener(environ),
        defaults=defaults_from_environment(environ, wait=False),
        identity=identity_from_environment(environ),
    )


def apply_request(app: QuizApp, environ: Mapping[str, str] = os.environ) -> None:
    """Give `app` the start-screen defaults of its page's address: in a preheated kernel, once the page
    request has taken the kernel (the cell calling this waits for it; cells before it run ahead)."""
    app.defaults = defaults_from_environment(environ)
