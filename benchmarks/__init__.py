"""clinquiz's performance harness: `python -m benchmarks.run` (see README.md). Not timed tests."""
