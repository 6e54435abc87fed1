"""JSON Schema for tools: generated from a Python signature, and used to validate arguments.

`schema_from_signature(func)` reads the type hints and the docstring (a description, then an
`Args:` section with `name: description` lines) and builds the `parameters` object that function
calling APIs expect. `validate(arguments, schema)` returns the list of problems, empty when the
arguments fit.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin
{%- if cookiecutter.validator == "jsonschema" %}

import jsonschema
{%- endif %}

VALIDATOR = "{{ cookiecutter.validator }}"
_SIMPLE = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object",
           list: "array", tuple: "array", type(None): "null"}


class SchemaError(TypeError):
    """A function cannot be described with JSON Schema (say, a parameter without a type hint)."""


def type_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of one Python type hint."""
    if hint in _SIMPLE:
        return {"type": _SIMPLE[hint]}
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (Union, types.UnionType):
        options = [type_schema(arg) for arg in args if arg is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin in (list, tuple, set, frozenset):
        return {"type": "array", **({"items": type_schema(args[0])} if args else {})}
    if origin is dict:
        return {"type": "object", **({"additionalProperties": type_schema(args[1])} if args else {})}
    raise SchemaError(f"no JSON Schema for the type {hint!r}")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """The description (the text before `Args:`) and each argument's description from that section."""
    text = inspect.cleandoc(doc or "")
    description = " ".join(re.split(r"^Args:", text, maxsplit=1, flags=re.M)[0].split())
    params: dict[str, str] = {}
    section = re.search(r"^Args:\s*\n(.*?)(?:\n\s*\n|\Z)", text, re.S | re.M)
    current = None
    for line in section.group(1).splitlines() if section else []:
        match = re.match(r"\s+(\w+)(?:\s*\([^)]*\))?:\s*(.*)", line)
        if match:
            current = match.group(1)
            params[current] = match.group(2).strip()
        elif current and line.strip():
            params[current] += " " + line.strip()
    return description, params


def schema_from_signature(func: Callable[..., Any]) -> tuple[str, dict[str, Any]]:
    """(description, parameters schema) of a function, from its hints and docstring."""
    description, docs = parse_docstring(func.__doc__)
    hints = typing.get_type_hints(func)
    properties: dict[str, Any] = {}
    required = []
    for name, param in inspect.signature(func).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise SchemaError(f"{func.__name__}: *args and **kwargs cannot be described as tool arguments")
        if name not in hints:
            raise SchemaError(f"{func.__name__}: the parameter '{name}' needs a type hint")
        prop = type_schema(hints[name])
        if name in docs:
            prop["description"] = docs[name]
        if param.default is param.empty:
            required.append(name)
        else:
            prop["default"] = param.default
        properties[name] = prop
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return description, schema


def check_schema(schema: dict[str, Any]) -> None:
    """Raise SchemaError when a declared schema cannot describe a tool's arguments."""
    if schema.get("type") != "object" or not isinstance(schema.get("properties", {}), dict):
        raise SchemaError("not a valid JSON Schema: tool parameters must be an object with 'properties'")
{%- if cookiecutter.validator == "jsonschema" %}
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise SchemaError(f"not a valid JSON Schema: {exc.message}") from None
{%- endif %}
{%- if cookiecutter.validator == "jsonschema" %}


def validate(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Every way `instance` breaks `schema` (Draft 2020-12, via the jsonschema library)."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    return [f"{_where(list(error.absolute_path))}: {error.message}" for error in errors]
{%- else %}


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def validate(instance: Any, schema: dict[str, Any], path: list | None = None) -> list[str]:
    """Every way `instance` breaks `schema`, for the keywords tool schemas use.

    Covers type, enum, anyOf, properties, required, additionalProperties, items, min/max,
    minLength/maxLength, pattern, minItems/maxItems; the messages follow the jsonschema library.
    """
    path = path or []
    where = _where(path)
    if "anyOf" in schema:
        if all(validate(instance, option, path) for option in schema["anyOf"]):
            return [f"{where}: {instance!r} is not valid under any of the given schemas"]
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{where}: {instance!r} is not one of {schema['enum']!r}"]
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES[k](instance) for k in kinds):
            return [f"{where}: {instance!r} is not of type {', '.join(repr(k) for k in kinds)}"]
    errors: list[str] = []
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        errors += [f"{where}: {name!r} is a required property"
                   for name in schema.get("required", []) if name not in instance]
        extra = [name for name in instance if name not in properties]
        if extra and schema.get("additionalProperties") is False:
            listed = ", ".join(repr(name) for name in extra)
            errors.append(f"{where}: Additional properties are not allowed ({listed} "
                          f"{'was' if len(extra) == 1 else 'were'} unexpected)")
        for name, value in instance.items():
            if name in properties:
                errors += validate(value, properties[name], [*path, name])
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            errors += validate(item, schema["items"], [*path, index])
    return errors + _bounds(instance, schema, where)


def _bounds(instance: Any, schema: dict[str, Any], where: str) -> list[str]:
    errors = []
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{where}: {instance!r} is less than the minimum of {schema['minimum']!r}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{where}: {instance!r} is greater than the maximum of {schema['maximum']!r}")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{where}: {instance!r} is too short")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            errors.append(f"{where}: {instance!r} is too long")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{where}: {instance!r} does not match {schema['pattern']!r}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{where}: {instance!r} should be non-empty" if schema["minItems"] == 1
                          else f"{where}: {instance!r} is too short")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errors.append(f"{where}: {instance!r} is too long")
    return errors
{%- endif %}


def _where(path: list) -> str:
    """`$.city` or `$.items[2]`: where in the arguments a problem is."""
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
