"""Output formats: one enum, one dispatch; each format module renders the engine's results."""

from __future__ import annotations

from enum import Enum
from typing import Any


class OutputFormat(str, Enum):
    """The output formats the question commands accept."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    GITHUB = "github"  # GitHub Actions annotations (lint)
    ICS = "ics"  # iCalendar (schedule)


class NotRenderable(TypeError):
    """This answer has no rendering in the asked format (e.g. a roadmap as CSV)."""


def render(result: Any, fmt: OutputFormat, *, width: int | None = None, color: bool = False,
           details: bool = False) -> str:
    """The answer as text in ``fmt``; ``width`` wraps text and makes Markdown tables fixed-width;
    ``details``: every platform, where text and Markdown would otherwise give the compact answer."""
    if fmt is OutputFormat.GITHUB:
        from . import github

        return github.render(result)
    if fmt is OutputFormat.ICS:
        from . import ics

        return ics.render(result)
    if fmt is OutputFormat.JSON:
        from . import json_format

        return json_format.render(result)
    if fmt is OutputFormat.CSV:
        from . import csv_format

        if type(result).__name__ not in csv_format.RENDERERS:
            raise NotRenderable(csv_format.unsupported_message(result))
        return csv_format.render(result)
    if fmt is OutputFormat.MARKDOWN:
        from . import markdown

        return markdown.render(result, width=width, details=details)
    from . import text

    return text.render(result, width=width, color=color, details=details)
