"""The open data, search index and calendars of a publish (site.build_site with the last build's parse cache and
kept state, writing the stage) are the same bytes as those of a build from nothing of the same source folder,
after each kind of change: a document added (dated among the others, so the documents after it are numbered
again), one changed in its text only, one changed in a deadline, one removed. The shipped corpus and 150 synthetic
documents (bench.corpus)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from generator import beside, kept, search, site
from generator.addresses import DATA, DATA_DIR, SEARCH_DIR
from generator.partition import STAGE_FILES, StageWriter
from generator.render import kept_calendars, kept_data

from .conftest import SOURCE

SIDE = (DATA_DIR, SEARCH_DIR)  # documents.json and the calendars (data/lich/), the search index


def _side(files: dict[str, str]) -> dict[str, str]:
    return {uri: content for uri, content in files.items() if uri.startswith(SIDE)}


def _staged(stage: Path) -> dict[str, str]:
    root = stage / STAGE_FILES
    out = {}
    for path in root.rglob("*"):
        uri = path.relative_to(root).as_posix()
        if path.is_file() and uri.startswith(SIDE) and not path.name.startswith("."):
            out[uri] = path.read_bytes().decode("utf-8")
    return out


def _publish(source: Path, cache: Path, stage: Path) -> dict[str, str]:
    writer = StageWriter(stage)
    site.build_site(source, cache_dir=cache, jobs=2, sink=writer)
    writer.close()
    return _staged(stage)


def _from_nothing(source: Path) -> dict[str, str]:
    return _side(site.build_site(source, cache_dir=None, jobs=1).files)


def _differences(got: dict[str, str], want: dict[str, str]) -> list[str]:
    return sorted(u for u in got.keys() | want.keys() if got.get(u) != want.get(u))


def _change_text(path: Path) -> None:
    """A sentence of the body changed, nothing of the header: the document's fields and number stay."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if line.startswith("2. "))
    lines[k] = lines[k].replace("2. ", "2. Đẩy mạnh chuyển đổi số trong thanh tra, ", 1)
    path.write_text("".join(lines), encoding="utf-8")


