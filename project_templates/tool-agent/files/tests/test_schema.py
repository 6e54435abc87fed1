from __future__ import annotations

from typing import Literal

import pytest

from {{ cookiecutter.package_name }} import schema


def book_table(city: str, guests: int, time: Literal["lunch", "dinner"] = "dinner",
               tags: list[str] | None = None, budget: float = 50.0, terrace: bool = False) -> str:
    """Book a table at a restaurant.

    Only for restaurants that take online bookings.

    Args:
        city: Where to book.
        guests: How many people, the host included.
        time: Which service.
    """
    return "booked"


def test_a_signature_and_docstring_become_a_json_schema():
    description, params = schema.schema_from_signature(book_table)
    assert description == "Book a table at a restaurant. Only for restaurants that take online bookings."
    assert params["required"] == ["city", "guests"] and params["additionalProperties"] is False
    props = params["properties"]
    assert props["city"] == {"type": "string", "description": "Where to book."}
    assert props["guests"]["type"] == "integer" and props["guests"]["description"].startswith("How many")
    assert props["time"] == {"enum": ["lunch", "dinner"], "description": "Which service.",
                             "default": "dinner"}
    assert props["tags"]["anyOf"] == [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]
    assert props["budget"] == {"type": "number", "default": 50.0}
    assert props["terrace"] == {"type": "boolean", "default": False}
    schema.check_schema(params)


def test_functions_that_cannot_be_described_are_refused():
    def untyped(x):
        return x

    def splat(*args: int) -> int:
        return 0

    with pytest.raises(schema.SchemaError, match="needs a type hint"):
        schema.schema_from_signature(untyped)
    with pytest.raises(schema.SchemaError, match=r"\*args"):
        schema.schema_from_signature(splat)
    with pytest.raises(schema.SchemaError, match="not a valid JSON Schema"):
        schema.check_schema({"type": "object", "properties": "city"})


@pytest.mark.parametrize("arguments,message", [
    ({"guests": 2}, "$: 'city' is a required property"),
    ({"city": "Paris", "guests": "two"}, "$.guests: 'two' is not of type 'integer'"),
    ({"city": "Paris", "guests": True}, "$.guests: True is not of type 'integer'"),
    ({"city": "Paris", "guests": 2, "time": "brunch"}, "$.time: 'brunch' is not one of ['lunch', 'dinner']"),
    ({"city": "Paris", "guests": 2, "pets": 1}, "properties are not allowed ('pets' was unexpected)"),
    ({"city": "Paris", "guests": 2, "tags": ["quiet", 3]}, "$.tags"),
])
def test_arguments_that_break_the_schema_are_reported(arguments, message):
    _, params = schema.schema_from_signature(book_table)
    problems = schema.validate(arguments, params)
    assert problems and any(message in problem for problem in problems), problems


def test_valid_arguments_and_bounds():
    _, params = schema.schema_from_signature(book_table)
    assert schema.validate({"city": "Paris", "guests": 2, "tags": None, "budget": 30}, params) == []
    bounded = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 9},
                                                "name": {"type": "string", "minLength": 1}}}
    assert schema.validate({"n": 5, "name": "x"}, bounded) == []
    assert "less than the minimum of 1" in schema.validate({"n": 0}, bounded)[0]
    assert "greater than the maximum of 9" in schema.validate({"n": 10}, bounded)[0]
    assert schema.validate({"name": ""}, bounded)
