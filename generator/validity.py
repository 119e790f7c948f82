"""Whether each document is in force: its own effect clause, and what the documents published here do to it.

Status (`STATUSES`), first that applies:

* "repealed": a document in force repeals it whole ("bãi bỏ Thông tư số ...", "Thông tư số ... hết hiệu lực"); also
  a document whose own clause set its last day ("... đến hết ngày 31 tháng 12 năm 2026") and that day has passed
  (`status_by` then empty);
* "replaced": a document in force replaces it whole ("Thông tư này thay thế Thông tư số ...");
* "not_yet": its effect starts after `today`;
* "amended": a document in force amends it, or replaces or repeals a part of it (`Citation.partial`); still in force;
* "in_force": its text says when it takes effect and that day has come;
* "unknown": its text says nothing of its effect, and nothing here acts on it. Never guessed.

A document acts from its own first day of effect: one that replaces another from next year does not make it
"replaced" today. One whose first day is unknown acts from publication here.

`today` is an explicit input (`build_date()`: `$SOURCE_DATE_EPOCH` when set, as reproducible builds use it, else
the machine's date), so the same input on the same day gives the same pages.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime

from .models import Document, Effect, Extracted, ResolvedCitation, Validity

STATUSES = ("in_force", "amended", "replaced", "repealed", "not_yet", "unknown")
DATE_ENV = "SOURCE_DATE_EPOCH"  # seconds since 1970 (reproducible-builds.org); its UTC day is the build's "today"

# The search page's facet "Tình trạng hiệu lực" (search.py, docs/tim-kiem.md): one value per status.
STATUS_FACET = {
    "in_force": "Còn hiệu lực",
    "amended": "Còn hiệu lực, đã được sửa đổi, bổ sung",
    "replaced": "Bị thay thế",
    "repealed": "Hết hiệu lực, bị bãi bỏ",
    "not_yet": "Chưa có hiệu lực",
    "unknown": "Chưa rõ",
}

# Relations that change the status of their target, strongest first.
_ACTS = ("repeals", "replaces", "amends")


def build_date() -> date:
    """The day statuses are computed for: `$SOURCE_DATE_EPOCH`'s UTC day when set (and valid), else today."""
    stamp = os.environ.get(DATE_ENV, "").strip()
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), tz=UTC).date()
    return date.today()


def effect_started(effect: Effect | None, today: date) -> bool:
    """Whether a document has begun to act: its first day has come, or is not known (it is published)."""
    return effect is None or effect.date is None or effect.date <= today


def acts_on(
    documents: tuple[Document, ...],
    citations: Mapping[str, tuple[ResolvedCitation, ...]],
    effects: Mapping[str, Effect | None],
    today: date,
) -> dict[str, dict[str, list[str]]]:
    """instrument id -> {"repeals"/"replaces"/"amends" (whole) or "amends" (part): ids of the documents acting}."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in documents:
        if not effect_started(effects.get(doc.id), today):
            continue
        for rc in citations.get(doc.id, ()):
            c = rc.citation
            if c.relation not in _ACTS or rc.instrument is None or rc.target_document == doc.id:
                continue
            kind = "amends" if c.partial else c.relation
            ids = out[rc.instrument][kind]
            if doc.id not in ids:
                ids.append(doc.id)
    return out


def status_of(acts: Mapping[str, list[str]] | None, effect: Effect | None, today: date) -> tuple[str, tuple[str, ...]]:
    """(status, ids of the documents that made it so) from what acts on a document and its own effect clause."""
    acts = acts or {}
    if acts.get("repeals"):
        return "repealed", tuple(acts["repeals"])
    if effect is not None and effect.until is not None and effect.until < today:
        return "repealed", ()
    if acts.get("replaces"):
        return "replaced", tuple(acts["replaces"])
    if effect is not None and effect.date is not None and effect.date > today:
        return "not_yet", ()
    if acts.get("amends"):
        return "amended", tuple(acts["amends"])
    if effect is not None:
        return "in_force", ()
    return "unknown", ()


def validity(
    documents: tuple[Document, ...],
    citations: Mapping[str, tuple[ResolvedCitation, ...]],
    own_instrument: Mapping[str, str],
    extracted: Mapping[str, Extracted],
    today: date,
) -> tuple[dict[str, Validity], dict[str, tuple[str, tuple[str, ...]]]]:
    """Each document's effect and status, and the status of the instruments not published here that documents
    published here act on. `own_instrument`: document id -> id of the instrument that is the document."""
    effects = {d.id: extracted[d.id].effect if d.id in extracted else None for d in documents}
    acts = acts_on(documents, citations, effects, today)
    out: dict[str, Validity] = {}
    for doc in documents:
        status, by = status_of(acts.get(own_instrument.get(doc.id, "")), effects[doc.id], today)
        out[doc.id] = Validity(effects[doc.id], status, by)
    documented = set(own_instrument.values())
    others = {
        inst_id: status_of(kinds, None, today) for inst_id, kinds in sorted(acts.items()) if inst_id not in documented
    }
    return out, others
