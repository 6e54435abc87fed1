"""A model's tool call is untrusted input: check its arguments against the tool's JSON schema
before running anything. This handles the subset of JSON Schema tools use: type, properties,
required, enum, additionalProperties.
"""

TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,), "object": (dict,)}


def validate(arguments, schema):
    """A list of problems (strings), in the order: missing required keys, then each argument in order."""
    raise NotImplementedError("validate is not written yet")
