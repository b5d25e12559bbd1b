"""Arguments every function of the package checks the same way."""

from __future__ import annotations

import os
from typing import Optional, Union

PathLike = Union[str, "os.PathLike[str]"]


def _threads(threads: Optional[int]) -> Optional[int]:
    """``threads=`` as the command's ``--threads`` takes it (``None``: all cores)."""
    if threads is None:
        return None
    if not isinstance(threads, int) or threads < 0:
        raise ValueError(f"threads={threads!r}: a whole number >= 0 (0 = all cores)")
    return threads
