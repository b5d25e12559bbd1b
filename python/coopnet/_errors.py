"""The exceptions coopnet raises."""

from __future__ import annotations

import re
from typing import NamedTuple, Optional


class Problem(NamedTuple):
    """One problem found in the input.

    For a dataset read from files, ``file`` is the file's name within the
    dataset (``clusters.csv``) and ``line`` its 1-based line number. For a
    dataset built from frames, ``file`` is the frame's name (``participants``)
    and ``line`` the row's position in the frame (0-based, as ``df.iloc``).
    ``line`` is ``None`` for a problem with the whole file or frame (a missing
    column), ``column`` and ``value`` are ``None`` when the problem is not
    about one cell.
    """

    file: str
    line: Optional[int]
    column: Optional[str]
    value: Optional[str]
    reason: str

    def __str__(self) -> str:
        s = self.file
        if self.line is not None:
            s += f":{self.line}"
        s += ": "
        if self.column is not None:
            s += f"column {_quoted(self.column)}: "
        if self.value is not None:
            s += f"{_quoted(self.value)} "
        return s + self.reason


def _quoted(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class CoopnetError(Exception):
    """The base of coopnet's own exceptions."""


class DatasetError(CoopnetError, ValueError):
    """The input has problems: every one found is in ``problems`` (up to 50;
    ``more`` counts the rest).

    >>> try:
    ...     coopnet.read_dataset("my-data")
    ... except coopnet.DatasetError as e:
    ...     for p in e.problems:
    ...         print(p.file, p.line, p.column, p.value, p.reason)
    """

    def __init__(self, problems, more: int = 0):
        self.problems: list[Problem] = [Problem(*p) for p in problems]
        self.more: int = more
        total = len(self.problems) + more
        lines = [f"{total} problem{'' if total == 1 else 's'} in the input:"]
        lines += [f"  {p}" for p in self.problems]
        if more:
            lines.append(f"  ... and {more} more")
        super().__init__("\n".join(lines))


class ParameterError(CoopnetError, ValueError):
    """A parameter is out of range or inconsistent (``name`` says which)."""

    def __init__(self, name: str, reason: str):
        shown = _FLAG.sub(_as_keyword, name)
        self.name = _keyword(name.split(" ")[0]) if name.startswith("--") else name
        self.reason = _FLAG.sub(_as_keyword, reason)
        super().__init__(f"invalid parameter {shown}: {self.reason}")


# The library names some parameters as the command's flags (``--method
# linear``); the package's are keywords (``method="linear"``).
_FLAG = re.compile(r'(?<![\w-])--([a-z][a-z0-9-]*)(?:[ =]("[^"]*"|[^\s,;:()"]+))?')


def _keyword(name: str) -> str:
    return "/".join(part.lstrip("-").replace("-", "_") for part in name.split("/"))


def _as_keyword(m: "re.Match[str]") -> str:
    key, value = _keyword(m.group(1)), m.group(2)
    if value is None:
        return key
    if value.startswith('"') or re.fullmatch(r"-?[0-9.]+", value):
        return f"{key}={value}"
    return f'{key}="{value}"'


class ExternalError(CoopnetError, RuntimeError):
    """An external program (Graphviz) is missing or failed."""

    def __init__(self, program: str, reason: str):
        self.program = program
        self.reason = reason
        super().__init__(f"{program}: {reason}")


for _cls in (Problem, CoopnetError, DatasetError, ParameterError, ExternalError):
    _cls.__module__ = "coopnet"


def _os_error(errno: int, message: str, path: str) -> OSError:
    """The library's I/O error as Python's (``FileNotFoundError`` and so on)."""
    if errno:
        return OSError(errno, message, path)
    return OSError(f"{path}: {message}")
