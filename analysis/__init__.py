"""Reading candidate text: everything that turns what a candidate said into checked, quotable facts.

The interviewer's policy and the grader both depend on this package; it depends only on ``knowledge``
and ``kernel``. ``analysis.models`` holds the data shapes, ``analysis.turns.TurnAnalyzer`` reads one turn.
"""
