"""The interviewer graph: the only place that wires nodes and edges.

    START -> open_interview -> speak -> await_candidate --(turn)--> analyze_turn -> choose_act -> speak
                                              \\--(end)--> close_interview -> speak -> END

``speak`` routes back to ``await_candidate`` until the closing act has been spoken. When the interviewer has
already said goodbye (the candidate had nothing more), ``close_interview`` ends the graph without a second one. Use
:func:`build_graph` and compile it with a checkpointer (``SqliteSaver`` in the app, anything in tests).
"""

from __future__ import annotations

from langgraph.graph import START, StateGraph

from agent import nodes
from agent.configuration import Configuration
from agent.state import InterviewState


def build_graph() -> StateGraph[InterviewState, Configuration, InterviewState, InterviewState]:
    """The uncompiled interviewer graph."""
    graph = StateGraph(InterviewState, context_schema=Configuration)
    graph.add_node("open_interview", nodes.open_interview)
    graph.add_node("await_candidate", nodes.await_candidate)
    graph.add_node("analyze_turn", nodes.analyze_turn)
    graph.add_node("choose_act", nodes.choose_act)
    graph.add_node("close_interview", nodes.close_interview)
    graph.add_node("speak", nodes.speak)
    graph.add_edge(START, "open_interview")
    graph.add_edge("open_interview", "speak")
    graph.add_conditional_edges("await_candidate", nodes.route_after_candidate)
    graph.add_edge("analyze_turn", "choose_act")
    graph.add_edge("choose_act", "speak")
    graph.add_conditional_edges("close_interview", nodes.route_after_close)
    graph.add_conditional_edges("speak", nodes.route_after_speak)
    return graph
