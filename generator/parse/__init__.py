"""Parse one document's lines into a `Document`: header, body tree, signature and recipients."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..addresses import NATIONAL_PLACE, UNKNOWN_PLACE, document_address
from ..agencies import is_national, jurisdiction_of
from ..models import Block, Document, DocumentText, Line, Problem, Section, Signer
from ..textutil import slugify
from .annex import annex_start, parse_annexes
from .body import _FOOTNOTE, parse_body, walk
from .header import Closing, Header, Tail, infer_from_body, late_header, parse_closing, parse_header, parse_tail, same_place
from .names import CODE_NAMES, issuer_of

__all__ = ["parse_document", "walk", "document_slug"]

NATIONAL_SLUG = NATIONAL_PLACE
UNKNOWN_PLACE_SLUG = UNKNOWN_PLACE


def parse_document(text: DocumentText) -> Document:
    """Parse a document. Missing parts stay None and are listed as problems."""
    lines = text.lines
    src = text.source
    header = parse_header(lines, src)
    if header.reference is None and not header.motto:
        # a header block printed after the first page's opening (type and subject first, then issuer, motto,
        # number and date at the foot of the page): read it first, as if it stood at the top
        block = late_header(lines)
        if block is not None:
            start, end = block
            lines = lines[start:end] + lines[:start] + lines[end:]
            header = parse_header(lines, src)
    tail, closing, preamble, sections, signer, signature_lines = _structure(lines, header, src)
    problems: list[Problem] = list(text.problems) + list(header.problems) + list(tail.problems)
    inferred: list[str] = []

    # the last body of the issuer block issues the document; a parent above it may give the place
    issuer, jurisdiction = issuer_of(header.issuer_lines)
    place = header.place
    if issuer and jurisdiction and place and jurisdiction != place and same_place(jurisdiction, place):
        # the header is in capitals, where a tone is easily misprinted ('ĐỨC PHỐ' for Đức Phổ)
        issuer = issuer.replace(jurisdiction, place)
        jurisdiction = place
    number, symbol, reference = header.number, header.symbol, header.reference
    type_code = header.type_code
    when, year, date_text = header.date, header.year, header.date_text
    if closing is not None:
        # a consolidated text is numbered and dated in its authentication block; a law by its closing sentence
        if closing.reference and (reference is None or closing.symbol and closing.symbol.upper().startswith("VBHN")):
            number, symbol, reference = closing.number, closing.symbol, closing.reference
        consolidated = bool(closing.symbol and closing.symbol.upper().startswith("VBHN"))
        if closing.date and (when is None or consolidated):
            when, year, date_text = closing.date, closing.year, closing.date_text
            place = place or closing.place
            where = "khối xác thực văn bản hợp nhất" if closing.start is not None else "câu cuối của văn bản"
            problems.append(
                Problem("date-from-closing", f"Ngày ban hành đọc từ {where}: «{closing.date_text}».", closing.line, src, "info")
            )
        if issuer is None and closing.issuer_lines:
            issuer, jurisdiction = issuer_of(closing.issuer_lines)
    if symbol and symbol.upper().startswith("VBHN"):
        type_code = "VBHN"  # the header prints the type of the text it consolidates
    body_text = " ".join(b.text for b in preamble) + " " + " ".join(
        b.text for s in walk(sections)[:3] for b in s.blocks
    )
    if issuer is None:
        guess = infer_from_body(" ".join(line.text for line in lines[:12]) + " " + body_text, place)
        if guess.issuer:
            issuer = guess.issuer
            inferred.append("issuer")
            if guess.jurisdiction:
                jurisdiction = guess.jurisdiction
                inferred.append("jurisdiction")
        if guess.reference and reference is None:
            number, symbol, reference = guess.number, guess.symbol, guess.reference
            type_code = type_code or guess.type_code
            inferred.append("reference")
        if guess.when and when is None:
            when, year, date_text = guess.when, guess.year, guess.date_text
            inferred.append("date")
    title = header.title
    if year is None and title:
        import re

        m = re.search(r"\bnăm (\d{4})\b", title)
        if m:
            year = int(m.group(1))
            inferred.append("year")
    type_name = CODE_NAMES.get(type_code) if type_code else None

    first = lines[0].number if lines else 1
    problems += _missing(
        src, first, header.number_line, reference=reference, when=when, date_text=date_text, issuer=issuer,
        inferred=inferred, type_code=type_code, title=title, empty=not sections and not preamble,
    )
    doc_id, url = document_slug(jurisdiction, issuer, year, type_name, number, symbol, title, text.index, src)
    return Document(
        id=doc_id,
        url=url,
        source=src,
        index=text.index,
        first_line=first,
        last_line=lines[-1].number if lines else first,
        type_code=type_code,
        type_name=type_name,
        number=number,
        symbol=symbol,
        reference=reference,
        issuer=issuer,
        issuer_lines=header.issuer_lines,
        jurisdiction=jurisdiction,
        place=place,
        date=when,
        date_text=date_text,
        year=year,
        title=title,
        addressees=header.addressees,
        signer=signer,
        recipients=tail.recipients,
        preamble=preamble,
        sections=sections,
        problems=tuple(problems),
        motto=header.motto,
        inferred=tuple(inferred),
        signature_lines=signature_lines,
        header_lines=tuple(line.text for line in lines[: header.body_start] if line.text),
    )


def _structure(
    lines: tuple[Line, ...], header: Header, src: str
) -> tuple[Tail, Closing | None, tuple[Block, ...], tuple[Section, ...], Signer | None, tuple[str, ...]]:
    """The body's tree, the signature and what follows it (recipients, annexes, a consolidated text's
    authentication block, the last page's footnotes)."""
    annexes_at = annex_start(lines, header.body_start)
    own = lines[:annexes_at] if annexes_at is not None else lines  # the annexes follow the signature
    # footnotes of the last page stand after the signature: they go with the body, not into the signature block
    cut = len(own)
    while cut > header.body_start and (not own[cut - 1].text or _FOOTNOTE.match(own[cut - 1].text)):
        cut -= 1
    notes = tuple(
        Block("footnote", m.group("rest"), line.number, marker=m.group("marker"))
        for line in own[cut:]
        if (m := _FOOTNOTE.match(line.text))
    )
    own = own[:cut]
    tail = parse_tail(own, header.body_start, src)
    closing = parse_closing(own, header.body_start)
    body_end = tail.body_end
    if closing is not None and closing.start is not None:
        body_end = min(body_end, closing.start)
    body_lines = own[header.body_start : max(header.body_start, body_end)]
    preamble, sections = parse_body(body_lines)
    signer, signature_lines = tail.signer, tail.signature_lines
    if closing is not None and closing.end is not None:
        if signer is None or tail.body_end <= (closing.start or 0):
            signer = closing.signer or signer
        # the authentication block as written: issuer, number, heading, date, signature
        signature_lines = tuple(line.text for line in own[closing.start or 0 : closing.end] if line.text)
        # text that a page of footnotes put after the authentication block stays with the body
        after = [line for line in own[closing.end : max(closing.end, tail.body_end)] if line.text]
        notes = tuple(Block("paragraph", line.text, line.number) for line in after) + notes
    if notes:
        if sections:
            sections = sections[:-1] + (replace(sections[-1], blocks=sections[-1].blocks + notes),)
        else:
            preamble += notes
    if annexes_at is not None:
        sections += parse_annexes(lines[annexes_at:], {s.anchor for s in walk(sections)})
    return tail, closing, preamble, sections, signer, signature_lines


