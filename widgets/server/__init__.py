"""Server-process code: the launcher, clinquiz's Voila servers, the websocket guard and the kernel pool.

Nothing here runs in a learner's kernel, and no kernel imports it (it imports Voila and
jupyter_server). `python -m widgets.server` is the launcher behind `make serve`.
"""
