"""Partitioned builds (generator/partition.py): the site built in partitions by separate MkDocs processes and merged
is the site one `mkdocs build` makes; a broken link across partitions still fails; the CI matrix follows the corpus."""

from __future__ import annotations

import bisect
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import partition
from generator.cli import main

from .conftest import ROOT, SOURCE, build_site


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(single: Path, merged: Path) -> None:
    a, b = tree(single), tree(merged)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def config_copy(tmp_path: Path, extra: str = "", docs: Path | None = None) -> Path:
    """A configuration elsewhere that inherits the site's (as the repository's mkdocs.yml does), with `extra`
    settings and, with `docs`, other hand-written pages."""
    docs_dir = docs or ROOT / "docs"
    text = f"INHERIT: {ROOT / 'generator' / 'mkdocs.yml'}\ndocs_dir: {docs_dir}\ntheme:\n  custom_dir: {docs_dir / 'overrides'}\n"
    path = tmp_path / "mkdocs.yml"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(SOURCE, tmp_path_factory.mktemp("single") / "site")


def test_shipped_corpus_in_three_partitions_is_the_single_build(single: Path, tmp_path: Path) -> None:
    code = main(["build", "--source", str(SOURCE), "--stage", str(tmp_path / "stage"), "--site-dir", str(tmp_path / "site"), "--partitions", "3"])
    assert code == 0
    manifest = partition.read_manifest(tmp_path / "stage")
    own = partition.assignment(tmp_path / "stage", 3)
    owners = {own(uri) for uri in manifest if uri.endswith(".md")}
    assert owners == {0, 1, 2}  # every process rendered pages
    assert_same_site(single, tmp_path / "site")
    assert not (tmp_path / "site" / partition.RECORD).exists()


