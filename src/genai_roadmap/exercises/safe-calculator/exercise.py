"""The classic first agent tool: a calculator. The model writes the expression, so treat it as hostile."""
import ast
import operator


def calculate(expression):
    """The value of an arithmetic expression; ValueError for anything that is not plain arithmetic."""
    # Tempting, and wrong: eval(expression) runs whatever the model wrote ("__import__('os')…").
    raise NotImplementedError("calculate is not written yet")
