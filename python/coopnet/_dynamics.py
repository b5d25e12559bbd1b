"""Measures over time: panels of regions x sectors x years, growth, entry and
exit of specialisations, the relatedness back-test (``coopnet dynamics``),
and forecasts of indicator series (``coopnet forecast``)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Optional, Union

from . import _coopnet
from ._args import PathLike, _threads
from ._table import Table


class _Report:
    """What a report of the command (``dynamics``, ``forecast``) gives: its
    JSON, CSV and Markdown, and its main table as a data frame."""

    def __init__(self, _inner: Any):
        self._inner = _inner
        self._json: Optional[dict[str, Any]] = None

    def _summary(self) -> dict[str, Any]:
        if self._json is None:
            self._json = json.loads(self._inner.to_json())
        return self._json

    def _main(self) -> Table:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Everything, as the command's ``--format json``."""
        return json.loads(self._inner.to_json())

    def to_json(self) -> str:
        """As the command's ``--format json``."""
        return self._inner.to_json()

    def to_csv(self) -> str:
        """As the command's ``--format csv``."""
        return self._inner.to_csv()

    def to_markdown(self) -> str:
        """The command's report (Markdown)."""
        return self._inner.to_markdown()

    def to_pandas(self) -> Any:
        """The main table as a pandas DataFrame."""
        return self._main().to_pandas()

    def to_polars(self) -> Any:
        """The main table as a polars DataFrame."""
        return self._main().to_polars()


def _columns(columns: Union[None, str, PathLike, Mapping[str, str]]) -> Optional[str]:
    """``columns=`` as the command's ``--columns`` takes it."""
    if columns is None:
        return None
    if isinstance(columns, Mapping):
        return ",".join(f"{source}={field}" for source, field in columns.items())
    return os.fspath(columns)


def _year(name: str, year: Optional[int]) -> Optional[int]:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{name}={year!r}: a year, such as 2019")
    return year


