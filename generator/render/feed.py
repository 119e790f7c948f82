"""Atom feed of the newest documents (`feed.xml` at the site root), for feed readers and other portals.

Links are relative to the feed's own address (RFC 4287 resolves them against it), so the feed is right wherever
the site is published. Entry ids are UUIDs derived from the document ids: the same document keeps its id from one
build to the next. Only dated documents are listed: an undated one cannot be placed among the newest.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from ..addresses import FEED
from ..models import Document

LIMIT = 50
ATOM = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("6f1c7c2e-4d1b-5a8e-9b0e-2f3c1d5e7a90")  # fixed: ids must not change between builds
_TZ = "+07:00"  # documents are dated in Vietnam's time zone
# characters XML 1.0 cannot carry (control characters other than tab and line breaks, lone surrogates, U+FFFE/F)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _stamp(d: date) -> str:
    return f"{d.isoformat()}T00:00:00{_TZ}"


def entry_id(doc_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, doc_id)}"


def newest(documents: Iterable[Document], limit: int = LIMIT) -> list[Document]:
    """Dated documents, newest first; same date: by id, so the order is stable."""
    dated = [d for d in documents if d.date is not None]
    dated.sort(key=lambda d: d.id)
    dated.sort(key=lambda d: d.date or date.min, reverse=True)
    return dated[:limit]


def _name(doc: Document) -> str:
    return doc.label


def render_feed(documents: Iterable[Document], site_name: str = "Cổng văn bản kế hoạch", limit: int = LIMIT) -> str:
    """The Atom document: the `limit` newest dated documents."""
    docs = newest(documents, limit)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = _clean(text)
        return node

    sub(feed, "id", entry_id("feed"))
    sub(feed, "title", f"{site_name}: văn bản mới")
    sub(feed, "subtitle", "Các văn bản mới nhất theo ngày ban hành.")
    sub(feed, "link", rel="self", href=FEED)
    sub(feed, "link", rel="alternate", type="text/html", href="./")
    # the newest document's date, so a build of the same documents gives the same feed; Atom requires the element,
    # and with no dated document at all it holds the epoch, which says "nothing yet" to a reader
    sub(feed, "updated", _stamp(docs[0].date) if docs and docs[0].date else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for doc in docs:
        assert doc.date is not None
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(doc.id))
        sub(entry, "title", f"{_name(doc)}: {doc.title}" if doc.title else _name(doc))
        sub(entry, "link", rel="alternate", type="text/html", href=doc.url)
        sub(entry, "updated", _stamp(doc.date))
        sub(entry, "published", _stamp(doc.date))
        if doc.issuer:
            sub(sub(entry, "author"), "name", doc.issuer)
        summary = [f"Ngày ban hành: {doc.date.strftime('%d/%m/%Y')}"]
        if doc.issuer:
            summary.append(f"Cơ quan ban hành: {doc.issuer}")
        if doc.title:
            summary.append(f"Trích yếu: {doc.title}")
        sub(entry, "summary", ". ".join(summary) + ".")
        if doc.type_name:
            sub(entry, "category", term=_clean(doc.type_name))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
