"""Prompt tokens of the LLM grader for one long transcript at K=3: the whole transcript per dimension (as before)
against the lean prompt (the evidence ledger and the turns it cites). Counted as the seam counts a request whose
server reports no usage (about four characters a token, the schema hint included), so no server is needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kernel.llm.openai_chat import estimate_tokens
from kernel.transcript import Transcript, load_transcript
from rubric.llm_grader import DimensionJudgment, messages_for
from rubric.rubric import rubric as packaged_rubric

CASES = Path(__file__).resolve().parents[1] / "evals" / "data" / "cases"
WORDS = 8000
K = 3
TARGET = 0.2  # at most a fifth of the full prompt's tokens


def long_transcript(words: int = WORDS) -> Transcript:
    """Cases of one problem first, then others, joined turn by turn until ``words`` words."""
    turns: list[Any] = []
    first = None
    for path in sorted(CASES.glob("*.md"), key=lambda p: -p.stat().st_size):
        script = load_transcript(path)
        first = first or script
        turns += script.turns
        if sum(len(t.content.split()) for t in turns) >= words:
            break
    assert first is not None
    return Transcript(turns=turns, problem=first.problem, company=first.company, level=first.level)


def _tokens(messages: list[dict[str, str]]) -> int:
    hint = "Answer with a single JSON object, no prose, matching this JSON schema:\n" + json.dumps(
        DimensionJudgment.model_json_schema(), separators=(",", ":"))
    return sum(estimate_tokens(m["content"]) + 4 for m in [{"role": "system", "content": hint}, *messages])


def run() -> dict[str, Any]:
    from rubric.grader import assess, finish
    from rubric.lean_prompt import lean_messages

    transcript = long_transcript()
    rb = packaged_rubric()
    assessment = assess(transcript)
    offline = finish(assessment, rb)
    assert assessment.ledger is not None
    full = lean = 0
    for dim in offline.dimensions:
        ev = "\n".join(f'- [turn {e.turn}] "{e.quote}"' for e in dim.evidence)
        common = {"company": offline.company, "level": offline.level, "offline_evidence": ev}
        full += _tokens(messages_for(dim, transcript, rb, **common))
        lean += _tokens(lean_messages(dim, transcript, rb, assessment.ledger, **common))
    return {
        "transcript_words": sum(len(t.content.split()) for t in transcript.turns),
        "dimensions": len(offline.dimensions),
        "samples": K,
        "full_prompt_tokens": full * K,
        "lean_prompt_tokens": lean * K,
        "lean_ratio": round(lean / full, 3),
        "target_ratio": TARGET,
    }
