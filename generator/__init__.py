"""Vietnamese official documents -> a structured, linked, searchable MkDocs site.

The pipeline, one module per stage: read -> normalize -> split -> parse -> extract -> resolve -> render.
`generator.pipeline.build_corpus` runs them all; `generator.plugin` and `generator.cli` are thin adapters.
"""

DEFAULT_CACHE_DIR = ".cache/vanban"  # the parse cache (pipeline.py), beside mkdocs.yml, outside the site
