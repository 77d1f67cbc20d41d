"""Babysteps knowledge layer."""
