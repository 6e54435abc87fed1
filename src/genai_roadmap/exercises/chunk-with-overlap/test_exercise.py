from exercise import chunk
from genai_check import expect

TEXT = "one two three four five six seven eight nine ten"


def test_overlap():
    expect(chunk(TEXT, 4, 1), ["one two three four", "four five six seven", "seven eight nine ten"],
           "chunks of 4 words overlapping by 1")


def test_short_tail_no_duplicate():
    expect(chunk(TEXT, 4, 2), ["one two three four", "three four five six", "five six seven eight", "seven eight nine ten"],
           "chunks of 4 overlapping by 2")
    expect(chunk(TEXT, 6, 0), ["one two three four five six", "seven eight nine ten"], "chunks of 6 with no overlap")


def test_edge_cases():
    expect(chunk("", 3, 1), [], "chunks of an empty text")
    try:
        chunk(TEXT, 3, 3)
    except ValueError:
        return
    raise AssertionError("chunk(text, 3, 3) should raise ValueError (overlap must be smaller than size)")
