"""Run the stages over a source folder: read -> normalize -> split -> parse -> extract -> resolve."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .models import Corpus, Document, Problem
from .normalize import normalize
from .parse import parse_document
from .read import read_source, supported
from .split import split_documents


def source_files(source_dir: Path) -> list[Path]:
    """Files of the source folder in a stable order (sorted by relative path)."""
    if not source_dir.is_dir():
        return []
    return sorted((p for p in source_dir.rglob("*") if supported(p)), key=lambda p: p.relative_to(source_dir).as_posix())


def parse_file(path: Path, source_dir: Path) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """All documents of one file, or the problems that kept it from giving any. Never raises."""
    source = read_source(path, source_dir)
    if not source.text.strip():
        problems = source.problems or (Problem("empty", "Tệp trống, không có nội dung.", None, source.path, "error"),)
        return (), problems
    try:
        text = normalize(source)
        return tuple(parse_document(d) for d in split_documents(text) if d.lines), ()
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the site down
        return (), (Problem("crash", f"Lỗi khi đọc tệp ({type(exc).__name__}: {exc}); tệp không được đăng.", None, source.path, "error"),)


def build_corpus(source_dir: Path) -> Corpus:
    """Read and parse every file of `source_dir`; two documents claiming one URL are both reported."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for path in source_files(source_dir):
        docs, probs = parse_file(path, source_dir)
        documents.extend(docs)
        problems.extend(probs)
    return Corpus(tuple(_unique_urls(documents)), tuple(problems))


def _unique_urls(documents: list[Document]) -> list[Document]:
    """Two documents claiming one URL is an error naming both files; the later one gets a numbered URL."""
    seen: dict[str, Document] = {}
    out: list[Document] = []
    for doc in documents:
        if doc.url not in seen:
            seen[doc.url] = doc
            out.append(doc)
            continue
        first = seen[doc.url]
        k = 2
        while f"{doc.url.rstrip('/')}-{k}/" in seen:
            k += 1
        url = f"{doc.url.rstrip('/')}-{k}/"
        message = (
            f"Hai văn bản cùng địa chỉ trang {doc.url}: {first.source} (văn bản {first.index + 1}) và "
            f"{doc.source} (văn bản {doc.index + 1}); văn bản sau được đăng ở {url}."
        )
        problem = Problem("duplicate-url", message, doc.first_line, doc.source, "error")
        doc = dataclasses.replace(doc, url=url, id=f"{doc.id}-{k}", problems=doc.problems + (problem,))
        seen[url] = doc
        out.append(doc)
    return out
