"""`genai hw`: this machine's GPUs, RAM and CPU, and which models and tasks fit them.

The work is in hardware/ (detect, catalog, estimate, report); this is the use case the CLI calls.
"""

from __future__ import annotations

from genai_roadmap.hardware.report import hw_report

__all__ = ["hw_report"]