def _change_deadline(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    k = text.index("trước ngày ")
    day = text[k + len("trước ngày ") : k + len("trước ngày ") + 2]
    other = "28" if day != "28" else "27"
    path.write_text(text[: k + len("trước ngày ")] + other + text[k + len("trước ngày ") + 2 :], encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("side") / "src"
    shutil.copytree(SOURCE, src)
    generate(150, src / "tong-hop")
    return src


def _mutations(src: Path) -> list[tuple[str, object]]:
    synthetic = src / "tong-hop"
    with_deadline = next(p for p in sorted(synthetic.glob("*.txt")) if "trước ngày " in p.read_text(encoding="utf-8"))
    return [
        ("added", lambda: generate(151, synthetic, start=150)),
        ("text changed", lambda: _change_text(synthetic / "00007.txt")),
        ("deadline changed", lambda: _change_deadline(with_deadline)),
        ("removed", lambda: (synthetic / "00042.txt").unlink()),
    ]


def test_a_publish_writes_the_side_files_of_a_build_from_nothing(corpus: Path, tmp_path: Path) -> None:
    src, cache, stage = tmp_path / "src", tmp_path / "cache", tmp_path / "stage"
    shutil.copytree(corpus, src)
    first = _publish(src, cache, stage)
    assert (cache / site.SIDE_DIR / search.STATE_FILE).is_file()
    assert (cache / site.SIDE_DIR / kept_calendars.STATE_FILE).is_file()
    assert _differences(first, _from_nothing(src)) == []
    for name, mutate in _mutations(src):
        before = hashlib.sha256(repr(sorted(_staged(stage).items())).encode()).hexdigest()
        mutate()  # type: ignore[operator]
        published = _publish(src, cache, stage)
        assert _differences(published, _from_nothing(src)) == [], name
        assert hashlib.sha256(repr(sorted(published.items())).encode()).hexdigest() != before, name  # it did change
        assert DATA in published


def _change_deadline_sentence(path: Path) -> None:
    """A word added before a deadline: its event's title and description change, not its date nor who carries it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("; hoàn thành trước ngày ", "; hoàn thành đầy đủ trước ngày ", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "name", "weak", "changed"),
    [
        # a page known by its fields and address, not its text: the postings of the old sentence stay
        (search, "page_hash", lambda page: hashlib.sha256(repr((page.fields, page.record.get("u"))).encode()).digest(), SEARCH_DIR + "t/"),
        # a document known by its fields and duties, not its source file: the events keep the old sentence
        (kept_calendars, "doc_key", lambda doc, duties, agencies, file_digest: repr((doc.id, doc.url, [rd.agency for rd in duties])).encode(), DATA_DIR + "lich/"),
        # a record known by its document's fields, not its source file: the deadline keeps the old sentence
        (kept_data, "record_key", lambda doc, resolved, file_digest: repr((doc.id, doc.url, doc.title)).encode(), DATA),
    ],
)
def test_a_key_missing_an_input_is_caught(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str, weak: object, changed: str
) -> None:
    """The check above fails when a reuse key leaves out an input."""
    src, cache, stage = tmp_path / "src", tmp_path / "cache", tmp_path / "stage"
    shutil.copytree(corpus, src)
    monkeypatch.setattr(module, name, weak)
    _publish(src, cache, stage)
    synthetic = src / "tong-hop"
    _change_deadline_sentence(next(p for p in sorted(synthetic.glob("*.txt")) if "; hoàn thành trước ngày " in p.read_text(encoding="utf-8")))
    differences = _differences(_publish(src, cache, stage), _from_nothing(src))
    assert differences and all(u.startswith(changed) for u in differences)


def test_documents_json_of_a_publish_takes_the_records_of_unchanged_documents(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """documents.json after a document changed and one removed is the one made from nothing, and only the changed
    document's record was made again; a state or previous file that does not match makes every record."""
    monkeypatch.setattr(beside, "can_fork", lambda jobs: False)  # the side part here, where its calls are counted
    made: list[str] = []
    real = kept_data.document_json

    def counted(doc: object, resolved: object = None) -> object:
        made.append(doc.id)  # type: ignore[attr-defined]
        return real(doc, resolved)  # type: ignore[arg-type]

    monkeypatch.setattr(kept_data, "document_json", counted)
    src, cache, stage = tmp_path / "src", tmp_path / "cache", tmp_path / "stage"
    shutil.copytree(corpus, src)
    first = _publish(src, cache, stage)[DATA]
    everything = len(made)
    assert everything > 150
    synthetic = src / "tong-hop"
    _change_text(synthetic / "00007.txt")
    (synthetic / "00042.txt").unlink()
    made.clear()
    published = _publish(src, cache, stage)[DATA]
    assert published == _from_nothing(src)[DATA] != first
    assert len(made) == 1

    state = cache / site.SIDE_DIR / kept_data.STATE_FILE
    state.write_bytes(b"not a pickle")  # a corrupt state: every record made
    made.clear()
    assert _publish(src, cache, stage)[DATA] == published and len(made) == everything - 1
    _publish(src, cache, stage)
    target = stage / STAGE_FILES / DATA  # the previous file changed behind the stage's back: no record cut from it
    target.write_bytes(target.read_bytes().replace(b'"schema"', b'"scheme"', 1))
    made.clear()
    _publish(src, cache, stage)
    assert len(made) == everything - 1


def test_a_key_is_made_of_values_not_objects() -> None:
    """The bytes hashed for a reuse key (kept.encoded) are the same for equal values held by one object or two (a
    pickle's memo would write the second time an object is met as a reference to the first)."""
    one = "".join(["Sở Nội vụ"] * 3)
    two = "".join(["Sở Nội vụ"] * 3)
    assert one is not two
    assert kept.encoded((one, one, [one])) == kept.encoded((one, two, [two]))
    assert kept.encoded((one, one)) != kept.encoded((one, one + "."))
