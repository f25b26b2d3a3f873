"""Keep pytest out of the benchmark's scratch folder (tens of thousands of generated files)."""

collect_ignore = ["work"]