def test_sitemap_of_a_site_with_an_address_is_merged_in_the_single_build_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's dates: the same in every process
    monkeypatch.setenv("VANBAN_SOURCE", str(SOURCE))
    config = config_copy(tmp_path, "site_url: https://congbao.example.gov.vn/cong/\n")
    build(load_config(str(config), site_dir=str(tmp_path / "single"), strict=True))
    code = main(["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(tmp_path / "stage"), "--site-dir", str(tmp_path / "merged"), "--partitions", "4"])
    assert code == 0
    sitemap = (tmp_path / "merged" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") > 100
    assert "<loc>https://congbao.example.gov.vn/cong/van-ban/quang-ngai/2022/" in sitemap
    assert_same_site(tmp_path / "single", tmp_path / "merged")


@pytest.mark.parametrize(
    ("anchors", "links", "broken"),
    [
        ({"a.md": ["muc-i"], "b.md": ["muc-ii"]}, [["a.md", "b.md", "muc-ii", "b.md#muc-ii"]], 0),
        ({"a.md": ["muc-i"], "b.md": ["muc-ii"]}, [["a.md", "b.md", "muc-iii", "b.md#muc-iii"]], 1),
        ({"a.md": [], "b.md": ["muc-i-khoan-1"]}, [["a.md", "b.md", "muc-i-khoan-1", "../b/#muc-i-khoan-1"], ["a.md", "b.md", "muc-i", "../b/#muc-i"]], 1),
    ],
)
def test_links_across_partitions_are_checked_against_the_anchors_of_the_target(anchors: dict, links: list, broken: int) -> None:
    records = [{"anchors": {k: v}, "links": [x for x in links if x[0] == k]} for k, v in anchors.items()]
    checked, messages = partition.check_links(records)
    assert checked == len(links)
    assert len(messages) == broken
    assert all("does not contain an anchor" in m for m in messages)


@pytest.mark.parametrize(
    ("touched", "checked", "broken"),
    [
        ({"b.md"}, 2, 1),  # the target built again: the links into it, from pages not built again too
        ({"a.md"}, 3, 1),  # the source built again (and the target of a link from c.md)
        ({"c.md"}, 1, 0),  # another page: only its own link
        ({"d.md"}, 0, 0),  # a page without links across partitions
    ],
)
def test_an_incremental_merge_checks_the_links_from_and_to_the_pages_built_again(touched: set[str], checked: int, broken: int) -> None:
    record = {
        "anchors": {"a.md": ["dieu-1"], "b.md": ["muc-ii"], "c.md": [], "d.md": []},
        "links": [["a.md", "b.md", "muc-ii", "../b/#muc-ii"], ["a.md", "b.md", "muc-iii", "../b/#muc-iii"], ["c.md", "a.md", "dieu-1", "../a/#dieu-1"]],
    }
    assert partition.check_links([record], touched)[0] == checked
    assert len(partition.check_links([record], touched)[1]) == broken
    # the same check on the state an incremental merge keeps (links as columns), made in two merges: every page
    # with other links, then the pages of `touched` built again over it
    def part(pages: set[str], links: list[list[str]]) -> tuple[Path, dict]:
        rec = {"count": 1, "hand": [], "urls": {}, "locs": {}, "anchors": {u: record["anchors"][u] for u in pages}, "links": links}
        return Path("/nonexistent"), rec

    before = partition.combine([part(set(record["anchors"]), [[u, "d.md", "cu", "../d/#cu"] for u in record["anchors"]])])
    after = partition.combine([part(touched, [x for x in record["links"] if x[0] in touched])], before)
    after = partition.combine([part(set(record["anchors"]) - touched, [x for x in record["links"] if x[0] not in touched])], after)
    rows = partition.links_rows(after["links"], touched)
    assert partition.check_links([{"anchors": after["anchors"], "links": rows}]) == partition.check_links([record], touched)


def _docs_with_link(tmp_path: Path, target: str) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "lien-ket.md").write_text(f"# Liên kết\n\n[Mục không có]({target})\n", encoding="utf-8")
    return docs


def test_a_broken_anchor_across_partitions_fails_the_build(tmp_path: Path) -> None:
    count = 3
    stage = tmp_path / "stage"
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage)]) == 0
    pages = sorted(uri for uri in partition.read_manifest(stage) if uri.endswith(".md"))
    own = partition.assignment(stage, count)
    target = next(uri for uri in pages if uri.startswith("van-ban/") and own(uri) != partition.partition_of("lien-ket.md", count))
    link = "/" + target + "#khong-co-muc-nay"
    config = config_copy(tmp_path, docs=_docs_with_link(tmp_path, link))
    code = main(["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(stage), "--site-dir", str(tmp_path / "site"), "--partitions", str(count)])
    assert code == 1
    # the same link to an anchor the page has builds, and merges with the link counted
    anchor = re.search(r'<h\d[^>]* id="([\w-]+)"', (stage / partition.STAGE_FILES / target).read_text(encoding="utf-8"))
    assert anchor is not None
    (tmp_path / "docs" / "lien-ket.md").write_text(f"# Liên kết\n\n[Mục]({'/' + target + '#' + anchor.group(1)})\n", encoding="utf-8")
    code = main(["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(stage), "--site-dir", str(tmp_path / "site"), "--partitions", str(count)])
    assert code == 0


def test_a_link_to_a_missing_page_fails_its_partition(tmp_path: Path) -> None:
    config = config_copy(tmp_path, docs=_docs_with_link(tmp_path, "/van-ban/khong-co/index.md"))
    code = main(["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(tmp_path / "stage"), "--site-dir", str(tmp_path / "site"), "--partitions", "2"])
    assert code == 1


MB = 1024 * 1024


@pytest.mark.parametrize(
    ("weight", "previous", "count"),
    [
        (1, None, 1),
        (80 * MB, None, 1),
        (80 * MB + 1, None, 2),
        (1185 * MB, None, 15),  # the stage of 10,000 documents
        (1185 * MB, 14, 14),  # built in 14 before: 84.6 MB each is within the band, no full rebuild for one more
        (1300 * MB, 15, 15),  # a corpus grown 10 % since the last build: the same partitions (86.7 MB each)
        (1500 * MB, 15, 19),  # grown 27 %: 100 MB each would be too much, cut again
        (700 * MB, 15, 9),  # shrunk by 40 %: 46.7 MB each is too little
        (12000 * MB, None, 150),
    ],
)
def test_partitions_follow_the_work_and_keep_their_count_through_publishes(weight: int, previous: int | None, count: int) -> None:
    assert partition.partition_count(weight, previous=previous) == count


def _corpus(n_docs: int, n_lists: int) -> dict[str, int]:
    """Staged pages of a corpus: short document pages by place and year, and long listing pages (agencies,
    timeline) ten times heavier, sizes spread deterministically."""
    weights = {}
    for i in range(n_docs):
        weights[f"van-ban/tinh-{i % 7}/{2015 + i % 9}/ke-hoach-{i}.md"] = partition.weight("x.md", 20_000 + (i * 7919) % 40_000)
    for i in range(n_lists):
        weights[f"co-quan/co-quan-{i}.md"] = partition.weight("x.md", 150_000 + (i * 104_729) % 250_000)
    for i in range(n_docs):
        weights[f"van-ban-goc/{i}.txt"] = partition.weight("x.txt", 16_000)
    return weights


@pytest.mark.parametrize(("n_docs", "n_lists", "count"), [(300, 40, 4), (2000, 400, 15), (5000, 200, 9)])
def test_partitions_carry_near_equal_work(n_docs: int, n_lists: int, count: int) -> None:
    """Cut by work, no partition carries more than its share and one file; cut by name (the hash of each page's
    group), the heaviest partition carries more (a place and year's documents land together, and listing pages
    weigh ten document pages)."""
    weights = _corpus(n_docs, n_lists)
    cuts = partition.bounds(weights, count)
    load = [0] * count
    for uri, w in weights.items():
        load[bisect.bisect_right(cuts, partition.order_key(uri))] += w
    share, heaviest = sum(weights.values()) / count, max(weights.values())
    assert max(load) <= share + heaviest and min(load) >= share - heaviest
    by_name = [0] * count
    for uri, w in weights.items():
        by_name[partition.owner(uri, count)] += w
    assert max(by_name) > max(load)


@pytest.mark.parametrize(
    ("added", "grown"),
    [
        (["van-ban/tinh-3/2024/ke-hoach-moi.md"], ["co-quan/co-quan-5.md", "co-quan/co-quan-77.md"]),
        (["van-ban/tinh-9/2030/ke-hoach-1.md", "van-ban-goc/moi.txt"], ["co-quan/co-quan-1.md"]),
    ],
)
def test_a_publish_moves_few_files_between_partitions(added: list[str], grown: list[str]) -> None:
    """A new document adds pages and makes a few listing pages longer: the cuts move by that much, so only files
    next to a cut change partition (here at most two per cut), whatever the corpus size."""
    count = 15
    before = _corpus(2000, 400)
    after = dict(before)
    after.update({uri: partition.weight(uri, 45_000) for uri in added})
    after.update({uri: after[uri] + 2_000 for uri in grown})
    old, new = partition.bounds(before, count), partition.bounds(after, count)
    moved = [u for u in before if bisect.bisect_right(old, partition.order_key(u)) != bisect.bisect_right(new, partition.order_key(u))]
    assert len(moved) <= 2 * (count - 1)


def test_the_stage_keeps_its_cuts_and_makes_them_again_when_its_files_change(tmp_path: Path) -> None:
    stage = tmp_path / "stage"
    files = {f"van-ban/tinh/2024/kh-{i}.md": "# Kế hoạch\n\n" + "Nội dung. " * (100 * (i % 5 + 1)) for i in range(40)}
    files["co-quan/so-noi-vu.md"] = "# Sở Nội vụ\n\n" + "| việc |\n" * 20_000
    partition.write_stage(files, stage)
    count = 3
    own = partition.assignment(stage, count)
    kept = json.loads((stage / partition.ASSIGNMENT).read_text(encoding="utf-8"))
    assert kept["count"] == count and len(kept["bounds"]) == count - 1
    assert {own(u) for u in files} == {0, 1, 2}
    # the listing page alone weighs about as much as a third of the site: it shares its partition with few pages
    heavy = own("co-quan/so-noi-vu.md")
    assert sum(1 for u in files if own(u) == heavy) < len(files) / count
    # another process finds the same cuts; a changed stage is cut again
    assert partition.stage_bounds(stage, count) == kept["bounds"]
    files["co-quan/so-noi-vu.md"] = "# Sở Nội vụ\n"
    partition.write_stage(files, stage)
    assert partition.stage_bounds(stage, count) != kept["bounds"]


def test_each_partition_reads_its_own_names_kept_with_the_cuts_and_walks_the_stage_only_when_they_are_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stage = tmp_path / "stage"
    files = {f"van-ban/tinh-{i % 4}/2024/kh-{i}.md": "# Kế hoạch\n\n" + "Nội dung. " * (50 * (i % 3 + 1)) for i in range(30)}
    files.update({f"du-lieu/van-ban/kh-{i}.json": "{}" for i in range(30)})
    partition.write_stage(files, stage)
    count = 4
    partition.stage_bounds(stage, count)  # as the build does before its processes start

    def expected(k: int) -> list[str]:
        own = partition.assignment(stage, count)
        return sorted(u for u in files if own(u) == k)

    walked: list[Path] = []
    real_walk = partition.staged_names

    def counted(root: Path) -> Iterator[str]:
        walked.append(root)
        return real_walk(root)

    monkeypatch.setattr(partition, "staged_names", counted)
    parts = [partition.own_files(stage, [k], count) for k in range(count)]
    assert parts == [expected(k) for k in range(count)] and not walked
    assert sorted(u for part in parts for u in part) == sorted(files)
    assert partition.own_files(stage, [2, 0], count) == sorted(parts[0] + parts[2])
    # the stage changed behind the kept lists (a list made from another manifest): the cuts and lists are made again
    files["van-ban/tinh-9/2025/kh-moi.md"] = "# Kế hoạch mới\n\n" + "Nội dung. " * 400
    partition.write_stage(files, stage)
    for k in range(count):
        (stage / partition.PART_LISTS / f"{count}-{k}.txt").write_text("stale\nvan-ban/khong-co.md\n", encoding="utf-8")
    (stage / partition.ASSIGNMENT).unlink()
    assert [partition.own_files(stage, [k], count) for k in range(count)] == [expected(k) for k in range(count)]
    assert not walked  # made again from the manifest, with the cuts
    # a list lost or damaged under a current assignment: found by walking the stage's folder
    (stage / partition.PART_LISTS / f"{count}-1.txt").unlink()
    (stage / partition.PART_LISTS / f"{count}-2.txt").write_text("", encoding="utf-8")
    assert partition.own_files(stage, [1], count) == expected(1) and partition.own_files(stage, [2], count) == expected(2)
    assert len(walked) == 2


@pytest.mark.parametrize(("count", "jobs"), [(1, 1), (2, 2), (14, 14), (20, 20), (57, 20), (135, 20)])
def test_matrix_gives_each_partition_to_one_job(count: int, jobs: int) -> None:
    specs = partition.matrix(count)
    assert len(specs) == jobs
    built = [k for spec in specs for k in partition.parse_partition(spec)[0]]
    assert sorted(built) == list(range(count))
    assert all(partition.parse_partition(spec)[1] == count for spec in specs)


@pytest.mark.parametrize("spec", ["0/3", "4/3", "1/0", "a/3", "1-2/3", ""])
def test_wrong_partition_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        partition.parse_partition(spec)


def test_plan_prints_the_matrix_of_the_staged_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage = tmp_path / "stage"
    assert main(["plan", "--stage", str(stage)]) == 2  # nothing staged yet: a user error, one line
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage)]) == 0
    capsys.readouterr()
    assert main(["plan", "--stage", str(stage)]) == 0
    assert json.loads(capsys.readouterr().out) == {"partition": ["1/1"]}  # the shipped corpus: one partition
    assert main(["plan", "--stage", str(stage), "--partitions", "45"]) == 0
    specs = json.loads(capsys.readouterr().out)["partition"]
    assert len(specs) == 20 and specs[0] == "1,21,41/45"


def test_ci_commands_build_partitions_then_merge(single: Path, tmp_path: Path) -> None:
    """What the publish workflow's jobs run, one after the other: generate, each partition, merge."""
    stage = tmp_path / "stage"
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage)]) == 0
    for spec in ("1,3/3", "2/3"):
        assert main(["build", "--stage", str(stage), "--partition", spec, "--site-dir", str(tmp_path / "parts" / spec.replace("/", "-"))]) == 0
    assert main(["merge", "--site-dir", str(tmp_path / "site"), str(tmp_path / "parts" / "*")]) == 0
    assert_same_site(single, tmp_path / "site")


