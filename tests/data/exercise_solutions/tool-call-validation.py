"""A model's tool call is untrusted input: check its arguments against the tool's JSON schema
before running anything. This handles the subset of JSON Schema tools use: type, properties,
required, enum, additionalProperties.
"""

TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,), "object": (dict,)}


def validate(arguments, schema):
    """A list of problems (strings), in the order: missing required keys, then each argument in order."""
    if not isinstance(arguments, dict):
        return ["arguments: expected object"]
    errors = [f"{name}: missing" for name in schema.get("required", []) if name not in arguments]
    properties = schema.get("properties", {})
    for name, value in arguments.items():
        spec = properties.get(name)
        if spec is None:
            if schema.get("additionalProperties", True) is False:
                errors.append(f"{name}: not allowed")
            continue
        kind = spec.get("type")
        if kind:
            ok = isinstance(value, TYPES[kind]) and not (kind in ("integer", "number") and isinstance(value, bool))
            if not ok:
                errors.append(f"{name}: expected {kind}")
                continue
        if "enum" in spec and value not in spec["enum"]:
            errors.append(f"{name}: not one of {spec['enum']}")
    return errors
