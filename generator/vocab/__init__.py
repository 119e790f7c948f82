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

__all__ = ["VOCAB", "DocumentType", "Vocabulary", "load", "DATA_DIR"]

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
class Vocabulary:
    """Every word list the stages read; built by `load`, never changed."""

    digest: str  # hash of the files read: a build's cache keys change when a word does
    types: tuple[DocumentType, ...]
    type_qualifiers: tuple[str, ...]  # words after a type name that still belong to it ("phối hợp")

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


def load(directory: Path | str | None = None) -> Vocabulary:
    """Read the vocabulary from `directory` (default: the files shipped with the package)."""
    folder = Path(directory) if directory is not None else DATA_DIR
    digest = hashlib.sha256()
    types = _read(folder, "document_types.toml", digest)
    where = str(folder / "document_types.toml")
    return Vocabulary(
        digest=digest.hexdigest(),
        types=_document_types(types, where),
        type_qualifiers=_strings(types.get("qualifiers", []), where),
    )


VOCAB: Vocabulary = load(os.environ.get("VANBAN_VOCAB_DIR") or None)
