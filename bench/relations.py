"""Measure relations and effect clauses over a folder of real documents (e.g. the gazette files).

    python -m bench.relations FOLDER [--list]

For every document: whether its text has an effect clause ("<type> này có hiệu lực ...") and whether the generator
read an effective date or rule from it; whether its title amends, replaces or repeals ("Sửa đổi, bổ sung ...",
"... thay thế ...", "Bãi bỏ ...") and whether a citation of the title carries that relation. Prints the figures
and, with --list, the documents that miss. Reads the folder it is given; the tests never run it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from generator.extract import extract_document
from generator.extract.relations import extract_effect
from generator.pipeline import parse_file, source_files

_CLAUSE = re.compile(r"này\s{1,3}có\s{1,3}hiệu\s{1,3}lực")
_TITLE_ACTS = {
    "amends": re.compile(r"(?<!\w)sửa\s{1,3}đổi|(?<!\w)bổ\s{1,3}sung\s{1,3}(?:một\s{1,3}số|Điều|khoản)", re.IGNORECASE),
    "replaces": re.compile(r"(?<!\w)thay\s{1,3}thế\s{1,3}(?:Thông|Nghị|Quyết|Luật|Pháp|Chỉ)", re.IGNORECASE),
    "repeals": re.compile(r"(?<!\w)bãi\s{1,3}bỏ", re.IGNORECASE),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    kinds: Counter[str] = Counter()
    with_clause = effect_found = 0
    title_acts = title_named = 0
    misses: list[str] = []
    docs_seen = 0
    for path in source_files(args.folder):
        documents, _ = parse_file(path, args.folder)
        for doc in documents:
            docs_seen += 1
            doc, extracted = extract_document(doc)
            kinds.update(c.relation for c in extracted.citations if c.mention.family != "self")
            text = "\n".join(_texts(doc))
            if _CLAUSE.search(text):
                with_clause += 1
                effect = extract_effect(doc)
                if effect is not None and (effect.date or effect.rule):
                    effect_found += 1
                else:
                    misses.append(f"effect: {path.name} #{doc.index}")
            title = doc.title or ""
            for relation, pattern in _TITLE_ACTS.items():
                if pattern.search(title) and doc.type_code != "VBHN":
                    title_acts += 1
                    if any(c.place.block == -1 and c.place.section == "" and c.relation == relation for c in extracted.citations):
                        title_named += 1
                    else:
                        misses.append(f"title {relation}: {path.name} #{doc.index}: {title[:120]}")
                    break
    print(f"documents: {docs_seen}")
    print(f"effect clause in the text: {with_clause}; effective date or rule read: {effect_found}")
    print(f"titles that amend, replace or repeal: {title_acts}; target named with that relation: {title_named}")
    print("citations by relation: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    if args.list:
        for line in misses:
            print("  " + line)
    return 0


def _texts(doc):  # type: ignore[no-untyped-def]
    from generator.extract.relations import _strings

    for text, _line, annex in _strings(doc):
        if not annex:
            yield text


if __name__ == "__main__":
    sys.exit(main())
