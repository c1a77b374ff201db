"""The minimums a project declares in its own build files.

- ``meson.build``: ``project(..., meson_version: '>=X')``, ``dependency('name', version: '>=X')``
  and ``find_program('name', version: '>=X')``, with the version given as a string, a list of
  constraints, a concatenation of strings or a variable assigned such a value earlier;
- ``Cargo.toml``: ``package.rust-version`` and ``workspace.package.rust-version``;
- ``configure.ac``: ``PKG_CHECK_MODULES`` / ``PKG_CHECK_EXISTS`` module lists with ``>=``;
- ``CMakeLists.txt``: ``cmake_minimum_required(VERSION X)`` and ``find_package(Name X)``;
- ``pyproject.toml``: ``project.requires-python``.

TOML is read with tomllib; for the other three a small tokenizer reads the
subset that matters (comments, strings, multi-line calls, concatenation). A
file that does not tokenize is an error naming the file and line; a version
that is computed (a ternary, a method call) is reported as such, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceFormatError

FILE_KINDS = {"meson.build": "meson", "Cargo.toml": "cargo", "configure.ac": "autoconf",
              "CMakeLists.txt": "cmake", "pyproject.toml": "pyproject"}


@dataclass(frozen=True, slots=True)
class Declared:
    """One minimum a build file declares: ``name`` is the build file's own name for the thing
    (glib-2.0, rust-version, meson, cmake, requires-python)."""

    file: str
    line: int
    name: str
    constraint: str  # as written: ">=2.66.0"
    version: str | None  # the floor it sets; None when the file computes it
    note: str = ""  # why there is no version, or how it was read


class BuildFileError(SourceFormatError):
    """A build file canirequire reads could not be tokenized (the message names file:line)."""


_FLOOR = re.compile(r"^\s*(>=|>|==|=|\^|~=)?\s*v?(\d+(?:\.\d+)*[\w.+-]*)\s*$")


def floor_of(constraints: list[str]) -> str | None:
    """The lowest version a list of constraints allows (``['>=2.56', '<3']`` -> 2.56)."""
    for c in constraints:
        m = _FLOOR.match(c)
        if m and (m.group(1) or "") not in ("<", "<=", "!="):
            return m.group(2)
    return None


# -- meson ----------------------------------------------------------------------------------------

_MESON_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<mstring>'''(?:.|\n)*?''')
  | (?P<string>'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\d+)
  | (?P<op>==|!=|<=|>=|[()\[\]{},:+=?.\-*/%<>!])
  | (?P<newline>\n)
  | (?P<space>[ \t\r\\]+)
""", re.VERBOSE)


def _tokens(text: str, path: str) -> list[tuple[str, str, int]]:
    out, pos, line = [], 0, 1
    while pos < len(text):
        m = _MESON_TOKEN.match(text, pos)
        if m is None:
            if text[pos] in "'\"":
                raise BuildFileError(f"{path}:{line}: unterminated string")
            raise BuildFileError(f"{path}:{line}: cannot read {text[pos]!r} here")
        kind = m.lastgroup
        value = m.group()
        if kind not in ("comment", "space", "newline"):
            out.append((kind, value, line))
        line += value.count("\n")
        pos = m.end()
    return out


def _unquote(token: str) -> str:
    if token.startswith("'''"):
        return token[3:-3]
    return re.sub(r"\\(.)", r"\1", token[1:-1])


class _Expr:
    """A meson expression reduced to what lint needs: strings, lists of strings, or unknown."""

    def __init__(self, values: list[str] | None, note: str = "") -> None:
        self.values = values
        self.note = note


def _evaluate(tokens: list[tuple[str, str, int]], variables: dict[str, _Expr]) -> _Expr:
    """Strings, '+' between strings, a list of them, or a variable holding one; else unknown."""
    if not tokens:
        return _Expr(None, "empty")
    if tokens[0][1] == "[" and tokens[-1][1] == "]":
        parts = _split_top(tokens[1:-1], ",")
        out: list[str] = []
        for part in parts:
            if not part:
                continue
            value = _evaluate(part, variables)
            if value.values is None:
                return value
            out += value.values
        return _Expr(out)
    pieces = _split_top(tokens, "+")
    text = ""
    for piece in pieces:
        if len(piece) == 1 and piece[0][0] in ("string", "mstring"):
            text += _unquote(piece[0][1])
        elif len(piece) == 1 and piece[0][0] == "ident" and piece[0][1] in variables:
            value = variables[piece[0][1]]
            if value.values is None or len(value.values) != 1 or len(pieces) == 1:
                if len(pieces) == 1:
                    return value
                return _Expr(None, f"computed from {piece[0][1]}")
            text += value.values[0]
        else:
            return _Expr(None, "computed: " + " ".join(t[1] for t in piece)[:60])
    return _Expr([text])


