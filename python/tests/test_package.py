"""Tables, threads, the GIL, the defaults and the installed command."""

import json
import subprocess
import sys
import threading
import time

import pytest

import coopnet
from conftest import DEMO, RUSSIA, venv_command


@pytest.fixture(scope="module")
def russia():
    return coopnet.read_dataset(RUSSIA)


def test_tables_convert(russia):
    t = coopnet.location_quotient(russia, measure="organisations")
    d = t.to_pydict()
    assert t.column_names == ["region", "sector", "value", "lq", "specialised"]
    assert len(t) == len(d["region"]) == t.num_rows
    pd = pytest.importorskip("pandas")
    df = t.to_pandas()
    assert list(df.columns) == t.column_names and len(df) == len(t)
    assert df["lq"].tolist() == d["lq"]
    pl = pytest.importorskip("polars")
    assert t.to_polars()["lq"].to_list() == d["lq"]
    pa = pytest.importorskip("pyarrow")
    assert pa.table(t).column("region").to_pylist() == d["region"]
    assert t.to_pylist()[0] == {k: v[0] for k, v in d.items()}
    assert "coopnet.Table" in repr(t)
    assert t["sector"] == d["sector"]


def test_to_pandas_without_pyarrow(russia, monkeypatch):
    pd = pytest.importorskip("pandas")
    t = coopnet.suggest(russia).table
    with_pyarrow = t.to_pandas()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    without = t.to_pandas()
    assert list(without.columns) == list(with_pyarrow.columns)
    assert without["score"].tolist() == with_pyarrow["score"].tolist()
    assert without["regions"].tolist() == [list(r) for r in with_pyarrow["regions"]]


def test_same_results_at_any_thread_count(russia):
    one = coopnet.leiden(russia, projection="participants", threads=1).membership.to_pydict()
    two = coopnet.leiden(russia, projection="participants", threads=2).membership.to_pydict()
    every = coopnet.leiden(russia, projection="participants").membership.to_pydict()
    assert one == two == every
    assert coopnet.suggest(russia, threads=1).to_csv() == coopnet.suggest(russia, threads=2).to_csv()


def test_the_gil_is_released(national):
    """Another Python thread keeps running while datasets load.

    The counter's free rate is measured first; a call that held the GIL would let
    it advance not at all between the reads taken just before and just after the
    call. Loads repeat until a quarter second has passed, so a fast machine does
    not make the window too short to measure.
    """
    ticks = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    worker = threading.Thread(target=count)
    worker.start()
    try:
        first = ticks[0]
        t = time.perf_counter()
        time.sleep(0.1)
        rate = (ticks[0] - first) / (time.perf_counter() - t)
        elapsed = 0.0
        during = 0
        calls = 0
        while elapsed < 0.25:
            before = ticks[0]
            t = time.perf_counter()
            coopnet.read_dataset(national, threads=1)
            elapsed += time.perf_counter() - t
            during += ticks[0] - before
            calls += 1
    finally:
        stop.set()
        worker.join()
    assert rate > 0
    # holding the GIL would allow at most a switch interval's ticks per call
    assert during > 0.2 * rate * elapsed, (during, rate, elapsed, calls)


def test_defaults_are_the_librarys():
    from coopnet import _coopnet, backend

    c = dict(_coopnet.community_defaults())
    assert (coopnet._LEIDEN_MAX_ITERATIONS, coopnet._LEIDEN_TOLERANCE, coopnet._LEIDEN_RANDOMNESS,
            coopnet._LOUVAIN_MAX_LEVELS) == (c["max_iterations"], c["tolerance"], c["randomness"], c["max_levels"])
    assert (backend._LEIDEN_MAX_ITERATIONS, backend._LEIDEN_TOLERANCE, backend._LEIDEN_RANDOMNESS,
            backend._LOUVAIN_MAX_LEVELS) == (c["max_iterations"], c["tolerance"], c["randomness"], c["max_levels"])
    import inspect

    for f in (coopnet.leiden, coopnet.louvain):
        p = inspect.signature(f).parameters
        assert p["resolution"].default == c["resolution"] and p["seed"].default == c["seed"]
    s = dict(_coopnet.suggest_defaults())
    p = inspect.signature(coopnet.suggest).parameters
    for name in ("top", "threshold", "intersectoral_weight", "sectoral_weight", "max_partners",
                 "max_regions", "max_clusters", "max_organisations", "innovation_weight",
                 "link_boost", "min_share", "fdr"):
        assert p[name].default == s[name], name
    assert inspect.signature(coopnet.analyze).parameters["top"].default == s["analyze_top"]
    m = dict(_coopnet.measure_defaults())
    assert inspect.signature(coopnet.location_quotient).parameters["threshold"].default == m["threshold"]
    assert inspect.signature(coopnet.eci).parameters["steps"].default == m["steps"]


def test_measures_are_long_tables(russia):
    lq = coopnet.location_quotient(russia, measure="organisations")
    wide = coopnet.location_quotient(russia, measure="organisations", wide=True)
    assert wide.num_rows == 85 and len(wide.column_names) == 1 + lq.num_rows // 85
    assert wide[wide.column_names[1]] == [r["lq"] for r in lq.to_pylist() if r["sector"] == wide.column_names[1]]
    e = coopnet.eci(russia, measure="organisations")
    assert e.column_names == ["region", "eci", "diversity"] and e.num_rows == 85
    assert coopnet.pci(russia, measure="organisations").column_names == ["sector", "pci", "ubiquity"]
    d = coopnet.relatedness_density(russia, measure="organisations")
    assert all(0 <= x <= 100 for x in d["density"])


def test_projection_and_networkx(russia):
    g = russia.projection("regions", between=True)
    assert g.node_count == 85 and g.kind == "regions"
    assert all(r["source"] != r["target"] for r in g.edges.to_pylist())
    nx = pytest.importorskip("networkx")
    G = g.to_networkx()
    assert G.number_of_edges() == g.edge_count


def test_the_installed_command(tmp_path):
    command = venv_command()
    assert command, "the package installs a coopnet command beside the interpreter"
    p = subprocess.run([command, "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("coopnet ")
    p = subprocess.run([command, "inspect", DEMO], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([command, "inspect", tmp_path / "none"], capture_output=True, text=True)
    assert p.returncode == 2 and "not found" in p.stderr
    out = tmp_path / "c.json"
    p = subprocess.run([command, "communities", DEMO, "--format", "json", "--out", out],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert json.loads(out.read_text())["membership"]
    # the same from python -m
    p = subprocess.run([sys.executable, "-m", "coopnet._cli", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("coopnet ")


def test_map_and_analyze(russia, tmp_path):
    dot = coopnet.map(russia, tmp_path / "map.dot", layout="geo")
    assert dot.read_text().startswith(("graph", "digraph", "strict", "//", "/*"))
    result = coopnet.analyze(RUSSIA, tmp_path / "run", render=False, seed=5)
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["dataset"] == "russia" and "5" in json.dumps(run)
    assert "README.md" in result["files"] and result["figures"]["regions"] == "85"
