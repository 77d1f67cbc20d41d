"""``babysteps interview``: a mock interview in the terminal, or a scripted replay (``--replay FILE``).

Terminal input goes through GNU readline when standard input is a terminal: the terminal's own line
buffer cuts a line at 4,095 characters without a word, readline does not, so a long paste arrives whole
and one over 20,000 characters gets the limit message. Everything printed is redacted and stripped of
terminal escape sequences. The interview's lock is held while it is open here; a second terminal or tab
shows it read-only.

The design diagram is drawn with ``/draw`` in the :mod:`kernel.diagram` syntax (``/draw api -> db: writes``,
``/draw cache: Redis [cache]``, ``/draw -cache``; several statements separated by ``;``) and shown with
``/diagram``; it is kept in the checkpoint and graded with the transcript.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from kernel.config import Settings, SettingsError, get_settings
from kernel.redact import clean_text, strip_controls
from kernel.transcript import COMPANIES, FORMATS, LEVELS, Transcript, TranscriptError, load_transcript
from knowledge.content import UnknownIdError

DEFAULT_PROBLEM = "url-shortener"


def register(sub: Any) -> None:
    """Add this layer's subcommands to the babysteps parser."""
    p = sub.add_parser("interview", help="practise a system-design interview in the terminal (or replay a script)")
    p.add_argument("--problem", help=f"problem id (default {DEFAULT_PROBLEM}; see 'babysteps problems')")
    p.add_argument("--company", choices=COMPANIES, help="interview style (default google)")
    p.add_argument("--level", choices=LEVELS, help="level you are interviewing for (default senior)")
    p.add_argument("--format", type=int, choices=FORMATS, default=45, help="minutes (default 45)")
    p.add_argument("--llm", choices=("offline", "openai"), help="interviewer voice (default: from the configuration)")
    p.add_argument("--coach", action="store_true", help="show a hint after each interviewer turn")
    p.add_argument("--resume", metavar="THREAD", help="continue an interrupted interview")
    p.add_argument("--replay", metavar="FILE", help="feed the candidate turns of FILE and print the transcript")
    p.add_argument("--json", action="store_true", help="with --replay: print the transcript as JSON")
    p.add_argument("--out", metavar="DIR", help="at the end, write the transcript, the scorecard and the diagram "
                                                "(SVG, PNG) to DIR")
    p.set_defaults(handler=run_interview)


def run_interview(args: argparse.Namespace) -> int:
    from agent.store import StateError

    try:
        settings = get_settings()
        if args.replay:
            return _run_replay(args, settings)
        return _run_interactive(args, settings)
    except (UnknownIdError, SettingsError, StateError) as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2


def _line_editing() -> None:
    """Load GNU readline for ``input()`` on a terminal (no 4,095-character cut, line editing)."""
    if not sys.stdin.isatty():
        return
    with contextlib.suppress(ImportError):  # e.g. Windows, whose console has no such cut
        import readline  # noqa: F401 - importing it is what switches input() to readline


def _chat_model(args: argparse.Namespace, settings: Settings) -> Any:
    mode = args.llm or settings.llm_mode()[0]
    if mode != "openai":
        return None
    from kernel.llm import build_chat_model

    return build_chat_model(settings.model_copy(update={"llm": "openai"}))


def _embedder() -> Any:
    """The local sentence embedder, so rephrased questions are understood; keyword rules only without it."""
    try:
        from knowledge.embeddings import get_embedder

        embedder = get_embedder()
        embedder.embed(["warm up"])
        return embedder
    except Exception as exc:  # a missing model degrades the analysis, it does not stop the interview
        print(f"note: the embedding model is unavailable ({exc}); using keyword rules only", file=sys.stderr)
        return None


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "problem": transcript.problem,
        "company": transcript.company,
        "level": transcript.level,
        "turns": [
            {"role": t.role, "content": t.content, "phase": t.phase, "minute": t.minute} for t in transcript.turns
        ],
    }