def _split_top(tokens: list[tuple[str, str, int]], sep: str) -> list[list[tuple[str, str, int]]]:
    parts: list[list] = [[]]
    depth = 0
    for tok in tokens:
        if tok[1] in "([{":
            depth += 1
        elif tok[1] in ")]}":
            depth -= 1
        if depth == 0 and tok[1] == sep:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _call_args(tokens, start: int, path: str) -> tuple[list, dict, int]:
    """Positional and keyword arguments of the call whose '(' is at ``start``; index after ')'."""
    depth, i = 0, start
    while i < len(tokens):
        if tokens[i][1] in "([{":
            depth += 1
        elif tokens[i][1] in ")]}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        raise BuildFileError(f"{path}:{tokens[start][2]}: '(' is never closed")
    positional, keywords = [], {}
    for arg in _split_top(tokens[start + 1:i], ","):
        if len(arg) >= 2 and arg[0][0] == "ident" and arg[1][1] == ":":
            keywords[arg[0][1]] = arg[2:]
        elif arg:
            positional.append(arg)
    return positional, keywords, i + 1


def parse_meson(text: str, path: str) -> list[Declared]:
    """The floors a meson.build declares: project(meson_version:), dependency(version:), find_program(version:)."""
    tokens = _tokens(text, path)
    variables: dict[str, _Expr] = {}
    found: list[Declared] = []
    i = 0
    while i < len(tokens):
        kind, value, line = tokens[i]
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if kind == "ident" and nxt == "=" and (i + 2 < len(tokens)):
            # An assignment: read its value up to the end of the line (or the matching bracket).
            j, depth = i + 2, 0
            while j < len(tokens) and (depth > 0 or tokens[j][2] == tokens[i + 2][2]):
                if tokens[j][1] in "([{":
                    depth += 1
                elif tokens[j][1] in ")]}":
                    depth -= 1
                j += 1
            variables[value] = _evaluate(tokens[i + 2:j], variables)
            i += 2
            continue
        if kind == "ident" and nxt == "(" and value in ("project", "dependency", "find_program"):
            positional, keywords, end = _call_args(tokens, i + 1, path)
            found += _meson_call(value, positional, keywords, variables, path, line)
            i = end
            continue
        i += 1
    return found


def _meson_call(func, positional, keywords, variables, path, line) -> list[Declared]:
    key = "meson_version" if func == "project" else "version"
    if key not in keywords:
        return []
    version = _evaluate(keywords[key], variables)
    if func == "project":
        names = ["meson"]
    else:
        first = _evaluate(positional[0], variables) if positional else _Expr(None)
        names = first.values or []
    out = []
    for name in names:
        if version.values is None:
            out.append(Declared(path, line, name, "", None, version.note or "computed"))
        else:
            floor = floor_of(version.values)
            out.append(Declared(path, line, name, ", ".join(version.values), floor,
                                "" if floor else "no lower bound"))
    return out


# -- Cargo and pyproject ----------------------------------------------------------------------------

