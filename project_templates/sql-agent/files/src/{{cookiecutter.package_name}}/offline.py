"""The offline brain for the `fake` provider: a small rule-based translator from questions about
the bundled sample shop to SQL. It is a stand-in, not a model, and it is honest about it:

- Every word of the question must be one it understands (an entity, a measure, a filter, a
  superlative, a number, or a filler word such as "which" or "placed"). One unknown word ("not",
  "poem", "last", "between") and it declines rather than answer a nearby question.
- The words must fit one of the question shapes below (counts, grouped counts, revenue or units
  sold by a dimension, rankings, averages, prices, lists); otherwise it declines.
- It knows only the sample schema: on another database it declines.

Declining means replying with a line that starts with DECLINE; the agent stops there and the
command line says plainly that the offline stand-in cannot answer (exit 1). A real model
(LLM_PROVIDER=openai, anthropic or ollama) handles any question and any schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .providers import Message

DECLINE = "-- offline stand-in: cannot answer"
REVENUE = "ROUND(SUM(oi.quantity * p.price), 2) AS revenue"
UNITS = "SUM(oi.quantity) AS units"
SALES = ("FROM order_items oi JOIN products p ON p.id = oi.product_id "
         "JOIN orders o ON o.id = oi.order_id JOIN customers c ON c.id = o.customer_id")
NOT_CANCELLED = "o.status != 'cancelled'"
COUNTRIES = ("brazil", "france", "germany", "italy", "japan", "spain", "united kingdom", "united states")
CATEGORIES = ("accessories", "audio", "computers", "displays")
EXAMPLES = ("How many customers are there?", "Which customer placed the most orders?",
            "What is the total revenue by country?", "Top 3 products by revenue",
            "Average order value in 2024", "Customers from Germany")

# word → (slot, value); several spellings share one meaning
ENTITIES = {"customer": "customer", "customers": "customer", "client": "customer", "clients": "customer",
            "buyer": "customer", "buyers": "customer", "product": "product", "products": "product",
            "item": "product", "items": "product", "order": "order", "orders": "order",
            "purchase": "order", "purchases": "order", "country": "country", "countries": "country",
            "category": "category", "categories": "category", "month": "month", "months": "month",
            "monthly": "month", "status": "status", "statuses": "status"}
PLURALS = {"customers", "clients", "buyers", "products", "items", "orders", "purchases", "countries",
           "categories", "months", "statuses"}
MEASURES = {"revenue": "revenue", "sales": "revenue", "turnover": "revenue", "spent": "revenue",
            "spend": "revenue", "spending": "revenue", "earned": "revenue", "income": "revenue",
            "money": "revenue", "value": "revenue", "sold": "units", "units": "units",
            "quantity": "units", "popular": "units", "selling": "units", "price": "price",
            "prices": "price", "priced": "price"}
HIGH = {"most", "top", "best", "highest", "biggest", "largest", "maximum", "max"}
LOW = {"least", "fewest", "lowest", "smallest", "worst", "bottom", "minimum", "min"}
PRICE_HIGH, PRICE_LOW = {"expensive", "priciest", "costliest"}, {"cheapest", "cheap", "cheaper"}
AVERAGE = {"average", "avg", "mean"}
STATUSES = {"paid": "paid", "shipped": "shipped", "cancelled": "cancelled", "canceled": "cancelled"}
GROUPERS = {"by", "per", "each", "every"}
FILLER = set("""a an the is are was were be been what whats which who whose show me list give tell
please all of in from for there do does did we have has had total overall placed made make
bought buy ordered with our their to at so far ever on how many much number count counts
sum amount one ones that this these those it its generate generated brought get got
across""".split())


class Decline(ValueError):
    """The question is outside what the offline translator understands."""


@dataclass
class Parse:
    entities: list[tuple[str, bool]] = field(default_factory=list)  # (entity, plural) in order
    grouped: list[str] = field(default_factory=list)  # entities right after by/per/each
    measure: str | None = None
    direction: str | None = None  # "DESC" or "ASC"
    price_direction: str | None = None
    average: bool = False
    count: bool = False
    number: int | None = None
    year: str | None = None
    country: str | None = None
    category: str | None = None
    status: str | None = None


def offline_sql(messages: list[Message]) -> str:
    """The fake provider's reply: SQL for a question it understands, else a DECLINE line."""
    schema = next((m.content for m in messages if m.role == "system"), "")
    if "CREATE TABLE order_items" not in schema or "CREATE TABLE customers" not in schema:
        return f"{DECLINE}: it only knows the bundled sample shop database"
    if any(m.role == "assistant" for m in messages):
        return f"{DECLINE}: it cannot correct a failed query"
    question = next(m.content for m in reversed(messages) if m.role == "user")
    try:
        return translate(question)
    except Decline as why:
        return f"{DECLINE}: {why}"


