"""`genai export --format html` and `genai view`: the learner's progress as one self-contained page.

The page is written so it works everywhere a file can be opened:

* Everything is inline (CSS and JS from `assets/`, charts as SVG drawn here); a Content-Security-
  Policy forbids every fetch, and only the page's own style and script (by hash) may run, so even
  a string that escaped escaping could not execute.
* With JavaScript off it is a checklist: phases in order, each item with its status, and its
  details in a native <details> element. The script adds the map on top: dependency edges, a
  details panel, filters, search and arrow-key navigation.
* Every user or roadmap string goes through `html.escape`; the JSON the script reads is escaped so
  `</script>` (or U+2028) in a title cannot end the element; only http(s) URLs become links.

A record is shown as *verified* when it carries a truthy `verified` field (a bool, or a mapping of
evidence such as `{"at": ..., "commit": ...}` without `"verified": false`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable

from genai_roadmap import __version__, clock, progress, srs
from genai_roadmap.roadmap import Item

NEXT_COUNT = 3  # what `genai next` shows by default
STATUS_LABEL = {"done": "done", "in_progress": "in progress", "skipped": "skipped", "pending": "pending"}
STATUS_MARK = {"done": "✓", "in_progress": "◐", "skipped": "⤼", "pending": "○"}
GRADE_LABEL = {"knew": "knew it", "partly": "partly", "didnt": "didn't"}
MAX_TEXT = 20_000  # one note or roadmap text shown at most this long: a hostile file cannot bloat the page


# --- escaping -----------------------------------------------------------------------------------
def esc(value: Any) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "…"
    return html.escape(text, quote=True)


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `</script>`, `<!--`, or JS line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def safe_url(url: str | None) -> str | None:
    """Only web links are links: a `javascript:` or `file:` URL in a roadmap stays text."""
    if not url:
        return None
    stripped = url.strip()
    return stripped if stripped.lower().startswith(("https://", "http://")) else None


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _asset(name: str) -> str:
    return (resources.files("genai_roadmap") / "assets" / name).read_text(encoding="utf-8")


# --- record helpers -----------------------------------------------------------------------------
verified = progress.verified  # one rule for what counts as verified, shared with status, stats and export


def _status_since(status: str, record: dict[str, Any]) -> str:
    day = clock.day_of(record.get("done_at") if status == "done" else record.get("updated"))
    words = {"done": "Done", "in_progress": "In progress", "skipped": "Skipped", "pending": "Not started"}[status]
    if day and status != "pending":
        words += (" on " if status == "done" else " since ") + day
    return words


def _quiz_summary(quiz: dict[str, Any]) -> str:
    history = [h for h in quiz.get("history") or [] if isinstance(h, dict)]
    if not history and not quiz.get("due"):
        return "not answered yet"
    parts = []
    if history:
        grades = ", ".join(GRADE_LABEL.get(str(h.get("grade")), str(h.get("grade"))) for h in history[-5:])
        parts.append(f"answered {len(history)} time{'s' if len(history) != 1 else ''} (last: {grades})")
    if quiz.get("due"):
        parts.append(f"next review {quiz['due']}")
    return "; ".join(parts)


# --- the page -----------------------------------------------------------------------------------
@dataclass
class _Context:
    prog: progress.Progress
    next_ids: list[str]
    questions: dict[str, list[Item]]  # item id -> the questions that check it
    notes: bool


def page(data, notes: bool = True) -> str:
    """The whole HTML page for an export.ExportData (`notes=False`: the learner's notes left out)."""
    from genai_roadmap.commands import stats

    rm = data.roadmap
    prog = progress.Progress(rm, data.state)
    next_ids = [n.item.id for n in progress.next_items(prog, NEXT_COUNT).items]
    questions: dict[str, list[Item]] = {}
    for item in rm.items:
        for checked in srs.checked_ids(item):
            questions.setdefault(checked, []).append(item)
    ctx = _Context(prog, next_ids, questions, notes)
    summary = stats.summarise(rm, data.state)

    total = sum(p.total for p in data.phases)
    finished = sum(p.finished for p in data.phases)
    percent = round(100 * finished / total) if total else 100
    css, js = _asset("map.css"), _asset("map.js")
    csp = (f"default-src 'none'; img-src data:; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "base-uri 'none'; form-action 'none'")
    model = {
        "roadmap": {"id": rm.id, "title": rm.title},
        "next": next_ids,
        "items": [{"id": row.item.id, "title": row.item.title, "phase": row.phase.id, "kind": row.item.kind,
                   "status": row.status, "verified": verified(row.record) is not None,
                   "deps": [d for d in row.item.depends_on if d in rm.by_id]} for row in data.items],
    }
    out = [
        "<!doctype html>",
        '<html lang="en" class="no-js">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="genai-roadmap {esc(__version__)}">',
        f"<title>{esc(rm.title)} — progress map</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#map">Skip to the map</a>',
        '<header class="top">',
        f"<h1>{esc(rm.title)}</h1>",
        f'<p class="summary"><strong>{finished}/{total}</strong> finished ({percent}%) on the '
        f"<code>{esc(rm.id)}</code> roadmap · exported {esc(clock.day_of(data.exported_at))} with genai-roadmap "
        f"{esc(__version__)}{'' if notes else ' · notes left out'}</p>",
        _progress_meter(finished, total),
        _legend(),
        "</header>",
        _next_up(rm, ctx),
        _charts(data, summary),
        _filters(rm, data),
        '<main id="map" class="map" aria-label="Roadmap map">',
        '<svg class="edges" aria-hidden="true" focusable="false"></svg>',
    ]
    for number, pp in enumerate(data.phases, 1):
        out.append(_phase_section(number, pp, {r.id: r for r in data.items}, ctx))
    if data.orphans:
        out.append(_orphans(data.orphans))
    out += [
        "</main>",
        '<aside id="detail" class="detail" aria-labelledby="detail-title" hidden>',
        '<div class="detail-head"><h2 id="detail-title" tabindex="-1">Item</h2>'
        '<button type="button" class="close" aria-label="Close the details">×</button></div>',
        '<div class="detail-body"></div>',
        "</aside>",
        '<footer class="foot"><p>Made by <code>genai export --format html</code> (or <code>genai view</code>). '
        "It is a snapshot: run the command again after <code>genai check</code> to refresh it. "
        "Keys: <kbd>/</kbd> search, arrow keys move between items, <kbd>Esc</kbd> closes the details.</p></footer>",
        f'<script type="application/json" id="genai-data">{script_json(model)}</script>',
        f"<script>{js}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _progress_meter(finished: int, total: int) -> str:
    return (f'<p class="meter-row"><meter class="meter" min="0" max="{max(total, 1)}" value="{finished}" '
            f'aria-label="Items finished">{finished} of {total}</meter></p>')


def _legend() -> str:
    entries = "".join(f'<li><span class="mark s-{key}" aria-hidden="true">{STATUS_MARK[key]}</span> {label}</li>'
                      for key, label in STATUS_LABEL.items())
    return (f'<ul class="legend" aria-label="Legend">{entries}'
            '<li><span class="badge b-verified">verified</span> checked by genai</li>'
            '<li><span class="badge b-next">next</span> what <code>genai next</code> suggests</li></ul>')


def _next_up(rm, ctx: _Context) -> str:
    if not ctx.next_ids:
        return ('<nav class="next-up" aria-labelledby="next-h"><h2 id="next-h">Next up</h2>'
                "<p>Nothing left that is not blocked: every item is finished or waits on another.</p></nav>")
    rows = []
    for item_id in ctx.next_ids:
        item = rm.by_id[item_id]
        rows.append(f'<li><a href="#item-{esc(item.id)}" data-goto="{esc(item.id)}">{esc(item.title)}</a> '
                    f'<span class="kind">{esc(item.kind)}</span> <code>{esc(_command(item))}</code></li>')
    return (f'<nav class="next-up" aria-labelledby="next-h"><h2 id="next-h">Next up</h2>'
            f'<ol>{"".join(rows)}</ol></nav>')


def _command(item: Item) -> str:
    return f"genai new {item.template}" if item.template else f"genai check {item.id}"


def _filters(rm, data) -> str:
    phases = "".join(f'<option value="{esc(p.id)}">{n}. {esc(p.title)}</option>' for n, p in enumerate(rm.phases, 1))
    kinds = sorted({row.item.kind for row in data.items})
    kind_options = "".join(f'<option value="{esc(k)}">{esc(k)}</option>' for k in kinds)
    statuses = "".join(f'<option value="{k}">{v}</option>' for k, v in STATUS_LABEL.items())
    # Hidden until the script runs: without JavaScript there is nothing to filter with.
    return (
        '<form class="filters" role="search" aria-label="Filter the map" hidden>'
        '<div class="field"><label for="f-search">Search</label>'
        '<input type="search" id="f-search" placeholder="title or id" autocomplete="off"></div>'
        '<div class="field"><label for="f-phase">Phase</label>'
        f'<select id="f-phase"><option value="">all phases</option>{phases}</select></div>'
        '<div class="field"><label for="f-status">Status</label>'
        f'<select id="f-status"><option value="">any status</option>{statuses}'
        '<option value="verified">verified</option><option value="next">next up</option></select></div>'
        '<div class="field"><label for="f-kind">Kind</label>'
        f'<select id="f-kind"><option value="">any kind</option>{kind_options}</select></div>'
        '<button type="reset" id="f-reset">Show all</button>'
        '<output id="f-count" aria-live="polite"></output>'
        "</form>"
    )


def _phase_section(number: int, pp, rows: dict, ctx: _Context) -> str:
    phase = pp.phase
    about = " · ".join(esc(t) for t in (phase.duration, phase.goal) if t)
    out = [f'<section class="phase" id="phase-{esc(phase.id)}" data-phase="{esc(phase.id)}" '
           f'aria-labelledby="ph-{esc(phase.id)}">',
           f'<h2 id="ph-{esc(phase.id)}"><span class="num">{number}.</span> {esc(phase.title)} '
           f'<span class="count">{pp.finished}/{pp.total} finished</span></h2>']
    if about:
        out.append(f'<p class="about">{about}</p>')
    groups: list[tuple[str | None, list[Item]]] = []
    for item in phase.items:
        if not groups or groups[-1][0] != item.group:
            groups.append((item.group, []))
        groups[-1][1].append(item)
    for group, items in groups:
        out.append('<div class="group">')
        if group:
            out.append(f"<h3>{esc(group)}</h3>")
        out.append('<ol class="nodes">')
        out += [_node(rows[item.id], ctx) for item in items]
        out.append("</ol></div>")
    out.append("</section>")
    return "\n".join(out)


def _node(row, ctx: _Context) -> str:
    item, status = row.item, row.status
    proof = verified(row.record)
    is_next = item.id in ctx.next_ids
    classes = f"node s-{status} k-{esc(item.kind)}" + (" is-next" if is_next else "") + (
        " is-verified" if proof is not None else "")
    badges = [f'<span class="badge b-kind">{esc(item.kind)}</span>',
              f'<span class="badge b-status">{STATUS_LABEL[status]}</span>']
    if proof is not None:
        badges.append('<span class="badge b-verified">verified</span>')
    if is_next:
        badges.append('<span class="badge b-next">next</span>')
    return (
        f'<li class="{classes}" id="item-{esc(item.id)}" data-id="{esc(item.id)}" data-status="{status}" '
        f'data-kind="{esc(item.kind)}" data-phase="{esc(item.phase_id)}">'
        f'<details><summary><span class="mark s-{status}" aria-hidden="true">{STATUS_MARK[status]}</span> '
        f'<span class="title">{esc(item.title)}</span> <span class="badges">{"".join(badges)}</span></summary>'
        f'<div class="body">{_details(row, proof, ctx)}</div></details></li>'
    )


def _details(row, proof: dict[str, Any] | None, ctx: _Context) -> str:
    item, record, status = row.item, row.record, row.status
    rm = ctx.prog.roadmap
    facts = [f"<code>{esc(item.id)}</code>", esc(item.kind), esc(rm.phase_by_id[item.phase_id].title)]
    if item.est_hours is not None:
        facts.append(f"~{item.est_hours:g} h")
    facts += [esc(v) for v in (item.level, item.effort, item.complexity) if v]
    out = [f'<p class="facts">{" · ".join(facts)}</p>',
           f'<p class="since s-{status}"><span aria-hidden="true">{STATUS_MARK[status]}</span> '
           f"{esc(_status_since(status, record))}</p>"]
    if proof is not None:
        evidence = _evidence(proof)
        out.append(f'<p class="verified-line">Verified{": " + esc(evidence) if evidence else ""}</p>')
    if item.notes:
        out.append(_prose(item.notes))
    for label, values in (("Subtopics", item.subtopics), ("You will learn", item.learn), ("Stack", item.stack),
                          ("Bonus", item.bonus)):
        if values:
            out.append(f'<h4>{label}</h4><ul>{"".join(f"<li>{esc(v)}</li>" for v in values)}</ul>')
    if item.ships:
        out.append(f"<p><strong>Ships:</strong> {esc(item.ships)}</p>")
    if item.depends_on:
        deps = []
        for dep_id in item.depends_on:
            dep = rm.by_id.get(dep_id)
            if dep is None:
                deps.append(f"<li><code>{esc(dep_id)}</code></li>")
                continue
            dep_status = ctx.prog.status(dep)
            deps.append(f'<li><a href="#item-{esc(dep.id)}" data-goto="{esc(dep.id)}">{esc(dep.title)}</a> '
                        f'<span class="s-{dep_status}">({STATUS_LABEL[dep_status]})</span></li>')
        out.append(f'<h4>Depends on</h4><ul class="deps">{"".join(deps)}</ul>')
    if item.resources:
        links = []
        for res in item.resources:
            url = safe_url(res.url)
            title = (f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(res.title)}</a>'
                     if url else esc(res.title) + (f" <code>{esc(res.url)}</code>" if res.url else ""))
            links.append(f'<li>{title} <span class="kind">{esc(res.kind)}</span></li>')
        out.append(f'<h4>Resources</h4><ul class="resources">{"".join(links)}</ul>')
    if item.answer:
        out.append(f'<details class="answer"><summary>Model answer</summary><p>{esc(item.answer)}</p></details>')
    if ctx.notes:
        notes = _note_items(record)
        if notes:
            out.append(f'<h4>Your notes</h4><ul class="notes">{"".join(notes)}</ul>')
    quiz_lines = []
    if item.kind == "question":
        quiz_lines.append(f"<li>{esc(_quiz_summary(dict(record.get('quiz') or {})))}</li>")
    for question in ctx.questions.get(item.id, []):
        q_record = ctx.prog.record(question)
        quiz_lines.append(f'<li><a href="#item-{esc(question.id)}" data-goto="{esc(question.id)}">'
                          f"{esc(question.title)}</a>: {esc(_quiz_summary(dict(q_record.get('quiz') or {})))}</li>")
    if quiz_lines:
        out.append(f'<h4>Quiz</h4><ul class="quiz">{"".join(quiz_lines)}</ul>')
    commands = [f"genai new {item.template}"] if item.template else []
    commands += [f"genai check {item.id}", f"genai show {item.id}"]
    if item.kind == "question":
        commands.append(f"genai quiz --phase {item.phase_id}")
    out.append('<h4>Commands</h4><ul class="commands">'
               + "".join(f"<li><code>{esc(c)}</code></li>" for c in commands) + "</ul>")
    return "".join(out)


_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def _prose(text: str) -> str:
    """A roadmap's notes: paragraphs keep their line breaks, ``` fenced blocks stay preformatted."""
    out, pos = [], 0
    for match in _FENCE.finditer(text):
        out.append(text[pos:match.start()])
        out.append(None)  # placeholder for the block
        out.append(match.group(1))
        pos = match.end()
    out.append(text[pos:])
    parts, block = [], False
    for chunk in out:
        if chunk is None:
            block = True
            continue
        if block:
            parts.append(f'<pre class="about-item">{esc(chunk.rstrip())}</pre>')
            block = False
        elif chunk.strip():
            parts.append(f'<p class="about-item">{esc(chunk.strip())}</p>')
    return "".join(parts)


def _evidence(proof: dict[str, Any]) -> str:
    """One line from a verification record: when, which commit, tests, exercise (what is known of them)."""
    parts = []
    if clock.day_of(proof.get("at")):
        parts.append(f"on {clock.day_of(proof.get('at'))}")
    if isinstance(proof.get("commit"), str):
        parts.append(f"at commit {proof['commit'][:12]}")
    tests = proof.get("tests")
    if isinstance(tests, dict) and isinstance(tests.get("passed"), int):
        parts.append(f"{tests['passed']} tests passed" + (f", {tests['failed']} failed"
                                                           if isinstance(tests.get("failed"), int) else ""))
    if isinstance(proof.get("exercise"), str):
        parts.append(f"exercise {proof['exercise']}")
    return ", ".join(parts)


def _note_items(record: dict[str, Any]) -> list[str]:
    lines = []
    if record.get("note"):
        lines.append((clock.day_of(record.get("updated")), record["note"]))
    lines += [(clock.day_of(n.get("at")), n.get("text", "")) for n in record.get("notes") or [] if isinstance(n, dict)]
    return [f'<li>{f"<time>{esc(day)}</time> " if day else ""}{esc(text)}</li>' for day, text in lines]


def _orphans(rows: list) -> str:
    items = "".join(f'<li><code>{esc(r.id)}</code> {STATUS_LABEL.get(r.status, esc(r.status))}</li>' for r in rows)
    return ('<section class="phase orphans" aria-labelledby="orphans-h"><h2 id="orphans-h">Progress kept for items '
            f"no longer in this roadmap</h2><ul>{items}</ul></section>")


# --- charts (inline SVG, each with a text alternative and its data as a table) ------------------
def _charts(data, summary) -> str:
    return ('<section class="charts" aria-labelledby="charts-h"><h2 id="charts-h">Progress at a glance</h2>'
            f'<div class="chart-grid">{_phase_chart(data)}{_weeks_chart(summary)}{_hours_chart(summary)}</div>'
            "</section>")


def _figure(key: str, title: str, desc: str, width: int, height: int, body: Iterable[str], caption: str,
            table_head: list[str], table_rows: list[list[Any]]) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in table_head)
    rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in table_rows)
    return (f'<figure class="chart" id="chart-{key}">'
            f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{key}-t {key}-d" '
            f'preserveAspectRatio="xMinYMin meet">'
            f'<title id="{key}-t">{esc(title)}</title><desc id="{key}-d">{esc(desc)}</desc>{"".join(body)}</svg>'
            f"<figcaption>{caption}</figcaption>"
            f'<details class="chart-data"><summary>{esc(title)}: the numbers</summary>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details></figure>")


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _phase_chart(data) -> str:
    label_w, bar_w, row_h, top = 250, 280, 22, 6
    height = top + row_h * len(data.phases) + 4
    body = []
    for n, pp in enumerate(data.phases):
        y = top + n * row_h
        total = max(pp.total, 1)
        done_w = bar_w * pp.done / total
        skip_w = bar_w * pp.skipped / total
        prog_w = bar_w * pp.in_progress / total
        body.append(f'<text class="lbl" x="{label_w - 8}" y="{y + 14}" text-anchor="end">'
                    f"<title>{esc(pp.phase.title)}</title>{n + 1}. {esc(_short(pp.phase.title))}</text>"
                    f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" rx="3"/>'
                    f'<rect class="f-done" x="{label_w}" y="{y + 3}" width="{done_w:.1f}" height="14"/>'
                    f'<rect class="f-skipped" x="{label_w + done_w:.1f}" y="{y + 3}" width="{skip_w:.1f}" height="14"/>'
                    f'<rect class="f-progress" x="{label_w + done_w + skip_w:.1f}" y="{y + 3}" '
                    f'width="{prog_w:.1f}" height="14"/>'
                    f'<text class="val" x="{label_w + bar_w + 6}" y="{y + 14}">{pp.finished}/{pp.total} '
                    f"({pp.percent}%)</text>")
    total = sum(p.total for p in data.phases)
    finished = sum(p.finished for p in data.phases)
    started = [p for p in data.phases if p.finished]
    desc = (f"{finished} of {total} items finished across {len(data.phases)} phases; "
            + (f"{len(started)} phase{' has' if len(started) == 1 else 's have'} finished items." if started
               else "no phase has a finished item yet."))
    return _figure("phases", "Progress per phase", desc, label_w + bar_w + 90, height, body,
                   "Finished items per phase: done, skipped, and in progress.",
                   ["Phase", "Done", "Skipped", "In progress", "Total", "Finished %"],
                   [[p.phase.title, p.done, p.skipped, p.in_progress, p.total, p.percent] for p in data.phases])


def _weeks_chart(summary) -> str:
    weeks = summary.weeks
    chart_h, top, bottom = 120, 16, 34
    col_w = max(36, 540 // max(len(weeks), 1))  # about as wide as the other charts, so the text matches
    width = col_w * len(weeks) + 20
    peak = max([w.items for w in weeks] + [1])
    body = [f'<line class="axis" x1="10" y1="{top + chart_h}" x2="{width - 10}" y2="{top + chart_h}"/>']
    for n, week in enumerate(weeks):
        x = 10 + n * col_w
        h = chart_h * week.items / peak
        body.append(f'<rect class="f-done" x="{x + 6}" y="{top + chart_h - h:.1f}" width="{col_w - 12}" '
                    f'height="{h:.1f}"><title>week of {week.start.isoformat()}: {week.items} items</title></rect>'
                    f'<text class="val" x="{x + col_w / 2}" y="{top + chart_h - h - 4:.1f}" '
                    f'text-anchor="middle">{week.items}</text>'
                    f'<text class="lbl small" x="{x + col_w / 2}" y="{top + chart_h + 14}" '
                    f'text-anchor="middle">{week.start.strftime("%m-%d")}</text>')
    done = sum(w.items for w in weeks)
    pace = (f" Your pace: {summary.pace_items_per_week:.1f} items a week."
            if summary.pace_items_per_week is not None else "")
    desc = f"{done} items done in the last {len(weeks)} weeks, most in one week: {max([w.items for w in weeks] + [0])}."
    return _figure("weeks", "Items done per week", desc + pace, width, top + chart_h + bottom, body,
                   f"Items finished in each of the last {len(weeks)} weeks (Monday to Sunday).{esc(pace)}",
                   ["Week of", "Items done", "Estimated hours"],
                   [[w.start.isoformat(), w.items, f"{w.hours:g}"] for w in weeks])


def _eta_words(eta) -> str:
    if eta.reason == "finished":
        return "finished"
    if eta.date is None:
        return eta.reason or "unknown"
    return f"{'at the earliest ' if eta.lower_bound else ''}{eta.date.isoformat()} (~{eta.weeks:.1f} weeks)"


def _hours_chart(summary) -> str:
    label_w, bar_w, row_h, top = 250, 220, 22, 6
    phases = summary.phases
    peak = max([p.hours_total for p in phases] + [1])
    body = []
    for n, ps in enumerate(phases):
        y = top + n * row_h
        done_w = bar_w * ps.hours_done / peak
        left_w = bar_w * ps.hours_left / peak
        eta = "done" if ps.eta.reason == "finished" else (ps.eta.date.isoformat() if ps.eta.date else "—")
        body.append(f'<text class="lbl" x="{label_w - 8}" y="{y + 14}" text-anchor="end">'
                    f"<title>{esc(ps.phase.title)}</title>{n + 1}. {esc(_short(ps.phase.title))}</text>"
                    f'<rect class="f-done" x="{label_w}" y="{y + 3}" width="{done_w:.1f}" height="14"/>'
                    f'<rect class="f-left" x="{label_w + done_w:.1f}" y="{y + 3}" width="{left_w:.1f}" height="14"/>'
                    f'<text class="val" x="{label_w + bar_w + 6}" y="{y + 14}">{ps.hours_done:g}/{ps.hours_total:g} h'
                    f" · {eta}</text>")
    hpw = f"at {summary.hours_per_week:g} h a week" if summary.hours_per_week else "by hours"
    desc = (f"{summary.hours_done:g} of {summary.hours_total:g} estimated hours done, {summary.hours_left:g} left. "
            f"ETA {hpw}: {_eta_words(summary.eta_hours)}; at your pace: {_eta_words(summary.eta_pace)}.")
    if summary.unestimated_left:
        desc += f" {summary.unestimated_left} remaining items have no estimate and are not counted."
    return _figure("hours", "Hours against the ETA", desc, label_w + bar_w + 170, top + row_h * len(phases) + 4,
                   body, esc(desc),
                   ["Phase", "Hours done", "Hours left", "Hours estimated", "Items without estimate", "ETA"],
                   [[p.phase.title, f"{p.hours_done:g}", f"{p.hours_left:g}", f"{p.hours_total:g}",
                     p.unestimated_left, _eta_words(p.eta)] for p in phases])