def _run_replay(args: argparse.Namespace, settings: Settings) -> int:
    from agent.replay import replay
    from agent.session import MessageError
    from knowledge.content import knowledge

    try:
        script = load_transcript(args.replay)
    except TranscriptError as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2
    candidate = [t.content for _, t in script.candidate_turns()]
    if not candidate:
        print(f"error: {args.replay} has no candidate turns to replay (lines starting with 'Candidate:')",
              file=sys.stderr)
        return 2
    problem = knowledge().problem(args.problem or script.problem or DEFAULT_PROBLEM).id
    try:
        transcript = replay(
            candidate, settings=settings, problem_id=problem, company=args.company or script.company or "google",
            level=args.level or script.level or "senior", format_minutes=args.format,
            chat_model=_chat_model(args, settings), embedder=_embedder(), reading=True,
        )
    except MessageError as exc:
        print(clean_text(f"error: {exc}"), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(transcript_json(transcript), indent=2, ensure_ascii=False))
    else:
        for turn in transcript.turns:
            print(clean_text(f"[{turn.phase} {turn.minute or 0:.1f}m] {turn.role.capitalize()}: {turn.content}\n"))
    return 0


def _run_interactive(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    from agent.session import InterviewSession, MessageError
    from agent.store import OPEN_ELSEWHERE

    console = Console()
    _line_editing()
    if args.resume:
        try:
            session = InterviewSession.resume(settings, args.resume, embedder=_embedder(), llm=args.llm, hold=True)
        except (KeyError, ValueError) as exc:
            console.print(f"[red]error:[/red] {clean_text(str(exc.args[0]) if exc.args else str(exc))}",
                          markup=True, highlight=False)
            return 2
        for turn in session.transcript().turns:
            _print_turn(console, turn.role, turn.content)
        if session.read_only:
            console.print(f"[yellow]notice:[/yellow] {clean_text(OPEN_ELSEWHERE)}", highlight=False)
            session.close()
            return 1
    else:
        session = InterviewSession.start(
            settings, problem_id=args.problem or DEFAULT_PROBLEM, company=args.company or "google",
            level=args.level or "senior", format_minutes=args.format, llm=args.llm, coach=args.coach,
            embedder=_embedder(),
        )
        session.hold()
        _print_turn(console, "interviewer", session.transcript().turns[-1].content)
    view = session.view()
    console.print(Panel(f"{view.problem_title} · {view.company} · {view.level} · {view.format_minutes} min · "
                        f"{view.llm_status}\nType your answer. /end finishes and grades, /quit stops "
                        f"(resume with --resume {session.thread_id}).\n/draw api -> db: writes adds to your "
                        "diagram (/draw cache: Redis [cache], /draw -cache), /diagram shows it.", title="Babysteps"))
    shown_notices = len(view.notices)
    try:
        while True:
            view = session.view()
            for notice in view.notices[shown_notices:]:
                console.print("[yellow]notice:[/yellow]", Text(clean_text(notice)))
            shown_notices = len(view.notices)
            if view.coach_hint:
                console.print(Text(f"coach: {clean_text(view.coach_hint)}", style="dim"))
            try:
                text = console.input(f"[bold cyan]{view.phase.replace('_', ' ')} · "
                                     f"{view.minute:.0f}/{view.format_minutes} min[/bold cyan] > ")
            except EOFError:  # Ctrl-D (or the end of piped input): ending grades, so it is asked first
                text = "/end" if _confirm_end(console) else "/quit"
            command = text.strip().lower()
            if command == "/quit":
                console.print(f"Stopped. Resume with: babysteps interview --resume {session.thread_id}")
                return 0
            if command == "/end":
                return _finish(console, session, out=args.out)
            if command.split(" ", 1)[0] in ("/draw", "/diagram"):
                _diagram_command(console, session, text.strip())
                continue
            if not text.strip():
                continue
            try:
                console.print("[bold green]Interviewer:[/bold green] ", end="")
                session.send(text, on_token=lambda piece: console.print(strip_controls(piece), end="", markup=False,
                                                                        highlight=False))
                console.print()
                if session.view().said_goodbye:  # the interviewer closed the round: grade it as /end would
                    return _finish(console, session, show_close=False, out=args.out)
            except MessageError as exc:
                console.print(Text(f"\n{clean_text(str(exc))} (nothing was sent)", style="red"))
    finally:
        session.close()


def _diagram_command(console: Any, session: Any, text: str) -> None:
    """``/draw STATEMENTS`` changes the diagram; ``/diagram`` (or ``/draw`` alone) shows it with its reading."""
    from rich.text import Text

    from agent.session import MessageError
    from analysis.diagram import read_diagram
    from kernel.diagram import EXAMPLE

    command, _, body = text.partition(" ")
    if command.lower() == "/draw" and body.strip():
        try:
            session.draw(body)
        except MessageError as exc:
            console.print(Text(f"{clean_text(str(exc))} (the diagram is unchanged)", style="red"))
            return
    diagram = session.diagram()
    if not diagram:
        console.print(Text(f"The diagram is empty. Draw with /draw, {EXAMPLE.removeprefix('e.g. ')}.", style="dim"))
        return
    reading = read_diagram(diagram)
    console.print(Text(clean_text(reading.describe()), style="magenta"))


def _confirm_end(console: Any) -> bool:
    """Ask before Ctrl-D ends and grades the interview; anything but yes (another Ctrl-D too) stops it
    without grading, and it can be resumed."""
    console.print()
    try:
        answer = console.input("End the interview and grade it now? [y/N] ")
    except EOFError:
        console.print()
        return False
    return answer.strip().lower() in ("y", "yes")


def _finish(console: Any, session: Any, show_close: bool = True, out: str | None = None) -> int:
    scorecard = session.end(grade=True)
    turns = session.transcript().turns
    if show_close and turns and turns[-1].role == "interviewer":
        _print_turn(console, "interviewer", turns[-1].content)
    if scorecard is None:
        console.print("No candidate turns, so there is nothing to grade.")
        return 0
    _print_scorecard(console, scorecard)
    usage = session.view().llm_usage
    if usage:
        console.print(f"[dim]{usage}[/dim]")
    console.print(f"Session {session.thread_id} saved.")
    if out:
        written = export(Path(out), session.transcript(), scorecard)
        console.print(f"Written: {', '.join(str(p) for p in written)}", highlight=False)
    return 0


def export(folder: Path, transcript: Any, scorecard: Any) -> list[Path]:
    """The interview's files: transcript (Markdown, JSON), scorecard (JSON) and, when drawn, the diagram as
    SVG and PNG (its data is in the JSON transcript)."""
    from kernel.diagram_render import render

    folder.mkdir(parents=True, exist_ok=True)
    files = {"transcript.md": transcript.to_markdown(), "transcript.json": transcript.to_json()}
    if scorecard is not None:
        files["scorecard.json"] = scorecard.model_dump_json(indent=2)
    written = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    if transcript.diagram:
        for fmt in ("svg", "png"):
            path = folder / f"diagram.{fmt}"
            path.write_bytes(render(transcript.diagram, fmt))  # type: ignore[arg-type]
            written.append(path)
    return written


def _print_scorecard(console: Any, scorecard: Any) -> None:
    """The verdict, then per dimension its score, why, the candidate's own words as evidence and what to do next."""
    from rich.text import Text

    verdict = str(scorecard.verdict).replace("_", " ")
    console.print(Text(f"\nOverall {scorecard.overall:.2f} / 4 · {verdict}", style="bold"))
    for dim in scorecard.dimensions:
        name = dim.name or str(dim.id).replace("_", " ")
        console.print(Text(f"\n{name}: {dim.score}/4", style="bold"))
        if dim.rationale:
            console.print(Text(f"  {clean_text(dim.rationale)}"))
        for ev in dim.evidence[:2]:
            quote = clean_text(ev.quote)
            quote = quote if len(quote) <= 220 else quote[:217].rsplit(" ", 1)[0] + "..."
            console.print(Text(f"  turn {ev.turn}: \u201c{quote}\u201d", style="dim"))
        if dim.advice:
            console.print(Text(f"  Next time: {clean_text(dim.advice)}", style="cyan"))


def _print_turn(console: Any, role: str, content: str) -> None:
    from rich.text import Text

    colour = "green" if role == "interviewer" else "blue"
    console.print(Text.assemble((f"{role.capitalize()}: ", f"bold {colour}"), clean_text(content)))