def parse(question: str) -> Parse:
    text = question.lower().replace("'s", "").replace("best-selling", "best selling")
    for country in COUNTRIES:  # multi-word names become one token
        text = text.replace(country, country.replace(" ", "_"))
    words = re.findall(r"[a-z0-9_]+", text)
    if not words:
        raise Decline("the question is empty")
    found, unknown = Parse(), []
    if re.search(r"\bhow many\b|\bnumber of\b|^count\b", text):
        found.count = True
    after_grouper = False
    for word in words:
        if word in GROUPERS:
            after_grouper = True
            continue
        if word in ENTITIES:
            entity = ENTITIES[word]
            found.entities.append((entity, word in PLURALS))
            if after_grouper:
                found.grouped.append(entity)
        elif word in MEASURES:
            if found.measure and found.measure != MEASURES[word]:
                raise Decline("it cannot combine two measures in one question")
            found.measure = MEASURES[word]
        elif word in HIGH or word in LOW:
            found.direction = "DESC" if word in HIGH else "ASC"
        elif word in PRICE_HIGH or word in PRICE_LOW:
            found.price_direction = "DESC" if word in PRICE_HIGH else "ASC"
            found.measure = found.measure or "price"
        elif word in AVERAGE:
            found.average = True
        elif word in STATUSES:
            found.status = STATUSES[word]
        elif re.fullmatch(r"20\d\d", word):
            found.year = word
        elif re.fullmatch(r"[1-9]\d?", word):
            found.number = int(word)
        elif word.replace("_", " ") in COUNTRIES:
            found.country = word.replace("_", " ").title()
        elif word in CATEGORIES:
            found.category = word.title()
        elif word not in FILLER:
            unknown.append(word)
        if word not in FILLER:
            after_grouper = False
    if unknown:
        raise Decline(f"it does not understand {', '.join(repr(w) for w in dict.fromkeys(unknown))}")
    return found


def _where(*conditions: str | None) -> str:
    kept = [c for c in conditions if c]
    return " WHERE " + " AND ".join(kept) if kept else ""


def translate(question: str) -> str:
    """SQL for a question about the sample shop; raises Decline when the question is not one of
    the shapes it understands (it never answers a different question instead)."""
    q = parse(question)
    entities = list(dict.fromkeys(entity for entity, _ in q.entities))
    year = f"strftime('%Y', o.ordered_at) = '{q.year}'" if q.year else None
    country = f"c.country = '{q.country}'" if q.country else None
    category = f"p.category = '{q.category}'" if q.category else None
    status = f"o.status = '{q.status}'" if q.status else None
    if q.average:
        return _average(q, entities, year, country, category)
    if q.measure == "price":
        return _prices(q, entities, category)
    if q.measure in ("revenue", "units"):
        return _sales(q, entities, year, country, category, status)
    if q.count or (q.direction and len(entities) == 2):
        return _counts(q, entities, year, country, category, status)
    if q.direction or q.number:
        raise Decline("it cannot tell what to rank by (try 'by revenue' or 'the most orders')")
    return _listing(q, entities, year, country, category, status)


def _singular(q: Parse, entity: str) -> bool:
    return not next((plural for e, plural in q.entities if e == entity), True)


def _rank(select: str, column: str, q: Parse, singular: bool, order: str | None = None) -> str:
    """Order a grouped query by `column`. "Which customer …the most" asks for one: every row tied
    at the top is returned, so a tie is never hidden behind an arbitrary LIMIT 1."""
    direction = q.direction or "DESC"
    if q.number:
        return f"{select} ORDER BY {column} {direction}, 1 LIMIT {q.number}"
    if singular and q.direction:
        best = "MAX" if direction == "DESC" else "MIN"
        return (f"WITH ranked AS ({select}) SELECT * FROM ranked "
                f"WHERE {column} = (SELECT {best}({column}) FROM ranked) ORDER BY 1")
    return f"{select} ORDER BY {order or f'{column} {direction}, 1'}"


COUNTED = {  # entity counted → what COUNT counts, over the joined sales
    "customer": ("COUNT(DISTINCT c.id) AS customers", "customers"),
    "product": ("COUNT(DISTINCT p.id) AS products", "products"),
    "order": ("COUNT(DISTINCT o.id) AS orders", "orders"),
}
GROUP = {  # grouping entity → (selected expression, GROUP BY expression)
    "customer": ("c.name", "c.id"), "product": ("p.name", "p.id"), "country": ("c.country", "c.country"),
    "category": ("p.category", "p.category"), "month": ("strftime('%Y-%m', o.ordered_at) AS month", "month"),
    "status": ("o.status", "o.status"),
}


