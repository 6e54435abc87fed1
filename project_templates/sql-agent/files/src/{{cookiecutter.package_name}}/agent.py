"""The agent loop: question → SQL → guard → read-only run; on an error, the model corrects itself."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .database import describe_schema, run_query
from .guard import UnsafeSQL, check_sql, extract_sql
from .offline import DECLINE, offline_sql
from .providers import Message, Provider, get_provider, system, user

MAX_RETRIES = {{ cookiecutter.max_retries }}
ROW_LIMIT = {{ cookiecutter.row_limit }}
SYSTEM_PROMPT = """You translate questions into SQL for the SQLite database described below.
Reply with exactly one read-only SELECT statement and nothing else: no explanation, no code fence.
Use only the tables and columns of the schema. Revenue means quantity times price of orders that
are not cancelled.

Schema:
{schema}"""
FIX_PROMPT = "That query failed: {error}\nReply with only the corrected SELECT statement."


@dataclass
class Attempt:
    sql: str
    error: str | None = None


@dataclass
class Result:
    question: str
    attempts: list[Attempt] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False
    declined: str | None = None  # why the offline stand-in cannot answer, when it cannot

    @property
    def ok(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].error is None

    @property
    def sql(self) -> str:
        return self.attempts[-1].sql if self.attempts else ""


class SqlAgent:
    def __init__(self, conn: sqlite3.Connection, provider: Provider | None = None,
                 max_retries: int = MAX_RETRIES, row_limit: int = ROW_LIMIT):
        self.conn = conn
        # Offline, the fake provider's "brain" is the rule-based translator for the sample data.
        self.provider = provider or get_provider(brain=offline_sql)
        self.max_retries = max_retries
        self.row_limit = row_limit
        self.schema = describe_schema(conn)

    def ask(self, question: str) -> Result:
        result = Result(question)
        messages: list[Message] = [system(SYSTEM_PROMPT.format(schema=self.schema)), user(question)]
        for _ in range(self.max_retries + 1):
            reply = self.provider.complete(messages)
            if reply.startswith(DECLINE):
                result.declined = reply[len(DECLINE):].lstrip(": ")
                break
            sql = extract_sql(reply)
            try:
                result.columns, result.rows, result.truncated = run_query(
                    self.conn, check_sql(sql), self.row_limit)
            except (UnsafeSQL, sqlite3.Error) as exc:
                result.attempts.append(Attempt(sql, str(exc)))
                messages += [Message("assistant", reply), user(FIX_PROMPT.format(error=exc))]
                continue
            result.attempts.append(Attempt(sql))
            break
        return result
