"""The classic first agent tool: a calculator. The model writes the expression, so treat it as hostile."""
import ast
import operator


def calculate(expression):
    """The value of an arithmetic expression; ValueError for anything that is not plain arithmetic."""
    ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow, ast.Mod: operator.mod}

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 100:
                raise ValueError("exponent too large")
            try:
                return ops[type(node.op)](left, right)
            except ZeroDivisionError:
                raise ValueError("division by zero") from None
        raise ValueError(f"not allowed: {type(node).__name__}")

    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise ValueError("not an expression") from None
    return walk(tree)
