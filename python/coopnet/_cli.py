"""The ``coopnet`` command, installed with the package: the same command line
as the Rust binary (compiled from the same source into the extension module),
so users of the wheel need no Rust."""

from __future__ import annotations

import signal
import sys
from typing import Sequence

from . import _coopnet
from ._errors import CoopnetError


class CommandError(CoopnetError):
    """A command run from Python ended with a non-zero exit code (its error
    was printed on standard error); ``code`` is the exit code."""

    def __init__(self, argv: Sequence[str], code: int):
        self.argv = list(argv)
        self.code = code
        super().__init__(f"coopnet {' '.join(argv)} ended with exit code {code} (see its error above)")


def run(argv: Sequence[str]) -> int:
    """Runs ``coopnet ARGV...`` in this process; returns its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    return _coopnet.run_cli(["coopnet", *argv])


def run_or_raise(argv: Sequence[str]) -> None:
    """Runs ``coopnet ARGV...``; raises :class:`CommandError` unless it succeeds."""
    code = run(argv)
    if code != 0:
        raise CommandError(argv, code)


def main() -> None:
    """The console script: ``coopnet`` with the process's arguments."""
    # Ctrl-C stops the command at once, as it does the Rust binary.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
