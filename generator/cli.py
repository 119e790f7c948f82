"""`vanban`: build, serve, export and check, over the same functions as the MkDocs plugin.

Run in a checkout, `build` and `serve` use its `mkdocs.yml`; anywhere else, the package's own configuration and
pages (`generator/mkdocs.yml`, `generator/pages/`), so that installing the package and pointing it at a folder of
documents is enough. A mistake in how it is called (a folder that does not exist, a configuration that cannot be
read) ends in one line in Vietnamese and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import partition
from .guard import no_cyclic_gc
from .models import Document, Extracted, Problem, Section
from .plugin import CACHE_ENV, SOURCE_ENV, VanbanPlugin
from .progress import Progress, report, reporter

# The generator's stages (.extract, .pipeline, .resolve, .site) are imported by the commands that run them: a
# partition's MkDocs process (`build --partition`) starts without them (about a second of its start).
if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .pipeline import FileResult
    from .site import SiteBuild

SEVERITY = {"info": "thông tin", "warning": "cảnh báo", "error": "lỗi"}
PACKAGE_CONFIG = Path(__file__).resolve().parent / "mkdocs.yml"  # the site's configuration, shipped in the package
CHECKOUT_CONFIG = "mkdocs.yml"  # a checkout's, in the current folder, when there is one


class UserError(Exception):
    """A mistake in how `vanban` was called: its message is the one line the user reads."""


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


def config_file(given: str | None) -> tuple[Path, bool]:
    """The MkDocs configuration to build with, and whether it is the package's: `-f FILE`, else the current
    folder's mkdocs.yml (a checkout), else the package's."""
    if given:
        path = Path(given).resolve()
        if not path.is_file():
            raise UserError(f"Không tìm thấy tệp cấu hình {given}.")
        return path, False
    here = Path(CHECKOUT_CONFIG).resolve()
    if here.is_file():
        return here, False
    return PACKAGE_CONFIG, True


def _source(args: argparse.Namespace) -> Path:
    source = Path(args.source).resolve()
    if not source.is_dir():
        raise UserError(f"Không tìm thấy thư mục văn bản nguồn «{args.source}» (chọn thư mục bằng --source THƯ_MỤC).")
    return source


def user_cache_dir() -> Path:
    """Where the parse cache goes when the package's configuration is used (not inside the installed package)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vanban"


