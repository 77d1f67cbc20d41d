"""Babysteps evals layer."""