def _missing(
    src: str,
    first: int,
    number_line: int | None,
    *,
    reference: str | None,
    when: date | None,
    date_text: str | None,
    issuer: str | None,
    inferred: list[str],
    type_code: str | None,
    title: str | None,
    empty: bool,
) -> list[Problem]:
    """What the text does not say, each as a problem (nothing is guessed in its place)."""
    problems: list[Problem] = []

    def missing(kind: str, message: str, line: int | None = None) -> None:
        problems.append(Problem(kind, message, line, src, "warning"))

    if reference is None:
        missing("missing-number", "Văn bản không ghi số (chỉ có ký hiệu hoặc không có cả ký hiệu).", number_line or first)
    if when is None:
        if date_text:
            missing("incomplete-date", f"Ngày ban hành không đầy đủ: «{date_text}».", first)
        elif "date" not in inferred:
            missing("missing-date", "Văn bản không ghi ngày ban hành.", first)
    if issuer is None:
        missing("missing-issuer", "Không xác định được cơ quan ban hành.", first)
    elif "issuer" in inferred:
        missing("inferred-issuer", f"Phần đầu văn bản không ghi cơ quan ban hành; suy ra từ nội dung: «{issuer}».", first)
    if type_code is None:
        missing("missing-type", "Không xác định được loại văn bản.", first)
    if not title:
        missing("missing-title", "Không tìm thấy trích yếu (tên) của văn bản.", first)
    if empty:
        missing("empty-body", "Không tìm thấy nội dung văn bản.", first)
    return problems


def document_slug(
    jurisdiction: str | None,
    issuer: str | None,
    year: int | None,
    type_name: str | None,
    number: str | None,
    symbol: str | None,
    title: str | None,
    index: int,
    source: str,
) -> tuple[str, str]:
    """(id, url) from what the document says: the place its jurisdiction (or a national issuer) gives, then
    `addresses.document_address`."""
    if jurisdiction and slugify(jurisdiction):  # a name of symbols only ('×') has no slug
        place = slugify(jurisdiction)
    elif issuer and jurisdiction_of(issuer) is None and is_national(issuer):
        place = NATIONAL_SLUG
    else:
        place = UNKNOWN_PLACE_SLUG
    return document_address(place, year, type_name, number, symbol, title, source, index)
