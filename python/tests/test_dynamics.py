"""Specialisation over time and forecasts: the package gives what
``coopnet dynamics`` and ``coopnet forecast`` give on the same input."""

import json
import math

import pytest

import coopnet
from conftest import ROOT, RUSSIA

PANEL = RUSSIA / "organisations_by_year.csv"
SERIES = RUSSIA / "series.csv"
REGISTRY = ROOT / "tests" / "data" / "dynamics" / "sme_registry_synthetic.csv"

DYNAMICS_CASES = [
    ([], {}),
    (["--from", "2020", "--to", "2021"], {"from_year": 2020, "to_year": 2021}),
    (["--method", "cosine", "--threshold", "1.2"], {"method": "cosine", "threshold": 1.2}),
    (["--method", "proximity", "--from", "2019", "--to", "2020"],
     {"method": "proximity", "from_year": 2019, "to_year": 2020}),
]


def command_json(cli, *args):
    return json.loads(cli(*args, "--format", "json", "--quiet").stdout)


@pytest.fixture(scope="module")
def panel():
    return coopnet.read_panel(RUSSIA)


def test_the_panel_is_the_file(panel):
    assert panel.years == [2019, 2020, 2021, 2022]
    assert panel.source["file"] == str(PANEL)
    assert panel.source["measure"] == "panel table: value"
    rows = panel.table.to_pylist()
    assert len(rows) == len(panel.regions) * len(panel.sectors) * len(panel.years)
    import csv

    with open(PANEL, newline="", encoding="utf-8") as f:
        given = {(r["region"], r["sector"], int(r["year"])): float(r["value"]) for r in csv.DictReader(f)}
    for r in rows:
        assert r["value"] == given.get((r["region"], r["sector"], r["year"]), 0.0)


@pytest.mark.parametrize("args,kwargs", DYNAMICS_CASES)
def test_dynamics_match_the_command(cli, panel, args, kwargs):
    d = coopnet.dynamics(panel, **kwargs)
    for fmt, text in (("json", d.to_json()), ("csv", d.to_csv()), ("md", d.to_markdown())):
        assert text == cli("dynamics", RUSSIA, *args, "--format", fmt, "--quiet").stdout, fmt
    expected = command_json(cli, "dynamics", RUSSIA, *args)
    # the long tables hold the command's cells and totals, number for number
    assert d.cells.to_pylist() == expected["cells"]
    for got, key, label in ((d.region_totals, "region_totals", "region"),
                            (d.sector_totals, "sector_totals", "sector")):
        assert got.to_pylist() == [
            {label: t["label"], "value_from": t["from"], "value_to": t["to"], "growth_pct": t["growth_pct"]}
            for t in expected[key]
        ]
    assert d.backtest == expected["backtest"]
    assert (d.from_year, d.to_year, d.entries, d.exits) == (
        expected["from"], expected["to"], expected["entries"], expected["exits"])
    assert d.total == expected["total"]


@pytest.mark.parametrize("args,kwargs", DYNAMICS_CASES[:3])
def test_entry_and_exit_lists(cli, panel, args, kwargs):
    """EconGeo's entry_list holds the cells not specialised in the first year,
    exit_list those specialised; the flag says whether that changed."""
    expected = command_json(cli, "dynamics", RUSSIA, *args)
    cells = expected["cells"]
    method = kwargs.get("method", "prob")
    threshold = kwargs.get("threshold", 1.0)
    years = {k: v for k, v in kwargs.items() if k.endswith("_year")}
    entries = coopnet.entry_list(panel, **years, threshold=threshold, method=method).to_pylist()
    assert entries == [
        {"region": c["region"], "sector": c["sector"], "entry": c["event"] == "entry",
         "density_from": c["density_from"]}
        for c in cells if c["event"] in ("entry", "none")
    ]
    assert len(entries) == expected["backtest"]["candidates"]
    assert sum(e["entry"] for e in entries) == expected["entries"] > 0
    exits = coopnet.exit_list(panel, **years, threshold=threshold, method=method).to_pylist()
    assert exits == [
        {"region": c["region"], "sector": c["sector"], "exit": c["event"] == "exit",
         "density_from": c["density_from"]}
        for c in cells if c["event"] in ("exit", "kept")
    ]
    assert len(exits) == expected["specialised_from"]
    assert sum(e["exit"] for e in exits) == expected["exits"] > 0
    backtest = coopnet.relatedness_backtest(panel, **years, threshold=threshold, method=method)
    assert backtest == expected["backtest"]


