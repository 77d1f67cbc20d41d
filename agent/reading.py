"""The interviewer's LLM reading of a candidate turn (openai mode), with the offline reading as its fallback.

The offline analyser always reads the turn first; the model's reading (:mod:`analysis.llm_reading`) then replaces
the fields code can support. Any LLM failure keeps the offline reading for the turn with a visible notice: an
unreachable or failing endpoint switches the interview to offline, as a failed phrasing does (the voice's rule);
a reply that did not match the schema leaves openai mode on and is noted once. Nothing the candidate typed is
lost either way: the turn was checkpointed before the call.
"""

from __future__ import annotations

from typing import Any

from agent.store import redact_keys
from analysis.llm_reading import read_turn
from analysis.models import TurnAnalysis
from kernel.llm import ChatModel, LLMError, StructuredOutputError
from knowledge.content import Knowledge
from knowledge.models import ProblemCard

INVALID_NOTICE = "The LLM's reading of an answer did not match the expected form; that answer was read offline."


def read_with_llm(
    state: dict[str, Any], reader: ChatModel | None, kb: Knowledge, card: ProblemCard, offline: TurnAnalysis,
    previous: str | None,
) -> tuple[TurnAnalysis, dict[str, Any]]:
    """The analysis for the policy and the state update (log entry, notices, mode)."""
    if reader is None or state.get("llm_mode") != "openai":
        return offline, {}
    turn = len(state.get("transcript", [])) - 1
    try:
        reading = read_turn(reader, offline.text, card, kb, previous=previous, offline=offline)
    except StructuredOutputError as exc:
        entry = {"turn": turn, "reading": {"source": "offline", "error": redact_keys(str(exc).splitlines()[0][:160])}}
        update: dict[str, Any] = {"llm_log": [entry]}
        if INVALID_NOTICE not in state.get("notices", []):
            update["notices"] = [INVALID_NOTICE]
        return offline, update
    except LLMError as exc:
        reason = redact_keys(str(exc).splitlines()[0][:160]) if str(exc) else type(exc).__name__
        return offline, {
            "llm_mode": "offline",
            "llm_status": "offline",
            "notices": [f"The LLM endpoint failed ({reason}); continuing offline."],
            "llm_log": [{"turn": turn, "reading": {"source": "offline", "error": reason}}],
        }
    return reading.analysis, {"llm_log": [{"turn": turn, "reading": reading.describe()}]}
