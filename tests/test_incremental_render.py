"""A publish renders again only the pages whose inputs changed (render/record.py), and its stage is the stage a
build from scratch makes of the same source, byte for byte, with nothing stale left.

Each corpus is staged, then changed step by step (a document added that cites others, a document added that others
already cite by number, a date, a number and a sentence changed, a document removed, a document added that shares
its agencies and deadline months with another); after each step the stage made incrementally from the previous one
is compared with a stage made from scratch."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import generate as synthetic
from generator.partition import MANIFEST, RENDER_RECORD, StageWriter
from generator.pipeline import analyse_file, build_corpus, load_corpus
from generator.render import pages, record
from generator.render.index import build_index
from generator.render.pages import LISTED
from generator.resolve import resolve
from generator.site import build_site

ROOT = Path(__file__).resolve().parents[1]


def stage(src: Path, stage_dir: Path, cache: Path) -> StageWriter:
    """What `vanban generate` stages of `src` (cli.generate): the generated files and the source files."""
    writer = StageWriter(stage_dir)
    site = build_site(src, cache_dir=cache, jobs=1, sink=writer)
    for uri, original in sorted((site.originals or {}).items()):
        writer[uri] = original.read_bytes()
    writer.close()
    return writer


def files(stage_dir: Path) -> dict[str, bytes]:
    root = stage_dir / "files"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def picks(src: Path) -> tuple[Path, Path]:
    """The source file of the document the others cite most, and of the one citing most others (not that one)."""
    resolved = resolve(build_corpus(src))
    source = {d.id: d.source for d in resolved.documents}
    best = max((i for i in resolved.instruments if i.document), key=lambda i: (len(set(i.cited_by)), i.id))
    assert best.cited_by and best.document
    local = {i.id for i in resolved.instruments if i.document and i.document != best.document}
    citing = max(
        (d for d in resolved.documents if d.id != best.document),
        key=lambda d: (len({rc.instrument for rc in resolved.citations.get(d.id, ()) if rc.instrument in local}), d.id),
    )
    return src / source[best.document], src / citing.source


def _edit(pattern: str, replace: Callable[[re.Match[str]], str]) -> Callable[[Path], None]:
    def step(path: Path, required: bool = True) -> None:
        text = path.read_text(encoding="utf-8")
        changed, n = re.subn(pattern, replace, text, count=1)
        assert n == 1 or not required, f"{pattern} not in {path.name}"
        path.write_text(changed, encoding="utf-8")

    return step


DATE = r"ngày (\d{1,2}) tháng"
NUMBER = r"Số:?\s*(\d+)"
new_date = _edit(DATE, lambda m: f"ngày {int(m.group(1)) % 27 + 1} tháng")
new_number = _edit(NUMBER, lambda m: f"Số: {int(m.group(1)) + 700}")
new_text = _edit(r"\n(\d+\. )", lambda m: f"\n{m.group(1)}Sở Tài chính chủ trì, báo cáo trước ngày 15/12/2026. ")


def steps(src: Path, held: Path, aside: Path, citing: Path, spare: Path | None) -> list[tuple[str, Callable[[], None]]]:
    """The changes, in order: `held` is a cited document's file, kept out of the first stage in `aside`; `citing`
    one citing others, copied as a new document; `spare` a new document (None: none)."""
    files_ = sorted(p for p in src.iterdir() if p.is_file() and p != held)
    editable = [p for p in files_ if all(re.search(x, p.read_text(encoding="utf-8")) for x in (DATE, NUMBER, r"\n\d+\. "))]
    target, other = editable[len(editable) // 2], editable[-1]
    sibling, copy = src / f"zz-{other.name}", src / f"zy-{citing.name}"
    out: list[tuple[str, Callable[[], None]]] = []
    if spare is not None:
        out.append(("add a new document", lambda: shutil.copy(spare, src / spare.name)))
    out += [
        # renumbered when it has a number; else the copy claims the same page and is published at a numbered one
        ("add a document citing others", lambda: (shutil.copy(citing, copy), new_number(copy, required=False))),
        ("add a document the others cite", lambda: shutil.copy(aside, held)),
        ("change a date", lambda: new_date(target)),
        ("change a number", lambda: new_number(target)),
        ("change a sentence", lambda: new_text(target)),
        ("remove a cited document", lambda: held.unlink()),
        ("add a document sharing agencies and deadlines", lambda: (shutil.copy(other, sibling), new_number(sibling))),
    ]
    return out


def _synthetic(tmp: Path) -> tuple[Path, Path | None]:
    src = tmp / "src"
    synthetic(150, src)
    spare = tmp / "spare"
    synthetic(151, spare, start=150)
    return src, next(spare.iterdir())


def _copy(folder: Path) -> Callable[[Path], tuple[Path, Path | None]]:
    def make(tmp: Path) -> tuple[Path, Path | None]:
        src = tmp / "src"
        shutil.copytree(folder, src, ignore=shutil.ignore_patterns("*.md"))
        return src, None

    return make


CORPORA = {
    "synthetic": _synthetic,
    "seeds": _copy(ROOT / "source_docs"),
    "relations": _copy(ROOT / "tests" / "fixtures" / "relations"),
}


def run_steps(tmp: Path, corpus: str) -> list[tuple[str, int, int]]:
    """Stage the corpus, apply each step; after each, the incremental stage must equal the one made from scratch.
    Returns (step, groups rendered, files kept) of each incremental run."""
    src, spare = CORPORA[corpus](tmp)
    held, citing = picks(src)
    aside = tmp / f"aside-{held.name}"
    shutil.move(held, aside)
    cache, inc = tmp / "cache", tmp / "inc"
    stage(src, inc, cache)
    out = []
    for name, change in steps(src, held, aside, citing, spare):
        change()
        writer = stage(src, inc, cache)
        fresh = tmp / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        stage(src, fresh, cache)
        got, want = files(inc), files(fresh)
        assert sorted(got) == sorted(want), f"{name}: files {sorted(set(got) ^ set(want))[:5]}"
        differ = [uri for uri in want if got[uri] != want[uri]]
        assert not differ, f"{name}: {len(differ)} files differ from a build from scratch, e.g. {differ[:5]}"
        assert (inc / MANIFEST).read_text() == (fresh / MANIFEST).read_text(), name
        out.append((name, len(writer.new) - writer.kept, writer.kept))
    return out


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_incremental_stage_is_the_stage_from_scratch(tmp_path: Path, corpus: str) -> None:
    done = run_steps(tmp_path, corpus)
    assert sum(kept for _, _, kept in done) > 0, done  # pages were kept, not all rendered again
    if corpus == "synthetic":  # of 150 documents, each change touches a few: most pages are kept at each step
        assert all(kept > 100 for _, _, kept in done), done


def test_a_missed_input_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: with who cites an instrument left out of the record of the pages that read it,
    the page of a document that a new document cites is kept stale (it does not list the new one)."""
    real = record.Fingerprints.digest

    def forgetful(self: record.Fingerprints, packed: str) -> str | None:
        return real(self, record.pack(r for r in record.unpack(packed) if r[0] != "cited_by"))

    monkeypatch.setattr(record.Fingerprints, "digest", forgetful)
    with pytest.raises(AssertionError, match="differ from a build from scratch"):
        run_steps(tmp_path, "synthetic")


