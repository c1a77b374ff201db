"""GitHub Actions workflow commands (`--format github`): one annotation per finding, shown on
the pull request's files (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions)."""

from __future__ import annotations

from ..engine import results as r
from .view import lint_sentence

LEVELS = {r.LintStatus.VIOLATION: "error", r.LintStatus.UNREADABLE: "error", r.LintStatus.WANTS_MORE: "error", r.LintStatus.HEADROOM: "notice",
          r.LintStatus.UNKNOWN: "warning"}


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(result) -> str:
    """A lint result as GitHub Actions workflow commands (annotations on the build files' lines)."""
    if not isinstance(result, r.LintResult):
        from .formats import NotRenderable

        raise NotRenderable("--format github is for lint")
    lines = []
    for f in result.findings:
        level = LEVELS.get(f.status)
        if level is None:
            continue
        title = f"canirequire: {f.dependency or f.name} {f.status.value}"
        lines.append(f"::{level} file={_escape(f.file, True)},line={f.line},title={_escape(title, True)}::"
                     f"{_escape(lint_sentence(f, result.on))}")
    summary = (f"canirequire lint: {len(result.of(r.LintStatus.VIOLATION))} violation(s), "
               f"{len(result.of(r.LintStatus.UNREADABLE))} unreadable file(s), "
               f"{len(result.of(r.LintStatus.HEADROOM))} with headroom on {result.on}")
    lines.append(f"::{'error' if not result.ok else 'notice'}::{_escape(summary)}")
    return "\n".join(lines) + "\n"