def _build(src: Path, tmp_path: Path, site: str, stage: str, count: int = 3) -> dict:
    code = main(["build", "--source", str(src), "--stage", str(tmp_path / stage), "--site-dir", str(tmp_path / site), "--partitions", str(count)])
    assert code == 0
    return json.loads((tmp_path / stage / "last-build.json").read_text(encoding="utf-8"))


def test_adding_then_removing_a_document_rebuilds_only_the_pages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))  # a parse cache of this test's own
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted(SOURCE.iterdir())[:4]:
        shutil.copy(f, src / f.name)
    first = _build(src, tmp_path, "site", "stage")
    assert first["mode"] == "full" and first["files_parsed"] == 4 and first["partitions_rebuilt"] == 3

    new = sorted(SOURCE.iterdir())[4]
    shutil.copy(new, src / new.name)
    added = _build(src, tmp_path, "site", "stage")
    assert added["mode"] == "incremental"
    assert added["files_parsed"] == 1 and added["files_cached"] == 4
    assert 0 < added["pages_rebuilt"] < added["pages"]
    assert added["partitions_rebuilt"] <= 3
    # the same site as a full build of the five documents
    fresh = _build(src, tmp_path, "fresh", "stage-fresh")
    assert fresh["mode"] == "full"
    assert_same_site(tmp_path / "fresh", tmp_path / "site")

    (src / new.name).unlink()
    again = _build(src, tmp_path, "site", "stage")
    assert again["mode"] == "incremental" and again["files_removed"] > 0
    _build(src, tmp_path, "fresh4", "stage-fresh4")
    assert_same_site(tmp_path / "fresh4", tmp_path / "site")

    unchanged = _build(src, tmp_path, "site", "stage")
    assert (unchanged["pages_rebuilt"], unchanged["partitions_rebuilt"], unchanged["files_parsed"]) == (0, 0, 0)


