"""The ReAct loop (Reason + Act) hinges on parsing the model's step: call a tool, or answer."""
import re


def parse_step(reply):
    raise NotImplementedError("parse_step is not written yet")
