"""`canirequire lint [PATH]`: find the build files under PATH, read the floors they declare,
map each to the project's dependencies, and ask the engine how each stands."""

from __future__ import annotations

import os
from pathlib import Path

from ..engine.lint import lint
from ..engine.results import LintResult
from ..sources.buildfiles import FILE_KINDS, BuildFileError, Declared, parse_build_file
from .errors import InputError
from .session import Session

# Folders that hold other projects' build files or build output, not the project's own.
SKIP_DIRS = {"subprojects", "build", "builddir", "_build", "target", "node_modules", "vendor", "third_party",
             "3rdparty", "venv", ".venv", "dist"}
MAX_DEPTH = 6
MAX_FILE_BYTES = 4 * 1024 * 1024


def build_files(root: Path) -> list[Path]:
    """The build files canirequire reads under ``root`` (or ``root`` itself if it is one)."""
    if "\x00" in str(root):  # the OS cannot even look such a name up (pathlib raises ValueError)
        raise InputError(f"{str(root)!r}: not a path (it holds a NUL character)")
    if root.is_file():
        if root.name not in FILE_KINDS:
            raise InputError(f"{root}: not a build file canirequire reads ({', '.join(FILE_KINDS)})")
        return [root]
    if not root.is_dir():
        raise InputError(f"{root}: no such file or directory")
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        depth = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS
                             and depth < MAX_DEPTH)
        found += [Path(dirpath) / f for f in sorted(filenames) if f in FILE_KINDS]
    return found


def declared_floors(root: Path) -> tuple[list[str], list[Declared], list[tuple[str, int, str]]]:
    """(the build files read, relative to ``root``; every floor they declare; the files that could not be
    read, each (file, line, why)). One broken file does not hide the others' findings."""
    import re

    base = root if root.is_dir() else root.parent
    files, out, unreadable = [], [], []
    for path in build_files(root):
        rel = _shown(path, base)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise BuildFileError(f"{rel}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not a build file")
            text = path.read_text(encoding="utf-8")
            out += parse_build_file(path.name, text, rel)
        except UnicodeDecodeError:
            unreadable.append((rel, 1, f"{rel}: not UTF-8 text"))
            continue
        except OSError as exc:
            unreadable.append((rel, 1, f"{rel}: cannot read: {exc.strerror}"))
            continue
        except BuildFileError as exc:
            where = re.match(rf"{re.escape(rel)}:(\d+):", str(exc))
            unreadable.append((rel, int(where.group(1)) if where else 1, str(exc)))
            continue
        files.append(rel)
    return files, out, unreadable


def _shown(path: Path, base: Path) -> str:
    """How a file is named in findings: from the working directory when it is inside it (so CI
    annotations land on the right file), else from the linted folder."""
    here = os.path.relpath(path.resolve(), Path.cwd().resolve())
    return Path(here).as_posix() if not here.startswith("..") else path.relative_to(base).as_posix()


def run_lint(session: Session, root: Path, engine) -> LintResult:  # noqa: D103
    """Read the floors under ``root``, map each to a project dependency and judge it with ``engine``."""
    files, declared, unreadable = declared_floors(root)
    project = session.project
    mapped = []
    for item in declared:
        dep = next((d.name for d in project.dependencies if d.known_in_build_files_as(item.name)), None)
        mapped.append((item, dep))
    features = session.features() if project.wants else ()
    return lint(engine, str(root), tuple(files), mapped, tuple(unreadable), features)
