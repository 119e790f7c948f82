"""Header extraction measured field by field against the hand-checked expectations in expectations/seeds.json.

Prints a table of agreement per field (run with `-s` to see it) and fails if agreement drops below what was
measured when this test was written. Known disagreements are listed with the reason, not hidden.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.pipeline import build_corpus

from .conftest import SOURCE

EXPECTATIONS = Path(__file__).resolve().parent / "expectations" / "seeds.json"

FIELDS = ["type_code", "type", "number", "symbol", "reference", "issuer", "jurisdiction", "place", "date", "year",
          "title", "addressees", "recipients", "signer.name", "signer.position", "signer.prefix"]

# (source, index, field): why the generator differs from the hand reading
KNOWN = {
    ("003_07f4626c6b9d6a58.txt", 0, "jurisdiction"): "Quảng Ngãi is known only from the citing plan 53/KH-UBND (resolved across documents, not by the parser)",
    ("004_a9e489f4bcb41d29.txt", 0, "issuer"): "the text says 'Sở Nội vụ'; the province is kept as jurisdiction, not added to the name",
}


def _got(doc: Any, field: str) -> Any:
    if field.startswith("signer."):
        return getattr(doc.signer, field.split(".")[1]) if doc.signer else None
    if field == "type":
        return doc.type_name
    if field == "date":
        return doc.date.isoformat() if doc.date else None
    value = getattr(doc, field)
    return list(value) if isinstance(value, tuple) else value


def _expected(exp: dict[str, Any], field: str) -> Any:
    if field.startswith("signer."):
        return (exp["signer"] or {}).get(field.split(".")[1])
    return exp[field]


def test_header_fields_against_hand_reading() -> None:
    expected = json.loads(EXPECTATIONS.read_text(encoding="utf-8"))["documents"]
    docs = {(d.source, d.index): d for d in build_corpus(SOURCE).documents}
    rows = []
    misses = []
    for field in FIELDS:
        ok = 0
        for exp in expected:
            key = (exp["source"], exp["index"])
            got, want = _got(docs[key], field), _expected(exp, field)
            if got == want:
                ok += 1
            else:
                misses.append((key[0], key[1], field, got, want))
        rows.append((field, ok, len(expected)))
    total_ok = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    print("\nfield               agree")
    for field, ok, n in rows:
        print(f"{field:18}  {ok}/{n}")
    print(f"all fields          {total_ok}/{total} ({100 * total_ok / total:.1f}%)")
    for m in misses:
        print("differs:", m, KNOWN.get(m[:3], "UNEXPLAINED"))
    unexplained = [m for m in misses if m[:3] not in KNOWN]
    assert not unexplained
