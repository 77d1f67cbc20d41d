"""The offline voice's phrase banks: several templates per act, so the interviewer does not sound canned.

Slots: ``{question}`` (the question to ask), ``{subject}`` (a technology, a claim, a topic), ``{hint}``
(an allowed nudge) and ``{minutes}`` (the format). Facts the candidate asked for are said before the
act's own line (see ``agent.voice``); the banks never contain problem-specific content.
"""

from __future__ import annotations

PHRASES: dict[str, list[str]] = {
    "open": [
        "{question} We have about {minutes} minutes. How would you like to start?",
        "Let's get going. {question} You have roughly {minutes} minutes; take it wherever you think it should start.",
        "Here's today's problem: {question} We've got around {minutes} minutes. Over to you.",
    ],
    "answer_question": [
        "Anything else you'd like to pin down before you size it?",
        "What else do you need to know?",
        "Does that give you enough to work with, or is there more you want to clarify?",
        "Keep going; ask whatever else matters for the design.",
    ],
    "answer_question_sizing": [
        "Carry on with the numbers.",
        "Does that help with the sizing?",
        "Over to you for the numbers.",
    ],
    "answer_question_later": [
        "Does that answer it?",
        "Carry on from there.",
        "Back to your design, then.",
    ],
    "probe_design_early": [
        "What are the main components, and what does each one own?",
        "Walk me through a request end to end. Which components does it touch?",
        "Sketch the pieces first: what would you put in the first version?",
    ],
    "weigh_choice_reasoned": [
        "That's your call, and you've said why. {question}",
        "You've given a reason, so go with it. {question}",
        "Fine by me; you said why. {question}",
    ],
    "weigh_choice_settled": [
        "That's your call, and you've said both why and what would change it.",
        "Sounds reasoned, and you've said when you'd switch.",
        "Fine by me: you gave a reason, and the point where you'd change it.",
    ],
    "weigh_choice_lean": [
        "{question}",
        "It's your call. {question}",
        "Fair enough. {question}",
    ],
    "weigh_choice_weighed": [
        "You've laid out what each costs. {question}",
        "Good, you've weighed both. {question}",
        "That's the trade-off. {question}",
    ],
    "weigh_choice": [  # no pick of theirs yet
        "That's your call. {question}",
        "It's your design. {question}",
        "I'd rather hear your pick. {question}",
    ],
    "turn_back": [
        "Good question. How would you handle it?",
        "What would you do there?",
        "Worth settling. What's your take?",
    ],
    "answer_scope": [
        "Does that settle the scope?",
        "Anything else about scope before you size it?",
        "",
    ],
    "your_call": [
        "Does it change the design?",
        "Pick one and carry on.",
        "",
    ],
    "assume_figure": [
        "Go ahead with a figure you can defend.",
        "Carry on with your number.",
        "",
    ],
    "repeat_last": [
        "Sure. I asked: {question}",
        "No problem. The question was: {question}",
        "Of course. {question}",
    ],
    "repeat_last_none": [
        "No problem, take a moment. Carry on from where you were.",
        "Take your time, then pick it up where you left off.",
    ],
    "give_direction": [
        "I'd like to go deeper on {subject}. {question}",
        "Let's spend the time on {subject}. {question}",
        "Take it to {subject}. {question}",
    ],
    "give_direction_early": [
        "Start with {subject}.",
        "I'd go with {subject}.",
    ],
    "redirect_later": [
        "Good question to put to your real interviewers; I'm only playing one here, so I won't make up how a team "
        "works. Back to the design.",
        "That's one for your real rounds: here I'm playing a part, so I won't invent an answer. Let's stay with the "
        "design.",
    ],
    "redirect": [
        "Let's keep to the problem.",
        "Let's stay on the design.",
        "Let's save that for later and keep going.",
    ],
    "concede_check": [
        "Carry on.",
        "Go on from there.",
        "",
    ],
    "your_call_rest": [
        "The rest is your call: say what you'd assume.",
        "Beyond that, it's your call; state your assumption.",
        "The other part I'll leave to you: tell me what you'd assume.",
    ],
    "your_call_line": [
        "That one's your call: state your assumption and what it changes.",
        "I'll leave that to you; tell me what you'd assume.",
        "Your call. Say what you'd assume.",
    ],
    "nudge_questions": [
        "Before we draw anything: what would you want to know about the problem first?",
        "Hold on a second. You're designing already, but what are the requirements? What would you ask me before choosing components?",
        "Let's not jump to boxes yet. Which questions would change this design if the answer were different?",
        "That's a lot of design for what we know so far. What do you need to find out about users, scale and scope first?",
    ],
    "probe_requirements": [
        "What else would you want to know before you start sizing this?",
        "Is there anything about scale, users or scope you'd still like to clarify?",
        "Which requirements matter most here, and what would you leave out?",
    ],
    "ask_estimates": [
        "Let's put some numbers on it. Roughly how many requests per second, and how much storage over time?",
        "Can you do a quick back-of-envelope estimate: requests per second for reads and writes, and storage?",
        "Before the design, give me the rough numbers: traffic per second and how much data we keep.",
        "OK. What do those requirements mean in numbers: QPS, storage, maybe bandwidth?",
    ],
    "challenge_arithmetic": [
        "Let me stop you on one number: \"{subject}\". Can you redo that conversion? Hint: {hint}.",
        "I'm not sure about \"{subject}\". Walk me through that arithmetic again; {hint}.",
        "Check that figure again: \"{subject}\"; {hint}. What do you get?",
    ],
    "challenge_input": [
        "One check before we build on that: you used \"{subject}\", but earlier I said: {hint} Where does your figure come from?",
        "Hold on: \"{subject}\". That doesn't match what I told you: {hint} Can you redo the numbers from that?",
        "Where does \"{subject}\" come from? Earlier I said: {hint}",
    ],
    "correct_limit": [
        "One correction: not \"{subject}\". {hint}",
        "Careful: \"{subject}\" isn't the limit I gave. {hint}",
        "Hold on: \"{subject}\" doesn't match what I said. {hint}",
    ],
    "check_figures": [
        "Not quite. Instead of \"{subject}\": {hint} Redo the numbers from that.",
        "Not quite: \"{subject}\" is off. {hint} How do your numbers change?",
        "Close, but not \"{subject}\". {hint} Take it from there.",
    ],
    "slip_standing": [
        "You're still using \"{subject}\" from the step I flagged; redone, it comes to about {hint}. Does this part hold at that?",
        "That rests on \"{subject}\", and that step was off: it's about {hint}. What changes here?",
        "Before you build on it: \"{subject}\" is still the figure from that slip, and redone it's about {hint}. Does the design still work?",
    ],
    "challenge_again": [
        "Those numbers still start from \"{subject}\", not from the figure I gave you. Redo them from mine.",
        "You're still working from \"{subject}\". What do the numbers look like from the figure I gave you?",
        "That's still built on \"{subject}\". Start the estimate again from the figure I gave you.",
    ],
    "correct_input": [
        "Before you build on \"{subject}\": that's well off for this problem. {hint} Can you redo the numbers from that?",
        "Let me give you our figure instead of \"{subject}\": {hint} How do your numbers change?",
        "\"{subject}\" is far from what we see here. {hint} Rework the estimate from that.",
    ],
    "push_back_tech": [
        "You mentioned {subject}. {question}",
        "Why {subject}? {question}",
        "Let's pause on {subject}. {question}",
        "On {subject}: {question}",
        "About {subject}. {question}",
        "And {subject}? {question}",
    ],
    "push_back_overengineering": [
        "Let's check proportions on {subject}. {question}",
        "Does {subject} earn its place here? {question}",
        "Let's check proportions on {subject}. How many writes per second does this system actually handle? {question}",
        "Hold on. Before {subject}: what load are we really talking about, in requests per second? {question}",
        "Let's check proportions. How many writes per second does this handle, and does {subject} earn its place at that load? {question}",
    ],
    "ask_reasoning": [
        "That's a list of names. Walk me through your reasoning: why each of {subject}? {question}",
        "Can you walk me through your reasoning? I heard {subject} but not why. {question}",
        "Slow down and think out loud for me. What does each of {subject} buy us here? {question}",
    ],
    "ask_reasoning_plain": [
        "Can you walk me through your reasoning for that?",
        "Talk me through why. What drove those choices?",
        "I'd like to hear the reasoning, not just the pieces. Why this shape?",
    ],
    "encourage": [
        "That's fine; nobody knows everything. Reason it through out loud: what would you assume, and why?",
        "No problem. State an assumption you're comfortable with and carry on from there.",
        "Think out loud for me. Even a rough guess with a stated assumption is useful here.",
    ],
    "encourage_design": [
        "That's fine. Start from the simplest version that works, even a slow or naive one, and we'll see where it breaks.",
        "No problem. What's the first thing that goes wrong if you do the obvious thing? Start there.",
        "Think out loud: what would you try first, and what worries you about it?",
    ],
    "refuse_answer": [
        "I can't hand you a design; the point is to see how you get there. Where would you start?",
        "I'd rather not give you the answer. Let's work through it together: what's the first thing you'd pin down?",
        "That's your part of the interview, I'm afraid. Talk me through how you'd approach it.",
    ],
    "refuse_answer_hint": [
        "I won't hand you the answer, but here's a question that points the way: {question}",
        "That's yours to work out, but try it from this angle: {question}",
    ],
    "refuse_hidden": [
        "I won't share my notes, but I'm happy to answer specific questions. What would you like to know?",
        "My notes stay with me. Ask me about anything specific, like users, traffic or latency, and I'll answer.",
        "I can't show you the brief. If there's something particular you need to know, ask and I'll tell you.",
    ],
    "stay_in_role": [
        "Let's stay with the interview. Where were we in your design?",
        "I'll stay as your interviewer for now. Let's carry on with the design.",
        "Let's keep going with the problem. What's your next step?",
    ],
    "move_to_design": [
        "Good. Sketch the high-level design now: the main components and how a request flows through them.",
        "OK, what does the overall architecture look like? Four to six boxes is plenty.",
        "What are the main pieces, and how does data move between them?",
    ],
    "probe_design": [
        "Walk me through a request end to end. Which components does it touch?",
        "What are the main components, and what does each one own?",
        "Which part of that is synchronous, and which part can happen later?",
    ],
    "deep_dive_probe": [
        "Let's go deeper on {subject}. {question}",
        "I'd like to dig into {subject}. {question}",
        "{question}",
        "Now {subject}. {question}",
    ],
    "listen": [
        "OK, go on.",
        "Got it; carry on with your plan.",
        "Makes sense. Keep going.",
    ],
    "own_pick": ["{question}"],
    "extend": [
        "We have time, so let's extend the problem. {question}",
        "Let's add a requirement. {question}",
        "{question}",
    ],
    "give_direction_own": [
        "You've covered what I had planned. Pick the part you're least sure of and take it deeper.",
        "Your call: the part of the design you'd most like to stress-test. Go deeper there.",
    ],
    "listen_thinking": ["Sure, take your time.", "Take your time.", "No rush. Take a moment."],
    "listen_agreed": ["", "Go ahead.", ""],
    "listen_numbers": ["Go on with the numbers.", "Keep going with the sizing.", "OK. Carry on with the estimates."],
    "listen_driving": ["Go on.", "OK. Carry on.", "Makes sense. Keep going.", "Got it. Go on."],
    "answer_theirs": [
        "Good question. I'm only playing the interviewer here, so I won't invent an answer; in a real round, ask "
        "exactly that: how a team answers it tells you a lot. Anything else you'd like to ask?",
        "That's a good one to ask. This is a practice round, so I'd rather not make up an answer; put it to your real "
        "interviewers. Anything else?",
        "Worth asking in your real rounds; here I'm playing a part, so I won't make up how a team works. Anything "
        "else on your mind?",
    ],
    "answer_theirs_feedback": [
        "The scorecard after we stop goes through that, with quotes from what you said. If I name one area now, it's "
        "{subject}: that's where I'd go deeper next time. Anything else?",
        "You'll get a scorecard at the end with quotes from the round. The one area I'd point you to now is {subject}. "
        "Anything else you'd like to ask?",
    ],
    "answer_theirs_owed": [
        "You asked earlier: \"{question}\" Good question; I'm only playing the interviewer here, so I won't invent an "
        "answer, but ask it in your real rounds. Anything else you'd like to ask?",
    ],
    "move_to_design_given": [
        "You've named the main pieces already. Walk me through one request end to end: which of them does it touch, in what order?",
        "You've sketched the architecture. Take one request through it from start to finish.",
    ],
    "listen_deeper": [
        "Go on. What's the hardest part of that to get right?",
        "Keep going. How would you know that part is healthy in production?",
        "What's the weakest point of that, and what would you do about it?",
    ],
    "chase": [
        "Before we move on, I'd still like your answer on {subject}.",
        "Let's not skip {subject}: how would you handle it?",
        "Back to {subject} for a moment: what's your answer there?",
    ],
    "chase_event": [
        "Before we move on: what happens when {subject}?",
        "Let's not skip this one. Say {subject}: what then?",
        "Back to my scenario, where {subject}: what's your answer?",
    ],
    "chase_extend": [
        "Before we move on: how would {subject} fit into your design?",
        "Back to {subject} for a moment: what would you add for it?",
    ],
    "chase_scenario": [
        "Before we move on, back to the scenario I gave you: what changes?",
        "Let's not skip the scenario I gave you. What changes in your design?",
        "I'd still like your answer on that scenario.",
    ],
    "revisit": [
        "{question}",
        "We moved past this one earlier. {question}",
        "One we left open. {question}",
    ],
    "depth_probe": [
        "{question}",
        "Let's stay with your design. {question}",
        "Going one level deeper. {question}",
    ],
    "scale_twist": [
        "Let's change the picture. {question}",
        "Here's a twist: {question}",
        "Suppose things change. {question}",
    ],
    "failure_probe": [
        "Let's talk about failure. {question}",
        "Things break. {question}",
        "Walk me through a failure: {question}",
    ],
    "company_question": [
        "Let me ask you something a little different. {question}",
        "Switching angles for a moment. {question}",
        "{question}",
    ],
    "failure_probe_next": [
        "Another one: {question}",
        "Next failure: {question}",
        "{question}",
    ],
    "numbers_hold": [
        "Those numbers hold up.",
        "Right, those figures work.",
        "Your figures look right.",
        "Good, the maths works.",
    ],
    "ask_summary": [
        "Let's wrap up. Summarise your design in a minute: the key decisions and the main trade-off.",
        "Can you summarise the design and say what you'd do with more time?",
        "To finish, give me a one-minute summary: the main components, the key numbers and the biggest trade-off.",
    ],
    "follow_up": [
        "Thanks. Looking back, what would you change, or explore next with more time?",
        "Good. If you had another hour, where would you spend it?",
        "Thanks for that. If you started again, what would you build differently?",
    ],
    "questions_for_me": [
        "Any questions for me?",
        "Is there anything you'd like to ask me?",
        "Anything you'd like to ask before we finish?",
    ],
    "wrap_done": [
        "Understood.",
        "Fair enough.",
        "OK, noted.",
    ],
    "wrap_more": [
        "Thanks. Anything else before we finish?",
        "Noted. Is there anything you'd like to add before we stop?",
        "Thanks for that. Anything else, or shall we stop there?",
    ],
    "close": [
        "Thanks, that's the end of the interview.",
        "Thank you for your time; let's look at how it went.",
        "We'll stop there. Thanks for walking me through it.",
    ],
    "assume": [
        "I don't have a figure for that; assume a reasonable one and state it.",
        "I haven't got a number for that; pick a sensible one and say it out loud.",
        "No figure on my side for that; assume one you can defend.",
    ],
    "close_question": [
        "One question to take away, since we had no time for it today: {question}",
        "Something to think about afterwards: {question}",
    ],
}
