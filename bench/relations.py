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
from generator.extract.relations import EFFECT_SUBJECTS, extract_effect
from generator.pipeline import parse_file, source_files

# an effect clause: "<type> này có hiệu lực" opening its sentence (after a khoản's number), not "Từ ngày Luật này có
# hiệu lực ..." nor a clause quoted from another document ("“Điều 19. ... Nghị định này có hiệu lực ...")
_CLAUSE = re.compile(
    r"(?:^|[.:;]\s)(?:\d{1,2}\.\s)?(?:" + "|".join(EFFECT_SUBJECTS) + r")\snày\s{1,3}có\s{1,3}hiệu\s{1,3}lực", re.M
)
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
    title_acts = title_named = body_named = 0
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
            acts = sorted((m.start(), relation) for relation, pattern in _TITLE_ACTS.items() if (m := pattern.search(title)))
            if acts and doc.type_code != "VBHN":
                relation = acts[0][1]  # the title's first verb: "Bãi bỏ Thông tư số 338/2016/TT-BTC ... bổ sung ..."
                title_acts += 1
                if any(c.place.block == -1 and c.place.section == "" and c.relation == relation for c in extracted.citations):
                    title_named += 1
                elif any(c.relation == relation for c in extracted.citations):
                    body_named += 1  # the title names a kind of documents ("các Thông tư trong lĩnh vực ..."), the body each
                    misses.append(f"title {relation} (body only): {path.name}: {title[:120]}")
                else:
                    misses.append(f"title {relation}: {path.name} #{doc.index}: {title[:120]}")
    print(f"documents: {docs_seen}")
    print(f"effect clause in the text: {with_clause}; effective date or rule read: {effect_found}")
    print(
        f"titles that amend, replace or repeal: {title_acts}; the title's target has that relation: {title_named}; "
        f"the title names no instrument but the body's have it: {body_named}"
    )
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
