"""The parse cache and the worker processes of the pipeline: same corpus as a plain parse, and only what changed is
parsed again."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.pipeline as pipeline
from generator.pipeline import Loaded, ParseCache, code_version, load_corpus

from .conftest import FIXTURES, SOURCE, build_site

SEEDS = sorted(p.name for p in SOURCE.iterdir() if p.suffix == ".txt")


def _copy(names: list[str], to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SOURCE / name, to / name)
    return to


def _same(a: Loaded, b: Loaded) -> bool:
    return a.corpus == b.corpus and a.extracted == b.extracted


def _stats(loaded: Loaded) -> tuple[int, int]:
    return loaded.stats.parsed, loaded.stats.cached


def test_cache_gives_the_corpus_a_parse_gives(tmp_path: Path) -> None:
    plain = load_corpus(SOURCE, jobs=1)
    cold = load_corpus(SOURCE, cache_dir=tmp_path / "cache", jobs=1)
    warm = load_corpus(SOURCE, cache_dir=tmp_path / "cache", jobs=1)
    assert _stats(cold) == (len(SEEDS), 0)
    assert _stats(warm) == (0, len(SEEDS))
    assert _same(plain, cold) and _same(plain, warm)
    # what resolve needs comes out of the cache too: plan 13/KH-UBND cites Chỉ thị 33/CT-TTg
    lao_cai = next(d for d in warm.corpus.documents if d.reference == "13/KH-UBND")
    assert any(c.mention.reference == "33/CT-TTg" for c in warm.extracted[lao_cai.id].citations)
    assert warm.extracted[lao_cai.id].deadlines and warm.extracted[lao_cai.id].duties  # extracted with the parse, cached
    # what the per-file stage extracted is what resolve would extract itself (03-KH/BCĐ, whose province comes from its
    # citer, has its duties found again with that province)
    from generator.resolve import resolve

    assert resolve(warm.corpus, warm.extracted) == resolve(warm.corpus)


def test_adding_one_document_parses_only_that_one(tmp_path: Path) -> None:
    src = _copy(SEEDS[:-1], tmp_path / "src")
    load_corpus(src, cache_dir=tmp_path / "cache", jobs=1)
    shutil.copy(SOURCE / SEEDS[-1], src / SEEDS[-1])
    again = load_corpus(src, cache_dir=tmp_path / "cache", jobs=1)
    assert _stats(again) == (1, len(SEEDS) - 1)
    assert _same(again, load_corpus(src, jobs=1))


# (what is done to the Lào Cai plan 001 after a first build, reference read afterwards, files parsed again)
EDITS = [
    # its number changes: the new content is parsed, the other files come from the cache
    (lambda p: p.write_text(p.read_text(encoding="utf-8").replace("Số: 13/KH-UBND", "Số: 14/KH-UBND"), encoding="utf-8"), "14/KH-UBND", 1),
    # a trailing space is still a change of content
    (lambda p: p.write_text(p.read_text(encoding="utf-8") + " ", encoding="utf-8"), "13/KH-UBND", 1),
    # renamed: the source path is part of the document (its "source"), so it is parsed again
    (lambda p: p.rename(p.with_name("ke-hoach-13.txt")), "13/KH-UBND", 1),
    # touched without a change: the content decides, not the time
    (lambda p: p.touch(), "13/KH-UBND", 0),
]


@pytest.mark.parametrize(("edit", "reference", "parsed"), EDITS)
def test_a_changed_file_is_parsed_again(tmp_path: Path, edit: Callable[[Path], object], reference: str, parsed: int) -> None:
    src = _copy(SEEDS, tmp_path / "src")
    load_corpus(src, cache_dir=tmp_path / "cache", jobs=1)
    edit(src / "001_1409461a94ad2694.txt")
    again = load_corpus(src, cache_dir=tmp_path / "cache", jobs=1)
    assert _stats(again) == (parsed, len(SEEDS) - parsed)
    assert _same(again, load_corpus(src, jobs=1))
    assert any(d.reference == reference and d.issuer == "Ủy ban nhân dân tỉnh Lào Cai" for d in again.corpus.documents)


def test_a_change_of_code_invalidates_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    load_corpus(SOURCE, cache_dir=cache, jobs=1)
    (old,) = (cache / "parse").iterdir()
    monkeypatch.setattr(pipeline, "code_version", lambda: "another version of the generator")
    again = load_corpus(SOURCE, cache_dir=cache, jobs=1)
    assert _stats(again) == (len(SEEDS), 0)
    assert not old.exists()  # the entries of the old code are deleted
    assert [p.name for p in (cache / "parse").iterdir()] == [ParseCache(cache).dir.name]


def test_the_code_version_covers_every_module(tmp_path: Path) -> None:
    package = Path(pipeline.__file__).parent
    first, second = tmp_path / "a" / "generator", tmp_path / "b" / "generator"
    for copy in (first, second):
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_version(first) == code_version(second)  # the same code wherever it lies
    # a comment in a module that the parse does not even import still changes the version: safe, not clever
    target = second / "render" / "markdown.py"
    target.write_text(target.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    code_version.cache_clear()  # once per process in a build: the code that runs cannot change under it
    assert code_version(first) != code_version(second)


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty entry (a disk that filled up)
        b"not a pickle",  # garbage
        b"\x80\x05K\x01.",  # a valid pickle of something else (the integer 1)
    ],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    first = load_corpus(SOURCE, cache_dir=cache, jobs=1)
    entries = _entries(cache)
    assert sorted(entries) == sorted(set(entries)) and len(entries) == len(SEEDS)
    (pack,) = ParseCache(cache).packs()
    pack.unlink()
    writer = ParseCache(cache).writer()
    for key in entries:
        writer.add(key, damage)
    assert writer.close() is not None
    again = load_corpus(SOURCE, cache_dir=cache, jobs=1)
    assert _stats(again) == (len(SEEDS), 0)
    assert _same(first, again)
    assert _stats(load_corpus(SOURCE, cache_dir=cache, jobs=1)) == (0, len(SEEDS))  # the new pack's entries win


def test_a_pack_cut_short_keeps_the_entries_before_the_cut(tmp_path: Path) -> None:
    """A pack whose end was lost (a disk that filled up, a copy cut short): the entries before the cut are read."""
    cache = tmp_path / "cache"
    first = load_corpus(SOURCE, cache_dir=cache, jobs=1)
    (pack,) = ParseCache(cache).packs()
    sizes = [len(blob) for _, blob in ParseCache(cache).records(pack)]
    kept = len(pipeline.PACK_MAGIC) + sum(pipeline._RECORD.size + size for size in sizes[:2])
    pack.write_bytes(pack.read_bytes()[: kept + pipeline._RECORD.size + sizes[2] // 2])
    again = load_corpus(SOURCE, cache_dir=cache, jobs=1)
    assert _stats(again) == (len(SEEDS) - 2, 2)
    assert _same(first, again)


def test_a_publish_adds_a_pack_and_many_packs_are_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each build that parses something writes its entries into a pack of its own; past MAX_PACKS the packs are
    written into one, each key once (its newest entry), nothing else lost."""
    monkeypatch.setattr(pipeline, "MAX_PACKS", 2)
    src = _copy(SEEDS[:2], tmp_path / "src")
    cache = tmp_path / "cache"
    load_corpus(src, cache_dir=cache, jobs=1)
    assert len(ParseCache(cache).packs()) == 1
    shutil.copy(SOURCE / SEEDS[2], src / SEEDS[2])  # a publish
    assert _stats(load_corpus(src, cache_dir=cache, jobs=1)) == (1, 2)
    assert len(ParseCache(cache).packs()) == 2
    assert _stats(load_corpus(src, cache_dir=cache, jobs=1)) == (0, 3)  # nothing parsed, no pack written
    assert len(ParseCache(cache).packs()) == 2
    shutil.copy(SOURCE / SEEDS[3], src / SEEDS[3])
    again = load_corpus(src, cache_dir=cache, jobs=1)
    assert _stats(again) == (1, 3)
    assert len(ParseCache(cache).packs()) == 1 and sorted(_entries(cache)) == sorted(set(_entries(cache)))
    assert len(_entries(cache)) == 4
    assert _stats(load_corpus(src, cache_dir=cache, jobs=1)) == (0, 4)
    assert _same(again, load_corpus(src, jobs=1))


