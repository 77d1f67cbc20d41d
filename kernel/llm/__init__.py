"""The one seam through which the interviewer and the grader talk to an LLM.

Callers depend on the :class:`ChatModel` protocol only. :func:`build_chat_model` is the single
factory that turns :class:`~kernel.config.Settings` into a client; nothing is created at import time.
Offline mode has no client: the factory returns ``None`` and callers use their deterministic path.
The types live in :mod:`kernel.llm.base`, the ``openai`` client in :mod:`kernel.llm.openai_chat`.
"""

from __future__ import annotations

from kernel.config import Settings
from kernel.llm.base import ChatModel, LLMError, LLMUnavailable, Message, StructuredOutputError, T, Usage

__all__ = ["ChatModel", "LLMError", "LLMUnavailable", "Message", "StructuredOutputError", "T", "Usage",
           "build_chat_model"]


def build_chat_model(settings: Settings) -> ChatModel | None:
    """Build the configured client, or ``None`` in offline mode."""
    mode, _ = settings.llm_mode()
    if mode == "offline":
        return None
    from kernel.llm.openai_chat import OpenAIChatModel

    return OpenAIChatModel(settings)
