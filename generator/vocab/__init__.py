"""The domain's words, read once from the data files beside this module into one frozen `Vocabulary`.

The files (TOML, each says at its top what it holds and where its entries come from) are the only place where a
document type, a body, a place unit or a cue word is spelled; the stages read `VOCAB` and compile their regexes
from it beside their own algorithm. `load(directory)` reads another copy of the files (the tests use it, and
`$VANBAN_VOCAB_DIR` points a whole build at an edited copy).
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = ["VOCAB", "DATA_DIR", "Abbreviation", "DocumentType", "DutyCue", "NationalBody", "PlaceUnit", "Vocabulary", "VocabularyError", "load"]

DATA_DIR = Path(__file__).resolve().parent
FAMILIES = ("state", "normative", "party")


@dataclass(frozen=True)
class DocumentType:
    """One type of document (tên loại văn bản)."""

    name: str  # as written in running text: "Kế hoạch"
    code: str | None  # the abbreviation in a symbol ("KH"); None when the symbol carries no type (a law)
    codes: tuple[str, ...]  # other codes read as this type in symbols ("QĐi" for Quy định)
    families: tuple[str, ...]  # "state", "normative", "party"
    cited: bool  # may a citation name it before a number, by itself ("... này") or with a bare number
    source: str

    @property
    def key(self) -> str:
        """What a document of this type records as its type: the code, or the name when there is none ("Luật")."""
        return self.code or self.name


@dataclass(frozen=True)
class PlaceUnit:
    """A unit word that puts a body in a place ("thị xã")."""

    name: str  # lower case, as in running text
    level: str  # "tinh", "huyen" or "xa"
    committee: str | None  # the Party committee of a place of this unit ("Thị ủy"), if any
    source: str


@dataclass(frozen=True)
class NationalBody:
    """A body of the State or the Party at the centre, with the codes it signs references with."""

    name: str
    codes: tuple[str, ...]
    level: str  # "party", "assembly", "government" or "ministry"


@dataclass(frozen=True)
class Abbreviation:
    """One body (or part of a name) however it is written: "Đài PT-TH" -> "Đài Phát thanh và Truyền hình"."""

    name: str  # the spelling the site uses
    written: tuple[str, ...]  # the ways documents write it


@dataclass(frozen=True)
class DutyCue:
    """A cue word of a duty: before a body ("Giao X"), after it ("X chủ trì") or a label ("Chủ trì: X")."""

    words: tuple[str, ...]  # one word, or the spellings of one label
    role: str | None  # the role it gives the body (None: after a body, the role it had stays; a label: a time line)
    next_role: str | None = None  # after a body: the verb asks the body after it, which gets this role
    addresses_others: bool = False  # before a body: a block opening with it speaks to another body


ROLES = ("lead", "support", "direct", "advise", "collect", "assigned", "requested")
LEVELS = ("tinh", "huyen", "xa")
NATIONAL_LEVELS = ("party", "assembly", "government", "ministry")


@dataclass(frozen=True)
class Vocabulary:
    """Every word list the stages read; built by `load`, never changed."""

    digest: str  # hash of the files read: a build's cache keys change when a word does
    types: tuple[DocumentType, ...]
    type_qualifiers: tuple[str, ...]  # words after a type name that still belong to it ("phối hợp")
    issuer_enders: tuple[str, ...]  # words that end a citation's issuer ("của UBND tỉnh về ...")
    place_units: tuple[PlaceUnit, ...]
    national_bodies: tuple[NationalBody, ...]
    national_words: tuple[str, ...]  # a name holding one is national ("Ban Dân vận Trung ương")
    local_despite: tuple[str, ...]  # ... unless it holds one of these ("Đoàn đại biểu Quốc hội")
    local_codes: tuple[str, ...]  # issuer codes of local councils and committees ("UBND")
    standard_names: tuple[str, ...]  # standard names of provincial and district bodies ("Sở Nội vụ", "Sở KH&ĐT")
    spellings: tuple[str, ...]  # the case of fixed phrases in names ("Ban Dân vận")
    one_body: tuple[str, ...]  # names of one body that hold "và" or a comma before a body word
    abbreviations: tuple[Abbreviation, ...]  # applied in file order
    header: Mapping[str, tuple[str, ...]]  # the [header] lists of bodies.toml: body_words, heads, unfinished ...
    running: Mapping[str, tuple[str, ...]]  # the [running] lists of bodies.toml: heads_named_after, heads_whole ...
    name_enders: tuple[str, ...]  # words that end a body's name in running text ("chủ trì")
    before_body: tuple[DutyCue, ...]  # "Giao X", "Đề nghị X"
    after_body: tuple[DutyCue, ...]  # "X chủ trì", "X yêu cầu Y"
    duty_labels: tuple[DutyCue, ...]  # "Chủ trì: X", "Thời gian thực hiện: ..."
    opens_block: tuple[DutyCue, ...]  # "Chủ trì, phối hợp với ..." opening a block of an agency's section
    terms: Mapping[str, tuple[str, ...]]  # terms.toml: mottos, taglines, signature_prefixes, body_openings
    parts: Mapping[str, int | None]  # terms.toml [[part]]: a part of a document a pinpoint names -> its rank
    deadline: Mapping[str, tuple[str, ...]]  # deadline_words.toml: label_heads, label_verbs, day_cues, span_cues ...
    relation_cues: tuple[tuple[str, str, str], ...]  # relations.toml [[cue]]: (relation, kind, phrase)
    relation_words: Mapping[str, tuple[str, ...]]  # relations.toml lists: cue_blockers, effect_subjects ...

    def units(self, *levels: str) -> tuple[str, ...]:
        """The unit words of the given levels (all when none is given), in file order."""
        return tuple(u.name for u in self.place_units if not levels or u.level in levels)

    @cached_property
    def unit_levels(self) -> Mapping[str, str]:
        """Unit word -> level: "thị xã" -> "huyen"."""
        return MappingProxyType({u.name: u.level for u in self.place_units})

    @cached_property
    def committees(self) -> tuple[str, ...]:
        """The Party committees named after a place: "Tỉnh ủy", "Thành ủy", ..."""
        return tuple(u.committee for u in self.place_units if u.committee)

    @cached_property
    def national_code_levels(self) -> Mapping[str, str]:
        """Issuer code of a national body -> its level: "TTg" -> "government"."""
        return MappingProxyType({code: b.level for b in self.national_bodies for code in b.codes})

    @cached_property
    def type_by_key(self) -> Mapping[str, DocumentType]:
        """Code (or, for a type without one, name) -> type; a code shared by two types names the first."""
        out: dict[str, DocumentType] = {}
        for t in self.types:
            out.setdefault(t.key, t)
        return MappingProxyType(out)

    @cached_property
    def symbol_codes(self) -> Mapping[str, str]:
        """Every code read in a symbol ("KH", "QĐi") -> the name of its type ("Kế hoạch", "Quy định")."""
        out: dict[str, str] = {}
        for t in self.types:
            for code in (t.code, *t.codes) if t.code else t.codes:
                out.setdefault(code, t.name)
        return MappingProxyType(out)

    @cached_property
    def type_names(self) -> Mapping[str, str]:
        """What a document may record as its type (a code, or the name of a type without one) -> the type's name."""
        out = dict(self.symbol_codes)
        for t in self.types:
            out.setdefault(t.key, t.name)
        return MappingProxyType(out)


