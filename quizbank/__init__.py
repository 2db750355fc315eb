"""clinquiz's pure core: the question bank, its checks, scoring, sessions and records.

Nothing here imports ipywidgets or IPython; the UI lives in the `widgets` package.
"""

__version__ = "0.1.0"