def test_the_backtest_has_its_auc_and_fixed_effects_lpm(cli, panel):
    b = coopnet.relatedness_backtest(panel)
    assert 0.5 < b["auc"] < 1
    lpm = b["lpm"]
    assert lpm["observations"] == b["candidates"]
    # one coefficient, region and sector effects less one
    assert lpm["parameters"] == 1 + lpm["regions"] + lpm["sectors"] - 1
    assert lpm["coefficient"] > 0 and lpm["se_cluster"] > 0
    assert math.isclose(lpm["t_cluster"], lpm["coefficient"] / lpm["se_cluster"], rel_tol=1e-12)


def test_growth_is_econgeo_growth(cli, panel):
    cells = coopnet.growth(panel, 2019, 2022).to_pylist()
    assert len(cells) == len(panel.regions) * len(panel.sectors)
    for c in cells:
        a, b = c["value_from"], c["value_to"]
        if a > 0:
            assert math.isclose(c["growth_pct"], 100 * (b - a) / a, rel_tol=1e-12)
        elif b == 0:
            assert c["growth_pct"] == 0
        else:
            assert c["growth_pct"] is None
    # every region of the bundled panel is active in both years: the same as
    # the command's region totals
    expected = command_json(cli, "dynamics", RUSSIA)
    assert expected["regions_left_out"] == []
    regions = coopnet.growth(panel, by="region").to_pylist()
    assert [(r["region"], r["value_from"], r["value_to"], r["growth_pct"]) for r in regions] == [
        (t["label"], t["from"], t["to"], t["growth_pct"]) for t in expected["region_totals"]
    ]
    sectors = coopnet.growth(panel, by="sector")
    assert sectors.column_names == ["sector", "value_from", "value_to", "growth_pct"]
    with pytest.raises(ValueError, match="cell, region, sector"):
        coopnet.growth(panel, by="district")


def test_what_the_functions_take(panel):
    ds = coopnet.read_dataset(RUSSIA)
    expected = coopnet.dynamics(panel).to_json()
    assert coopnet.dynamics(ds).to_json() == expected
    assert coopnet.dynamics(RUSSIA).to_json() == expected
    assert coopnet.dynamics(PANEL).to_json() == expected


@pytest.mark.parametrize(
    "args,kwargs",
    [
        (["--measure", "employees"], {"measure": "employees"}),
        (["--measure", "revenue", "--level", "group"], {"measure": "revenue", "level": "group"}),
        (["--level", "section", "--from", "2019", "--to", "2020"],
         {"level": "section", "from_year": 2019, "to_year": 2020}),
    ],
)
def test_organisations_by_year_match_the_command(cli, args, kwargs):
    years = {k: kwargs.pop(k) for k in list(kwargs) if k.endswith("_year")}
    p = coopnet.read_panel(REGISTRY, **kwargs)
    assert p.source["synthetic_rows"] is not None, "the rows say they are synthetic"
    d = coopnet.dynamics(p, **years)
    assert d.to_json() == cli("dynamics", REGISTRY, *args, "--format", "json", "--quiet").stdout
    assert d.to_markdown() == cli("dynamics", REGISTRY, *args, "--quiet").stdout


def test_panels_from_frames():
    import pandas as pd

    frame = pd.read_csv(PANEL, dtype={"sector": str})
    p = coopnet.Panel.from_frame(frame)
    file = coopnet.read_panel(PANEL)
    assert p.source["file"] == "the panel frame"
    assert p.table.to_pylist() == file.table.to_pylist()
    a, b = coopnet.dynamics(p).to_dict(), coopnet.dynamics(file).to_dict()
    a.pop("file"), b.pop("file")
    assert a == b
    registry = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    p = coopnet.Panel.from_frame(registry, measure="employees")
    a = coopnet.dynamics(p).to_dict()
    b = coopnet.dynamics(coopnet.read_panel(REGISTRY, measure="employees")).to_dict()
    a.pop("file"), b.pop("file")
    assert a == b


def test_frame_problems_name_the_row():
    import pandas as pd

    frame = pd.read_csv(PANEL, dtype=str)
    frame.loc[3, "year"] = "twenty"
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.Panel.from_frame(frame)
    (problem,) = [p for p in e.value.problems if p.value == "twenty"]
    assert (problem.file, problem.line, problem.column) == ("panel", 3, "year")
    with pytest.raises(coopnet.DatasetError, match="not a panel table"):
        coopnet.Panel.from_frame(pd.DataFrame({"a": ["1"], "b": ["2"]}))


FORECAST_CASES = [
    ("cluster_employees", "linear", None),
    ("cluster_employees", "loglinear", 2030),
    ("clusters_founded", "holt-damped", None),
    ("industrial_cluster_support", "linear", 2027),
]


