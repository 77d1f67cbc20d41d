"""Kept for imports of the old path: the client lives in :mod:`kernel.llm.openai_chat`."""

from kernel.llm.openai_chat import OpenAIChatModel, estimate_tokens, ping

__all__ = ["OpenAIChatModel", "estimate_tokens", "ping"]