def test_a_changed_configuration_builds_every_partition_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    config = config_copy(tmp_path, docs=docs)
    args = ["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(tmp_path / "stage"), "--site-dir", str(tmp_path / "site"), "--partitions", "2"]
    assert main(args) == 0
    (docs / "gioi-thieu.md").write_text((docs / "gioi-thieu.md").read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    assert main(args) == 0
    figures = json.loads((tmp_path / "stage" / "last-build.json").read_text(encoding="utf-8"))
    assert figures["mode"] == "full" and figures["partitions_rebuilt"] == 2
    assert "Thêm một dòng." in (tmp_path / "site" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")


def _ci(src: Path, tmp_path: Path, count: int = 3) -> list[str]:
    """The workflow's jobs over the last publication (stage and site kept from the run before): generate, plan
    against the site, build the planned partitions, merge with the plan. The matrix it ran."""
    stage, site = tmp_path / "ci-stage", tmp_path / "ci-site"
    assert main(["generate", "--source", str(src), "--stage", str(stage)]) == 0
    assert main(["plan", "--source", str(src), "--stage", str(stage), "--site-dir", str(site), "--partitions", str(count)]) == 0
    planned = partition.read_plan(stage)
    assert planned is not None
    specs = partition.planned_matrix(planned)
    parts = tmp_path / "ci-parts"
    shutil.rmtree(parts, ignore_errors=True)
    for spec in specs:
        assert main(["build", "--stage", str(stage), "--partition", spec, "--site-dir", str(parts / spec.replace("/", "-"))]) == 0
    assert main(["merge", "--site-dir", str(site), "--stage", str(stage), str(parts / "*")]) == 0
    assert partition.read_plan(stage) is None  # carried out
    return specs


def test_ci_jobs_over_the_last_publication_rebuild_only_the_partitions_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted(SOURCE.iterdir())[:4]:
        shutil.copy(f, src / f.name)
    assert _ci(src, tmp_path) == ["1/3", "2/3", "3/3"]  # nothing published yet: every partition
    assert _ci(src, tmp_path) == ["1/3"]  # nothing changed: the shared partition alone, with no page
    new = sorted(SOURCE.iterdir())[4]
    shutil.copy(new, src / new.name)
    _ci(src, tmp_path)
    _build(src, tmp_path, "fresh", "stage-fresh")
    assert_same_site(tmp_path / "fresh", tmp_path / "ci-site")
    (src / new.name).unlink()
    _ci(src, tmp_path)
    _build(src, tmp_path, "fresh4", "stage-fresh4")
    assert_same_site(tmp_path / "fresh4", tmp_path / "ci-site")


def test_a_plan_for_another_site_folder_is_refused_by_the_merge(tmp_path: Path) -> None:
    stage = tmp_path / "stage"
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage)]) == 0
    assert main(["plan", "--stage", str(stage), "--site-dir", str(tmp_path / "site")]) == 0
    assert main(["build", "--stage", str(stage), "--partition", "1/1", "--site-dir", str(tmp_path / "part")]) == 0
    assert main(["merge", "--site-dir", str(tmp_path / "other"), "--stage", str(stage), str(tmp_path / "part")]) == 2