class VocabularyError(ValueError):
    """A data file that does not say what the loader expects (named with the file and the entry)."""


def _read(directory: Path, name: str, digest: Any) -> dict[str, Any]:
    path = directory / name
    try:
        data = path.read_bytes()
        digest.update(name.encode() + b"\0" + data + b"\0")
        return tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise VocabularyError(f"{path}: {e}") from e


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise VocabularyError(f"{where}: expected a list of words")
    return tuple(value)


def _document_types(data: dict[str, Any], where: str) -> tuple[DocumentType, ...]:
    out = []
    for i, row in enumerate(data.get("type", ())):
        at = f"{where}: type {i + 1} ({row.get('name', '?')})"
        families = _strings(row.get("families", []), at)
        if not row.get("name") or not isinstance(row.get("code", None), str) or not set(families) <= set(FAMILIES):
            raise VocabularyError(f"{at}: needs a name, a code (may be \"\") and families among {FAMILIES}")
        out.append(
            DocumentType(
                name=row["name"],
                code=row["code"] or None,
                codes=_strings(row.get("codes", []), at),
                families=families,
                cited=bool(row.get("cited", False)),
                source=str(row.get("source", "")),
            )
        )
    return tuple(out)


def _rows(data: dict[str, Any], kind: str, where: str, levels: tuple[str, ...]) -> list[tuple[dict[str, Any], str]]:
    """The [[kind]] blocks of a file with where each is, each checked to have a name and a level among `levels`."""
    out = []
    for i, row in enumerate(data.get(kind, ())):
        at = f"{where}: {kind} {i + 1} ({row.get('name', '?')})"
        if not row.get("name") or row.get("level") not in levels:
            raise VocabularyError(f"{at}: needs a name and a level among {levels}")
        out.append((row, at))
    return out


