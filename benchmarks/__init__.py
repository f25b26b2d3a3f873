"""Benchmarks: a synthetic corpus, an equivalent Hugo site and a harness that times the pipeline.

Nothing here is imported by the site or the importer; see BENCHMARKS.md for how to run it.
"""