def _entries(cache: Path) -> list[str]:
    """The keys of every entry of the cache's packs."""
    parse = ParseCache(cache)
    return [key for pack in parse.packs() for key, _ in parse.records(pack)]


def test_workers_give_the_corpus_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    src = FIXTURES / "corpus-extra"
    one = load_corpus(src, jobs=1)
    two = load_corpus(src, jobs=2, cache_dir=tmp_path / "cache")
    assert two.stats.workers == 2 and one.stats.workers == 1
    assert _same(one, two)
    # the workers wrote the cache: a third run parses nothing
    assert _stats(load_corpus(src, jobs=2, cache_dir=tmp_path / "cache")) == (0, one.stats.files)


def test_below_the_threshold_no_worker_is_started(tmp_path: Path) -> None:
    assert load_corpus(SOURCE, jobs=2).stats.workers == 1  # five files: starting processes would cost more


def test_the_site_build_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))
    caplog.set_level(logging.INFO, logger="vanban.pipeline")
    build_site(SOURCE, tmp_path / "site")
    build_site(SOURCE, tmp_path / "site")
    loads = [r.getMessage() for r in caplog.records if r.name == "vanban.pipeline"]
    assert loads[-2:] == [
        f"vanban: {len(SEEDS)} source files, {len(SEEDS)} parsed (1 processes), 0 from the cache",
        f"vanban: {len(SEEDS)} source files, 0 parsed (0 processes), {len(SEEDS)} from the cache",
    ]
    assert not (tmp_path / "site" / "cache").exists()


def test_the_default_cache_is_beside_mkdocs_yml_outside_the_site() -> None:
    from mkdocs.config import load_config

    config = load_config(str(SOURCE.parent / "mkdocs.yml"))
    plugin = config.plugins["vanban"]
    cache = plugin.cache_dir(config)  # type: ignore[attr-defined]
    assert cache == (SOURCE.parent / ".cache" / "vanban").resolve()
    assert not cache.is_relative_to(Path(config.site_dir).resolve())
    assert ".cache/" in (SOURCE.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
