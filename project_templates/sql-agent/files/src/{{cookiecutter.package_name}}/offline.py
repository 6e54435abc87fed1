"""The offline brain for the `fake` provider: plain rules that turn common questions about the
sample shop database into SQL. It knows only that schema; a real model handles any.

When the conversation already holds a failed query, it gives up (returns no SQL), so the agent's
retry loop ends the way it would with a model that cannot fix its query.
"""

from __future__ import annotations

import re

from .providers import Message

REVENUE = "ROUND(SUM(oi.quantity * p.price), 2) AS revenue"
SALES = ("FROM order_items oi JOIN products p ON p.id = oi.product_id "
         "JOIN orders o ON o.id = oi.order_id")
NOT_CANCELLED = "o.status != 'cancelled'"
COUNTRIES = ("brazil", "france", "germany", "italy", "japan", "spain", "united kingdom", "united states")
TABLES = ("customers", "products", "orders", "order_items")


def offline_sql(messages: list[Message]) -> str:
    if any(m.role == "assistant" for m in messages):
        return ""
    question = next(m.content for m in reversed(messages) if m.role == "user")
    return translate(question)


def _where(*conditions: str) -> str:
    kept = [c for c in conditions if c]
    return " WHERE " + " AND ".join(kept) if kept else ""


def translate(question: str) -> str:
    q = question.lower()
    number = re.search(r"\b(\d{1,2})\b", q)
    top = int(number.group(1)) if number else 5
    year = re.search(r"\b(20\d\d)\b", q)
    in_year = f"strftime('%Y', o.ordered_at) = '{year.group(1)}'" if year else ""
    country = next((c for c in COUNTRIES if c in q), None)
    from_country = f"c.country = '{country.title()}'" if country else ""
    if "how many" in q or "number of" in q or q.startswith("count"):
        if "customer" in q:
            return f"SELECT COUNT(*) AS customers FROM customers c{_where(from_country)}"
        if "product" in q:
            return "SELECT COUNT(*) AS products FROM products"
        if "order" in q:
            status = next((s for s in ("cancelled", "shipped", "paid") if s in q), "")
            return ("SELECT COUNT(*) AS orders FROM orders o"
                    + _where(in_year, f"o.status = '{status}'" if status else ""))
    if "revenue" in q or "sales" in q or "spent" in q or "spend" in q:
        if "countr" in q:
            return (f"SELECT c.country, {REVENUE} {SALES} JOIN customers c ON c.id = o.customer_id"
                    f"{_where(NOT_CANCELLED, in_year)} GROUP BY c.country ORDER BY revenue DESC")
        if "categor" in q:
            return (f"SELECT p.category, {REVENUE} {SALES}{_where(NOT_CANCELLED, in_year)} "
                    "GROUP BY p.category ORDER BY revenue DESC")
        if "product" in q:
            return (f"SELECT p.name, {REVENUE} {SALES}{_where(NOT_CANCELLED, in_year)} "
                    f"GROUP BY p.id ORDER BY revenue DESC LIMIT {top}")
        if "customer" in q:
            return (f"SELECT c.name, {REVENUE} {SALES} JOIN customers c ON c.id = o.customer_id"
                    f"{_where(NOT_CANCELLED, in_year)} GROUP BY c.id ORDER BY revenue DESC LIMIT {top}")
        if "month" in q:
            return (f"SELECT strftime('%Y-%m', o.ordered_at) AS month, {REVENUE} {SALES}"
                    f"{_where(NOT_CANCELLED, in_year)} GROUP BY month ORDER BY month")
        return f"SELECT {REVENUE} {SALES}{_where(NOT_CANCELLED, in_year)}"
    if "average order" in q:
        return (f"SELECT ROUND(AVG(total), 2) AS average_order_value FROM (SELECT o.id, "
                f"SUM(oi.quantity * p.price) AS total {SALES}{_where(NOT_CANCELLED, in_year)} GROUP BY o.id)")
    if "expensive" in q or "cheapest" in q:
        order = "DESC" if "expensive" in q else "ASC"
        return f"SELECT name, price FROM products ORDER BY price {order} LIMIT {top if number else 1}"
    if "customer" in q and country:
        return f"SELECT c.name, c.email FROM customers c{_where(from_country)} ORDER BY c.name"
    table = next((t for t in reversed(TABLES) if t.replace("_", " ") in q or t in q), None)
    if table:
        return f"SELECT * FROM {table} LIMIT 20"
    return ""
