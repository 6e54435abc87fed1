"""Structured output: a model asked for JSON still says "Sure! Here it is: ```json {...} ```".
Extract the first JSON object from the reply.
"""
import json


def extract_json(text):
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    raise ValueError("no JSON object")