@contextmanager
def _environment(source: Path, packaged: bool) -> Iterator[None]:
    """The source folder for the plugin ($VANBAN_SOURCE) and, with the package's configuration, a cache folder of
    the user's unless $VANBAN_CACHE_DIR says otherwise; both as they were afterwards."""
    values = {SOURCE_ENV: str(source)}
    if packaged and CACHE_ENV not in os.environ:
        values[CACHE_ENV] = str(user_cache_dir())
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _load_config(path: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from yaml import YAMLError

    try:
        return load_config(str(path), **overrides)
    except (MkDocsException, YAMLError, OSError) as exc:
        raise UserError(f"Không đọc được tệp cấu hình {path}: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


GENERATED = "generated.json"  # in the stage: documents, problems and parse figures of the last `vanban generate`
LAST_BUILD = "last-build.json"  # in the stage: the figures of the last `vanban build` (files parsed, pages rebuilt...)


def default_stage(path: Path, packaged: bool) -> Path:
    """Where `vanban build` stages the generated files: beside the parse cache, outside the site."""
    return user_cache_dir().parent / "vanban-pages" if packaged else path.parent / ".cache" / "vanban-pages"


def _stage(args: argparse.Namespace, path: Path, packaged: bool) -> Path:
    return Path(args.stage).resolve() if args.stage else default_stage(path, packaged)


def cmd_build(args: argparse.Namespace) -> int:
    """The site in partitions (`partition.py`): the generator once, its files staged; MkDocs on each partition in
    its own process, strict (a broken link fails); the partial sites merged. With --partition, only those
    partitions, into their own folder, as a CI job does."""
    path, packaged = config_file(args.config_file)
    stage = _stage(args, path, packaged)
    if args.partition:
        return _build_partitions(path, stage, args.partition, args.site_dir, args.only)
    from .pipeline import default_jobs  # not in a partition's process: the generator's stages are not imported there
    from .site import build_site  # noqa: F401 - imported once, before the fork: the generator's child starts with it
    # and this process reads what it generated with it (read_generated): not imported twice, one after the other
    source = _source(args)
    site_dir = Path(args.site_dir) if args.site_dir else (Path("site") if packaged else None)  # never inside the package
    overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    t = time.perf_counter()
    with _environment(source, packaged):
        config = _load_config(path, **overrides)
        # the generator in a process of its own, so that its memory (the whole corpus) is returned before MkDocs runs;
        # it shows its own progress (files read, documents rendered) on the same stderr
        if _generate_apart(config, path, source, stage, args.quiet) != 0:
            print("Không sinh được các trang.", file=sys.stderr)
            return 1
    generated = time.perf_counter() - t
    site = read_generated(stage)
    count = args.partitions or partition.stage_count(stage)
    t = time.perf_counter()
    failure: partition.MergeError | None = None
    with reporter(args.quiet) as progress:
        try:
            built = partition.build(
                path, stage, Path(config.site_dir), count, args.jobs or default_jobs(), fingerprint(config), progress=progress
            )
        except partition.MergeError as exc:
            failure = exc
    if failure is not None:
        print(f"Không dựng được trang: {failure}", file=sys.stderr)
        return 1
    load = site.load
    figures = {
        "documents": site.document_count,
        "files_parsed": load.parsed if load else None,
        "files_cached": load.cached if load else None,
        **dataclasses.asdict(built),
    }
    figures["seconds"] = {"generate": round(generated, 2), **built.seconds, "total": round(generated + time.perf_counter() - t, 2)}
    (stage / LAST_BUILD).write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    problems = list(site.problems)  # what the build has just published
    print(f"Đã dựng trang: {_summary(site.document_count, problems)}.")
    print(
        f"Dựng {'lại phần thay đổi' if built.mode == 'incremental' else 'toàn bộ'}: {figures['files_parsed']} tệp nguồn được đọc lại, "
        f"{built.pages_rebuilt}/{built.pages} trang, {built.partitions_rebuilt}/{built.partitions} phần, {figures['seconds']['total']} giây."
    )
    failing = _failing(problems)
    for p in failing:
        print(_format(p), file=sys.stderr)
    return 1 if args.strict and failing else 0


def fingerprint(config: MkDocsConfig) -> str:
    """What every page depends on besides its own Markdown: the configuration (and the one it inherits), the
    hand-written pages and theme overrides, the generator's code, MkDocs' and Material's versions. When it changes,
    the next build builds every partition."""
    from importlib.metadata import version

    from .pipeline import code_version

    h = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material"):
        h.update(f"{name}={version(name)}\n".encode())
    h.update(code_version().encode())
    config_path = Path(config.config_file_path or ".")
    files = [config_path]
    inherited = re.search(r"^INHERIT:\s*(\S+)", config_path.read_text(encoding="utf-8"), re.M) if config_path.is_file() else None
    if inherited:
        files.append(config_path.parent / inherited.group(1))
    docs = Path(config.docs_dir)
    files += sorted(p for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
    for f in files:
        h.update(str(f).encode() + b"\0")
        h.update(f.read_bytes() if f.is_file() else b"")
    return h.hexdigest()


def generate(
    config: MkDocsConfig, stage: Path, progress: Progress | None = None
) -> tuple[SiteBuild, dict[str, str], dict[str, str]]:
    """Run the generator with the plugin's options and stage its files, with what the build reports about them
    (GENERATED): (site, old manifest, new manifest)."""
    plugin = config.plugins.get("vanban")
    if not isinstance(plugin, VanbanPlugin):
        raise UserError("Tệp cấu hình không dùng plugin `vanban`.")
    writer = partition.StageWriter(stage)  # each file written as it is made: the pages are never all in memory
    with no_cyclic_gc():  # the corpus is alive until `site` goes: a collection here walks all of it (site.build_site)
        site = plugin.generate(config, progress, sink=writer)
        keys = site.original_keys or {}
        for uri, original in sorted((site.originals or {}).items()):  # "Tải văn bản gốc", one at a time
            if not writer.keep_source(uri, keys.get(uri)):
                writer.write_source(uri, original.read_bytes(), keys.get(uri))
        before, after = writer.close()
    (stage / partition.PLAN).unlink(missing_ok=True)  # made for other files: `vanban plan` again
    about = {
        "documents": site.document_count,
        "problems": [dataclasses.asdict(p) for p in site.problems],
        "load": dataclasses.asdict(site.load) if site.load else None,
    }
    (stage / GENERATED).write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    return site, before, after


def read_generated(stage: Path) -> SiteBuild:
    """What `generate` said about the staged files (their content stays on disk)."""
    from .pipeline import LoadStats
    from .site import SiteBuild

    about = json.loads((stage / GENERATED).read_text(encoding="utf-8"))
    load = LoadStats(**about["load"]) if about.get("load") else None
    return SiteBuild({}, tuple(Problem(**p) for p in about["problems"]), about["documents"], load)


def _build_partitions(path: Path, stage: Path, spec: str, site_dir: str | None, only: str | None = None) -> int:
    """MkDocs, strict, on the pages of partition(s) `spec` of the staged files, into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    if not partition.has_stage(stage):
        raise UserError(f"Chưa có trang đã sinh trong {stage}: chạy `vanban generate` trước.")
    try:
        ks, count = partition.parse_partition(spec)
    except ValueError as exc:
        raise UserError(f"--partition: {exc}") from exc
    listing = None
    if only is None and (files := partition.planned_files(partition.read_plan(stage, count), ks)) is not None:
        # a CI job of an incremental plan (`vanban plan --site-dir`): the changed files of these partitions only
        fd, name = tempfile.mkstemp(prefix="vanban-only-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(f + "\n" for f in files))
        listing = Path(name)
        only = name
    overrides: dict[str, Any] = {"strict": True}
    if site_dir:
        overrides["site_dir"] = str(Path(site_dir).resolve())
    saved = {k: os.environ.get(k) for k in (partition.STAGE_ENV, partition.PARTITION_ENV, partition.ONLY_ENV)}
    os.environ[partition.STAGE_ENV] = str(stage)
    os.environ[partition.PARTITION_ENV] = spec
    if only:
        os.environ[partition.ONLY_ENV] = str(Path(only).resolve())
    else:
        os.environ.pop(partition.ONLY_ENV, None)
    try:
        build(_load_config(path, **overrides))
    except MkDocsException as exc:
        print(f"Không dựng được phần {spec}: {_one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        if listing is not None:
            listing.unlink(missing_ok=True)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return 0


def _generate_apart(config: MkDocsConfig, path: Path, source: Path, stage: Path, quiet: bool) -> int:
    """`vanban generate` in a process of its own; its exit code. Forked where the system can, so that it starts
    with what this process has imported and the configuration it has read (a publish of one document is a few
    seconds: a second of start-up counts); otherwise a new interpreter."""
    if not hasattr(os, "fork"):
        cmd = [sys.executable, "-m", "generator.cli", "generate", "-f", str(path), "--source", str(source), "--stage", str(stage)]
        return subprocess.run(cmd + (["--quiet"] if quiet else [])).returncode
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns to the caller
        # no cycle collection at all: the child ends with os._exit, and the first collection after the pages (when
        # generate's pause ends) walked and freed the resolved corpus's cycles, ~2-4 s of a publish at 10,000
        gc.disable()
        code = 1
        try:
            with reporter(quiet) as progress:
                site, before, after = generate(config, stage, progress)
            _print_side(site.side_seconds, quiet)
            _print_generated(site.document_count, stage, before, after)
            code = 0
        except UserError as exc:
            print(f"vanban: {exc}", file=sys.stderr)
            code = 2
        except BaseException:  # noqa: BLE001 - shown, then the exit code says it failed
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _print_side(seconds: dict[str, float] | None, quiet: bool) -> None:
    """How long each part made beside the pages took (site.build_site): on stderr, not in the stage's files (the same
    input stages the same bytes)."""
    if seconds and not quiet:
        parts = ", ".join(f"{name} {s:.1f}" for name, s in seconds.items())
        print(f"vanban: phần sinh song song với các trang (giây): {parts}", file=sys.stderr)


def _print_generated(documents: int, stage: Path, before: dict[str, str], after: dict[str, str]) -> None:
    changed = sum(1 for uri, h in after.items() if before.get(uri) != h) + len(set(before) - set(after))
    print(f"Đã sinh {len(after)} tệp ({partition.stage_pages(after)} trang) của {documents} văn bản vào {stage}; {changed} tệp thay đổi.")


def cmd_generate(args: argparse.Namespace) -> int:
    source = _source(args)
    path, packaged = config_file(args.config_file)
    stage = _stage(args, path, packaged)
    with reporter(args.quiet) as progress, _environment(source, packaged):
        site, before, after = generate(_load_config(path), stage, progress)
    _print_side(site.side_seconds, args.quiet)
    _print_generated(site.document_count, stage, before, after)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """The CI matrix of the staged site, as JSON: {"partition": ["1,21/40", ...]}. With --site-dir, the plan of the
    build of that folder (partition.plan, kept in the stage for the partition jobs and the merge): when the stage's
    state says the same configuration built it, only the partitions whose files changed."""
    path, packaged = config_file(args.config_file)
    stage = _stage(args, path, packaged)
    manifest = partition.read_manifest(stage)
    if not manifest:
        raise UserError(f"Chưa có trang đã sinh trong {stage}: chạy `vanban generate` trước.")
    count = args.partitions or partition.stage_count(stage)
    if args.site_dir is None:
        (stage / partition.PLAN).unlink(missing_ok=True)
        print(json.dumps({"partition": partition.matrix(count, args.max_jobs)}))
        return 0
    planned = partition.plan(stage, Path(args.site_dir), count, fingerprint(_load_config(path)))
    print(json.dumps({"partition": partition.planned_matrix(planned, args.max_jobs)}))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    parts = sorted({p for pattern in args.parts for p in (glob.glob(pattern) if any(c in pattern for c in "*?[") else [pattern])})
    planned = partition.read_plan(Path(args.stage)) if args.stage else None
    if planned is not None and Path(planned["site_dir"]) != Path(args.site_dir).resolve():
        raise UserError(f"Kế hoạch trong {args.stage} dành cho thư mục {planned['site_dir']}, không phải {args.site_dir}.")
    try:
        if planned is not None:  # the plan of `vanban plan --site-dir`: an incremental merge over the previous site
            stats, record = partition.finish(Path(args.stage), [Path(p) for p in parts], planned)
        else:
            stats, record = partition.merge([Path(p) for p in parts], Path(args.site_dir))
    except partition.MergeError as exc:
        print(f"Không ghép được trang: {exc}", file=sys.stderr)
        return 1
    print(f"Đã ghép {stats.partitions} phần: {stats.pages} trang, {stats.files} tệp, {stats.links_checked} liên kết giữa các phần.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    source = _source(args)
    path, packaged = config_file(args.config_file)
    _load_config(path)  # a configuration that cannot be read is said in one line before serving
    with _environment(source, packaged):
        try:
            serve(str(path), open_in_browser=False, livereload=True, dev_addr=args.dev_addr)
        except MkDocsException as exc:
            raise UserError(f"Không phục vụ được trang: {_one_line(exc)}") from exc
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .site import export_data

    source = _source(args)
    with reporter(args.quiet) as progress:
        written = export_data(source, Path(args.out), progress=progress)
    for path in written:
        print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import LoadStats, analyse_file, assemble, load_corpus
    from .resolve import resolve

    files = [Path(f).resolve() for f in args.files] if args.files else None
    for given, f in zip(args.files or (), files or (), strict=True):
        if not f.is_file():
            raise UserError(f"Không tìm thấy tệp «{given}».")
    source = _source(args) if files is None else Path(args.source).resolve()
    with reporter(args.quiet) as progress:
        if files is None:
            loaded = load_corpus(source, progress=progress)
        else:
            results: list[FileResult] = []
            for f in files:
                root = source if f.is_relative_to(source) else f.parent
                results.append(analyse_file(f, root))  # within the file's time budget, as in a build
                report(progress, "read", len(results), len(files))
            loaded = assemble(results, LoadStats(len(results), len(results), 0, 1))
        # resolved as a build resolves them: the problems across documents (citations that disagree) count too
        report(progress, "resolve", 0, 1)
        resolved = resolve(loaded.corpus, loaded.extracted)
        report(progress, "resolve", 1, 1)
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
    from .extract import extract_document

    e = found if found is not None else extract_document(doc)[1]
    return f"{len(e.citations)} dẫn chiếu, {len(e.duties)} nhiệm vụ, {len(e.deadlines)} thời hạn"


def _count_sections(sections: tuple[Section, ...]) -> int:
    return sum(1 + _count_sections(s.children) for s in sections)


# argparse's messages for a wrong call, in Vietnamese (the names it quotes are kept)
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", "thiếu tham số {0}"),
    (r"unrecognized arguments: (.*)", "tham số không dùng được: {0}"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", "không có lệnh {1} (các lệnh: {2})"),
    (r"argument (.+?): expected one argument", "tham số {0} cần một giá trị"),
    (r"argument (.+?): invalid (\w+) value: (.*)", "giá trị {2} không hợp lệ cho tham số {0}"),
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one Vietnamese line (exit code 2), not a usage block in English."""

    def error(self, message: str) -> NoReturn:
        for pattern, text in _ARGPARSE_MESSAGES:
            m = re.fullmatch(pattern, message)
            if m:
                message = text.format(*m.groups())
                break
        self.exit(2, f"vanban: {message} (xem: {self.prog} --help).\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="vanban", description="Cổng văn bản kế hoạch: dựng trang từ văn bản nguồn.")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--source", default="source_docs", help="thư mục văn bản nguồn (mặc định: source_docs/)")
        p.add_argument(
            "-q", "--quiet", action="store_true",
            help="không hiện tiến độ (mặc định: thanh tiến độ trên màn hình, một dòng cho mỗi bước khi ghi ra tệp hay CI)",
        )
        p.add_argument(
            "-f", "--config-file", default=None,
            help="tệp cấu hình MkDocs (mặc định: mkdocs.yml của thư mục hiện tại, nếu không có thì cấu hình kèm theo gói)",
        )

    p = sub.add_parser("build", help="dựng toàn bộ trang")
    common(p)
    p.add_argument("--site-dir", default=None, help="thư mục kết quả (mặc định theo mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="trả mã lỗi khi có vấn đề trong văn bản")
    p.add_argument("--stage", default=None, help="thư mục các trang đã sinh (mặc định: .cache/vanban-pages/)")
    p.add_argument("--partition", default=None, help="chỉ dựng phần K/N (hoặc K,L/N) từ các trang đã sinh, như một việc của CI")
    p.add_argument("--partitions", type=int, default=None, help="số phần (mặc định theo số trang)")
    p.add_argument("--jobs", type=int, default=None, help="số tiến trình dựng cùng lúc (mặc định: số CPU)")
    p.add_argument("--only", default=None, help=argparse.SUPPRESS)  # with --partition: a file listing the pages to build (incremental)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("generate", help="chỉ chạy bộ sinh trang, ghi các trang vào thư mục tạm để dựng theo phần")
    common(p)
    p.add_argument("--stage", default=None, help="thư mục các trang đã sinh (mặc định: .cache/vanban-pages/)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("plan", help="in ma trận CI (JSON): các phần cần dựng, theo số trang")
    common(p)
    p.add_argument("--stage", default=None, help="thư mục các trang đã sinh (mặc định: .cache/vanban-pages/)")
    p.add_argument("--partitions", type=int, default=None, help="số phần (mặc định theo số trang)")
    p.add_argument("--max-jobs", type=int, default=partition.MATRIX_JOBS, help="số việc CI tối đa")
    p.add_argument("--site-dir", default=None, help="thư mục trang đã đăng lần trước: chỉ dựng lại các phần có trang thay đổi")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("merge", help="ghép các phần đã dựng thành một trang, kiểm tra liên kết giữa các phần, lập chỉ mục tìm kiếm")
    common(p)
    p.add_argument("parts", nargs="+", help="thư mục của các phần (có thể dùng mẫu, ví dụ parts/*)")
    p.add_argument("--site-dir", required=True, help="thư mục kết quả")
    p.add_argument("--stage", default=None, help="thư mục các trang đã sinh, với kế hoạch của `vanban plan --site-dir` (ghép phần thay đổi vào trang cũ)")
    p.set_defaults(func=cmd_merge)

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
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
    except OSError as exc:  # a folder that cannot be written, a file that cannot be read
        where = f" {exc.filename}" if exc.filename else ""
        print(f"vanban: không đọc hoặc ghi được{where}: {exc.strerror or _one_line(exc)}.", file=sys.stderr)
    except KeyboardInterrupt:
        print("vanban: đã dừng.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