def test_a_stage_being_written_has_no_manifest_until_it_is_closed(tmp_path: Path) -> None:
    """A generate stopped while it writes the stage leaves no manifest: the next one trusts none of its files."""
    stage = tmp_path / "stage"
    partition.write_stage({"a.md": "# Một", "b.md": "# Hai"}, stage)
    writer = partition.StageWriter(stage)
    writer["a.md"] = "# Một, sửa"  # and the process stops here
    assert not (stage / partition.MANIFEST).exists()
    assert partition.read_manifest(stage) == {}
    old, new = partition.write_stage({"a.md": "# Một", "b.md": "# Hai"}, stage)
    assert old == {} and (stage / partition.STAGE_FILES / "a.md").read_text(encoding="utf-8") == "# Một"
    assert new == {"a.md": partition.digest("# Một"), "b.md": partition.digest("# Hai")}


def test_a_partition_lists_only_its_own_files_and_finds_the_others_when_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A partition's MkDocs process does not grow with the site: its file list holds its own staged files (pages and
    data) and the hand-written ones; a page or data file of another partition is found when a link looks it up, by
    its name or by its address, excluded; a name the stage does not have is found nowhere."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files

    from generator.plugin import VanbanPlugin, _file_at

    count = 3
    stage = tmp_path / "stage"
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage), "-q"]) == 0
    manifest = partition.read_manifest(stage)
    monkeypatch.setenv(partition.STAGE_ENV, str(stage))
    monkeypatch.setenv(partition.PARTITION_ENV, "2/3")
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["vanban"]
    assert isinstance(plugin, VanbanPlugin)
    partition.stage_bounds(stage, count)  # the cuts, kept in the stage by the build before its processes start

    def whole_manifest(stage: Path) -> dict[str, str]:
        raise AssertionError("a partition's process read the list of every staged file")

    def whole_stage(root: Path) -> Iterator[str]:
        raise AssertionError("a partition's process walked the whole stage")

    with monkeypatch.context() as m:
        m.setattr(partition, "read_manifest", whole_manifest)
        m.setattr(partition, "staged_names", whole_stage)  # its own names are kept with the cuts (PART_LISTS)
        files = config.plugins.on_files(get_files(config), config=config)
        listed = {f.src_uri for f in files}
        other = next(u for u in sorted(manifest) if u.startswith("van-ban/") and u.endswith(".md") and u not in listed)
        assert files.get_file_from_path(other) is not None
    own = partition.assignment(stage, count)
    assert {u for u in manifest if own(u) == 1} <= listed
    assert not {u for u in manifest if own(u) != 1} & listed
    other_page = next(u for u in sorted(manifest) if u.startswith("van-ban/") and u.endswith(".md") and own(u) != 1)
    other_data = next(u for u in sorted(manifest) if not u.endswith(".md") and own(u) != 1)
    for uri in (other_page, other_data):
        found = files.get_file_from_path(uri)
        assert found is not None and found.inclusion == InclusionLevel.EXCLUDED
        # a file of another partition is given by its name: the process keeps no object for it
        assert _file_at(files, found.url.rstrip("/")) == uri
    assert files.get_file_from_path("van-ban/khong-co.md") is None
    assert _file_at(files, "van-ban/khong-co") is None
    # the hand-written pages in the file list's order (the generated ones follow them by name in the sitemap)
    assert plugin.order == [f.src_uri for f in get_files(config) if f.is_documentation_page() and f.src_uri not in manifest]
    assert plugin.order  # the shipped hand-written pages


