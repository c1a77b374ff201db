"""iCalendar output for `schedule --format ics` (RFC 5545): one all-day event per date a
version becomes requirable, so a team can subscribe to its own unlock dates."""

from __future__ import annotations

import hashlib

from .. import __version__
from ..engine import results as r
from .view import schedule_why, who


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuations start with a space (RFC 5545 3.1)."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def render(result) -> str:
    """A schedule as an iCalendar file: one all-day event per date something becomes requirable."""
    if not isinstance(result, r.ScheduleResult):
        from .formats import NotRenderable

        raise NotRenderable("--format ics is for schedule")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//canirequire//canirequire {__version__}//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(who(result))}: requirable versions"]
    stamp = f"{result.on:%Y%m%d}T000000Z"
    for e in result.entries:
        if e.date is None:
            continue
        uid = hashlib.sha256(f"{result.project}|{e.dependency}|{e.version}|{e.up_to}".encode()).hexdigest()[:24]
        top = e.up_to or e.version
        lines += ["BEGIN:VEVENT", f"UID:{uid}@canirequire", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
                  f"SUMMARY:{_escape(f'{result.project} can require {e.dependency} >= {top}')}",
                  f"DESCRIPTION:{_escape(schedule_why(e) + f' (canirequire schedule, computed on {result.on})')}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
