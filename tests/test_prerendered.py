"""Blocks of HTML the generator builds itself (render/markdown.html_block, render/mdext.py): Markdown hands them to
the page byte for byte without parsing them, their ids still count as the page's anchors, and their links are still
checked, in the single build and across partitions (a broken page or anchor fails `--strict`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import partition
from generator.cli import main
from generator.render.markdown import HTML_OPEN, html_block
from generator.render.mdext import prerendered

from .conftest import ROOT, SOURCE
from .test_partition import config_copy

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
TARGET = "van-ban/duc-pho/2022/cong-van-560-ubnd"  # a seed document's page; its "Ai làm gì" heading is #ai-lam-gi

BLOCKS = [
    '<div class="vb-timeline"><table><tbody><tr class="vb-deadline" data-due="2022-05-31"><td data-label="Hạn">31/05/2022</td>'
    '<td data-label="Việc phải làm">Báo cáo kết quả về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) trước ngày 31/5/2022</td></tr></tbody></table></div>',
    '<table><tbody><tr><td data-label="Nhiệm vụ">Tuyên truyền *sâu rộng* Nghị định số 04/2015/NĐ-CP; [không phải liên kết](x) '
    "và __chữ__ `mã`</td></tr></tbody></table>",
    '<details class="vb-more"><summary>Xem thêm 3 việc</summary><table><tbody><tr><td>Phối hợp</td></tr></tbody></table></details>',
    '<section class="vb-summary" aria-labelledby="tom-tat"><h2 id="tom-tat">Tóm tắt</h2><ul><li><a href="#ai-lam-gi">xem</a></li></ul></section>',
]


@pytest.mark.parametrize("block", BLOCKS)
def test_a_block_is_the_page_byte_for_byte_as_raw_html_would_be(block: str) -> None:
    before = f"# Kế hoạch 53/KH-UBND\n\nTheo *văn bản*:\n\n{block}\n\n## Thời hạn {{ #thoi-han }}\n\nHết.\n"
    after = before.replace(block, html_block(block))
    plain = markdown.Markdown(extensions=EXTENSIONS).convert(before)
    ours = markdown.Markdown(extensions=["generator.render.mdext", *EXTENSIONS]).convert(after)
    assert ours == plain
    assert block in ours  # not parsed: no <em>, no <a> made of "[...](x)", no <code>


@pytest.mark.parametrize("between", ["\n", "\n\n", "\n\n\n", "\n  \n"])
def test_blocks_one_after_another_are_one_placeholder_with_the_same_bytes(between: str) -> None:
    """Blocks separated by blank lines only are stashed as one (each placeholder is a paragraph every inline
    pattern runs on); the page is byte for byte what raw HTML blocks give, and a paragraph between blocks still
    separates them."""
    plain_text = "# Kế hoạch\n\n" + "\n\n".join(BLOCKS) + "\n\nHết *đây*.\n\n" + BLOCKS[0] + "\n"
    ours_text = "# Kế hoạch\n\n" + between.join(html_block(b) for b in BLOCKS) + "\n\nHết *đây*.\n\n" + html_block(BLOCKS[0]) + "\n"
    plain = markdown.Markdown(extensions=EXTENSIONS).convert(plain_text)
    md = markdown.Markdown(extensions=["generator.render.mdext", *EXTENSIONS])
    assert md.convert(ours_text) == plain
    assert md.htmlStash.html_counter == 2  # the four blocks, then the one after the paragraph


def test_inline_markdown_inside_a_block_stays_text() -> None:
    block = '<p class="x">*không nghiêng* [không liên kết](y.md)</p>'
    html = markdown.Markdown(extensions=["generator.render.mdext", *EXTENSIONS]).convert(html_block(block))
    assert html.strip() == block


def test_a_block_without_its_closing_line_is_left_to_markdown() -> None:
    text = f"{HTML_OPEN}\n<div>*a*</div>\n\nĐoạn *b*.\n"
    html = markdown.Markdown(extensions=["generator.render.mdext", *EXTENSIONS]).convert(text)
    assert "<em>b</em>" in html and "<div>*a*</div>" in html


@pytest.mark.parametrize(
    ("page", "ids", "hrefs"),
    [
        (f"# T\n\n{html_block(BLOCKS[3])}\n", {"tom-tat"}, ["#ai-lam-gi"]),
        (
            html_block('<table><tr id="han-1"><td><a href="../a/?q=1&amp;b=2#m">x</a></td></tr></table>')
            + '\n\n<div id="ngoai-khoi"><a href="../khong-doc/">y</a></div>\n',
            {"han-1"},
            ["../a/?q=1&b=2#m"],
        ),
        ('# T\n\n<div id="a"><a href="b/">c</a></div>\n', set(), []),
        (HTML_OPEN + '\n<div id="mo"></div>\n', set(), []),  # never closed: not a block, MkDocs reads it
    ],
)
def test_ids_and_links_of_the_blocks_are_read(page: str, ids: set[str], hrefs: list[str]) -> None:
    assert prerendered(page) == (ids, hrefs)


def _docs(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def _single(tmp_path: Path, pages: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VANBAN_SOURCE", str(SOURCE))
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "cache"))
    config = config_copy(tmp_path, docs=_docs(tmp_path, pages))
    site = tmp_path / "site"
    build(load_config(str(config), site_dir=str(site), strict=True))
    return site


def _block_page(href: str) -> str:
    block = html_block(f'<p id="neo-trong-khoi"><a href="{href}">Công văn 560/UBND</a></p>')
    return f"# Khối\n\n{block}\n"


@pytest.mark.parametrize(
    ("pages", "ok"),
    [
        ({"khoi.md": _block_page(f"../{TARGET}/#ai-lam-gi")}, True),  # a good link from a block to a heading elsewhere
        ({"khoi.md": _block_page(f"../{TARGET}/#khong-co-muc-nay")}, False),  # a missing anchor
        ({"khoi.md": _block_page("../van-ban/khong-co/")}, False),  # a missing page
        ({"khoi.md": _block_page("#neo-trong-khoi")}, True),  # an anchor of the same page, inside the block
        ({"khoi.md": _block_page("#khong-co")}, False),
        # a Markdown link to an anchor that only a block of another page defines
        ({"khoi.md": _block_page("#neo-trong-khoi"), "den.md": "# Đến\n\n[Neo](khoi.md#neo-trong-khoi)\n"}, True),
        ({"khoi.md": _block_page("#neo-trong-khoi"), "den.md": "# Đến\n\n[Neo](khoi.md#neo-khac)\n"}, False),
    ],
)
def test_links_in_blocks_and_anchors_of_blocks_are_checked_in_the_single_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pages: dict[str, str], ok: bool
) -> None:
    if ok:
        site = _single(tmp_path, pages, monkeypatch)
        assert 'id="neo-trong-khoi"' in (site / "khoi" / "index.html").read_text(encoding="utf-8")
    else:
        with pytest.raises(Abort):
            _single(tmp_path, pages, monkeypatch)


@pytest.mark.parametrize(
    ("href", "code"),
    [
        (f"../{TARGET}/#ai-lam-gi", 0),
        (f"../{TARGET}/#khong-co-muc-nay", 1),  # a missing anchor on a page of another partition: the merge finds it
        ("../van-ban/khong-co/#ai-lam-gi", 1),  # a missing page: its partition fails
    ],
)
def test_a_link_in_a_block_to_another_partition_is_checked(tmp_path: Path, href: str, code: int) -> None:
    count = 3
    stage = tmp_path / "stage"
    assert main(["generate", "--source", str(SOURCE), "--stage", str(stage), "-q"]) == 0
    target = partition.assignment(stage, count)(TARGET + ".md")
    name = next(n for n in (f"bang-{i}.md" for i in range(20)) if partition.partition_of(n, count) != target)  # another partition's
    config = config_copy(tmp_path, docs=_docs(tmp_path, {name: _block_page(href)}))
    args = ["build", "-f", str(config), "--source", str(SOURCE), "--stage", str(stage), "--site-dir", str(tmp_path / "site")]
    assert main([*args, "--partitions", str(count), "-q"]) == code


def test_the_table_of_contents_lists_the_pre_rendered_headings_in_order_and_nested(seed_site: Path) -> None:
    """A document page's headings are pre-rendered (markdown.heading_html) where MkDocs' toc extension cannot see
    them: the plugin puts them in the page's table of contents, in the order of the page, each under the heading
    before it of a lower level, as the extension would have."""
    import html as html_lib
    import re

    raw = (seed_site / TARGET / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index('<article class="md-content__inner'):]
    headings = re.findall(r'<h([2-6])[^>]* id="([^"]+)">(.*?)<a class="headerlink"', article)
    assert [h[1] for h in headings][:1] and "ai-lam-gi" in [h[1] for h in headings]
    toc = raw[raw.index('md-nav--secondary'):]
    toc = toc[: toc.index("</nav>\n</div>") if "</nav>\n</div>" in toc else len(toc)]
    links = re.findall(r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', toc, re.S)
    assert [a for a, _ in links] == [h[1] for h in headings]
    assert [html_lib.unescape(t) for _, t in links] == [html_lib.unescape(re.sub(r"<[^>]+>", "", h[2])) for h in headings]
    # nesting: a level-3 heading's entry sits in a list inside the entry of the level-2 heading before it
    first_sub = next(h for h in headings if h[0] == "3")  # "Văn bản được dẫn chiếu" under "Liên kết văn bản"
    parent = [h for h in headings[: headings.index(first_sub)] if h[0] == "2"][-1]
    part = toc[toc.index(f'href="#{parent[1]}"') : toc.index(f'href="#{first_sub[1]}"')]
    assert '<ul class="md-nav__list"' in part and "</li>" not in part
