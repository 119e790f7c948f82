"""Relations and effect dates measured against the hand-checked answer key (tests/expectations/relations.json).

The key was made by reading the gazette fixtures and the seeds, not from the generator's output: each entry says what
the citing document does with the instrument cited at that line (or in its title), and what its own effect clause
says. Prints the figures per kind; asserts at least 95% right.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from generator.extract import extract_document
from generator.extract.citations import reference_key
from generator.models import Document, Extracted
from generator.pipeline import parse_file

from .conftest import FIXTURES, SOURCE

KEY = Path(__file__).resolve().parent / "expectations" / "relations.json"


@lru_cache(maxsize=64)
def _documents(name: str) -> tuple[tuple[Document, Extracted], ...]:
    folder, file = name.split("/", 1)
    root = SOURCE if folder == "seeds" else FIXTURES / folder
    documents, _ = parse_file(root / file, root)
    return tuple(extract_document(d) for d in documents)


def _found(entry: dict) -> list[str]:  # type: ignore[type-arg]
    """Relations the generator gives to the keyed citation (empty when it finds no such citation)."""
    out = []
    for _doc, extracted in _documents(entry["file"]):
        for c in extracted.citations:
            m = c.mention
            if "reference" in entry:
                if not m.reference or reference_key(m.reference) != reference_key(entry["reference"]):
                    continue
            elif not " ".join(m.text.split()).casefold().startswith(entry["name"].casefold()):
                continue
            in_title = c.place.section == "" and c.place.block == -1
            # a citation's line is its paragraph's first line when the paragraph has no line offsets: up to 12 lines before
            near = abs(c.place.line - entry["line"]) <= 2 or c.place.line <= entry["line"] <= c.place.line + 12
            if entry["where"] == "title" and in_title or entry["where"] != "title" and not in_title and near:
                out.append(c.relation)
    return out


def test_relations_against_the_key() -> None:
    key = json.loads(KEY.read_text(encoding="utf-8"))["relations"]
    kinds = Counter(e["relation"] for e in key)
    assert len(key) >= 40 and all(kinds[k] >= 4 for k in ("basis", "implements", "amends", "replaces", "repeals", "guides", "mentions"))
    right: Counter[str] = Counter()
    wrong = []
    for entry in key:
        found = _found(entry)
        if entry["relation"] in found:
            right[entry["relation"]] += 1
        else:
            wrong.append((entry["file"], entry["line"], entry.get("reference") or entry.get("name"), entry["relation"], found))
    for kind in sorted(kinds):
        print(f"relation {kind}: {right[kind]}/{kinds[kind]}")
    print(f"relations: {sum(right.values())}/{len(key)} right; wrong: {wrong}")
    assert sum(right.values()) >= 0.95 * len(key), wrong


def test_effective_dates_against_the_key() -> None:
    key = json.loads(KEY.read_text(encoding="utf-8"))["effects"]
    assert len(key) >= 30
    right = 0
    wrong = []
    for entry in key:
        effects = [e.effect for _, e in _documents(entry["file"])]
        effect = next((e for e in effects if e is not None), None)
        got = {"effective_rule": effect.rule if effect else None, "effective_date": effect.date.isoformat() if effect and effect.date else None}
        if all(got[k] == v for k, v in entry.items() if k != "file"):
            right += 1
        else:
            wrong.append((entry["file"], entry, got))
    print(f"effective dates: {right}/{len(key)} right; wrong: {wrong}")
    assert right >= 0.95 * len(key), wrong