def _place_units(data: dict[str, Any], where: str) -> tuple[PlaceUnit, ...]:
    return tuple(
        PlaceUnit(row["name"], row["level"], row.get("committee") or None, str(row.get("source", "")))
        for row, _ in _rows(data, "unit", where, LEVELS)
    )


def _national_bodies(data: dict[str, Any], where: str) -> tuple[NationalBody, ...]:
    return tuple(
        NationalBody(row["name"], _strings(row.get("codes", []), at), row["level"])
        for row, at in _rows(data, "national", where, NATIONAL_LEVELS)
    )


def _abbreviations(data: dict[str, Any], where: str) -> tuple[Abbreviation, ...]:
    out = []
    for i, row in enumerate(data.get("abbreviation", ())):
        at = f"{where}: abbreviation {i + 1} ({row.get('name', '?')})"
        if not row.get("name"):
            raise VocabularyError(f"{at}: needs a name")
        out.append(Abbreviation(row["name"], _strings(row.get("written", []), at)))
    return tuple(out)


def _role(value: Any, at: str, extra: tuple[str, ...] = ()) -> str | None:
    if value in (None, ""):
        return None
    if value not in ROLES + extra:
        raise VocabularyError(f"{at}: role {value!r} is not among {ROLES + extra}")
    return str(value)


def _duty_cues(data: dict[str, Any], kind: str, where: str) -> tuple[DutyCue, ...]:
    out = []
    for i, row in enumerate(data.get(kind, ())):
        at = f"{where}: {kind} {i + 1}"
        words = _strings(row["words"], at) if "words" in row else _strings([row.get("word")], at)
        role = _role(row.get("role"), at, ("time",) if kind == "label" else ())
        out.append(
            DutyCue(
                words=words,
                role=None if role == "time" else role,
                next_role=_role(row.get("next_role"), at),
                addresses_others=bool(row.get("addresses_others", False)),
            )
        )
    return tuple(out)


_REQUIRED = {
    "document_types.toml": ("type", "qualifiers", "issuer_enders"),
    "places.toml": ("unit",),
    "bodies.toml": (
        "national", "national_words", "local_despite", "local_codes", "local", "header", "running", "abbreviation",
    ),
    "duty_cues.toml": ("name_enders", "before_body", "after_body", "opens_block", "label"),
    "deadline_words.toml": ("label_heads", "label_verbs", "day_cues", "span_cues", "aims", "continuous"),
    "terms.toml": ("mottos", "taglines", "signature_prefixes", "body_openings", "part"),
    "relations.toml": ("cue", "cue_blockers", "title_only_verbs", "list_relations", "effect_subjects", "effect_from_signing"),
}
_REQUIRED_TABLES = {
    "local": ("standard_names", "spellings", "one_body"),
    "running": ("heads_named_after", "heads_whole", "not_bodies"),
    "header": ("body_words", "phrases", "heads", "unfinished", "named_by_next_word", "fields_capitalised",
               "named_after_parent"),
}  # fmt: skip


