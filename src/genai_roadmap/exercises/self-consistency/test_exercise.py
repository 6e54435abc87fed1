from exercise import final_answer, vote
from genai_check import close, expect


def test_final_answer():
    expect(final_answer("3 + 4 = 7, times 2 is 14. Answer: 14."), "14", "answer of a CoT reply")
    expect(final_answer("Answer: maybe. On reflection, Answer:  Paris "), "paris", "the last 'Answer:' wins")
    expect(final_answer("I am not sure"), None, "a reply with no answer")


def test_vote():
    replies = ["Answer: 14", "so Answer: 12", "Answer: 14.", "no idea", "Answer: 12", "Answer:14"]
    winner, share = vote(replies)
    expect(winner, "14", "majority answer")
    close(share, 0.6, "its share of the 5 votes")


def test_tie_and_empty():
    expect(vote(["Answer: b", "Answer: a"])[0], "b", "a tie goes to the answer reached first")
    expect(vote(["nothing"]), (None, 0.0), "vote with no answers")
