"""The interview clock: how many minutes have passed after each turn.

Interactive interviews use :class:`WallClock` (real minutes, with long pauses capped so a session
resumed the next day does not jump to minute 900). Replays and tests use :class:`WordClock`, which
estimates speaking time from the words of each turn, so the same script always lands on the same minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from kernel.transcript import Role

WORDS_PER_MINUTE = 130.0
MAX_GAP_MINUTES = 10.0


def live_minute(minute: float, wall_at: float | None, at: float, max_gap_minutes: float = MAX_GAP_MINUTES) -> float:
    """The clock at wall time ``at`` as :class:`WallClock` will count it on the next turn: the last turn's
    ``minute`` plus the real time since ``wall_at``, capped at ``max_gap_minutes``."""
    if wall_at is None or wall_at <= 0:
        return minute
    return minute + min(max(0.0, (at - wall_at) / 60.0), max_gap_minutes)


class Clock(Protocol):
    def advance(self, minute: float, words: int, role: Role, wall_at: float | None) -> float:
        """The clock after a turn of ``words`` words by ``role``; ``wall_at`` is when the last turn ended."""
        ...

    def now(self) -> float:
        """Seconds since the epoch (stored in the state as ``wall_at``)."""
        ...


@dataclass(frozen=True)
class WordClock:
    """Speaking time from word counts plus a fixed per-turn overhead (thinking, drawing, listening)."""

    words_per_minute: float = WORDS_PER_MINUTE
    candidate_overhead: float = 0.75
    interviewer_overhead: float = 0.2

    def advance(self, minute: float, words: int, role: Role, wall_at: float | None) -> float:
        overhead = self.candidate_overhead if role == "candidate" else self.interviewer_overhead
        return round(minute + words / self.words_per_minute + overhead, 2)

    def now(self) -> float:
        return 0.0


@dataclass(frozen=True)
class WallClock:
    """Real elapsed minutes; a gap longer than ``max_gap_minutes`` between turns counts as that much."""

    max_gap_minutes: float = MAX_GAP_MINUTES

    def advance(self, minute: float, words: int, role: Role, wall_at: float | None) -> float:
        return round(live_minute(minute, wall_at, time.time(), self.max_gap_minutes), 2)

    def now(self) -> float:
        return time.time()