def _toml(text: str, path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BuildFileError(f"{path}: invalid TOML: {exc}") from None


def _line_of(text: str, pattern: str) -> int:
    m = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def parse_cargo(text: str, path: str) -> list[Declared]:
    """The rust-version a Cargo.toml declares (package or workspace)."""
    data = _toml(text, path)
    out = []
    for table, where in ((data.get("package"), r"^\s*rust-version\s*="),
                         ((data.get("workspace") or {}).get("package"), r"^\s*rust-version\s*=")):
        if not isinstance(table, dict) or "rust-version" not in table:
            continue
        value = table["rust-version"]
        if isinstance(value, dict) and value.get("workspace") is True:
            continue  # inherited from the workspace, which is read on its own
        if not isinstance(value, str):
            raise BuildFileError(f"{path}:{_line_of(text, where)}: rust-version must be a string")
        out.append(Declared(path, _line_of(text, where), "rust-version", value, floor_of([value])))
    return out


def parse_pyproject(text: str, path: str) -> list[Declared]:
    """The requires-python a pyproject.toml declares."""
    project = _toml(text, path).get("project") or {}
    value = project.get("requires-python") if isinstance(project, dict) else None
    if not isinstance(value, str):
        return []
    floor = floor_of([c.strip() for c in value.split(",")])
    return [Declared(path, _line_of(text, r"^\s*requires-python\s*="), "requires-python", value, floor)]


# -- configure.ac ---------------------------------------------------------------------------------

_M4_CALL = re.compile(r"\b(PKG_CHECK_MODULES|PKG_CHECK_EXISTS)\s*\(")
_M4_COMMENT = re.compile(r"(^|\s)(dnl\b|#)[^\n]*")


def _m4_args(text: str, start: int, path: str) -> tuple[list[str], int]:
    """Top-level comma-separated arguments of the m4 call whose '(' is at ``start``."""
    depth, quote, args, cur, i = 0, 0, [], [], start + 1
    while i < len(text):
        ch = text[i]
        if ch == "[":
            quote += 1
            if quote == 1:
                i += 1
                continue
        elif ch == "]":
            quote -= 1
            if quote == 0:
                i += 1
                continue
        elif quote == 0 and ch == "(":
            depth += 1
        elif quote == 0 and ch == ")":
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i + 1
            depth -= 1
        elif quote == 0 and depth == 0 and ch == ",":
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    raise BuildFileError(f"{path}:{text.count(chr(10), 0, start) + 1}: the macro call is never closed")


def parse_autoconf(text: str, path: str) -> list[Declared]:
    """The floors configure.ac declares through PKG_CHECK_MODULES and AC_PREREQ."""
    clean = _M4_COMMENT.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), text)
    out = []
    for m in _M4_CALL.finditer(clean):
        args, _ = _m4_args(clean, m.end() - 1, path)
        modules = args[1] if m.group(1) == "PKG_CHECK_MODULES" and len(args) > 1 else (args[0] if args else "")
        line = clean.count("\n", 0, m.start()) + 1
        words = modules.replace("\n", " ").split()
        j = 0
        while j < len(words):
            name = words[j]
            if j + 2 < len(words) and words[j + 1] in (">=", ">", "=", "=="):
                out.append(Declared(path, line, name, f"{words[j + 1]} {words[j + 2]}", words[j + 2]))
                j += 3
            elif "$" in name:
                out.append(Declared(path, line, name, "", None, "computed (a shell variable)"))
                j += 1
            else:
                j += 1
    return out


# -- CMake ----------------------------------------------------------------------------------------

_CMAKE_COMMENT = re.compile(r"#\[(=*)\[.*?\]\1\]|#[^\n]*", re.DOTALL)
_CMAKE_CALL = re.compile(r"\b(cmake_minimum_required|find_package)\s*\(([^)]*)\)", re.IGNORECASE)


def parse_cmake(text: str, path: str) -> list[Declared]:
    """The floors a CMakeLists.txt declares: cmake_minimum_required, find_package, pkg_check_modules."""
    clean = _CMAKE_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    if clean.count("(") != clean.count(")"):
        unclosed = clean.rfind("(") if clean.count("(") > clean.count(")") else clean.rfind(")")
        raise BuildFileError(f"{path}:{clean.count(chr(10), 0, unclosed) + 1}: unbalanced parentheses")
    out = []
    for m in _CMAKE_CALL.finditer(clean):
        words = [w.strip('"') for w in m.group(2).split()]
        line = clean.count("\n", 0, m.start()) + 1
        if m.group(1).lower() == "cmake_minimum_required":
            if len(words) >= 2 and words[0].upper() == "VERSION":
                version = words[1].split("...")[0]
                out.append(Declared(path, line, "cmake", words[1], floor_of([version])))
        elif len(words) >= 2:
            version = words[2] if words[1].upper() == "VERSION" and len(words) > 2 else words[1]
            if re.match(r"^\d+(\.\d+)*$", version):
                out.append(Declared(path, line, words[0], version, version))
            elif "$" in version:
                out.append(Declared(path, line, words[0], version, None, "computed (a CMake variable)"))
    return out


PARSERS = {"meson": parse_meson, "cargo": parse_cargo, "autoconf": parse_autoconf, "cmake": parse_cmake,
           "pyproject": parse_pyproject}


def parse_build_file(name: str, text: str, path: str) -> list[Declared]:
    """The minimums one build file declares (``name`` is its file name: meson.build ...)."""
    return PARSERS[FILE_KINDS[name]](text, path)