@pytest.mark.parametrize("indicator,method,to", FORECAST_CASES)
def test_forecasts_match_the_command(cli, indicator, method, to, tmp_path):
    args = ["--indicator", indicator, "--method", method]
    if to is not None:
        args += ["--to", str(to)]
    chart = tmp_path / "chart.svg"
    f = coopnet.forecast(SERIES, method, to, indicator=indicator)
    assert f.to_json() == cli("forecast", SERIES, *args, "--format", "json", "--chart", chart, "--quiet").stdout
    assert f.chart() == chart.read_text(encoding="utf-8")
    assert f.to_csv() == cli("forecast", SERIES, *args, "--format", "csv", "--quiet").stdout
    assert f.to_markdown() == cli("forecast", SERIES, *args, "--quiet").stdout
    expected = command_json(cli, "forecast", SERIES, *args)
    rows = f.table.to_pylist()
    observed = [r for r in rows if r["kind"] == "observed"]
    assert [(r["year"], r["value"], r["fitted"]) for r in observed] == [
        (p["year"], p["value"], p["fitted"]) for p in expected["fitted"]
    ]
    ahead = [r for r in rows if r["kind"] == "forecast"]
    assert len(ahead) == len(expected["forecasts"]) > 0
    for r, e in zip(ahead, expected["forecasts"]):
        assert (r["year"], r["forecast"]) == (e["year"], e["forecast"])
        bands = {i["level"]: (i["lower"], i["upper"]) for i in e["intervals"]}
        # no band where the fit leaves no residual variance
        assert (r["lower_80"], r["upper_80"]) == bands.get(0.8, (None, None))
        assert (r["lower_95"], r["upper_95"]) == bands.get(0.95, (None, None))
    assert [(b["year"], b["trained_on"], b["actual"], b["forecast"]) for b in f.backtest.to_pylist()] == [
        (e["year"], e["trained_on"], e["actual"], e["forecast"]) for e in expected["backtest"]["errors"]
    ]
    assert (f.mae, f.rmse) == (expected["backtest"]["mae"], expected["backtest"]["rmse"])
    assert f.synthetic == expected["synthetic"]


def test_forecasts_of_values_and_frames():
    import pandas as pd

    f = coopnet.forecast(SERIES, indicator="cluster_employees")
    points = [(p["year"], p["value"]) for p in f.to_dict()["series"]["points"]]
    numbers = ("model", "fitted", "forecasts", "backtest", "warnings")
    import polars as pl
    import pyarrow as pa

    columns = {"year": [y for y, _ in points], "value": [v for _, v in points]}
    for given in (dict(points), points, pd.Series(dict(points)), pd.DataFrame(columns),
                  pa.table(columns), pl.DataFrame(columns)):
        g = coopnet.forecast(given)
        assert {k: g.to_dict()[k] for k in numbers} == {k: f.to_dict()[k] for k in numbers}
        assert not g.synthetic
    frame = pd.read_csv(SERIES, dtype=str, keep_default_na=False)
    g = coopnet.forecast(frame, indicator="cluster_employees")
    assert g.to_dict() == {**f.to_dict(), "input": "the series frame"}
    with pytest.raises(coopnet.ParameterError, match="cluster_employees"):
        coopnet.forecast(frame)


def test_forecast_problems():
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.forecast({2019: 1.0, "next": 2.0, 2021: 3.0})
    assert [p.line for p in e.value.problems if p.value == "next"]
    with pytest.raises(ValueError, match="linear, loglinear, holt-damped"):
        coopnet.forecast({2019: 1.0, 2020: 2.0, 2021: 3.0}, "arima")
    with pytest.raises(coopnet.ParameterError, match="every year"):
        coopnet.forecast(SERIES, "holt-damped", indicator="cluster_employees")


@pytest.mark.parametrize("args,kwargs", [([], {}), (["--from", "2016", "--to", "2021"],
                                                    {"from_year": 2016, "to_year": 2021})])
def test_series_growth_matches_the_command(cli, args, kwargs):
    import warnings

    expected = command_json(cli, "dynamics", SERIES, *args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = coopnet.series_growth(SERIES, **kwargs).to_pylist()
    assert got == [{k: g[k] for k in got[0]} for g in expected["growth"]]
    assert len(got) > 0
    left_out = expected["without_both_years"]
    assert [str(w.message) for w in caught] == (
        ["no value in both years, left out: " + "; ".join(left_out)] if left_out else [])
    import pandas as pd

    frame = pd.read_csv(SERIES, dtype=str, keep_default_na=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert coopnet.series_growth(frame, **kwargs).to_pylist() == got


def test_series_growth_without_both_years():
    with pytest.raises(coopnet.ParameterError, match="no series has values in both years"):
        coopnet.series_growth(SERIES, 1990, 1995)
