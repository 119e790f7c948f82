"""Extraction stage: citations, deadlines and duties found in a parsed Document."""
