"""The tables coopnet returns."""

from __future__ import annotations

from typing import Any

from . import _coopnet


class Table:
    """A table of results: named columns of equal length.

    It speaks the Arrow PyCapsule interface (``__arrow_c_stream__``), so
    ``pyarrow.table(t)``, ``polars.DataFrame(t)`` and any other Arrow-aware
    library read it without a copy; ``to_pandas()``, ``to_polars()`` and
    ``to_pyarrow()`` convert it with whichever of them is installed, and
    ``to_pydict()`` needs none.
    """

    __slots__ = ("_arrow", "_shape")

    def __init__(self, arrow: Any):
        self._arrow = arrow
        self._shape = _coopnet.table_shape(arrow)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._arrow.__arrow_c_stream__(requested_schema)

    @property
    def column_names(self) -> list[str]:
        """The columns' names, in order."""
        return list(self._shape[0])

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        return self._shape[1]

    def __len__(self) -> int:
        return self._shape[1]

    def to_pydict(self) -> dict[str, list]:
        """The columns as a dict of lists (missing values as ``None``)."""
        return _coopnet.table_to_pydict(self._arrow)

    def to_pylist(self) -> list[dict[str, Any]]:
        """The rows as a list of dicts."""
        columns = self.to_pydict()
        names = list(columns)
        return [dict(zip(names, row)) for row in zip(*columns.values())]

    def __getitem__(self, column: str) -> list:
        """The values of one column, as a list."""
        if column not in self._shape[0]:
            raise KeyError(column)
        return self.to_pydict()[column]

    def to_pyarrow(self) -> Any:
        """A ``pyarrow.Table`` (requires pyarrow)."""
        import pyarrow as pa

        return pa.table(self)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``: through pyarrow when installed (list columns
        as arrays), otherwise from the columns as lists."""
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            import pandas as pd

            return pd.DataFrame(self.to_pydict(), columns=self.column_names)
        return self.to_pyarrow().to_pandas()

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (requires polars; not pyarrow)."""
        import polars as pl

        return pl.DataFrame(self)

    def __repr__(self) -> str:
        names = self.column_names
        head = self.to_pylist()[:5] if self.num_rows <= 1000 else []
        lines = [f"coopnet.Table: {self.num_rows} rows x {len(names)} columns ({', '.join(names)})"]
        for row in head:
            lines.append("  " + ", ".join(f"{k}={v!r}" for k, v in row.items()))
        if self.num_rows > len(head):
            lines.append("  ...")
        return "\n".join(lines)
