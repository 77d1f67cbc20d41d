"""Babysteps agent layer."""
