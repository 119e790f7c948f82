"""Resolve across the corpus: which instrument each citation names, and which page it links to.

Identity (shared domain.md §2-3): national references (TW, CP, TTg, QH, ministries, normative documents) name one
instrument everywhere; local ones (UBND, TU, BCĐ, HĐND ...) belong to the jurisdiction the citation names, else to
the one an earlier full mention in the same document gave, else to the citing document's. Numbering restarts every
year (State) or term (Party), so a known year is part of identity; normative numbers carry their year.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from .addresses import agency_url, instrument_url, numbered
from .agencies import AgencyName, canonical_agency, collective_members, jurisdiction_of, parent_jurisdictions
from .agencies import _issuer_level as issuer_level
from .extract import extract_document
from .extract.citations import reference_key
from .models import (
    Agency,
    Citation,
    CitationMention,
    Corpus,
    Document,
    Duty,
    Extracted,
    Given,
    Instrument,
    Problem,
    ResolvedCitation,
    ResolvedCorpus,
    ResolvedDuty,
)
from .parse import document_slug
from .parse.names import CODE_NAMES
from .textutil import alternation, fold, slugify, tone_style
from .validity import build_date, validity
from .vocab import VOCAB

_Date = date  # for fields after one named "date"

LEVELS = {
    "party": "Trung ương Đảng",
    "assembly": "Quốc hội, Ủy ban Thường vụ Quốc hội",
    "government": "Chính phủ, Thủ tướng Chính phủ",
    "ministry": "Bộ, ngành Trung ương",
    "named": "Văn bản được nêu tên, không có số",
    "local": "Địa phương",
    "unknown": "Không rõ cấp ban hành",
}
# a province named without its name ("của UBND tỉnh", "của Ban Thường vụ Tỉnh ủy"); matched in one tone style
_PROVINCE_UNIT = alternation(VOCAB.units("tinh"))
_PROVINCE_COMMITTEES = [u.committee for u in VOCAB.place_units if u.level == "tinh" and u.committee]
_PROVINCE_WORDS = re.compile(rf"\b(?:{_PROVINCE_UNIT}|{alternation(_PROVINCE_COMMITTEES)})\b")
# the parts of a document that have a place in a part's address, by their rank (generator/vocab/terms.toml)
_PIN_ORDER = {slugify(name): rank for name, rank in VOCAB.parts.items() if rank is not None}
_PIN_PART = re.compile(
    rf"({alternation(n for n, r in VOCAB.parts.items() if r is not None)})\s+([0-9]+(?:\.[0-9]+)*|[IVXLC]+|[a-zđ])\b",
    re.IGNORECASE,
)


# --- identity ------------------------------------------------------------------------------


def issuer_code(reference: str) -> str:
    """The issuing body's code in a reference: '53/KH-UBND' -> 'UBND', '120-KL/TW' -> 'TW', '34/2007/PL-UBTVQH11' -> 'UBTVQH11'."""
    tail = reference.split("/")[-1]
    if re.match(r"^\d+-", reference) or "/" not in reference:
        return tail.split("-")[0]  # Party: number-TYPE/ISSUER[-UNIT]
    parts = tail.split("-")
    if len(parts) >= 2 and parts[0] in CODE_NAMES:
        return parts[1]
    return parts[0]


def _base_code(code: str) -> str:
    return re.sub(r"\d+$", "", code)


def level_of(mention: CitationMention) -> str:
    if mention.family == "named":
        return "named"
    if not mention.reference:
        return "unknown"
    code = _base_code(issuer_code(mention.reference))
    national = VOCAB.national_code_levels.get(code)  # generator/vocab/bodies.toml
    if national is not None:
        return national
    if mention.family == "normative" and code not in VOCAB.local_codes:
        return "ministry"
    return "local"


