"""Card-less transcripts: the candidate's storage maths raises the scale only when it holds and starts
from a figure the interviewer gave."""

from __future__ import annotations

from kernel.transcript import parse_transcript
from rubric.grader import grade_transcript
from tests.fakes import FakeEmbeddings

HEAD = "Interviewer: Design a web crawler.\n\nCandidate: How many pages, and how big is a page?\n\n"
GROUNDED = HEAD + (
    "Interviewer: About 1 billion pages a month, 100 KB each, kept for a year.\n\n"
    "Candidate: Storage is 1 billion pages times 100 KB, which is 100 TB a month.\n"
)
UNGROUNDED = HEAD + (
    "Interviewer: About 1,000 pages a day for our intranet.\n\n"
    "Candidate: Say 5 billion documents times 1 MB, which is 5 PB in total.\n"
)


def scale_flag(text: str) -> str:
    card = grade_transcript(parse_transcript(text), embedder=FakeEmbeddings())  # type: ignore[arg-type]
    return next(f for f in card.flags if f.startswith("generic_expectations"))


def test_checked_storage_maths_on_given_figures_sets_the_scale() -> None:
    assert "scale large" in scale_flag(GROUNDED)


def test_figures_the_interviewer_never_gave_do_not_inflate_the_scale() -> None:
    flag = scale_flag(UNGROUNDED)
    assert "scale large" not in flag and "scale massive" not in flag