def _counts(q, entities, year, country, category, status) -> str:
    if len(entities) == 1 and not q.direction:
        counted = entities[0]
        if counted == "customer" and not (year or status or category):
            return f"SELECT COUNT(*) AS customers FROM customers c{_where(country)}"
        if counted == "product" and not (year or status or country):
            return f"SELECT COUNT(*) AS products FROM products p{_where(category)}"
        if counted == "order" and not category:
            join = " JOIN customers c ON c.id = o.customer_id" if country else ""
            return f"SELECT COUNT(*) AS orders FROM orders o{join}{_where(year, status, country)}"
        if counted in COUNTED:
            return f"SELECT {COUNTED[counted][0]} {SALES}{_where(year, status, country, category)}"
        raise Decline(f"it cannot count {counted} values on their own")
    if len(entities) != 2:
        raise Decline("it answers counts of one thing, optionally per one other thing")
    # "Which customer placed the most orders?": the first entity is ranked by a count of the
    # second. "How many orders per customer?": the entity after per/by is the group.
    group = q.grouped[0] if q.grouped else entities[0]
    counted = next(e for e in entities if e != group)
    if counted not in COUNTED or group not in GROUP:
        raise Decline(f"it cannot count {counted} per {group}")
    select, by = GROUP[group]
    aggregate, column = COUNTED[counted]
    if counted == "customer" and group == "country" and not (year or status or category):
        base = f"SELECT c.country, COUNT(*) AS customers FROM customers c{_where(country)} GROUP BY c.country"
    elif counted == "product" and group == "category" and not (year or status or country):
        base = "SELECT p.category, COUNT(*) AS products FROM products p GROUP BY p.category"
    elif counted == "order" and group != "product" and group != "category" and not category:
        base = (f"SELECT {select}, COUNT(*) AS orders FROM orders o JOIN customers c ON c.id = o.customer_id"
                f"{_where(year, status, country)} GROUP BY {by}")
    else:
        base = f"SELECT {select}, {aggregate} {SALES}{_where(year, status, country, category)} GROUP BY {by}"
    return _rank(base, column, q, _singular(q, group) and not q.grouped,
                 "month" if group == "month" and not q.direction else None)


def _sales(q, entities, year, country, category, status) -> str:
    measure = REVENUE if q.measure == "revenue" else UNITS
    column = "revenue" if q.measure == "revenue" else "units"
    groups = [e for e in entities if e != "order"]
    if q.count:
        raise Decline("it cannot count and sum in one question")
    if len(groups) > 1:
        raise Decline("it groups by one thing at a time")
    where = _where(status or NOT_CANCELLED, year, country, category)
    if not groups:
        if q.direction or q.number:
            raise Decline("it cannot tell what to rank (try 'products by revenue')")
        return f"SELECT {measure} {SALES}{where}"
    select, by = GROUP[groups[0]]
    base = f"SELECT {select}, {measure} {SALES}{where} GROUP BY {by}"
    return _rank(base, column, q, _singular(q, groups[0]),
                 "month" if groups[0] == "month" and not q.direction else None)


def _average(q, entities, year, country, category) -> str:
    others = [e for e in entities if e not in ("order", "product", "category")]
    if q.measure == "price" and set(entities) <= {"product", "category"} and not (year or country):
        if "category" in entities:
            return (f"SELECT p.category, ROUND(AVG(p.price), 2) AS average_price FROM products p"
                    f"{_where(category)} GROUP BY p.category ORDER BY average_price DESC")
        return f"SELECT ROUND(AVG(p.price), 2) AS average_price FROM products p{_where(category)}"
    if "order" in entities and q.measure in (None, "revenue") and not others and not category:
        return ("SELECT ROUND(AVG(total), 2) AS average_order_value FROM (SELECT o.id, "
                f"SUM(oi.quantity * p.price) AS total {SALES}{_where(NOT_CANCELLED, year, country)} "
                "GROUP BY o.id)")
    raise Decline("it knows the average order value and the average price, not this average")


def _prices(q, entities, category) -> str:
    if set(entities) - {"product"} or q.count:
        raise Decline("it answers prices of products only")
    base = f"SELECT p.name, p.price FROM products p{_where(category)}"
    # "least expensive" is the cheapest: the two directions multiply
    direction = q.price_direction or q.direction
    if q.price_direction and q.direction:
        direction = "DESC" if q.price_direction == q.direction else "ASC"
    if not direction:
        return f"{base} ORDER BY p.name"
    return _rank(base, "price", replace(q, direction=direction), _singular(q, "product"))


def _listing(q, entities, year, country, category, status) -> str:
    if len(entities) != 1:
        raise Decline("it does not recognise this kind of question")
    entity = entities[0]
    if entity == "customer" and not (year or status or category):
        return f"SELECT c.name, c.email, c.country FROM customers c{_where(country)} ORDER BY c.name"
    if entity == "product" and not (year or status or country):
        return f"SELECT p.name, p.category, p.price FROM products p{_where(category)} ORDER BY p.name"
    if entity == "order" and not category:
        return ("SELECT o.id, c.name AS customer, o.ordered_at, o.status FROM orders o "
                f"JOIN customers c ON c.id = o.customer_id{_where(year, status, country)} "
                "ORDER BY o.ordered_at")
    if entity in ("country", "category") and not (year or status):
        column = "c.country FROM customers c" if entity == "country" else "p.category FROM products p"
        return f"SELECT DISTINCT {column} ORDER BY 1"
    raise Decline("it does not recognise this kind of question")