def test_a_missed_timeline_row_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeline listings are recorded too: with what a listing shows (which due dates of which documents, and their
    rows) left out of its record, a listing that a new document's deadlines join is kept stale."""
    real = record.Fingerprints.digest

    def forgetful(self: record.Fingerprints, packed: str) -> str | None:
        return real(self, record.pack(r for r in record.unpack(packed) if r[0] != LISTED))

    monkeypatch.setattr(record.Fingerprints, "digest", forgetful)
    with pytest.raises(AssertionError, match=r"differ from a build from scratch, e\.g\. \[.*'moc-thoi-gian/"):
        run_steps(tmp_path, "synthetic")


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_a_document_is_its_parse_but_for_the_resolved_fields(tmp_path: Path, corpus: str) -> None:
    """A record takes a document for its file's content plus record.RESOLVED_FIELDS (Fingerprints.document): the
    corpus's assembly and resolve must change nothing else of what the parse made (here with a file published
    twice, whose copy gets a numbered page), else a page showing that change would be kept stale."""
    src, _ = CORPORA[corpus](tmp_path)
    first = sorted(p for p in src.iterdir() if p.is_file())[0]
    shutil.copy(first, src / f"zz-{first.name}")
    parsed = {(d.source, d.index): d for p in sorted(src.iterdir()) if p.is_file() for d in analyse_file(p, src).documents}
    loaded = load_corpus(src, jobs=1)
    resolved = resolve(loaded.corpus, loaded.extracted)
    documents = resolved.documents
    assert any(d.url != parsed[(d.source, d.index)].url for d in documents)  # the copy's numbered page
    found = {(d.source, d.index): e for p in sorted(src.iterdir()) if p.is_file() for d, e in zip(*_analysed(p, src), strict=True)}
    for d in documents:
        assert dataclasses.replace(parsed[(d.source, d.index)], **{f: getattr(d, f) for f in record.RESOLVED_FIELDS}) == d, d.source
        # and its citations and deadlines are what was extracted of it, with what resolve adds to a citation apart
        # (Fingerprints.of, record._OF_THE_FILE)
        e = found[(d.source, d.index)]
        assert resolved.deadlines[d.id] == e.deadlines, d.source
        cited = [(c, d.sentence_at(c.place.section, c.place.block, c.place.start, c.place.end)) for c in e.citations]
        assert [(rc.citation, rc.sentence) for rc in resolved.citations[d.id]] == cited, d.source