def test_the_stage_folder_holds_exactly_the_manifest_after_a_generate_stopped_midway(tmp_path: Path) -> None:
    """Partition processes ask the stage's folder whether a file is staged (`StagedNames`): a generate that follows
    one stopped midway (no manifest to say what the previous one wrote) deletes whatever it did not write."""
    stage = tmp_path / "stage"
    writer = partition.StageWriter(stage)
    writer["van-ban/a.md"] = "a"
    writer["van-ban/b.md"] = "b"
    writer.close()
    stopped = partition.StageWriter(stage)  # deletes the manifest, then stops before close
    stopped["van-ban/c.md"] = "c"
    again = partition.StageWriter(stage)
    again["van-ban/a.md"] = "a"
    again.close()
    root = stage / partition.STAGE_FILES
    assert sorted(partition.staged_names(root)) == ["van-ban/a.md"] == sorted(partition.read_manifest(stage))
    names = partition.StagedNames(root)
    assert "van-ban/a.md" in names
    for absent in ("van-ban/b.md", "van-ban/c.md", "van-ban", "../stage/manifest.json", "/van-ban/a.md", "van-ban/./a.md", ""):
        assert absent not in names


@pytest.mark.parametrize(
    ("pages", "jobs", "processes"),
    [
        ({0: 0}, 2, [[0]]),  # nothing changed: the shared partition alone
        ({0: 3, 4: 40, 9: 485}, 2, [[0, 4, 9]]),  # a new document at 10,000: its 528 pages in one process
        ({0: 900, 1: 800, 2: 700}, 2, [[0], [1, 2]]),  # 2,400 pages: as many processes as the cores
        ({0: 900, 1: 800, 2: 700}, 20, [[0], [1], [2]]),
        ({k: 100 for k in range(30)}, 20, [list(range(0, 30, 3)), list(range(1, 30, 3)), list(range(2, 30, 3))]),
    ],
)
def test_the_changes_of_an_incremental_build_go_to_as_few_processes_as_their_pages_need(pages: dict[int, int], jobs: int, processes: list[list[int]]) -> None:
    groups = {k: [f"van-ban/ha-noi/2024/{k}-{i}.md" for i in range(n)] + ["data/van-ban.json"] for k, n in pages.items()}
    assert partition.spread(groups, jobs) == processes


