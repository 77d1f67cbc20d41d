"""One app process for the team tests and the load benchmark: JSON commands on stdin, one JSON answer per line.

It keeps one live session per (account, interview), as a browser tab of the app does, reopens a read-only
one on the next command, and works in its own ``BABYSTEPS_HOME`` with the shared ``BABYSTEPS_DATABASE_URL``.

    {"op": "start", "owner": "alice"}                          -> {"thread": "..."}
    {"op": "send", "owner": "alice", "thread": T, "text": S}   -> {"reply": "..."} or {"error": "...", "message": "..."}
    {"op": "turns", "owner": "alice", "thread": T}             -> {"candidate": [...], "turns": n}
    {"op": "list", "owner": "alice"}                           -> {"threads": [...]}
    {"op": "hold", "owner": "alice", "thread": T}              -> {"held": true|false}
    {"op": "end", "owner": "alice", "thread": T}               -> {"overall": 2.5}
    {"op": "load", "candidates": N, "turns": [...], "prefix": "p1", "embedder": true}
        -> {"latencies": [...], "errors": [...]}: N candidates at once (a thread each, as Streamlit runs each
           browser session's script in a thread of its own), each starting an interview and sending the turns
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from agent.clock import WordClock
from agent.session import InterviewSession, list_sessions
from kernel.config import get_settings


def main() -> int:
    settings = get_settings()
    sessions: dict[tuple[str, str], InterviewSession] = {}

    def session(owner: str, thread: str) -> InterviewSession:
        held = sessions.get((owner, thread))
        if held is not None and not held.read_only:
            return held
        if held is not None:
            held.close()
        opened = InterviewSession.resume(settings, thread, clock=WordClock(), owner=owner)
        sessions[(owner, thread)] = opened
        return opened

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd: dict[str, Any] = json.loads(line)
        owner = cmd.get("owner")
        try:
            if cmd["op"] == "start":
                s = InterviewSession.start(settings, problem_id=cmd.get("problem", "url-shortener"), clock=WordClock(),
                                           retrieval=False, owner=owner)
                sessions[(owner, s.thread_id)] = s  # type: ignore[index]
                answer: dict[str, Any] = {"thread": s.thread_id}
            elif cmd["op"] == "send":
                answer = {"reply": session(owner, cmd["thread"]).send(cmd["text"])}  # type: ignore[arg-type]
            elif cmd["op"] == "turns":
                s = session(owner, cmd["thread"])  # type: ignore[arg-type]
                turns = s.transcript().turns
                answer = {"candidate": [t.content for t in turns if t.role == "candidate"], "turns": len(turns)}
            elif cmd["op"] == "list":
                answer = {"threads": [r.thread_id for r in list_sessions(settings, owner=owner)]}
            elif cmd["op"] == "hold":
                answer = {"held": session(owner, cmd["thread"]).hold()}  # type: ignore[arg-type]
            elif cmd["op"] == "load":
                answer = load(settings, cmd)
            elif cmd["op"] == "end":
                card = session(owner, cmd["thread"]).end(grade=True)  # type: ignore[arg-type]
                answer = {"overall": None if card is None else float(card.overall)}
            else:
                answer = {"error": "ValueError", "message": f"unknown op {cmd['op']!r}"}
        except Exception as exc:  # noqa: BLE001 - every failure is an answer, the process goes on
            answer = {"error": type(exc).__name__, "message": str(exc)}
        print(json.dumps(answer), flush=True)
    for s in sessions.values():
        s.close()
    return 0


def load(settings: Any, cmd: dict[str, Any]) -> dict[str, Any]:
    """Simulated candidates in parallel threads; every turn's latency (s) and every error."""
    embedder = None
    if cmd.get("embedder"):
        from knowledge.embeddings import get_embedder

        embedder = get_embedder()
        embedder.embed(["warm up"])
    latencies: list[float] = []
    errors: list[str] = []
    guard = threading.Lock()
    gate = threading.Barrier(int(cmd["candidates"]))

    def candidate(n: int) -> None:
        owner = f"{cmd.get('prefix', 'c')}-{n}"
        try:
            gate.wait()
            s = InterviewSession.start(settings, problem_id="url-shortener", clock=WordClock(), retrieval=False,
                                       owner=owner, embedder=embedder)
            for text in cmd["turns"]:
                t0 = time.perf_counter()
                s.send(text)
                with guard:
                    latencies.append(time.perf_counter() - t0)
            s.close()
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            with guard:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=candidate, args=(n,)) for n in range(int(cmd["candidates"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors}


if __name__ == "__main__":
    sys.exit(main())
