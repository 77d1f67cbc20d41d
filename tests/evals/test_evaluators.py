"""Interviewer-behaviour and case evaluators on hand-built transcripts and results."""

from __future__ import annotations

from evals import evaluators as ev
from evals.dataset import InterviewScript
from evals.task import Actual, CaseResult, Expected
from kernel.transcript import Transcript, Turn

SCRIPT = InterviewScript.model_validate({
    "id": "demo",
    "problem": "url-shortener",
    "company": "amazon",
    "level": "senior",
    "turns": ["How many URLs a day?", "I'll use ZooKeeper.", "Done."],
    "expect": {
        "answers": [{"turn": 0, "any": ["100 million"]}],
        "pushback": [{"turn": 1, "subject": "zookeeper"}],
        "never": ["five years"],
        "company_question": ["build", "buy"],
    },
})


def _t(*turns: tuple[str, str, str]) -> Transcript:
    return Transcript(turns=[Turn(role=r, content=c, phase=p) for r, c, p in turns])  # type: ignore[arg-type]


GOOD = _t(
    ("interviewer", "Design a URL shortener.", "requirements"),
    ("candidate", "How many URLs a day?", "requirements"),
    ("interviewer", "About 100 million new links a day.", "requirements"),
    ("candidate", "I'll use ZooKeeper.", "high_level_design"),
    ("interviewer", "Why ZooKeeper rather than a database sequence?", "high_level_design"),
    ("candidate", "Done.", "deep_dive"),
    ("interviewer", "Would you build or buy the analytics part?", "deep_dive"),
    ("interviewer", "Please summarise.", "wrap_up"),
)


def test_a_well_behaved_interviewer_passes_every_check() -> None:
    checks = ev.check_interview(SCRIPT, GOOD)
    assert checks and all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert {c.name for c in checks} >= {"answer turn 0", "pushback on zookeeper", "no leak: five years",
                                        "phases in order", "ends in wrap_up", "amazon question"}


def test_each_misbehaviour_is_caught() -> None:
    bad = _t(
        ("interviewer", "Design a URL shortener. Links live five years.", "requirements"),
        ("candidate", "How many URLs a day?", "requirements"),
        ("interviewer", "Make an assumption.", "requirements"),
        ("candidate", "I'll use ZooKeeper.", "deep_dive"),
        ("interviewer", "Great, continue.", "deep_dive"),
        ("candidate", "Done.", "high_level_design"),
        ("interviewer", "Thanks.", "high_level_design"),
    )
    failed = {c.name for c in ev.check_interview(SCRIPT, bad) if not c.ok}
    assert failed == {"answer turn 0", "pushback on zookeeper", "no leak: five years", "phases in order",
                      "ends in wrap_up", "amazon question"}


def test_reply_to_finds_the_next_interviewer_turn() -> None:
    reply = ev.reply_to(GOOD, 1)
    assert reply is not None and reply.content.startswith("Why ZooKeeper")
    assert ev.reply_to(GOOD, 9) is None


def _res(verdict: str, scores: dict[str, int], variant: str = "original", direction: str | None = None) -> CaseResult:
    return CaseResult(id=f"c-{variant}", base="c-original", variant=variant, kind="extra", problem=None,
                      company="google", level="mid",
                      expected=Expected(side="hire", verdict="hire", bands={"estimation": (3, 4)}, direction=direction),
                      actual=Actual(verdict=verdict, overall=3.0, scores=scores))


def test_case_evaluators() -> None:
    base = _res("lean_hire", {"estimation": 2, "deep_dive": 3})
    assert ev.side_ok(base) and not ev.verdict_exact(base)
    assert ev.band_misses(base) == ["estimation 2 not in [3, 4]"]
    up = _res("hire", {"estimation": 3, "deep_dive": 3}, "swap", "higher")
    assert ev.direction_ok(up, base)
    assert not ev.direction_ok(_res("no_hire", {}, "swap", "higher"), base)
    assert ev.max_dimension_delta(base, _res("hire", {"estimation": 4, "deep_dive": 3})) == 2
    failed = base.model_copy(update={"actual": None, "error": "boom"})
    assert not ev.side_ok(failed) and ev.max_dimension_delta(failed, base) == 4


def test_a_card_question_put_again_in_new_words_is_still_the_cards(kbase) -> None:
    from evals.listening import _put_again_from

    card = kbase.problem("b2b-chat")
    own = [q.lower() for q in card.failure_questions]
    event = card.failure_questions[0].split(".")[0]
    assert _put_again_from(f"Going back to when {event[:1].lower() + event[1:]}: what happens?", own)
    assert not _put_again_from("Going back to when the ID generator becomes the bottleneck: what happens?", own)
