"""Babysteps rubric layer."""
