"""Benchmark: synthetic corpora in the grammar of the seeds, and the script that measures a build of them."""
