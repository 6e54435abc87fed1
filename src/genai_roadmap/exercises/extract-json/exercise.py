"""Structured output: a model asked for JSON still says "Sure! Here it is: ```json {...} ```".
Extract the first JSON object from the reply.
"""
import json


def extract_json(text):
    return json.loads(text)