class Panel:
    """Values of every region and sector by year (a region x sector matrix a
    year, all with the same regions and sectors), as ``coopnet dynamics``
    reads them.

    Make one with :func:`read_panel` or :meth:`Panel.from_frame`.
    """

    def __init__(self, _inner: Any):
        self._inner = _inner

    @classmethod
    def from_frame(
        cls,
        data: Any,
        *,
        columns: Union[None, str, Mapping[str, str]] = None,
        measure: str = "organisations",
        level: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> "Panel":
        """A panel from a frame (pandas, polars, pyarrow or anything with
        ``__arrow_c_stream__``): a panel table with columns ``region, sector,
        year, value``, or organisations by year (see :func:`read_panel` for
        ``columns``, ``measure`` and ``level``). The frame is checked as a file
        would be; a problem's ``line`` is the row's position in the frame."""
        return cls(
            _coopnet.panel_from_frame(
                data, columns=_columns(columns), measure=measure, level=level,
                threads=_threads(threads),
            )
        )

    @property
    def years(self) -> list[int]:
        """The years, increasing."""
        return self._inner.years

    @property
    def regions(self) -> list[str]:
        """The regions (codes), the same in every year."""
        return self._inner.regions

    @property
    def sectors(self) -> list[str]:
        """The sectors (codes at the panel's level), the same in every year."""
        return self._inner.sectors

    @property
    def source(self) -> dict[str, Any]:
        """What the panel was read from: ``file``, ``measure`` (what the values
        count), ``level`` (sectors summed to it, or ``None``) and
        ``synthetic_rows`` (``(marked synthetic, rows)`` or ``None``)."""
        keys = ("file", "measure", "level", "synthetic_rows")
        return dict(zip(keys, self._inner.source))

    @property
    def notes(self) -> list[str]:
        """What was read (rows, years) and what adds nothing (records without the measure)."""
        return self._inner.notes

    @property
    def table(self) -> Table:
        """``region, sector, year, value``: every region, sector and year (0 where the input has none)."""
        return Table(self._inner.table())

    def to_pandas(self) -> Any:
        return self.table.to_pandas()

    def __repr__(self) -> str:
        y = self.years
        span = f"{y[0]}-{y[-1]}" if len(y) > 1 else str(y[0])
        return (
            f"coopnet.Panel({len(self.regions)} regions x {len(self.sectors)} sectors, "
            f"{len(y)} years {span}, from {self.source['file']})"
        )


def read_panel(
    path: PathLike,
    *,
    panel: Optional[PathLike] = None,
    columns: Union[None, str, PathLike, Mapping[str, str]] = None,
    measure: str = "organisations",
    level: Optional[str] = None,
    encoding: Optional[str] = None,
    threads: Optional[int] = None,
) -> Panel:
    """Reads a panel, as ``coopnet dynamics INPUT`` does. ``path`` is

    - a dataset folder: its panel file ``NAME_by_year.csv`` (``panel`` names
      it when the folder has several);
    - a panel table ``region, sector, year, value`` (used as it is; summed to
      ``level`` when given);
    - organisations by year: the russian-sme-registry layout, or columns
      named ``id, sector, region, year`` (and ``employees``, ``revenue``), or
      any export with ``columns`` naming its columns, as ``{"inn": "id",
      "okved": "sector", ...}``, a ``"inn=id,okved=sector"`` string or a TOML
      file with a ``[columns]`` table. They are summed to a panel of
      ``measure`` (``organisations``, ``employees`` or ``revenue``) at
      ``level`` (``division`` by default).

    ``encoding`` reads the file in that encoding instead of detecting it
    (names as :func:`coopnet.read_dataset` takes them). Every problem is
    raised together as :class:`coopnet.DatasetError`.
    """
    return Panel(
        _coopnet.read_panel(
            os.fspath(path),
            panel_file=None if panel is None else os.fspath(panel),
            columns=_columns(columns),
            measure=measure,
            level=level,
            encoding=encoding,
            threads=_threads(threads),
        )
    )


def _panel(source: Any) -> Panel:
    """A panel from what the functions take: a panel, a dataset read from a
    folder (its panel file), a path, or a frame."""
    from . import Dataset  # the package's, defined after this module is imported

    if isinstance(source, Panel):
        return source
    if isinstance(source, Dataset):
        if source.path is None:
            raise ValueError(
                "a dataset from frames has no panel file: give the panel as a frame "
                "(coopnet.Panel.from_frame) or a file (coopnet.read_panel)"
            )
        return read_panel(source.path)
    if isinstance(source, (str, os.PathLike)):
        return read_panel(source)
    if hasattr(source, "__arrow_c_stream__"):
        return Panel.from_frame(source)
    raise TypeError(
        f"expected a coopnet.Panel, a dataset, a file or folder, or a frame, got {type(source).__name__}"
    )


def growth(
    panel: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    by: str = "cell",
) -> Table:
    """Growth from ``from_year`` to ``to_year`` (the panel's first and last
    years by default), ``100 (x1 - x0) / x0``, as EconGeo: ``by="cell"`` is
    ``growth_mat`` (``region, sector, value_from, value_to, growth_pct``),
    ``"region"`` ``growth_reg`` and ``"sector"`` ``growth_ind`` (the totals).

    Every region and sector of the panel is given; ``growth_pct`` is 0 from 0
    to 0 and missing (``None``, NaN in pandas) from 0 to more, where EconGeo
    gives ``Inf``. ``panel`` is a :class:`Panel`, a dataset folder, a file or
    a frame (see :func:`read_panel`).
    """
    t, _, _ = _panel(panel)._inner.growth(_year("from_year", from_year), _year("to_year", to_year), by)
    return Table(t)


def series_growth(
    series: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    encoding: Optional[str] = None,
) -> Table:
    """The growth of every indicator series of a series file (or a frame with
    its columns ``entity, indicator, year, value``) from ``from_year`` to
    ``to_year`` (each series' first and last years by default), as
    ``coopnet dynamics SERIES``: ``entity, indicator, unit, from, to,
    value_from, value_to, growth_pct, cagr_pct, synthetic``, where
    ``growth_pct`` is ``100 (v1 - v0) / v0`` (missing from a base of 0) and
    ``cagr_pct`` the growth a year, ``100 ((v1 / v0)^(1 / (to - from)) - 1)``
    (missing unless both values are positive). A series without a value in
    both years is left out, with a warning naming it."""
    data = os.fspath(series) if isinstance(series, (str, os.PathLike)) else series
    t, skipped = _coopnet.series_growth(
        data, from_year=_year("from_year", from_year), to_year=_year("to_year", to_year),
        encoding=encoding,
    )
    if skipped:
        import warnings

        warnings.warn(
            "no value in both years, left out: " + "; ".join(skipped), stacklevel=2
        )
    return Table(t)


class Dynamics(_Report):
    """What changed between two years of a panel, as ``coopnet dynamics``
    computes it on the regions and sectors active in both years: growth,
    location quotients, entries and exits of specialisations, relatedness
    density in the first year, and whether density predicted the entries.
    ``to_pandas()`` gives :attr:`cells`; ``to_csv()`` is the command's CSV
    (growth rounded to 4 decimals there)."""

    def _main(self) -> Table:
        return self.cells

    @property
    def cells(self) -> Table:
        """One row per region and sector compared: ``region, sector,
        value_from, value_to, growth_pct, lq_from, lq_to, density_from,
        event`` (``entry``, ``exit``, ``kept`` or ``none``), as the command's CSV."""
        return Table(self._inner.cells())

    @property
    def region_totals(self) -> Table:
        """``region, value_from, value_to, growth_pct`` (EconGeo ``growth_reg``)."""
        return Table(self._inner.region_totals())

    @property
    def sector_totals(self) -> Table:
        """``sector, value_from, value_to, growth_pct`` (EconGeo ``growth_ind``)."""
        return Table(self._inner.sector_totals())

    @property
    def entry_list(self) -> Table:
        """EconGeo ``entry_list``: every cell not specialised in the first year
        (``region, sector, entry, density_from``), ``entry`` true where it is
        specialised in the second."""
        return Table(self._inner.entry_list())

    @property
    def exit_list(self) -> Table:
        """EconGeo ``exit_list``: every cell specialised in the first year
        (``region, sector, exit, density_from``), ``exit`` true where it is no
        longer specialised in the second."""
        return Table(self._inner.exit_list())

    @property
    def backtest(self) -> dict[str, Any]:
        """Did relatedness density predict the entries? ``relatedness`` (the
        measure), ``candidates``, ``entries``, ``auc`` (the probability that an
        entering cell has a higher density than a non-entering one),
        ``mean_density_entries``, ``mean_density_others`` and ``lpm``: the
        linear probability model of entry on density with region and sector
        fixed effects (``coefficient``; ``se_cluster``, ``t_cluster`` and
        ``p_cluster``, clustered by region; ``se_hc1`` and ``p_hc1``;
        ``observations``, ``regions``, ``sectors``, ``parameters``,
        ``r2_within``), ``None`` when it cannot be estimated. Formulas:
        docs/measures.md, "Dynamics"."""
        return self._summary()["backtest"]

    @property
    def from_year(self) -> int:
        """The first year compared."""
        return self._summary()["from"]

    @property
    def to_year(self) -> int:
        """The second year compared."""
        return self._summary()["to"]

    @property
    def regions_left_out(self) -> list[str]:
        """Regions without activity in one of the two years (not compared)."""
        return self._summary()["regions_left_out"]

    @property
    def sectors_left_out(self) -> list[str]:
        """Sectors without activity in one of the two years (not compared)."""
        return self._summary()["sectors_left_out"]

    @property
    def total(self) -> dict[str, Any]:
        """The grand total in both years and its growth (``from``, ``to``, ``growth_pct``)."""
        return self._summary()["total"]

    @property
    def entries(self) -> int:
        """Cells specialised in the second year and not in the first."""
        return self._summary()["entries"]

    @property
    def exits(self) -> int:
        """Cells specialised in the first year and not in the second."""
        return self._summary()["exits"]

    def __repr__(self) -> str:
        s = self._summary()
        auc = s["backtest"]["auc"]
        return (
            f"coopnet.Dynamics({s['from']}-{s['to']}: {len(s['regions'])} regions x "
            f"{len(s['sectors'])} sectors, {s['entries']} entries, {s['exits']} exits, "
            f"AUC {'none' if auc is None else f'{auc:.3f}'})"
        )


def dynamics(
    panel: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    threshold: float = 1.0,
    method: str = "prob",
    threads: Optional[int] = None,
) -> Dynamics:
    """Compares two years of a panel, as ``coopnet dynamics --from --to``
    (the panel's first and last years by default).

    ``panel`` is a :class:`Panel`, a dataset (read from a folder with a panel
    file), a dataset folder, a panel or registry file, or a frame. A region
    specialises in a sector when its location quotient is at least
    ``threshold``; relatedness (for the first year's density) is measured by
    ``method`` as in :func:`coopnet.relatedness` (``prob``, ``association``,
    ``cosine``, ``jaccard``, or ``proximity`` with a zero diagonal).
    """
    return Dynamics(
        _coopnet.dynamics(
            _panel(panel)._inner, _year("from_year", from_year), _year("to_year", to_year),
            threshold=float(threshold), method=method, threads=_threads(threads),
        )
    )


def entry_list(
    panel: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    threshold: float = 1.0,
    method: str = "prob",
) -> Table:
    """EconGeo ``entry_list`` between two years: ``region, sector, entry,
    density_from`` (see :attr:`Dynamics.entry_list`)."""
    return dynamics(panel, from_year, to_year, threshold=threshold, method=method).entry_list


def exit_list(
    panel: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    threshold: float = 1.0,
    method: str = "prob",
) -> Table:
    """EconGeo ``exit_list`` between two years: ``region, sector, exit,
    density_from`` (see :attr:`Dynamics.exit_list`)."""
    return dynamics(panel, from_year, to_year, threshold=threshold, method=method).exit_list


def relatedness_backtest(
    panel: Any,
    from_year: Optional[int] = None,
    to_year: Optional[int] = None,
    *,
    threshold: float = 1.0,
    method: str = "prob",
) -> dict[str, Any]:
    """Whether the first year's relatedness density predicted the entries of
    the second: the AUC and the fixed-effects linear probability model with
    its standard errors (see :attr:`Dynamics.backtest`)."""
    return dynamics(panel, from_year, to_year, threshold=threshold, method=method).backtest


class Forecast(_Report):
    """A series' fit, forecasts with 80 % and 95 % prediction intervals, and
    the rolling-origin back-test, as ``coopnet forecast`` makes them.
    ``to_pandas()`` gives :attr:`table`."""

    def _main(self) -> Table:
        return self.table

    @property
    def table(self) -> Table:
        """One row per year: ``year, kind, value, fitted, forecast, lower_80,
        upper_80, lower_95, upper_95``; ``kind`` is ``observed`` (with the
        value and the fitted one) or ``forecast`` (with the forecast and its
        intervals, missing when the series leaves no residual variance), as
        the command's CSV."""
        return Table(self._inner.table())

    @property
    def backtest(self) -> Table:
        """One row per back-test origin: ``year, trained_on, actual, forecast,
        error`` (the one-year-ahead forecast from the earlier years;
        ``error = forecast - actual``)."""
        return Table(self._inner.backtest())

    @property
    def mae(self) -> Optional[float]:
        """Mean absolute error of the back-test (``None`` without an origin)."""
        return self._summary()["backtest"]["mae"]

    @property
    def rmse(self) -> Optional[float]:
        """Root mean squared error of the back-test (``None`` without an origin)."""
        return self._summary()["backtest"]["rmse"]

    @property
    def model(self) -> dict[str, Any]:
        """The fitted model: for a trend, ``line`` (``intercept``, ``slope``,
        their standard errors, the residual standard error, ...) and ``log``;
        for Holt's damped trend, ``fit`` (its parameters and states)."""
        return self._summary()["model"]

    @property
    def method(self) -> str:
        """``linear``, ``loglinear`` or ``holt-damped``."""
        return self._summary()["method"]

    @property
    def series(self) -> dict[str, Any]:
        """``entity``, ``indicator``, ``unit`` of the series."""
        return dict(zip(("entity", "indicator", "unit"), self._inner.series))

    @property
    def synthetic(self) -> bool:
        """True when the input marks any value of the series ``synthetic``."""
        return self._inner.synthetic

    @property
    def warnings(self) -> list[str]:
        """What a short series cannot support (few points, no interval, a long horizon)."""
        return self._inner.warnings

    def chart(self) -> str:
        """The chart as SVG text (points, fit, forecast, both bands), as ``--chart``."""
        return self._inner.chart()

    def _repr_svg_(self) -> str:
        return self.chart()

    def __repr__(self) -> str:
        s = self.series
        t = self.table.to_pydict()
        years = t["year"]
        return (
            f"coopnet.Forecast({s['entity']} / {s['indicator']}: {self.method}, "
            f"{years[0]}-{years[-1]})"
        )


def forecast(
    series: Any,
    method: str = "linear",
    to: Optional[int] = None,
    *,
    entity: Optional[str] = None,
    indicator: Optional[str] = None,
    unit: Optional[str] = None,
    encoding: Optional[str] = None,
) -> Forecast:
    """Forecasts one indicator series to the year ``to`` (3 years past its
    last value by default), as ``coopnet forecast``.

    ``series`` is a series file ``entity, indicator, year, value`` (optional
    ``unit``, ``provenance``, ``source``), or a frame with those columns
    (``entity`` and ``indicator`` choose one series when there are several),
    or a frame with just ``year`` and ``value``, or the values themselves: a
    ``{year: value}`` mapping, a pandas Series indexed by year, or
    ``(year, value)`` pairs (then ``entity``, ``indicator`` and ``unit`` name
    it in the report and the chart).

    ``method`` is ``linear`` (OLS on the year), ``loglinear`` (a constant
    growth rate) or ``holt-damped`` (Holt's damped trend, one value every
    year). Formulas: docs/measures.md, "Forecasts".
    """
    to = _year("to", to)
    if isinstance(series, (str, os.PathLike)):
        return Forecast(
            _coopnet.forecast_series(
                os.fspath(series), entity=entity, indicator=indicator, method=method, to=to,
                encoding=encoding,
            )
        )
    if hasattr(series, "__arrow_c_stream__") and (
        hasattr(series, "columns") or hasattr(series, "column_names")
    ):
        # pyarrow's tables name their columns column_names; pandas' and polars' frames, columns
        names = getattr(series, "column_names", None)
        names = [str(c) for c in (series.columns if names is None else names)]
        if "entity" in names or "indicator" in names or not {"year", "value"} <= set(names):
            return Forecast(
                _coopnet.forecast_series(
                    series, entity=entity, indicator=indicator, method=method, to=to, encoding=None
                )
            )
        columns = _coopnet.table_to_pydict(series)
        pairs = list(zip(columns["year"], columns["value"]))
    elif isinstance(series, Mapping):
        pairs = list(series.items())
    elif hasattr(series, "items") and hasattr(series, "index"):  # a pandas Series
        pairs = list(series.items())
        if indicator is None and getattr(series, "name", None) is not None:
            indicator = str(series.name)
    else:
        pairs = [tuple(p) for p in series]
    # checked by the series reader, as a file's rows are (a problem's line
    # is the pair's position)
    years, values = [], []
    for year, value in pairs:
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        years.append(str(year))
        values.append(None if value is None or value != value else float(value))
    return Forecast(
        _coopnet.forecast_values(
            years, values, entity=entity or "series", indicator=indicator or "value", unit=unit,
            method=method, to=to,
        )
    )
