"""The benchmark keeps working (run at a tiny size, not timed), its synthetic corpus keeps the seeds' grammar, and
listings stay bounded as the corpus grows."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

import generator.render.pages as pages
from bench.corpus import generate, specs
from generator.addresses import page_url
from generator.pipeline import build_corpus
from generator.site import build_site as generate_site

from .conftest import ROOT, build_site

# --- the synthetic corpus -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(60, tmp_path_factory.mktemp("synthetic"))[0].parent


def test_corpus_is_deterministic_and_prefix_stable(tmp_path: Path, synthetic: Path) -> None:
    # document i depends only on documents before it: the benchmark adds one document by writing generate(n + 1)'s last
    generate(61, tmp_path)
    for path in sorted(synthetic.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert len(list(tmp_path.iterdir())) == 61


def test_corpus_sizes_are_those_of_published_plans(synthetic: Path) -> None:
    sizes = [p.stat().st_size for p in synthetic.iterdir()]
    assert 12_000 < sum(sizes) / len(sizes) < 20_000  # ~16 KB on average, as the issue measures MkDocs with
    assert min(sizes) < 8_000 and max(sizes) > 25_000  # and varying: short công văn, long plans


# (kind of document, what the generator reads back from the text the corpus generator wrote)
READ_BACK = [
    ("ubnd", ("reference", "date", "title", "jurisdiction")),  # Kế hoạch of an Ủy ban nhân dân tỉnh, header as seed 001
    ("snv", ("reference", "date", "title", "jurisdiction")),  # Kế hoạch of a Sở Nội vụ: "UBND TỈNH ... / SỞ NỘI VỤ"
    ("bcd", ("reference", "date", "title", "jurisdiction")),  # Party plan "Số 03-KH/BCĐ" style, as seed 003
    ("cv", ("reference", "date", "title", "jurisdiction")),  # công văn with V/v, as seed 000 (hard-wrapped in some)
]


@pytest.mark.parametrize(("kind", "fields"), READ_BACK)
def test_generator_reads_the_corpus_back(synthetic: Path, kind: str, fields: tuple[str, ...]) -> None:
    by_file = {f"{s.index:05d}.txt": s for s in specs(60)}
    docs = [d for d in build_corpus(synthetic).documents if by_file[d.source].kind == kind]
    assert docs, kind
    for doc in docs:
        s = by_file[doc.source]
        expected = {"reference": s.reference, "date": s.issued, "title": s.subject, "jurisdiction": s.province}
        got = {"reference": doc.reference, "date": doc.date, "title": doc.title, "jurisdiction": doc.jurisdiction}
        for field in fields:
            assert got[field] == expected[field], (doc.source, field)


def test_corpus_cites_earlier_documents_and_national_instruments(synthetic: Path) -> None:
    all_specs = specs(60)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(synthetic.iterdir()))
    assert "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ" in text
    cited = [s for s in all_specs if f"số {s.reference} ngày" in text]
    assert len(cited) >= 5  # documents of the corpus cited by later ones, with number and date
    assert "(qua Sở Nội vụ)" in text or "về Sở Nội vụ để tổng hợp" in text  # reports collected by an agency
    assert re.search(r"trước ngày \d\d/\d\d/20\d\d", text) and re.search(r"Quý (I|II|III|IV)/20\d\d", text)


# --- the benchmark at a tiny size -----------------------------------------------------------------------------------


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """Every measurement of bench/run.py in one run, on 6 documents: not timed, only that it works and what it says."""
    report = tmp_path / "RESULTS.md"
    report.write_text("# Benchmark\n\nNotes kept.\n\n<!-- measured:start -->\nold\n<!-- measured:end -->\n\nEnd kept.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "bench.run", "--sizes", "6", "--work", str(tmp_path / "work")]
    cmd += ["--results", str(tmp_path / "results"), "--markdown", str(report)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"^overhead at 6: \d+%$", done.stdout, re.M)

    result = json.loads((tmp_path / "results" / "6.json").read_text(encoding="utf-8"))
    assert result["full"]["documents"] == 6 and result["full"]["load"]["parsed"] == 6
    # the rebuild after adding one document parsed that one only
    assert result["rebuild"]["documents"] == 7
    assert result["rebuild"]["load"] == {"files": 7, "parsed": 1, "cached": 6, "workers": 1}
    # the floor has a plain page of the same size for every generated and hand-written Markdown page
    assert result["floor"]["pages"] >= result["pages"]["markdown_pages"] > 6
    for stage in ("read", "normalize", "split", "parse", "extract", "resolve", "render pages", "render data"):
        assert result["stages"][stage]["cpu_s"] >= 0
    assert result["site"]["html_pages"] > 6 and result["full"]["maxrss_mb"] > 0
    assert result["profile"]["rows"] and result["overhead_pct"] > 0
    if "search" in result["full"]:
        assert result["full"]["search"]["pages"] >= 6 and result["site"]["first_query_bytes"] > 0
    # first queries in a real browser, each with its time and bytes (skipped, and saying why, without Chromium)
    queries = result["first_queries"]
    assert "skipped" in queries or all(q["seconds"] > 0 and q["search_bytes"] > 0 for q in queries.values())

    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark\n\nNotes kept.") and text.endswith("End kept.\n") and "\nold\n" not in text
    assert re.search(r"^overhead at 6: \d+%$", text, re.M)
    assert "Profile of the slowest stage at 6 documents" in text


def test_scale_run_measures_the_partitions_without_a_baseline(tmp_path: Path) -> None:
    """`--partitioned --scale` (the 100,000 run) at a tiny size: the cold partitioned build with each partition's
    figures, the merge and the projection, no baseline and so no ratio line; not timed."""
    report = tmp_path / "RESULTS.md"
    report.write_text("# Benchmark\n\n<!-- partitioned:start -->\n<!-- partitioned:end -->\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "bench.run", "--sizes", "8", "--partitioned", "--scale", "--no-browser", "--work", str(tmp_path / "work")]
    cmd += ["--results", str(tmp_path / "results"), "--markdown", str(report)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"^scale run at 8: [\d.]+ s$", done.stdout, re.M)
    result = json.loads((tmp_path / "results" / "partitioned-8.json").read_text(encoding="utf-8"))
    assert result["kind"] == "scale" and "baseline" not in result and "rebuild" not in result and "ratio" not in result
    figures = result["full"]["figures"]
    assert figures["documents"] == 8 and figures["partitions"] >= 1 and len(figures["runs"]) == figures["partitions"]
    assert all(run["seconds"] > 0 and run["maxrss_mb"] > 0 for run in figures["runs"])
    text = report.read_text(encoding="utf-8")
    assert "ratio at 8" not in text and re.search(r"^peak memory at 8: \d+ MB$", text, re.M)
    projected = next(line for line in text.splitlines() if line.startswith("| projected cold build"))
    assert float(projected.rsplit("|", 2)[1]) >= figures["seconds"]["generate"]


# --- listings stay bounded ------------------------------------------------------------------------------------------


def _listing_pages(files: dict[str, str], first: str) -> dict[str, str]:
    base = first[: -len("index.md")] if first.endswith("index.md") else first[: -len(".md")] + "/"
    return {uri: text for uri, text in files.items() if uri == first or re.fullmatch(re.escape(base) + r"trang-\d+\.md", uri)}


def test_long_listings_are_split_into_pages(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "LIST_PAGE_SIZE", 7)
    files = generate_site(synthetic).files
    assert _listing_pages(files, pages.DOCUMENTS) == {pages.DOCUMENTS: files[pages.DOCUMENTS]}  # an index of years
    years = re.findall(r"^\| \[Năm (\d{4})\]\(/(van-ban/nam-\d{4}\.md)\) \| (\d+) \|$", files[pages.DOCUMENTS], re.M)
    assert len(years) > 1 and sum(int(n) for _, _, n in years) == 60
    documents = []
    for year, first, count in years:
        listing = _listing_pages(files, first)
        assert len(listing) == -(-int(count) // 7), first
        for n in range(1, len(listing) + 1):
            uri = first if n == 1 else first[: -len(".md")] + f"/trang-{n}.md"
            # the list's rows are HTML (filter attributes, column names for phones), their links relative to the page
            rows = re.findall(r'<tr data-province[^>]*data-year="(\d+)"[^>]*>.*?<a href="([^"]+)"', listing[uri])
            # counted from the year's oldest document: every page full but the first (the newest)
            assert len(rows) == (7 if n > 1 else int(count) - 7 * (len(listing) - 1)), uri
            assert {y for y, _ in rows} == {year}, uri
            here = "/" + page_url(uri)
            documents += [posixpath.normpath(posixpath.join(here, href)) for _, href in rows]
    assert len(documents) == len(set(documents)) == 60  # every document once, on one page
    for uri, text in files.items():
        if uri.startswith("van-ban/nam-") or uri == pages.DOCUMENTS:
            for target in re.findall(r"\]\(/([^)#]+\.md)", text):
                assert target in files or (ROOT / "docs" / target).is_file(), (uri, target)
    quality = _listing_pages(files, pages.QUALITY)
    assert len(quality) > 1 and all(text.count("\n## ") <= 7 for text in quality.values())


def test_split_listings_build_strictly(synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs --strict checks the pager's links and the home page's links to the list of each year."""
    monkeypatch.setattr(pages, "LIST_PAGE_SIZE", 7)
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))
    site = build_site(synthetic, tmp_path / "site")
    seconds = sorted(site.glob("van-ban/nam-*/trang-2/index.html"))
    assert seconds and "Trang 2/" in seconds[0].read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(van-ban/nam-\d{4}/#nam-\d{4})"', home)
    assert len(links) > 1
    for href in links:
        page, anchor = href.split("#")
        assert f'id="{anchor}"' in (site / page / "index.html").read_text(encoding="utf-8")


# --- memory of a process tree ---------------------------------------------------------------------------------------

_FORKED = """
import os, sys, time
block = bytearray(b"x") * (64 * 2**20)  # 64 MB written, shared with the child after the fork
if os.fork() == 0:
    time.sleep(1.5)
    os._exit(0)
time.sleep(1.5)
os.wait()
"""


def test_tree_memory_counts_pages_a_fork_shares_once_in_pss() -> None:
    from bench.run import TreeMemory

    proc = subprocess.Popen([sys.executable, "-c", _FORKED])
    memory = TreeMemory(proc.pid, every=0.05)
    proc.wait()
    peaks = memory.stop()
    assert peaks["peak_one_mb"] >= 64
    assert peaks["peak_total_mb"] >= 128  # both processes map the 64 MB: RSS counts them in each
    assert 64 <= peaks["peak_pss_mb"] < peaks["peak_total_mb"] - 32  # PSS splits them between the two


@pytest.mark.parametrize(
    ("full", "figure", "measure"),
    [
        ({"peak_total_mb": 3884, "peak_pss_mb": 3100, "peak_one_mb": 2042}, 3100, "sum of the proportional set sizes (PSS)"),
        ({"peak_total_mb": 3884, "peak_one_mb": 2042}, 3884, "sum of the resident sets (RSS)"),
    ],
)
def test_peak_memory_line_names_its_measure(full: dict[str, int], figure: int, measure: str) -> None:
    from bench.run import _peak_mb, _peak_measure

    assert _peak_mb(full) == figure
    assert measure in _peak_measure([{"size": 10000, "full": full}])