def test_the_manifest_keeps_each_staged_file_s_size_so_cutting_partitions_needs_no_stat(tmp_path: Path) -> None:
    """Written, written in chunks, unchanged or kept: each staged file's size is in the manifest, and the weights
    the partitions are cut by are the ones the files on disk give."""
    stage = tmp_path / "stage"
    writer = partition.StageWriter(stage)
    writer["van-ban/a.md"] = "Kế hoạch số 12/KH-UBND"
    writer.write_chunks("data/documents.json", ["[", '{"so": "12/KH-UBND"}', "]"])
    writer["van-ban/b.md"] = "b"
    writer.close()
    again = partition.StageWriter(stage)
    assert again.keep("van-ban/a.md")
    again["van-ban/b.md"] = "bb"
    again.write_chunks("data/documents.json", ["[]"])
    again.close()
    root = stage / partition.STAGE_FILES
    on_disk = {uri: (root / uri).stat().st_size for uri in partition.staged_names(root)}
    assert partition.read_sizes(stage) == on_disk == {"van-ban/a.md": len("Kế hoạch số 12/KH-UBND".encode()), "van-ban/b.md": 2, "data/documents.json": 2}
    assert partition.stage_weights(stage) == {uri: partition.weight(uri, size) for uri, size in on_disk.items()}


