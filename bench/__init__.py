"""Benchmarks: each ``bench/bench_*.py`` module has ``run() -> dict`` of named figures."""
