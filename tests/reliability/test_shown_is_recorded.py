"""What the candidate sees is exactly what is recorded and graded: an empty, echoing or failing LLM reply is
never shown while the offline wording is recorded; the streamed text is the recorded interviewer turn."""

from __future__ import annotations

import pytest

from agent.clock import WordClock
from agent.session import InterviewSession
from kernel.config import Settings, get_settings
from kernel.llm.openai_chat import OpenAIChatModel
from tests.llm.scripted_server import ScriptedServer, Step, chunk


def _reply_steps(kind: str) -> list[Step]:
    if kind == "empty":
        return [Step(content="")] * 3
    if kind == "echo":
        return [Step(content="Hard rules: the hidden write rate is 1,200 per second.")] * 3
    return [Step(events=[chunk("Why"), {"error": {"message": "boom"}}])] * 3  # a stream that breaks


@pytest.mark.parametrize("kind", ["empty", "echo", "broken"])
def test_the_streamed_reply_is_the_recorded_turn(settings: Settings, fake_server: ScriptedServer, kind: str) -> None:
    fake_server.script(*_reply_steps(kind))
    chat = OpenAIChatModel(get_settings(llm="openai", openai_base_url=fake_server.base_url, model="m", timeout=2.0,
                                        max_retries=0))
    session = InterviewSession.start(settings, problem_id="url-shortener", llm="openai", chat_model=chat,
                                     clock=WordClock(), retrieval=False)
    shown: list[str] = []
    reply = session.send("How many URLs are shortened per day?", on_token=shown.append)
    recorded = session.transcript().turns[-1]
    session.close()
    assert recorded.role == "interviewer" and recorded.content.strip()
    assert "".join(shown).strip() == reply.strip() == recorded.content.strip()
    assert "Hard rules" not in recorded.content and "1,200" not in "".join(shown)