def _analysed(path: Path, src: Path) -> tuple[tuple, tuple]:
    result = analyse_file(path, src)
    return result.documents, result.extracted


def _plan(number: str, day: str, title: str, body: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"Số: {number}\nSơn La, {day}\n\nKẾ HOẠCH\n{title}\n\nI. NỘI DUNG THỰC HIỆN\n\n{body}\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n"
    )


CITED_PLAN = _plan(
    "12/KH-UBND", "ngày 10 tháng 01 năm 2024", "Chuyển đổi số tỉnh Sơn La năm 2024",
    "1. Sở Thông tin và Truyền thông chủ trì xây dựng nền tảng dữ liệu dùng chung, hoàn thành trước ngày 30/6/2024.",
)
CITING_PLAN = _plan(
    "20/KH-UBND", "ngày 01 tháng 3 năm 2024", "Cải cách hành chính năm 2024",
    "1. Sở Nội vụ chủ trì triển khai Kế hoạch số 12/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh, báo cáo trước "
    "ngày 15/12/2024.",
)


def test_an_agency_page_follows_the_rows_it_shows(tmp_path: Path) -> None:
    """A duty's sentence cites a plan not published yet; once the plan is published, the duty's row links to its page
    on the agency's page too, though the citing file and the agency's duties are the same: the agency's page reads
    the rows (pages._Rows, whose fingerprint the previous record vouches for only while what they read is unchanged)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "cai-cach.txt").write_text(CITING_PLAN, encoding="utf-8")
    cache, inc, fresh = tmp_path / "cache", tmp_path / "inc", tmp_path / "fresh"
    stage(src, inc, cache)
    before = files(inc)
    (src / "chuyen-doi-so.txt").write_text(CITED_PLAN, encoding="utf-8")
    stage(src, inc, cache)
    stage(src, fresh, cache)
    got, want = files(inc), files(fresh)
    agency = [uri for uri in want if uri.startswith("co-quan/") and "so-noi-vu" in uri]
    assert agency and all(before[uri] != want[uri] for uri in agency), agency  # its row now links to the plan's page
    assert sorted(got) == sorted(want)
    assert [uri for uri in want if got[uri] != want[uri]] == []


def test_a_citations_fingerprint_follows_what_resolve_adds(tmp_path: Path) -> None:
    """A document's citations are fingerprinted as its file plus what resolve adds to each (record._OF_THE_FILE):
    the same citing file gives other citations once the plan it cites is published here (its page, not the
    instrument's), its deadlines the same."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "cai-cach.txt").write_text(CITING_PLAN, encoding="utf-8")

    def fingerprints() -> tuple[bytes, bytes, bytes]:
        loaded = load_corpus(src, jobs=1)
        resolved = resolve(loaded.corpus, loaded.extracted)
        doc = next(d for d in resolved.documents if d.source == "cai-cach.txt")
        fps = record.Fingerprints(resolved, build_index(resolved), lambda rel: b"the same file")
        return fps.document(doc.id), fps.of(("citations", doc.id)), fps.of(("deadlines", doc.id))

    alone = fingerprints()
    (src / "chuyen-doi-so.txt").write_text(CITED_PLAN, encoding="utf-8")
    published = fingerprints()
    assert (alone[0], alone[2]) == (published[0], published[2])
    assert alone[1] != published[1]


def _changed(value: object) -> object:
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, tuple):
        return (*value, value[0] if value else 0)
    return "x" if value is None else None


