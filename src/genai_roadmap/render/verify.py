"""`genai verify`: the evidence as text, or as the `genai.verify/1` envelope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genai_roadmap.render.core import Painter, emit_json, roadmap_ref, unicode_output

if TYPE_CHECKING:
    from genai_roadmap.commands.verify import VerifyResult


def verify_json(result: VerifyResult) -> None:
    emit_json("verify", {
        "roadmap": roadmap_ref(result.roadmap),
        "item": result.item.id,
        "project_dir": str(result.project_dir),
        "template": result.template or None,
        "verified": result.verified,
        "commit": result.commit,
        "uncommitted_changes": result.dirty,
        "environment": str(result.python),
        "tests": {"passed": result.tests.passed, "failed": result.tests.failed, "exit": result.tests.code,
                  "summary": result.tests.summary, "seconds": round(result.tests.seconds, 2)},
        "acceptance": [{"name": c.name, "passed": c.passed, "detail": c.detail, "command": c.command,
                        "seconds": round(c.seconds, 2)} for c in result.checks],
        "at": result.evidence["at"],
        "rerun": result.rerun,
        "warnings": result.warnings,
        "seconds": round(result.seconds, 2),
    })


def verify_text(result: VerifyResult) -> None:
    paint = Painter()
    ok = paint("✔" if unicode_output() else "ok", "green")
    bad = paint("✘" if unicode_output() else "FAIL", "red")
    commit = f" at commit {result.commit[:7]}" if result.commit else ""
    paint.line(f"{paint(result.item.id, 'bold')}  {result.item.title}")
    paint.line(paint(f"project: {result.project_dir}{commit}", "dim"))
    paint.line(paint(f"ran with {result.environment}", "dim"))
    tests = result.tests
    paint.line(f"{ok if tests.ok else bad} tests: {tests.passed} passed, {tests.failed} failed"
               + ("" if tests.ok else f"  ({tests.summary})") + paint(f"  {tests.seconds:.1f} s", "dim"))
    for check in result.checks:
        paint.line(f"{ok if check.passed else bad} {check.name}: " + paint(check.detail, "dim" if check.passed else ""))
    for warning in result.warnings:
        paint.line(paint(f"! {warning}", "yellow"))
    paint.line()
    if result.verified:
        paint.line(paint("Verified", "green", "bold") + f": {result.item.id} is done, with the evidence recorded"
                   + f" ({result.seconds:.0f} s). See it with: genai status --json")
        return
    failed = (0 if tests.ok else 1) + sum(not c.passed for c in result.checks)
    paint.line(paint("Not verified", "red", "bold") + f": {failed} part(s) failed; the evidence is recorded "
               f"and {result.item.id} is not verified.")
    paint.line(f"Rerun what failed in {result.project_dir}:")
    for command in result.rerun:
        paint.line(f"  {command}")
    paint.line(f"then: genai verify {result.item.id}")
