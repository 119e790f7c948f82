"""Every page's address and file name, decided here and nowhere else.

A page has a URL (directory style, relative to the site root, ending in "/": `van-ban/quang-ngai/2022/ke-hoach-53/`)
and a file name in the docs tree, its `src_uri` (`van-ban/quang-ngai/2022/ke-hoach-53.md`), from which MkDocs makes
that URL. Parse asks here for a document's address, resolve for an instrument's and an agency's, render for every
file name (listings, their later pages, the timeline, calendars, open data); a partitioned build asks the same
functions, so a page is at the same address whoever writes it.
"""

from __future__ import annotations

import hashlib
import os

from .textutil import slugify

# --- fixed pages and files (src_uri) ---------------------------------------------------------------------------------

HOME = "index.md"
DOCUMENTS = "van-ban/index.md"  # the list of documents
QUALITY = "chat-luong-du-lieu.md"  # the data-quality page
INSTRUMENTS = "van-ban-dan-chieu/index.md"  # the index of cited instruments
AGENCIES = "co-quan/index.md"  # the index of agencies
TIMELINE = "moc-thoi-gian/index.md"  # the timeline's index
DATA_DIR = "data/"  # open data: what `vanban export` writes
DATA = f"{DATA_DIR}documents.json"
FEED = "feed.xml"  # Atom feed
CALENDAR_DIR = f"{DATA_DIR}lich"
ALL_CALENDAR = f"{CALENDAR_DIR}/tat-ca.ics"  # every deadline
SEARCH_DIR = "chi-muc/"  # the search index (generator/search.py), read by the search page (docs/assets/tim-kiem.js)

# --- places in document addresses ------------------------------------------------------------------------------------

NATIONAL_PLACE = "trung-uong"  # documents of national bodies
UNKNOWN_PLACE = "khong-ro-noi-ban-hanh"  # documents whose issuer names no place
UNKNOWN_YEAR = "khong-ro-nam"


# --- pages of the corpus (URLs) --------------------------------------------------------------------------------------


def document_address(
    place: str,
    year: int | None,
    type_name: str | None,
    number: str | None,
    symbol: str | None,
    title: str | None,
    source: str,
    index: int,
) -> tuple[str, str]:
    """(id, url) of a document: `van-ban/{place}/{year}/{type-number-symbol}/`; without a number, the symbol and the
    title (else the source file and the document's position in it) tell documents apart."""
    y = str(year) if year else UNKNOWN_YEAR
    kind = slugify(type_name or "van-ban")
    if number:
        leaf = f"{kind}-{slugify(number)}-{slugify(symbol or '')}".strip("-")
    elif symbol or title:
        leaf = f"{kind}-khong-so-{slugify(symbol or '')}-{slugify(title or '', 48)}".replace("--", "-").strip("-")
    else:
        leaf = f"{kind}-khong-so-{slugify(source, 40)}-{index + 1}"
    return f"{place}-{y}-{leaf}", f"van-ban/{place}/{y}/{leaf}/"


def instrument_url(scope: str, leaf: str) -> str:
    """A cited instrument that is not a document of the corpus: `van-ban-dan-chieu/{scope}/{leaf}/`."""
    return f"van-ban-dan-chieu/{scope}/{leaf}/"


def agency_url(agency_id: str) -> str:
    return f"co-quan/{agency_id}/"


def document_folder(src_uri: str) -> str | None:
    """The folder of a document's page, its place and year (`van-ban/quang-ngai/2022`); None for any other page."""
    parts = src_uri.split("/")
    if parts[0] == "van-ban" and len(parts) >= 4:
        return "/".join(parts[:3])
    return None


def numbered(url: str, k: int) -> str:
    """The `k`-th page claiming one address: `van-ban/x/` -> `van-ban/x-2/`."""
    return f"{url.rstrip('/')}-{k}/"


# --- file names (src_uri) --------------------------------------------------------------------------------------------


def page_file(url: str) -> str:
    """The file MkDocs turns into the page at `url`: 'van-ban/a/b/' -> 'van-ban/a/b.md'."""
    return url.rstrip("/") + ".md"


def page_url(src_uri: str) -> str:
    """The directory-style URL MkDocs gives a file: 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def listing_file(first: str, page: int) -> str:
    """File of page `page` (from 1) of a listing whose first page is `first`: van-ban/trang-2.md."""
    if page == 1:
        return first
    base = first[: -len("index.md")] if first.endswith("/index.md") else first[: -len(".md")] + "/"
    return f"{base}trang-{page}.md"


def documents_year_file(year: int | None) -> str:
    """The list of one year's documents (`None`: those of no known year), when the list of documents is divided by
    year: beside the documents' folders (`van-ban/{place}/`), never one of them."""
    return f"van-ban/nam-{year}.md" if year is not None else f"van-ban/{UNKNOWN_YEAR}.md"


def listing_part_file(first: str, slug: str) -> str:
    """File of a part of a listing divided into listings of their own (a month of a year's timeline: `first`
    moc-thoi-gian/2024.md, `slug` thang-03 -> moc-thoi-gian/2024/thang-03.md); `slug` is never `trang-N` (the
    listing's later pages, which a divided listing has none of)."""
    base = first[: -len("index.md")] if first.endswith("/index.md") else first[: -len(".md")] + "/"
    return f"{base}{slug}.md"


def timeline_year_file(year: int | None) -> str:
    """The timeline of one year (`None`: the entries without a date)."""
    return f"moc-thoi-gian/{year if year is not None else 'khong-ngay'}.md"


def timeline_place_file(jurisdiction: str) -> str:
    """The timeline of one jurisdiction."""
    return f"moc-thoi-gian/dia-ban/{slugify(jurisdiction) or 'khong-ro'}.md"


def calendar_file(agency_id: str) -> str:
    """The calendar of one agency's deadlines."""
    return f"{CALENDAR_DIR}/{agency_id}.ics"


ORIGINALS_DIR = "van-ban-goc"  # the source files as published, copied into the site


def original_file(source: str) -> str:
    """Where the site offers a source file (its path relative to the source folder) for download, byte for byte:
    `van-ban-goc/{slug of its name}-{8 hex of its path}{.ext}` (the hash keeps two files of one slug apart)."""
    name = source.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = slugify(ext, 10)
    if ext not in _INERT_EXTENSIONS:
        # a Markdown source would become a page of the site, an HTML one would run in the reader's browser: served
        # as text ('.md.txt'), the bytes unchanged
        ext = f"{ext}.txt" if ext else "txt"
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return f"{ORIGINALS_DIR}/{slugify(stem, 60) or 'tep'}-{digest}.{ext}"


# Extensions a browser downloads or shows as text (or a PDF viewer opens), and MkDocs copies as they are.
_INERT_EXTENSIONS = {"txt", "pdf", "doc", "docx", "odt", "rtf"}


def received_calendar_file(agency_id: str) -> str:
    """The calendar of the reports other agencies send to one agency."""
    return f"{CALENDAR_DIR}/nhan-bao-cao/{agency_id}.ics"


# The site's public address, for links that must work from outside it (calendar events, webcal:// links). MkDocs'
# `site_url` (mkdocs.yml, which reads $VANBAN_SITE_URL); this when neither is set (`vanban export`).
SITE_URL_ENV = "VANBAN_SITE_URL"
DEFAULT_SITE_URL = "https://cong-van-ban.github.io/"


def site_url(configured: str | None = None) -> str:
    """The site's URL ending in '/': `configured` (MkDocs' site_url), else $VANBAN_SITE_URL, else the default."""
    url = configured or os.environ.get(SITE_URL_ENV) or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"
