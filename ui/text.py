"""User text shown as text: names, titles, descriptions, labels and file names come from scenario files
and uploads that anyone can share, so they never render as markdown (no tracking image, no link)."""

from __future__ import annotations

from comp_models.reports import markdown_text as esc

__all__ = ["esc"]
