"""`genai hw`: what this machine has (detect), which models exist (catalog), how much memory a run
takes (estimate), and what that means for the learner (report, render).

Nothing here is imported by `genai --help` or `genai next`; `genai next` reads the last detection
through genai_roadmap.hardware.advice, which needs only the standard library.
"""
