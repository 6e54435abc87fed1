from exercise import validate
from genai_check import expect

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer"}, "unit": {"type": "string", "enum": ["c", "f"]}},
    "required": ["city"],
    "additionalProperties": False,
}


def test_valid_call():
    expect(validate({"city": "Paris", "days": 3, "unit": "c"}, WEATHER), [], "problems of a valid call")


def test_missing_and_extra():
    expect(validate({"days": 2, "country": "FR"}, WEATHER), ["city: missing", "country: not allowed"],
           "problems of a call missing 'city' with an extra 'country'")


def test_types_and_enum():
    expect(validate({"city": "Oslo", "days": True, "unit": "k"}, WEATHER),
           ["days: expected integer", "unit: not one of ['c', 'f']"], "a bool is not an integer; 'k' is not a unit")


def test_not_an_object():
    expect(validate(["Paris"], WEATHER), ["arguments: expected object"], "arguments that are a list")
