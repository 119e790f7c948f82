"""What the model types compute for every stage: a block's searched text and a table's offsets, a document's label,
its blocks by place and its sections' names."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from generator import models
from generator.models import Block, Section, table_layout
from generator.pipeline import load_corpus

from .conftest import ROOT, SOURCE
from .factories import make_document

TABLE = Block(
    "table", "", 12,
    rows=(("TT", "Nội dung", "Thời gian"), ("1", "Sở Nội vụ tham mưu Kế hoạch số 53/KH-UBND", "Quý I/2022"), ("2", "", "")),
)  # fmt: skip


def test_a_tables_searched_text_and_offsets() -> None:
    text = TABLE.searched_text
    assert text == "TT | Nội dung | Thời gian\n1 | Sở Nội vụ tham mưu Kế hoạch số 53/KH-UBND | Quý I/2022\n2 |  | "
    layout = TABLE.table_layout
    assert layout.end == len(text)
    for row, start, cells in zip(TABLE.rows, layout.rows, layout.cells, strict=True):
        assert text[start:].startswith(row[0])
        for cell, offset in zip(row, cells, strict=True):
            assert text[offset : offset + len(cell)] == cell
    assert table_layout(()).rows == () and Block("paragraph", "Một đoạn.", 3).searched_text == "Một đoạn."


def _section(kind: str, label: str, anchor: str, *children: Section, title: str = "", blocks: tuple[Block, ...] = ()) -> Section:
    return Section(anchor, kind, label, title, 1, blocks, children)


DOC = make_document(
    type_name="Kế hoạch",
    reference="53/KH-UBND",
    preamble=(TABLE,),
    sections=(
        _section("chuong", "II", "chuong-ii", _section("dieu", "5", "chuong-ii-dieu-5", blocks=(Block("paragraph", "Điều khoản.", 4),))),
        _section("muc", "III", "muc-iii", _section("khoan", "1", "muc-iii-khoan-1", _section("diem", "đ", "muc-iii-khoan-1-diem-dd"))),
        _section("phu-luc", "1", "phu-luc-1", title="DANH MỤC"),
        _section("phu-luc", "", "phu-luc"),
        _section("muc-so", "2", "muc-2"),
    ),
)


@pytest.mark.parametrize(
    ("anchor", "name"),
    [
        ("chuong-ii-dieu-5", "Điều 5, Chương II"),  # the labels as written (was "Điều 5, Chương ii")
        ("muc-iii-khoan-1", "khoản 1, Mục III"),
        ("muc-iii-khoan-1-diem-dd", "điểm đ, khoản 1, Mục III"),
        ("phu-luc-1", "Phụ lục 1"),  # was "phu luc"
        ("phu-luc", "Phụ lục"),
        ("muc-2", "Mục 2"),
        ("mo-dau", "Mở đầu"),
        ("", "Mở đầu"),
        ("khong-co", "khong-co"),
    ],
)
def test_section_names(anchor: str, name: str) -> None:
    assert DOC.section_name(anchor) == name


def test_document_label_and_block_text() -> None:
    assert DOC.label == "Kế hoạch 53/KH-UBND"
    assert make_document().label == "Văn bản (không số)"
    assert DOC.block_text("", 0) == TABLE.searched_text  # a table in the preamble as in a section
    assert DOC.block_text("chuong-ii-dieu-5", 0) == "Điều khoản."
    assert DOC.block_text("phu-luc-1", -1) == "DANH MỤC"
    assert DOC.block_text("chuong-ii-dieu-5", 1) == DOC.block_text("khong-co", 0) == ""
    assert DOC.sentence_at("", 0, 40, 45) == TABLE.searched_text.strip()  # no ". " in it: the whole, stripped


@pytest.mark.parametrize("source", [SOURCE, ROOT / "tests/fixtures/corpus-extra"], ids=["seeds", "corpus-extra"])
def test_every_place_is_an_offset_in_its_blocks_searched_text(source: object) -> None:
    """Citations and deadlines found by the extractors point into Document.block_text, tables included."""
    loaded = load_corpus(source)  # type: ignore[arg-type]
    checked = 0
    for doc in loaded.corpus.documents:
        found = loaded.extracted[doc.id]
        for c in found.citations:
            p = c.place
            assert doc.block_text(p.section, p.block)[p.start : p.end] == c.mention.text
            checked += 1
        for d in found.deadlines:
            p = d.place
            assert doc.block_text(p.section, p.block)[p.start : p.end] == d.text
            checked += 1
    assert checked > 50


def test_every_model_comes_back_from_its_pickle_equal_and_frozen() -> None:
    """The parse cache pickles the seeds' documents and what was extracted from them; each slotted model is rebuilt
    by a function of `generator.models` (`_pickled_by_fields`), which must give the very object: same fields, same
    type, still frozen."""
    loaded = load_corpus(SOURCE)
    for doc in loaded.corpus.documents:
        pair = (doc, loaded.extracted[doc.id])
        assert pickle.loads(pickle.dumps(pair, protocol=pickle.HIGHEST_PROTOCOL)) == pair
    values: list[object] = []
    stack: list[object] = [loaded.corpus.documents, list(loaded.extracted.values())]
    while stack:
        value = stack.pop()
        if isinstance(value, tuple | list):
            stack.extend(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            values.append(value)
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
    first = {type(v): v for v in reversed(values) if "__slots__" in type(v).__dict__}
    assert {"Block", "Section", "Place", "Citation", "CitationMention", "Duty", "Deadline", "Extracted"} <= {t.__name__ for t in first}
    for kind, value in first.items():
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        assert f"_new_{kind.__name__}".encode() in blob and callable(getattr(models, f"_new_{kind.__name__}"))
        again = pickle.loads(blob)
        assert type(again) is kind and again == value and again is not value
        name = dataclasses.fields(again)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(again, name, getattr(again, name))
