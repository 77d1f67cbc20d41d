"""CLI commands of the knowledge layer: ``babysteps kb build``, ``babysteps kb search``, ``babysteps problems``.

Bad input (unknown kind or problem, an invalid knowledge file, a missing model) prints a message on
stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kernel.config import get_settings
from knowledge import embeddings
from knowledge.chunks import KINDS
from knowledge.content import ContentError, UnknownIdError, knowledge
from knowledge.embeddings import EmbeddingModelMissing
from knowledge.index import IndexCorruptError, KnowledgeIndex, open_index, search_filter

USAGE_ERRORS = (UnknownIdError, ContentError, EmbeddingModelMissing, ValueError)


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


@contextmanager
def progress_bar(label: str, console: Console | None = None) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar (on stderr unless ``console`` is given); yields the ``progress(done, total)``
    callback for builds. Lines printed through the same console appear above the bar."""
    console = console or Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=not console.is_terminal) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _notice(message: str) -> None:
    print(message, file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        content = knowledge()
        index = KnowledgeIndex(settings.index_dir, embeddings.get_embedder(), content, url=settings.chroma_url)
        if index.exists():
            try:
                index.verify()
                if args.if_missing:
                    print(f"knowledge index already present at {index.location} ({index.count()} chunks)")
                    return 0
            except IndexCorruptError as exc:
                _notice(f"the knowledge index at {index.location} is unusable ({exc}); deleting and rebuilding it")
                args.force = True
        if args.force:
            index.reset()
        with progress_bar("embedding chunks") as progress:
            report = index.build(progress)
    except USAGE_ERRORS as exc:
        return _err(str(exc))
    print(
        f"knowledge index at {index.location}: {index.count()} chunks "
        f"({report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed} removed) in {report.seconds:.1f}s"
    )
    return 0


def run_convert(args: argparse.Namespace) -> int:
    """Convert the packaged embedding model to ONNX once (needs torch); a valid cache is left alone."""
    from knowledge import onnx_export

    try:
        source = embeddings.model_dir()
        cache = embeddings.installed_cache_dir() if args.installed else embeddings.model_cache_dir()
        if args.force:
            (cache / onnx_export.MANIFEST).unlink(missing_ok=True)
        graph = embeddings.prepare_model(source, cache, notify=_notice, seed=cache if args.force else None)
    except EmbeddingModelMissing as exc:
        return _err(str(exc))
    manifest = onnx_export.read_manifest(graph.parent) or {}
    print(f"embedding model ready: {graph} (sha256 {str(manifest.get('sha256', ''))[:16]}…)")
    return 0


def run_search(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        content = knowledge()
        search_filter(content, args.kind, args.problem, args.technology, args.phase)  # fail fast on bad filters
        if not args.query.strip():
            raise ValueError("empty search query")
        embedder = embeddings.get_embedder()
        if hasattr(embedder, "load_in_background"):
            embedder.load_in_background()  # the model loads while the index opens
        with progress_bar("building the knowledge index") as progress:
            index = open_index(settings, embedder, progress, content=content, notify=_notice)
        hits = index.search(args.query, k=args.k, kind=args.kind, problem=args.problem,
                            technology=args.technology, phase=args.phase)
    except USAGE_ERRORS as exc:
        return _err(str(exc))
    if args.json:
        print(json.dumps([h.model_dump() for h in hits], indent=2, ensure_ascii=False))
        return 0
    if not hits:
        print("no matches")
    for rank, hit in enumerate(hits, start=1):
        first = hit.text.splitlines()[0] if hit.text else ""
        print(f"{rank}. {hit.id}  [{hit.kind}, score {hit.score:.3f}]\n   {first[:200]}")
    return 0


def run_problems(args: argparse.Namespace) -> int:
    try:
        problems = knowledge().problems
    except ContentError as exc:
        return _err(str(exc))
    rows = [{"id": p.id, "title": p.title} for p in sorted(problems.values(), key=lambda p: p.id)]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max((len(r["id"]) for r in rows), default=0)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['title']}")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def register(sub: Any) -> None:
    """Add this layer's subcommands to the babysteps parser."""
    kb = sub.add_parser("kb", help="build and search the knowledge index")
    actions = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")

    build = actions.add_parser("build", help="embed the knowledge content into the local index")
    build.add_argument("--if-missing", action="store_true", help="do nothing if a usable index exists")
    build.add_argument("--force", action="store_true", help="delete the index and rebuild it from scratch")
    build.set_defaults(handler=run_build)

    convert = actions.add_parser("convert", help="convert the embedding model to ONNX once (needs torch)")
    convert.add_argument("--force", action="store_true", help="convert again even if a valid copy is cached")
    convert.add_argument("--installed", action="store_true",
                         help="convert into the environment, where every new data directory copies it from")
    convert.set_defaults(handler=run_convert)

    search = actions.add_parser("search", help="search the knowledge index")
    search.add_argument("query", help="what to look for, in plain words")
    search.add_argument("--k", type=_positive, default=5, help="number of results (default 5)")
    search.add_argument("--kind", help=f"only this kind: {', '.join(KINDS)}")
    search.add_argument("--problem", help="only chunks of this problem id (see: babysteps problems)")
    search.add_argument("--technology", help="only chunks of this technology id")
    search.add_argument("--phase", help="only chunks of this interview phase")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=run_search)

    problems = sub.add_parser("problems", help="list the interview problems")
    problems.add_argument("--json", action="store_true", help="print JSON")
    problems.set_defaults(handler=run_problems)
