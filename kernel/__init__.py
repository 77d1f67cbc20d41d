"""Babysteps' shared kernel: configuration, LLM access and the transcript model."""
