"""`vanban`: build, serve, export and check, over the same functions as the MkDocs plugin."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .extract import extract_document
from .models import Document, Extracted, Problem, Section
from .pipeline import FileResult, LoadStats, analyse_file, assemble, load_corpus
from .plugin import SOURCE_ENV, VanbanPlugin
from .render.pages import all_problems
from .resolve import ResolvedCorpus, resolve
from .site import export_data

SEVERITY = {"info": "thông tin", "warning": "cảnh báo", "error": "lỗi"}


def _format(problem: Problem) -> str:
    where = f"{problem.source}:{problem.line}" if problem.line else problem.source
    return f"{where}: [{SEVERITY.get(problem.severity, problem.severity)}] {problem.message}"


def _failing(problems: list[Problem]) -> list[Problem]:
    """What --strict fails on: warnings and errors (lines dropped as noise are information only)."""
    return [p for p in problems if p.severity != "info"]


def _summary(documents: int, problems: list[Problem]) -> str:
    """The count the build and the check end with: the same problems the data-quality page lists (all of them are
    its notes; the warnings and errors among them are what --strict fails on)."""
    return f"{documents} văn bản, {len(_failing(problems))} vấn đề cần xem lại ({len(problems)} ghi chú ở trang Chất lượng dữ liệu)"


def _config_file(args: argparse.Namespace) -> str:
    return str(Path(args.config_file).resolve())


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    source = Path(args.source).resolve()
    overrides = {"site_dir": str(Path(args.site_dir).resolve())} if args.site_dir else {}
    old = os.environ.get(SOURCE_ENV)
    os.environ[SOURCE_ENV] = str(source)
    try:
        config = load_config(_config_file(args), **overrides)
        build(config)
    finally:
        if old is None:
            os.environ.pop(SOURCE_ENV, None)
        else:
            os.environ[SOURCE_ENV] = old
    plugin = config.plugins.get("vanban")
    if isinstance(plugin, VanbanPlugin) and plugin.site is not None:  # what the build has just published
        count, problems = plugin.site.document_count, list(plugin.site.problems)
    else:  # a configuration without the plugin: the pipeline on its own
        resolved = _resolved(source)
        count, problems = len(resolved.documents), all_problems(resolved.corpus)
    print(f"Đã dựng trang: {_summary(count, problems)}.")
    failing = _failing(problems)
    for p in failing:
        print(_format(p), file=sys.stderr)
    return 1 if args.strict and failing else 0


def _resolved(source: Path) -> ResolvedCorpus:
    loaded = load_corpus(source)
    return resolve(loaded.corpus, loaded.extracted)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    os.environ[SOURCE_ENV] = str(Path(args.source).resolve())
    serve(_config_file(args), open_in_browser=False, livereload=True, dev_addr=args.dev_addr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    written = export_data(Path(args.source).resolve(), Path(args.out))
    for path in written:
        print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    source = Path(args.source).resolve()
    files = [Path(f).resolve() for f in args.files] if args.files else None
    if files is None:
        loaded = load_corpus(source)
    else:
        results: list[FileResult] = []
        for f in files:
            root = source if f.is_relative_to(source) else f.parent
            results.append(analyse_file(f, root))  # within the file's time budget, as in a build
        loaded = assemble(results, LoadStats(len(results), len(results), 0, 1))
    # resolved as a build resolves them: the problems across documents (citations that disagree) count too
    resolved = resolve(loaded.corpus, loaded.extracted)
    total: list[Problem] = list(resolved.corpus.problems)
    docs = list(resolved.documents)
    for p in total:
        print(_format(p))
    for d in docs:
        date = d.date.strftime("%d/%m/%Y") if d.date else "không rõ ngày"
        print(f"{d.source}: {d.type_name or 'văn bản'} {d.reference or '(không số)'}, {date}, {d.issuer or 'không rõ cơ quan'}")
        print(f"  trích yếu: {d.title or '(không có)'}")
        sections = _count_sections(d.sections)
        print(f"  {sections} mục/khoản/điểm, {_extracted(loaded.extracted.get(d.id), d)}, {len(d.recipients)} nơi nhận")
        for p in d.problems:
            print("  " + _format(p))
            total.append(p)
    print(f"{_summary(len(docs), total)}.")
    return 1 if args.strict and _failing(total) else 0


def _extracted(found: Extracted | None, doc: Document) -> str:
    """How many citations, duties and deadlines the per-file stage found (an extractor that failed is among the
    document's problems, listed below)."""
    e = found if found is not None else extract_document(doc)[1]
    return f"{len(e.citations)} dẫn chiếu, {len(e.duties)} nhiệm vụ, {len(e.deadlines)} thời hạn"


def _count_sections(sections: tuple[Section, ...]) -> int:
    return sum(1 + _count_sections(s.children) for s in sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vanban", description="Cổng văn bản kế hoạch: dựng trang từ văn bản nguồn.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--source", default="source_docs", help="thư mục văn bản nguồn (mặc định: source_docs/)")
        p.add_argument("-f", "--config-file", default="mkdocs.yml", help="tệp cấu hình MkDocs")

    p = sub.add_parser("build", help="dựng toàn bộ trang")
    common(p)
    p.add_argument("--site-dir", default=None, help="thư mục kết quả (mặc định theo mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="trả mã lỗi khi có vấn đề trong văn bản")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="dựng và phục vụ trang, tự tải lại khi văn bản thay đổi")
    common(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="xuất dữ liệu mở (JSON, lịch) mà không dựng trang")
    common(p)
    p.add_argument("--out", required=True, help="thư mục ghi dữ liệu")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", help="kiểm tra văn bản trước khi đăng")
    common(p)
    p.add_argument("files", nargs="*", help="các tệp cần kiểm tra (mặc định: cả thư mục nguồn)")
    p.add_argument("--strict", action="store_true", help="trả mã lỗi khi có vấn đề")
    p.set_defaults(func=cmd_check)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
