"""The ReAct loop (Reason + Act) hinges on parsing the model's step: call a tool, or answer."""
import re


def parse_step(reply):
    final = re.search(r"^Final Answer:\s*(.*)$", reply, re.MULTILINE | re.DOTALL)
    if final:
        return {"type": "final", "answer": final.group(1).strip()}
    action = re.search(r"^Action:\s*(\w+)\[(.*)\]\s*$", reply, re.MULTILINE)
    if action:
        return {"type": "action", "tool": action.group(1), "input": action.group(2)}
    raise ValueError("neither an Action nor a Final Answer")