def _check(folder: Path, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` if it holds every list the stages read, else a VocabularyError naming what is missing."""
    missing = [k for k in _REQUIRED[name] if k not in data]
    missing += [f"{t}.{k}" for t, keys in _REQUIRED_TABLES.items() if t in data for k in keys if k not in data[t]]
    if missing:
        raise VocabularyError(f"{folder / name}: missing {', '.join(missing)}")
    return data


def _parts(data: dict[str, Any], where: str) -> Mapping[str, int | None]:
    out: dict[str, int | None] = {}
    for i, row in enumerate(data.get("part", ())):
        rank = row.get("rank")
        if not row.get("name") or not (rank is None or isinstance(rank, int)):
            raise VocabularyError(f"{where}: part {i + 1}: needs a name and, if any, a whole-number rank")
        out[row["name"]] = rank
    return MappingProxyType(out)


def _lists(data: dict[str, Any], where: str) -> Mapping[str, tuple[str, ...]]:
    lists = {k: v for k, v in data.items() if isinstance(v, list) and not (v and isinstance(v[0], dict))}  # not [[blocks]]
    return MappingProxyType({k: _strings(v, f"{where}: {k}") for k, v in lists.items()})


def load(directory: Path | str | None = None) -> Vocabulary:
    """Read the vocabulary from `directory` (default: the files shipped with the package)."""
    folder = Path(directory) if directory is not None else DATA_DIR
    digest = hashlib.sha256()
    files = {name: _check(folder, name, _read(folder, name, digest)) for name in _REQUIRED}
    at = {name: str(folder / name) for name in _REQUIRED}
    types, bodies, duties = files["document_types.toml"], files["bodies.toml"], files["duty_cues.toml"]
    local = _lists(bodies["local"], f"{at['bodies.toml']}: local")
    return Vocabulary(
        digest=digest.hexdigest(),
        types=_document_types(types, at["document_types.toml"]),
        type_qualifiers=_strings(types["qualifiers"], at["document_types.toml"]),
        issuer_enders=_strings(types["issuer_enders"], at["document_types.toml"]),
        place_units=_place_units(files["places.toml"], at["places.toml"]),
        national_bodies=_national_bodies(bodies, at["bodies.toml"]),
        national_words=_strings(bodies["national_words"], at["bodies.toml"]),
        local_despite=_strings(bodies["local_despite"], at["bodies.toml"]),
        local_codes=_strings(bodies["local_codes"], at["bodies.toml"]),
        standard_names=local["standard_names"],
        spellings=local["spellings"],
        one_body=local["one_body"],
        abbreviations=_abbreviations(bodies, at["bodies.toml"]),
        header=_lists(bodies["header"], f"{at['bodies.toml']}: header"),
        running=_lists(bodies["running"], f"{at['bodies.toml']}: running"),
        name_enders=_strings(duties["name_enders"], at["duty_cues.toml"]),
        before_body=_duty_cues(duties, "before_body", at["duty_cues.toml"]),
        after_body=_duty_cues(duties, "after_body", at["duty_cues.toml"]),
        duty_labels=_duty_cues(duties, "label", at["duty_cues.toml"]),
        opens_block=_duty_cues(duties, "opens_block", at["duty_cues.toml"]),
        terms=_lists(files["terms.toml"], at["terms.toml"]),
        parts=_parts(files["terms.toml"], at["terms.toml"]),
        deadline=_lists(files["deadline_words.toml"], at["deadline_words.toml"]),
        relation_cues=_relation_cues(files["relations.toml"], at["relations.toml"]),
        relation_words=_lists(files["relations.toml"], at["relations.toml"]),
    )


def _relation_cues(data: dict[str, Any], where: str) -> tuple[tuple[str, str, str], ...]:
    out = []
    for i, row in enumerate(data.get("cue", ())):
        if row.get("kind") not in ("opening", "verb", "expire") or not row.get("relation") or not row.get("phrase"):
            raise VocabularyError(f"{where}: cue {i + 1}: needs a relation, a kind (opening, verb, expire) and a phrase")
        out.append((str(row["relation"]), str(row["kind"]), str(row["phrase"])))
    return tuple(out)


VOCAB: Vocabulary = load(os.environ.get("VANBAN_VOCAB_DIR") or None)
