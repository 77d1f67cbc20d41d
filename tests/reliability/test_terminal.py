"""The terminal interview under a real pseudo-terminal: long pastes arrive whole, escapes never print raw."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.session import InterviewSession
from kernel.config import get_settings

ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """``babysteps`` on a pseudo-terminal; output is collected as it comes."""

    def __init__(self, args: list[str], home: Path) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "BABYSTEPS_HOME": str(home), "BABYSTEPS_LLM": "offline", "COLUMNS": "200",
               "TERM": "xterm", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-m", "ui.cli", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, cwd=ROOT, close_fds=True)
        os.close(slave)
        self.out = b""

    def read_until(self, needle: bytes, timeout: float = 120) -> bytes:
        until = time.monotonic() + timeout
        while needle not in self.out:
            if time.monotonic() > until or self.proc.poll() is not None and not self._pump(0.1):
                raise AssertionError(f"{needle!r} not seen; output ends: {self.out[-1500:]!r}")
            self._pump(0.2)
        return self.out

    def _pump(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        self.out += data
        return bool(data)

    def type(self, text: str) -> None:
        """Type as a person pasting at the prompt: after readline has taken the terminal over."""
        time.sleep(1.0)
        data = text.encode()
        for i in range(0, len(data), 1024):
            os.write(self.master, data[i : i + 1024])
            self._pump(0.01)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
        os.close(self.master)


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env


@pytest.mark.integration
def test_a_long_paste_is_not_cut_and_an_overlong_one_gets_the_limit_message(home: Path) -> None:
    term = Terminal(["interview", "--problem", "url-shortener"], home)
    try:
        term.read_until(b"Type your answer")
        term.read_until(b"> ")
        term.type("x" * 24_999 + "\r")
        term.read_until(b"too long")
        assert b"24,999" in term.out
        mark = len(term.out)
        long_answer = ("word " * 1200).strip()  # 5,999 characters: over the terminal's 4,095
        term.type(long_answer + "\r")
        until = time.monotonic() + 120  # the reply, then the prompt after it: only then does /quit reach the interview
        while not re.search(rb"Interviewer:.*> ", term.out[mark:], re.S) and time.monotonic() < until:
            term._pump(0.5)
        term.type("/quit\r")
        term.read_until(b"Resume with")
    finally:
        term.close()
    settings = get_settings()
    thread = next(p.stem for p in settings.sessions_dir.glob("*.json"))
    session = InterviewSession.resume(settings, thread)
    answers = [t.content for _, t in session.transcript().candidate_turns()]
    session.close()
    assert answers == [long_answer]


@pytest.mark.integration
def test_a_second_terminal_gets_a_read_only_view(home: Path) -> None:
    first = InterviewSession.start(get_settings(), problem_id="url-shortener", retrieval=False)
    first.send("Title \x1b]0;pwned\x07 and \x1b[2J clear")
    first.hold()
    term = Terminal(["interview", "--resume", first.thread_id], home)
    try:
        term.read_until(b"open elsewhere")
        assert term.proc.wait(60) == 1
    finally:
        term.close()
        first.close()
    assert b"\x1b]0;pwned" not in term.out and b"\x1b[2J" not in term.out