def test_a_publish_copies_again_only_the_originals_whose_source_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Tải văn bản gốc": the stage's copy of each source file is kept, unread, while the parse cache's hash of the
    source is the one the copy was made from; a changed source is copied again."""
    source = tmp_path / "src"
    shutil.copytree(SOURCE, source)
    stage = tmp_path / "stage"
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))
    copied: list[str] = []
    write_source = partition.StageWriter.write_source

    def counted(self: partition.StageWriter, uri: str, content: bytes, key: str | None) -> None:
        copied.append(uri)
        write_source(self, uri, content, key)

    monkeypatch.setattr(partition.StageWriter, "write_source", counted)
    assert main(["generate", "--source", str(source), "--stage", str(stage), "-q"]) == 0
    first = sorted(copied)
    assert len(first) == len(list(source.iterdir())) >= 5
    changed = sorted(source.iterdir())[0]
    changed.write_bytes(changed.read_bytes() + "\nNơi nhận:\n- Lưu: VT.\n".encode())
    copied.clear()
    assert main(["generate", "--source", str(source), "--stage", str(stage), "-q"]) == 0
    assert len(copied) == 1
    assert (stage / partition.STAGE_FILES / copied[0]).read_bytes() == changed.read_bytes()
    manifest = partition.read_manifest(stage)
    assert sorted(u for u in manifest if u in first) == first
    for uri in first:
        assert manifest[uri] == partition.digest((stage / partition.STAGE_FILES / uri).read_bytes())


def test_each_partition_process_reports_its_own_peak_memory_not_the_image_it_was_forked_from(tmp_path: Path) -> None:
    """Linux keeps, in a child's `ru_maxrss`, the high-water mark of the parent image it was forked from: a build's
    parent holding the manifest of 100,000 documents made every partition look 301 MB. A partition records its own
    peak (VmHWM) with its partial site, and the build reports that."""
    import subprocess
    import sys

    held = bytearray(160 * 1024 * 1024)
    held[:: 4096] = b"\1" * len(held[:: 4096])  # resident in this process when the children are forked
    probe = "from generator.partition import own_peak_mb; print(own_peak_mb())"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert 0 < int(done.stdout) < 100
    out = tmp_path / "part"
    out.mkdir()
    write = f"import json; from generator.partition import own_peak_mb; open({str(out / partition.RECORD)!r}, 'w').write(json.dumps({{'peak_mb': own_peak_mb()}}))"
    runs = partition.run_commands([("1/2", [sys.executable, "-c", write], out), ("2/2", [sys.executable, "-c", "pass"], tmp_path / "none")], 2)
    recorded = json.loads((out / partition.RECORD).read_text(encoding="utf-8"))["peak_mb"]
    assert [r.partition for r in runs] == ["1/2", "2/2"]
    assert runs[0].maxrss_mb == recorded < 100
    assert runs[1].maxrss_mb >= 160  # no record: what the system reports, the parent's image included
    del held
