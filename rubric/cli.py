"""``babysteps grade FILE``: grade a transcript offline or with the configured LLM and print the scorecard.

Exit codes: 0 graded; 2 unreadable or malformed transcript, or an impossible request (LLM grader in offline mode).
Everything printed or written goes through :func:`kernel.redact.clean_text` (no key, no terminal escapes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kernel.config import Settings, SettingsError, get_settings
from kernel.redact import clean_text
from kernel.transcript import COMPANIES, LEVELS, TranscriptError, load_transcript


def register(sub: Any) -> None:
    """Add this layer's subcommands to the babysteps parser."""
    p = sub.add_parser("grade", help="grade an interview transcript (text, Markdown or JSON) against the rubric")
    p.add_argument("file", metavar="FILE", help="transcript file ('Interviewer:' / 'Candidate:' turns, or JSON)")
    p.add_argument("--company", choices=COMPANIES, help="company mode (default: the file's header, else google)")
    p.add_argument("--level", choices=LEVELS, help="level (default: the file's header, else senior)")
    p.add_argument("--grader", choices=("offline", "llm"), default="offline", help="grader (default offline)")
    p.add_argument("--samples", type=int, default=3, metavar="K", help="LLM samples per dimension (default 3)")
    p.add_argument("--json", action="store_true", help="print the scorecard as JSON instead of Markdown")
    p.add_argument("--out", metavar="PATH", help="also write the report (Markdown, or JSON with --json) to PATH")
    p.set_defaults(handler=run_grade)


def _open_index(settings: Settings, embedder: Any) -> Any:
    """The knowledge index if one has been built; grading never waits for a build.

    Searches the scorecard made before on the same index are answered from the results stored beside it
    (``knowledge.stored_search``), so Chroma is loaded only when a search is new."""
    if not (settings.index_dir / "chroma.sqlite3").is_file():
        return None
    from knowledge.stored_search import StoredSearchIndex

    def failed(exc: Exception) -> None:  # the report falls back to the rubric's static guide references
        _err(f"note: knowledge index unavailable ({type(exc).__name__}); citing static guide sections")

    return StoredSearchIndex(settings, embedder, notify=_err, failed=failed)


def _err(message: str) -> None:
    print(clean_text(message), file=sys.stderr)


def run_grade(args: argparse.Namespace) -> int:
    from rubric.grader import GradingError, grade_transcript
    from rubric.rubric import rubric
    from rubric.scorecard import render_markdown

    if args.samples < 1:
        print("error: --samples must be at least 1", file=sys.stderr)
        return 2
    try:
        transcript = load_transcript(args.file)
    except TranscriptError as exc:
        _err(f"error: {exc}")
        return 2
    try:
        settings = get_settings()
    except SettingsError as exc:
        _err(f"error: {exc}")
        return 2
    chat_model = None
    if args.grader == "llm":
        from kernel.llm import build_chat_model

        mode, why = settings.llm_mode()
        chat_model = build_chat_model(settings)
        if chat_model is None:
            print(
                f"error: --grader llm needs an LLM endpoint but offline mode is configured ({why}). "
                "Set OPENAI_API_KEY or OPENAI_BASE_URL (or BABYSTEPS_LLM=openai), or use --grader offline.",
                file=sys.stderr,
            )
            return 2
    from knowledge.embeddings import get_embedder

    embedder = get_embedder()
    try:
        card = grade_transcript(
            transcript,
            company=args.company,
            level=args.level,
            grader=args.grader,
            samples=args.samples,
            settings=settings,
            chat_model=chat_model,
            embedder=embedder,
        )
    except GradingError as exc:
        _err(f"error: {exc}")
        return 2
    if chat_model is not None:
        _err(f"usage: {chat_model.usage.describe(getattr(chat_model, 'model', None))}")
    if args.json:
        report = card.to_json() + "\n"
    else:
        from knowledge.content import knowledge

        report = render_markdown(card, rubric(), index=_open_index(settings, embedder), kb=knowledge())
    report = clean_text(report)
    if args.out:
        try:
            Path(args.out).write_text(report, encoding="utf-8")
        except OSError as exc:
            _err(f"error: cannot write {args.out}: {exc.strerror or exc}")
            return 2
        print(f"{card.verdict} (overall {card.overall:.2f}, {card.company}/{card.level}, {card.grader}) -> {args.out}")
    else:
        sys.stdout.write(report)
    if card.grader.startswith("offline (llm"):
        _err("notice: the LLM grader was unavailable; this is the offline grade")
    return 0
