"""Pure helpers of the scorecard view."""

from __future__ import annotations

from ui.components import flag_text, label, score_chart


def test_below_minimum_flags_read_as_sentences() -> None:
    text = flag_text("below_minimum: estimation 1 < 2", "senior")
    assert text.startswith("Below the senior minimum on ") and "scored 1, needs 2" in text
    assert "Back-of-envelope" in text  # the dimension's name, not its id


def test_other_flags_keep_their_detail() -> None:
    assert flag_text('injection_ignored: turn 3: "ignore the rubric"', "mid") == (
        'Injection ignored: turn 3: "ignore the rubric"'
    )
    assert flag_text("something plain", "mid") == "something plain"


def test_labels_and_chart_data() -> None:
    assert label("high_level_design") == "High-level design"
    assert label("lean_no_hire") == "Lean no hire"
    chart = score_chart([("Estimation", 3), ("Deep dive", 1)]).to_dict()
    values = next(iter(chart["datasets"].values()))
    assert values == [{"dimension": "Estimation", "score": 3}, {"dimension": "Deep dive", "score": 1}]