def _mention_jurisdiction(mention: CitationMention, jurisdiction: str | None, issuer: str | None, named: str | None) -> str | None:
    """Jurisdiction named in 'của UBND tỉnh Quảng Ngãi' (`named`, `jurisdiction_of` the mention's issuer), else the
    citing document's (`jurisdiction`; `issuer`: the citing document's)."""
    if mention.issuer:
        if named:
            return named
        if _PROVINCE_WORDS.search(tone_style(mention.issuer)) and issuer_level(issuer) in {"huyen", "xa"}:
            return None  # "của UBND tỉnh" in a town's document: the province, which it does not name here
        # (in a provincial body's document, a Sở's or a Ban's, "của Văn phòng Tỉnh ủy" is its own province's)
    return jurisdiction


@dataclass(slots=True)
class _Mention:
    doc: Document
    index: int  # index of the citation in the document
    citation: Citation
    key: str  # reference key or folded name
    jurisdiction: str | None
    year: int | None
    level: str
    mention: CitationMention  # citation.mention


def _normative_year(reference: str) -> int | None:
    m = re.match(r"^\d+/(\d{4})/", reference)
    return int(m.group(1)) if m else None


def _group_mentions(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions of one reference and jurisdiction, split by year where the year is known."""
    by_scope: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in mentions:
        by_scope[(m.key, m.jurisdiction or "")].append(m)
    groups: list[list[_Mention]] = []
    for _, ms in sorted(by_scope.items()):
        years = sorted({m.year for m in ms if m.year is not None})
        if len(years) <= 1:
            groups.append(ms)
            continue
        for y in years:
            groups.append([m for m in ms if m.year == y])
        undated = [m for m in ms if m.year is None]
        if undated:
            groups.append(undated)
    return groups


_ABOVE_ARTICLE = re.compile(r"(?:(?:phan|chuong|muc|tieu-muc)-[a-z0-9]+-)+")


def pinpoint_anchor(pinpoint: str | None, doc: Document) -> str | None:
    """'khoản 1, Mục III' -> 'muc-iii-khoan-1' when that section exists in the target document."""
    if not pinpoint:
        return None
    parts: list[tuple[int, str]] = []
    kinds: set[str] = set()
    for m in _PIN_PART.finditer(pinpoint):
        word = slugify(m.group(1))
        kind = {"muc": "muc", "khoan": "khoan", "diem": "diem", "dieu": "dieu", "chuong": "chuong", "phan": "phan"}.get(word, word)
        if kind in kinds:
            continue  # "điểm b, điểm c khoản 2 Điều 6": the link goes to the first listed, as for "điểm b, c"
        kinds.add(kind)
        label = m.group(2)
        label_slug = "dd" if label == "đ" else slugify(label)
        parts.append((_PIN_ORDER.get(kind, 9), f"{kind}-{label_slug}"))
    if not parts:
        return None
    anchor = "-".join(p for _, p in sorted(parts))
    anchors = doc.sections_by_anchor
    if anchor in anchors:
        return anchor
    # "điểm a khoản 2 Điều 5" in a law whose articles stand in chapters: "chuong-ii-dieu-5-khoan-2-diem-a" (an article's
    # number is unique in its document, so the chapter, section and part above it need not be named)
    if parts and sorted(parts)[0][1].startswith("dieu-"):
        found = [a for a in anchors if a.endswith("-" + anchor) and _ABOVE_ARTICLE.fullmatch(a[: -len(anchor)])]
        if len(found) == 1:
            return found[0]
    return None


@dataclass(frozen=True, slots=True)
class _Identity:
    """What a full mention's identity takes from the mention alone: its key, level, year and the jurisdiction its
    issuer names (None when not local or not named). The same in both passes of `resolve_citations`."""

    key: str
    level: str
    year: int | None
    named: str | None


# a citation as `_collect` reads it: "self", "short", or a full mention with its identity
_Kind = str | _Identity


def _identities(cites: Mapping[str, tuple[Citation, ...]]) -> dict[str, list[_Kind]]:
    """Each document's citations classified once (`_Kind`), for both passes of `_collect`. What a mention's fields
    give is worked out once per distinct value: a corpus cites the same instruments and bodies again and again
    (10,000 documents: 86,000 mentions of some 4,000 references)."""
    levels: dict[tuple[str, str | None], str] = {}
    keys: dict[str, str] = {}
    places: dict[str, str | None] = {}
    out: dict[str, list[_Kind]] = {}
    for doc_id, cs in cites.items():
        kinds: list[_Kind] = []
        for c in cs:
            m = c.mention
            if m.family == "self":
                kinds.append("self")
                continue
            if m.family == "short" or (not m.reference and m.family != "named"):
                kinds.append("short")
                continue
            lk = (m.family, m.reference)
            level = levels.get(lk)
            if level is None:
                level = levels[lk] = level_of(m)
            if m.family == "named":
                kinds.append(_Identity("ten:" + fold(re.sub(r"\s+", " ", m.text)), level, None, None))
                continue
            assert m.reference is not None
            key = keys.get(m.reference)
            if key is None:
                key = keys[m.reference] = reference_key(m.reference)
            named = None
            if level == "local":
                issuer = m.issuer or ""
                named = places[issuer] if issuer in places else places.setdefault(issuer, jurisdiction_of(issuer))
            year = _normative_year(m.reference) if m.family == "normative" else (m.date.year if m.date else None)
            kinds.append(_Identity(key, level, year, named))
        out[doc_id] = kinds
    return out


_Cited = tuple[Document, int, Citation]  # a short or self mention: the citing document, the citation's index, it
_DocMentions = tuple[list[_Mention], list[_Cited], list[_Cited]]  # one document's full, short and self mentions


def _collect(
    docs: tuple[Document, ...], cites: dict[str, tuple[Citation, ...]], kinds: dict[str, list[_Kind]], home: dict[str, str],
    first: dict[str, _DocMentions] | None = None,
) -> tuple[list[_Mention], list[_Cited], list[_Cited]]:
    """Mentions with their identity (`kinds`: `_identities`); `home` gives a jurisdiction to documents that do not
    state theirs. `first`, when given, holds each document's mentions of an earlier pass (`_homes`: no home), filled
    here with those it lacks: a document that `home` does not place has the same ones, taken as they are (what is
    read of their `doc` is its id and label, which placing it does not change)."""
    mentions: list[_Mention] = []
    short: list[_Cited] = []
    selfs: list[_Cited] = []
    for doc in docs:
        doc_cites = cites.get(doc.id, ())
        if not doc_cites:
            continue
        jurisdiction = doc.jurisdiction or home.get(doc.id)
        kept = first.get(doc.id) if first is not None and jurisdiction == doc.jurisdiction else None
        if kept is None:
            kept = _doc_mentions(doc, doc_cites, kinds.get(doc.id, []), jurisdiction)
            if first is not None:
                first.setdefault(doc.id, kept)
        mentions.extend(kept[0])
        short.extend(kept[1])
        selfs.extend(kept[2])
    return mentions, short, selfs


def _doc_mentions(doc: Document, cites: tuple[Citation, ...], kinds: list[_Kind], jurisdiction: str | None) -> _DocMentions:
    """One document's mentions (`_collect`), `jurisdiction` its own or the one its citers give it."""
    mentions: list[_Mention] = []
    short: list[_Cited] = []
    selfs: list[_Cited] = []
    earlier: dict[str, str | None] = {}
    for i, (c, kind) in enumerate(zip(cites, kinds, strict=True)):
        if kind.__class__ is str:
            (selfs if kind == "self" else short).append((doc, i, c))
            continue
        assert isinstance(kind, _Identity)
        m = c.mention
        jur: str | None = None
        if kind.level == "local":
            jur = kind.named or earlier.get(kind.key) or _mention_jurisdiction(m, jurisdiction, doc.issuer, kind.named)
        if m.family != "named" and kind.key not in earlier:
            earlier[kind.key] = jur
        mentions.append(_Mention(doc, i, c, kind.key, jur, kind.year, kind.level, m))
    return mentions, short, selfs


# --- the stage -----------------------------------------------------------------------------


def resolve(corpus: Corpus, extracted: Mapping[str, Extracted] | None = None, today: date | None = None) -> ResolvedCorpus:
    """The resolve stage: citations to instruments and pages, then duties to agencies, then each document's status
    on `today` (default `validity.build_date()`).

    `extracted` is what the per-file stage found in each document (`extract.extract_document`, cached with the
    parse); only a document it does not cover is extracted here, once, so `resolve(corpus)` alone gives the same
    result. Nothing below extracts again."""
    found = extracted_for(corpus, extracted)
    return resolve_validity(resolve_duties(resolve_citations(corpus, found), found), found, today)


def resolve_validity(resolved: ResolvedCorpus, extracted: Mapping[str, Extracted], today: date | None = None) -> ResolvedCorpus:
    """Each document's effect and status on `today`, and the status of cited instruments that documents here act on."""
    day = today or build_date()
    own: dict[str, str] = {}
    for inst in resolved.instruments:
        if inst.document is not None:
            own.setdefault(inst.document, inst.id)
    docs, others = validity(resolved.documents, resolved.citations, own, extracted, day)
    return dataclasses.replace(resolved, validity=docs, instrument_status=others, today=day)


def extracted_for(corpus: Corpus, extracted: Mapping[str, Extracted] | None) -> Mapping[str, Extracted]:
    """`extracted` when it covers every document of `corpus` (as the pipeline's does), else completed by running
    the extractors on the documents it lacks."""
    given = extracted or {}
    if all(d.id in given for d in corpus.documents):
        return given
    return {d.id: given[d.id] if d.id in given else extract_document(d)[1] for d in corpus.documents}


def resolve_citations(corpus: Corpus, extracted: Mapping[str, Extracted] | None = None) -> ResolvedCorpus:
    """Resolve citations to instruments and pages (`extracted`: see `resolve`)."""
    docs = corpus.documents
    found = extracted_for(corpus, extracted)
    cites = {doc_id: e.citations for doc_id, e in found.items()}
    doc_keys: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        if d.reference:
            doc_keys[reference_key(d.reference)].append(d)
    kinds = _identities(cites)
    by_doc: dict[str, _DocMentions] = {}
    home, claims = _homes(docs, cites, kinds, doc_keys, by_doc)
    docs = _placed(docs, home)
    corpus = dataclasses.replace(corpus, documents=docs)
    doc_keys = defaultdict(list)
    for d in docs:
        if d.reference:
            doc_keys[reference_key(d.reference)].append(d)
    mentions, short, selfs = _collect(docs, cites, kinds, home, by_doc)
    groups = _group_mentions(mentions)

    instruments: list[Instrument] = []
    resolved: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    given: dict[str, list[Given]] = defaultdict(list)
    extra_problems: dict[str, list[Problem]] = defaultdict(list)
    used_ids: set[str] = set()
    ambiguous = set(claims) - set(home)
    source_of: dict[str, str] = {}
    for d in docs:
        source_of.setdefault(d.id, d.source)
    order = {d.id: n for n, d in enumerate(docs)}
    for group in groups:
        first = group[0]
        target = _match_document(group, doc_keys.get(first.key, []), home, ambiguous=ambiguous)
        inst = _instrument(group, target, used_ids, order)
        used_ids.add(inst.id)
        instruments.append(inst)
        row = (inst.id, target.id if target else None)
        for m in group:
            resolved[(m.doc.id, m.index)] = row
        if target is not None:
            _give(given[target.id], target, inst, group[0].doc, home)
        for text in inst.conflicts:
            for doc_id in [m.doc.id for m in group]:  # every citing mention, as many as there are
                extra_problems[doc_id].append(
                    Problem("citation-conflict", f"Dẫn chiếu không khớp về {_label(inst)}: {text}", None, source_of.get(doc_id, ""), "warning")
                )
    # documents themselves, for "Kế hoạch này" and for pages of documents nobody cites
    by_doc_inst = {i.document: i.id for i in instruments if i.document}
    for d in docs:
        if d.id not in by_doc_inst:
            inst = _document_instrument(d)
            instruments.append(inst)
            by_doc_inst[d.id] = inst.id
    for doc, i, _c in selfs:
        resolved[(doc.id, i)] = (by_doc_inst[doc.id], doc.id)
    for doc, i, c in short:
        j = _earlier_full_mention(cites.get(doc.id, ()), i, c)
        match = resolved.get((doc.id, j)) if j is not None else None
        if match:
            resolved[(doc.id, i)] = match
    out = _citation_rows(docs, found, resolved)
    new_docs = tuple(
        dataclasses.replace(d, problems=d.problems + tuple(extra_problems[d.id])) if extra_problems.get(d.id) else d for d in docs
    )
    instruments.sort(key=lambda i: i.id)
    return ResolvedCorpus(
        dataclasses.replace(corpus, documents=new_docs),
        out,
        tuple(instruments),
        {k: tuple(v) for k, v in given.items()},
        {d.id: found[d.id].deadlines for d in new_docs},
    )


def _homes(
    docs: tuple[Document, ...], cites: dict[str, tuple[Citation, ...]], kinds: dict[str, list[_Kind]], doc_keys: dict[str, list[Document]],
    first: dict[str, _DocMentions] | None = None,
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """First pass: a document that does not state its jurisdiction takes the one its citers give it (only when
    every citing jurisdiction agrees: a Lào Cai plan never makes a Quảng Ngãi plan its own). Returns the homes
    and every claim; `first` is filled with each document's mentions (`_collect`)."""
    claims: dict[str, set[str]] = defaultdict(set)
    mentions, _, _ = _collect(docs, cites, kinds, {}, first)
    for group in _group_mentions(mentions):
        target = _match_document(group, doc_keys.get(group[0].key, []), {})
        if target is not None and target.jurisdiction is None and group[0].jurisdiction:
            claims[target.id].add(group[0].jurisdiction)
    return {doc_id: next(iter(js)) for doc_id, js in claims.items() if len(js) == 1}, claims


def _give(given: list[Given], target: Document, inst: Instrument, citing: Document, home: dict[str, str]) -> None:
    """The facts `target` lacks that its first citer gives: the date, the jurisdiction its citers agree on."""
    if target.date is None and inst.date is not None and not any(g.field == "date" for g in given):
        given.append(Given("date", inst.date.isoformat(), citing.id))
    if target.jurisdiction is None and target.id in home and not any(g.field == "jurisdiction" for g in given):
        given.append(Given("jurisdiction", home[target.id], citing.id))


def _earlier_full_mention(cites: tuple[Citation, ...], i: int, short: Citation) -> int | None:
    """Where the full mention that a short mention ("Kế hoạch số 53", the `i`-th citation) resolves to stands: the
    last one before it with its number and type. Searched backwards from `i` (a dict of every earlier mention's
    resolution, made for each short mention, was quadratic in a document's citations)."""
    sm = short.mention
    if not sm.number:
        return None
    number = sm.number.lstrip("0")
    for j in range(i - 1, -1, -1):
        om = cites[j].mention
        if om.reference and om.number and om.number.lstrip("0") == number and (sm.type_code is None or om.type_code == sm.type_code):
            return j
    return None


def _citation_rows(
    docs: tuple[Document, ...],
    found: Mapping[str, Extracted],
    resolved: dict[tuple[str, int], tuple[str | None, str | None]],
) -> dict[str, tuple[ResolvedCitation, ...]]:
    """Each document's citations with their instrument, target page and anchor, and their sentence (found with the
    citations, `Extracted.sentences`; looked up here for an `Extracted` made without them)."""
    out: dict[str, tuple[ResolvedCitation, ...]] = {}
    doc_by_id = {d.id: d for d in docs}
    unresolved = (None, None)
    for doc in docs:
        rows = []
        extracted = found.get(doc.id)
        cites = extracted.citations if extracted is not None else ()
        sentences = extracted.sentences if extracted is not None and len(extracted.sentences) == len(cites) else None
        doc_id = doc.id
        for i, c in enumerate(cites):
            inst_id, target_id = resolved.get((doc_id, i), unresolved)
            pinpoint = c.mention.pinpoint
            target_doc = doc_by_id.get(target_id) if target_id and pinpoint else None
            anchor = pinpoint_anchor(pinpoint, target_doc) if target_doc else None
            if sentences is not None:
                sentence = sentences[i]
            else:
                sentence = doc.sentence_at(c.place.section, c.place.block, c.place.start, c.place.end)
            rows.append(ResolvedCitation(c, inst_id, target_id, anchor, sentence))
        out[doc.id] = tuple(rows)
    return out


def _placed(docs: tuple[Document, ...], home: dict[str, str]) -> tuple[Document, ...]:
    """Documents that state no jurisdiction but whose citers agree on one (plan 03-KH/BCĐ, cited by Quảng Ngãi's
    53/KH-UBND) get their page under that place, not under `khong-ro-noi-ban-hanh`; the card says where the place
    comes from (`Given`). Their id stays: it keys what was extracted from them."""
    taken = {d.url for d in docs}
    out: list[Document] = []
    for d in docs:
        place = home.get(d.id) if d.jurisdiction is None else None
        if place:
            _, url = document_slug(place, d.issuer, d.year, d.type_name, d.number, d.symbol, d.title, d.index, d.source)
            if url != d.url and url not in taken:
                taken.add(url)
                d = dataclasses.replace(d, url=url)
        out.append(d)
    return tuple(out)


def _label(inst: Instrument) -> str:
    return f"{inst.type_name or 'văn bản'} {inst.reference or inst.name or ''}".strip()


def _match_document(
    group: list[_Mention], candidates: list[Document], home: dict[str, str], ambiguous: set[str] | None = None
) -> Document | None:
    """The corpus document a group of mentions names, if exactly one fits its jurisdiction and year.

    A local reference matches a document of the same jurisdiction; a document that states none matches through
    the jurisdiction its citers agree on (`home`), never when citers of several jurisdictions claim it.
    """
    first = group[0]
    years = {m.year for m in group if m.year is not None}
    fits = []
    for d in candidates:
        jur = d.jurisdiction or home.get(d.id)
        if first.level == "local":
            if jur is not None and first.jurisdiction is not None and jur != first.jurisdiction:
                continue
            if jur is None and (first.jurisdiction is None or (ambiguous and d.id in ambiguous)):
                continue
        if years and d.year is not None and d.year not in years:
            continue
        fits.append(d)
    exact = [d for d in fits if (d.jurisdiction or home.get(d.id)) == first.jurisdiction]
    if len(exact) == 1:
        return exact[0]
    return fits[0] if len(fits) == 1 else None


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(filter(None, values))
    if not counted:
        return None
    best = max(counted.values())
    return sorted(v for v, n in counted.items() if n == best)[0]


def _instrument(group: list[_Mention], target: Document | None, used: set[str], order: Mapping[str, int]) -> Instrument:
    """The instrument a group of mentions names; `order`: each document's position in the corpus, the order of
    `cited_by` (each citing document once)."""
    first = group[0]
    ms = [m.mention for m in group]
    references = set(filter(None, map(_REFERENCE, ms)))
    # the fullest spelling: PL-UBTVQH11 rather than PL-UBTVQH
    reference = max(references, key=lambda r: (len(r), r)) if references else None
    type_code = _most_common(map(_TYPE_CODE, ms))
    type_name = _most_common(map(_TYPE_NAME, ms)) or (CODE_NAMES.get(type_code) if type_code else None)
    name = None if reference else re.sub(r"\s+", " ", ms[0].text)
    dates_given = tuple((m.doc.id, m.mention.date) for m in group if m.mention.date)
    cited_by = tuple(sorted(dict.fromkeys(m.doc.id for m in group), key=order.__getitem__))
    distinct = sorted({d for _, d in dates_given})
    conflicts: list[str] = []
    if len(distinct) > 1:
        parts = [f"ngày {d.strftime('%d/%m/%Y')} (theo {', '.join(_doc_label(m.doc) for m in group if m.citation.mention.date == d)})" for d in distinct]
        conflicts.append("các văn bản dẫn chiếu ghi ngày khác nhau: " + "; ".join(parts))
    year_in_number = _normative_year(reference) if reference else None
    for d in distinct:
        if year_in_number and d.year != year_in_number:
            citing = ", ".join(_doc_label(m.doc) for m in group if m.citation.mention.date == d)
            conflicts.append(f"số hiệu mang năm {year_in_number} nhưng được ghi ban hành ngày {d.strftime('%d/%m/%Y')} (theo {citing})")
    if target is not None and target.date is not None and distinct and any(d != target.date for d in distinct):
        conflicts.append(f"văn bản gốc ghi ngày {target.date.strftime('%d/%m/%Y')}, khác với ngày văn bản dẫn chiếu ghi")
    when = target.date if target is not None and target.date else (distinct[0] if len(distinct) == 1 else None)
    issuer = target.issuer if target is not None and target.issuer else _most_common(map(_ISSUER, ms))
    title = target.title if target is not None and target.title else next((m.subject for m in ms if m.subject), None)
    jurisdiction = first.jurisdiction if first.level == "local" else None
    if target is not None:
        url = target.url
        inst_id = "vb-" + target.id
    else:
        scope = (slugify(jurisdiction) if jurisdiction else "") or {"local": "khong-ro", "unknown": "khong-ro", "named": "khong-so"}.get(first.level, "trung-uong")
        if reference:
            year = first.year if first.year and not year_in_number else None
            leaf = f"{slugify(type_name or 'van-ban')}-{slugify(reference)}" + (f"-{year}" if year else "")
        else:
            leaf = slugify(name or "", 70) or "van-ban"
        inst_id = f"{scope}-{leaf}"
        url = instrument_url(scope, leaf)
    base, k, first_url = inst_id, 2, url
    while inst_id in used:
        inst_id = f"{base}-{k}"
        url = numbered(first_url, k)
        k += 1
    return Instrument(
        id=inst_id, url=url, reference=reference, name=name, type_code=type_code, type_name=type_name, issuer=issuer,
        jurisdiction=jurisdiction if target is None else (target.jurisdiction or jurisdiction), level=first.level, date=when,
        title=title, document=target.id if target else None, cited_by=cited_by,
        conflicts=tuple(conflicts), dates_given=dates_given,
    )


_REFERENCE, _TYPE_CODE, _TYPE_NAME, _ISSUER = (attrgetter(f) for f in ("reference", "type_code", "type_name", "issuer"))


def _document_instrument(doc: Document) -> Instrument:
    return Instrument(
        id="vb-" + doc.id, url=doc.url, reference=doc.reference, name=None if doc.reference else doc.title,
        type_code=doc.type_code, type_name=doc.type_name, issuer=doc.issuer, jurisdiction=doc.jurisdiction,
        level="local" if doc.jurisdiction else "unknown", date=doc.date, title=doc.title, document=doc.id, cited_by=(),
        conflicts=(),
    )


def _doc_label(doc: Document) -> str:
    return doc.label



# --- duties and agencies ----------------------------------------------------------------------


def _one_per_body(duties: tuple[Duty, ...], doc: Document) -> tuple[Duty, ...]:
    """The duties a document's extraction keeps with `doc.jurisdiction`: one per (body, role, section, block), the first
    (extract/duties.py `_Out.add`), from those it kept with a jurisdiction that told fewer names apart."""
    seen: set[tuple[str, str, str, int]] = set()
    out = []
    for duty in duties:
        agency = canonical_agency(duty.agency, doc.jurisdiction, issuer=doc.issuer)
        key = (agency.id if agency else duty.agency, duty.role, duty.place.section, duty.place.block)
        if key not in seen:
            seen.add(key)
            out.append(duty)
    return tuple(out)



def effective_jurisdiction(resolved: ResolvedCorpus, doc: Document) -> str | None:
    """The document's own jurisdiction, else the one its citers agree on."""
    if doc.jurisdiction:
        return doc.jurisdiction
    return next((g.value for g in resolved.given.get(doc.id, ()) if g.field == "jurisdiction"), None)


def resolve_duties(resolved: ResolvedCorpus, extracted: Mapping[str, Extracted] | None = None) -> ResolvedCorpus:
    """Duties of every document, their agencies as corpus-wide entities, collective memberships.

    Duties in `extracted` were found with the document's own jurisdiction. A document that takes its jurisdiction
    from its citers keeps them, named again in that jurisdiction: which names are bodies does not depend on the
    jurisdiction, but two names may now be one body ("UBND tỉnh" and "UBND tỉnh Quảng Ngãi"), whose duty in one
    block and role is then kept once, as the extractor keeps it (`_one_per_body`)."""
    docs = resolved.documents
    found_extracted = extracted_for(resolved.corpus, extracted)
    parents = parent_jurisdictions(docs)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    found: dict[str, AgencyName] = {}
    duties: dict[str, tuple[ResolvedDuty, ...]] = {}
    spellings: dict[str, str] = {}  # a name as written -> its spaces made single (the same names come back often)
    for doc in docs:
        jur = effective_jurisdiction(resolved, doc)
        doc_duties = found_extracted[doc.id].duties
        if jur != doc.jurisdiction:
            doc_duties = _one_per_body(doc_duties, dataclasses.replace(doc, jurisdiction=jur))
        parent = parents.get(jur or "")
        # the names as written, each looked up once per document (a document names its bodies again and again),
        # counted as often as written
        ids: dict[str, str | None] = {}
        for name, count in Counter(duty.agency for duty in doc_duties).items():
            agency = canonical_agency(name, jur, issuer=doc.issuer, parent=parent)
            ids[name] = None if agency is None else agency.id
            if agency is None:
                continue
            found.setdefault(agency.id, agency)
            names[agency.id][agency.name] += count
            spelled = spellings.get(name)
            if spelled is None:
                spelled = spellings[name] = re.sub(r"\s+", " ", name).strip()
            aliases[agency.id].add(spelled)
        duties[doc.id] = tuple(ResolvedDuty(duty, agency_id) for duty in doc_duties if (agency_id := ids[duty.agency]) is not None)
    known = list(found.values())
    members = {a.id: collective_members(a.id, known, parents) for a in known if a.collective}
    groups: dict[str, list[str]] = defaultdict(list)
    for coll, ms in members.items():
        for m in ms:
            groups[m].append(coll)
    agencies = tuple(
        Agency(
            id=a.id,
            name=names[a.id].most_common(1)[0][0] if names[a.id] else a.name,
            jurisdiction=a.jurisdiction,
            aliases=tuple(sorted(aliases[a.id])),
            collective=a.collective,
            level=a.level,
            url=agency_url(a.id),
            members=tuple(members.get(a.id, ())),
            groups=tuple(sorted(groups.get(a.id, ()))),
        )
        for a in sorted(known, key=lambda x: x.id)
    )
    return dataclasses.replace(resolved, duties=duties, agencies=agencies)
