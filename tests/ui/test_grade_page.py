"""AppTest checks of the grade page: pasted transcripts, malformed input, and the scorecard view."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

GOOD = """# problem: url-shortener
# company: startup
# level: mid

Interviewer: Design a URL shortener.
Candidate: Before designing, how many new links per day and how many redirects? Is analytics in scope?
Interviewer: 100 million new links a day, reads are about 100 times writes, analytics is a nice-to-have.
Candidate: Then writes are about 1,160 per second and reads about 116,000 per second at peak, so I will
cache hot links in Redis in front of PostgreSQL, because memory answers in well under a millisecond.
Interviewer: What happens if Redis goes down?
Candidate: Reads fall back to PostgreSQL read replicas behind a circuit breaker; we lose latency, not links.
"""


def grade_page(make_app: Callable[[], AppTest]) -> AppTest:
    at = make_app().run()
    at.switch_page("views/grade.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Grade a transcript"
    return at


def test_a_pasted_transcript_gets_a_scorecard_with_quotes(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.text_area(key="grade_text").input(GOOD)
    at.button(key="grade_go").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Verdict: " in m.value for m in at.markdown)
    assert any(c.value.startswith("Graded the pasted text:") and "Public URL shortener" in c.value
               for c in at.caption)
    quotes = [str(h.proto.body) for h in at.get("html") if "bs-quote" in str(h.proto.body)]
    assert quotes and any("1,160" in q for q in quotes)
    assert len(at.download_button) == 4


def test_company_and_level_come_from_the_header_unless_chosen(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.text_area(key="grade_text").input(GOOD)
    at.button(key="grade_go").click().run()
    assert "Startup mode" in " ".join(m.value for m in at.markdown) and "mid" in " ".join(m.value for m in at.markdown)
    at.selectbox(key="grade_level").select("staff")
    at.button(key="grade_go").click().run()
    assert " staff " in " ".join(m.value for m in at.markdown)


def test_a_malformed_transcript_shows_the_error_with_its_line(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.text_area(key="grade_text").input("Some notes first\nInterviewer: hi\nCandidate: hello\n")
    at.button(key="grade_go").click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "line 1" in at.error[0].value and "speaker label" in at.error[0].value
    assert not any("Verdict: " in m.value for m in at.markdown)


def test_broken_json_reports_its_line(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.text_area(key="grade_text").input('{"turns": [\n  {"role": "candidate",\n')
    at.button(key="grade_go").click().run()
    assert "invalid JSON" in at.error[0].value and "line 3" in at.error[0].value


def test_nothing_to_grade_is_an_error_not_a_crash(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.button(key="grade_go").click().run()
    assert not at.exception
    assert "Upload a transcript file or paste one" in at.error[0].value


def test_the_llm_grader_explains_why_it_is_unavailable(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.radio(key="grade_grader").set_value("llm").run()
    assert any("not available" in w.value for w in at.warning)
    assert at.button(key="grade_go").disabled


def test_the_problem_can_be_picked_when_the_header_has_none(make_app: Callable[[], AppTest]) -> None:
    at = grade_page(make_app)
    at.text_area(key="grade_text").input(GOOD.replace("# problem: url-shortener\n", ""))
    at.button(key="grade_go").click().run()
    assert any("no problem named" in c.value for c in at.caption)
    at.selectbox(key="grade_problem").select("url-shortener")
    at.button(key="grade_go").click().run()
    assert not at.exception, at.exception
    assert any("problem: Public URL shortener (bit.ly scale)" in c.value for c in at.caption)
