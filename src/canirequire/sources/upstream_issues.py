"""Upstream friction: issues and pull requests about a toolchain's targets.

Two inputs, one fact type (``FrictionItem``):

- the hand-collected seed file (shared data rust/rust-upstream-issues.csv,
  columns ``toolchain,target,repo,number,kind,title,opened,closed,state_as_of,
  labels,url,note``; ``closed`` is a date, ``unknown`` (closed, date not read)
  or empty (open when last seen, ``state_as_of``); a target of
  ``*-unknown-freebsd`` covers every FreeBSD target);
- GitHub's issue search API (https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests):
  ``{"total_count", "incomplete_results", "items": [{"number", "title", "state",
  "created_at", "closed_at", "html_url", "repository_url", "labels": [{"name"}],
  "pull_request"?}]}``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..model import FrictionItem
from .errors import SourceFormatError, json_payload

SEED_COLUMNS = ("toolchain", "target", "repo", "number", "kind", "title", "opened", "closed", "state_as_of",
                "labels", "url", "note")
# GitHub labels of rust-lang/rust that name an OS, and the targets they cover.
OS_LABELS = {
    "O-freebsd": "*-unknown-freebsd",
    "O-netbsd": "*-unknown-netbsd",
    "O-openbsd": "*-unknown-openbsd",
    "O-macos": "*-apple-darwin",
    "O-windows-gnu": "*-pc-windows-gnu*",
}


def _day(text: str, where: str, column: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise SourceFormatError(f"{where}: {column} {text!r} is not a date") from None


def read_seed(text: str, *, path: str, source: str) -> list[FrictionItem]:
    """The upstream-issues table of the shared data as friction items."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = set(SEED_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise SourceFormatError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    out = []
    for line_no, row in enumerate(reader, start=2):
        where = f"{path}:{line_no}"
        closed_text = row["closed"].strip()
        try:
            number = int(row["number"])
        except ValueError:
            raise SourceFormatError(f"{where}: number {row['number']!r} is not a number") from None
        out.append(FrictionItem(
            toolchain=row["toolchain"].strip(), target=row["target"].strip(), repo=row["repo"].strip(),
            number=number, kind=row["kind"].strip(), title=row["title"].strip(),
            opened=_day(row["opened"], where, "opened"),
            closed=None if closed_text in ("", "unknown") else _day(closed_text, where, "closed"),
            closed_unknown=closed_text == "unknown", state_as_of=_day(row["state_as_of"], where, "state_as_of"),
            labels=row["labels"].strip(), url=row["url"].strip(), note=row["note"].strip(), source=source,
        ))
    return out


def parse_search(payload: bytes | str, *, toolchain: str, target: str, read_on: dt.date, where: str,
                 source: str) -> list[FrictionItem]:
    """One page of GitHub's issue search: items about ``target`` (a triple or a pattern)."""
    data = json_payload(payload, where)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise SourceFormatError(f"{where}: expected an object with an 'items' list (has GitHub's format changed?)")
    out = []
    for i, item in enumerate(data["items"]):
        at = f"{where} item #{i + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("number"), int) or "state" not in item:
            raise SourceFormatError(f"{at}: lacks 'number' or 'state'")
        repo = "/".join(str(item.get("repository_url", "")).rstrip("/").split("/")[-2:])
        state = item["state"]
        closed = _day(str(item.get("closed_at") or ""), at, "closed_at")
        labels = " ".join(str(label.get("name")) for label in item.get("labels") or () if isinstance(label, dict))
        out.append(FrictionItem(
            toolchain=toolchain, target=target, repo=repo, number=item["number"],
            kind="pr" if item.get("pull_request") else "issue", title=str(item.get("title", "")),
            opened=_day(str(item.get("created_at") or ""), at, "created_at"),
            closed=closed if state == "closed" else None, closed_unknown=state == "closed" and closed is None,
            state_as_of=read_on, labels=labels, url=str(item.get("html_url", "")), note="", source=source,
        ))
    return out
