"""Render the resolved corpus: Markdown pages, open data (JSON) and calendars."""
