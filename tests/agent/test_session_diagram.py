"""The diagram beside the conversation: drawn through the session, kept in the checkpoint, in the transcript."""

from __future__ import annotations

import pytest

from agent.clock import WordClock
from agent.session import InterviewSession, MessageError
from kernel.diagram import parse_diagram


def test_draw_keeps_the_diagram_through_turns_and_resume(settings):
    s = InterviewSession.start(settings, problem_id="task-app", clock=WordClock())
    assert not s.diagram() and s.transcript().diagram is None
    s.draw("client -> api: HTTPS\napi -> db: writes")
    reply = s.send("How many users do we expect?")
    assert reply
    s.draw("db: Postgres")
    assert [n.name for n in s.diagram().nodes] == ["client", "api", "Postgres"]
    with pytest.raises(MessageError, match="line 1: 'api ->': an arrow needs a box on each side"):
        s.draw("api ->")
    assert len(s.diagram().nodes) == 3
    thread = s.thread_id
    s.close()

    again = InterviewSession.resume(settings, thread, clock=WordClock())
    assert again.diagram() == parse_diagram("client -> api: HTTPS\napi -> db: writes\ndb: Postgres")
    again.send("About 50 requests a second at peak, so one server and one Postgres.")
    transcript = again.transcript()
    assert transcript.diagram is not None and transcript.diagram.name("db") == "Postgres"
    assert [t.role for t in transcript.turns].count("candidate") == 2
    again.set_diagram(None)
    assert not again.diagram()
    again.set_diagram({"nodes": [{"id": "web", "type": "client"}], "edges": []})
    assert again.diagram().nodes[0].type == "client"
    with pytest.raises(MessageError, match="diagram: "):
        again.set_diagram({"nodes": [{"id": "x", "type": "robot"}]})
    again.end(grade=False)
    with pytest.raises(MessageError, match="ended"):
        again.draw("a -> b")
    assert again.transcript().diagram is not None
    again.close()


def test_each_answer_carries_what_was_drawn_since_the_one_before(settings):
    s = InterviewSession.start(settings, problem_id="task-app", clock=WordClock())
    s.send("How many users do we expect?")
    s.draw("client -> api: HTTPS\napi -> db: writes")
    s.send("Here is my first sketch.")
    s.send("Nothing new drawn this time.")
    s.draw("-db; api -> store: writes; store: Postgres [database]")
    s.send("Swapped the store.")
    said = [t.diagram_change for t in s.transcript().turns if t.role == "candidate"]
    assert said[0] is None and said[2] is None
    assert said[1] == ("added boxes: client, api, db; added arrows: client -> api (HTTPS), api -> db (writes)")
    assert said[3] is not None and "removed boxes: db" in said[3] and "added boxes: Postgres" in said[3]
    assert '"diagram_change"' in s.transcript().to_json()
    s.close()


def test_positions_from_a_canvas_are_kept(settings):
    s = InterviewSession.start(settings, problem_id="task-app", clock=WordClock())
    s.set_diagram({"nodes": [{"id": "api", "type": "service", "x": 120.5, "y": 40}], "edges": []})
    node = s.diagram().nodes[0]
    assert (node.x, node.y) == (120.5, 40.0)
    s.close()


def test_boxes_drawn_since_the_last_answer_count_as_its_components(settings):
    s = InterviewSession.start(settings, problem_id="task-app", clock=WordClock())
    s.draw("web -> api; api -> store: writes; store: Orders store [database]")
    s.send("Here is a first sketch.")
    assert {"web", "api", "Orders store"} <= set(s.view().whiteboard["components"])
    s.close()