def _replaced(obj: object, dotted: str, value: object) -> object:
    """`obj` with the (dotted) field `dotted` set to `value`, the objects holding it copied."""
    name, _, rest = dotted.partition(".")
    return dataclasses.replace(obj, **{name: _replaced(getattr(obj, name), rest, value) if rest else value})  # type: ignore[type-var]


def test_duties_and_instruments_fingerprints_follow_each_value(tmp_path: Path) -> None:
    """A document's duties and an instrument are fingerprinted by the flat tuple of their values (record._flat, not
    pickled object by object): a change of any of them, nested ones too (a duty's place), gives another
    fingerprint; an instrument's citers do not (read apart)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "cai-cach.txt").write_text(CITING_PLAN, encoding="utf-8")
    (src / "chuyen-doi-so.txt").write_text(CITED_PLAN, encoding="utf-8")
    loaded = load_corpus(src, jobs=1)
    resolved = resolve(loaded.corpus, loaded.extracted)
    doc = next(d for d in resolved.documents if resolved.duties.get(d.id))
    inst = next(i for i in resolved.instruments if i.cited_by)

    def fps(r: object) -> tuple[bytes, bytes]:
        f = record.Fingerprints(r, build_index(r), lambda rel: b"the same file")  # type: ignore[arg-type]
        return f.of(("duties", doc.id)), f.of(("instruments", inst.id))

    duties0, inst0 = fps(resolved)
    names = record._flat(record.ResolvedDuty, {"duty": record.Duty, "place": record.Place})
    assert "duty.place.line" in names and "agency" in names
    for name in names:
        first, *rest = resolved.duties[doc.id]
        duty = _replaced(first, name, _changed(record._DUTY_VALUES(first)[names.index(name)]))
        changed = dataclasses.replace(resolved, duties={**resolved.duties, doc.id: (duty, *rest)})
        assert fps(changed) == (fps(changed)[0], inst0) and fps(changed)[0] != duties0, name
    for f in dataclasses.fields(inst):
        other = dataclasses.replace(inst, **{f.name: _changed(getattr(inst, f.name))})
        changed = dataclasses.replace(resolved, instruments=tuple(other if i is inst else i for i in resolved.instruments))
        assert (fps(changed)[1] == inst0) == (f.name in ("cited_by", "dates_given")), f.name


def test_rows_trusted_blindly_are_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: with the previous record's digest of a document's rows taken without checking what
    they read, the agency's page is kept with the old link."""

    def blind(self: pages._Recorder, name: str) -> str | None:
        old = self.previous.get(name) if self.previous else None
        return old.digest if old is not None else None

    monkeypatch.setattr(pages._Recorder, "vouched", blind)
    with pytest.raises(AssertionError):
        test_an_agency_page_follows_the_rows_it_shows(tmp_path)


def test_a_stage_without_record_is_rendered_whole(tmp_path: Path) -> None:
    src = tmp_path / "src"
    synthetic(20, src)
    stage(src, tmp_path / "s", tmp_path / "cache")
    assert (tmp_path / "s" / RENDER_RECORD).is_file()
    (tmp_path / "s" / RENDER_RECORD).unlink()
    writer = stage(src, tmp_path / "s", tmp_path / "cache")
    assert writer.kept == 0
