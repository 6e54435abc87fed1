"""`genai config get|set|unset|list`: the settings in config.toml (the file itself: config.py)."""

from __future__ import annotations

from genai_roadmap import paths
from genai_roadmap.config import (
    SETTINGS,
    Entry,
    Listing,
    entry,
    load,
    rewrite,
    setting,
    toml_value,
)
from genai_roadmap.errors import GenaiError


def get(key: str, required: bool = False) -> Entry:
    """A setting's entry; with `required`, an error when it has neither a value nor a default."""
    setting(key)
    found = entry(key, load())
    if required and found.value is None:
        raise GenaiError(f"{key} is not set", hint=f"set it with: genai config set {key} VALUE")
    return found


def listing() -> Listing:
    values = load()
    return Listing(paths.config_file(), [entry(key, values) for key in SETTINGS])


def set_value(key: str, text: str) -> Entry:
    new = setting(key).parse(text)
    return rewrite(key, f"{key} = {toml_value(new)}\n")


def unset(key: str) -> Entry:
    setting(key)
    return rewrite(key, None)
