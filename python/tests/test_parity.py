"""The package gives what the command line gives: the same tables, the same
partitions for the same seed, the same suggestions."""

import csv
import io
import math

import pytest

import coopnet
from conftest import ROOT, RUSSIA


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def as_number(s):
    return float(s)


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.fixture(scope="module")
def russia():
    return coopnet.read_dataset(RUSSIA)


@pytest.mark.parametrize("measure", ["organisations", "employees", "clusters"])
def test_location_quotients_match_the_command(cli, russia, measure, tmp_path):
    cli("specialisation", RUSSIA, "--measure", measure, "--out", tmp_path / "lq.csv", "--quiet")
    expected = read_csv((tmp_path / "lq.csv").read_text())
    got = coopnet.location_quotient(russia, measure=measure).to_pylist()
    assert len(got) == len(expected) > 1000
    for g, e in zip(got, expected):
        assert (g["region"], g["sector"]) == (e["region"], e["sector"])
        # the command writes shortest round-trip decimals: equal as floats
        assert g["value"] == as_number(e["value"])
        assert g["lq"] == as_number(e["lq"])
        assert g["specialised"] == (e["specialised"] == "1")
    indices = read_csv((tmp_path / "lq.regions.csv").read_text())
    got = coopnet.specialisation_indices(russia, measure=measure).to_pylist()
    assert [r["region"] for r in got] == [r["region"] for r in indices]
    for g, e in zip(got, indices):
        for k in ("total", "diversity", "herfindahl", "krugman", "entropy"):
            assert same(g[k], as_number(e[k])), (k, g, e)


def test_relatedness_matches_the_command(cli, russia, tmp_path):
    cli("relatedness", RUSSIA, "--measure", "organisations", "--method", "cosine",
        "--out", tmp_path / "r.csv", "--quiet")
    expected = read_csv((tmp_path / "r.csv").read_text())
    got = coopnet.relatedness(russia, measure="organisations", method="cosine").to_pylist()
    assert [(g["sector_a"], g["sector_b"]) for g in got] == [(e["sector_a"], e["sector_b"]) for e in expected]
    assert [g["relatedness"] for g in got] == [as_number(e["relatedness"]) for e in expected]
    density = read_csv((tmp_path / "r.density.csv").read_text())
    got = coopnet.relatedness_density(russia, measure="organisations", method="cosine").to_pylist()
    assert [g["density"] for g in got] == [as_number(e["density"]) for e in density]


@pytest.mark.parametrize(
    "args,kwargs",
    [
        ([], {}),
        (["--seed", "7"], {"seed": 7}),
        (["--algorithm", "louvain", "--seed", "3"], {"seed": 3}),
        (["--projection", "participants", "--between", "--resolution", "1.5"],
         {"projection": "participants", "between": True, "resolution": 1.5}),
        (["--projection", "clusters", "--sector", "20", "26", "--quality", "cpm", "--resolution", "0.05"],
         {"projection": "clusters", "sectors": ["20", "26"], "quality": "cpm", "resolution": 0.05}),
        (["--layers"], {"layers": True}),
    ],
)
def test_the_same_partition_for_the_same_seed(cli, russia, args, kwargs, tmp_path):
    out = tmp_path / "c.json"
    cli("communities", RUSSIA, *args, "--format", "json", "--out", out, "--quiet")
    import json

    expected = json.loads(out.read_text())
    detect = coopnet.louvain if "louvain" in args else coopnet.leiden
    found = detect(russia, **kwargs)
    m = found.membership.to_pydict()
    assert m["node"] == [e["node"] for e in expected["membership"]]
    assert m["community"] == [e["community"] for e in expected["membership"]]
    assert found.modularity == expected["modularity"]
    assert found.quality == expected["quality"]
    assert found.count == expected["communities"]
    assert [t.num_rows for t in found.levels] == [len(lv["membership"]) for lv in expected["levels"]]
    assert [t["community"] for t in found.levels] == [lv["membership"] for lv in expected["levels"]]
    assert found.parameters == expected["parameters"]


def test_the_same_suggestions(cli, russia, tmp_path):
    text = cli("suggest", RUSSIA, "--format", "csv", "--seed", "5", "--top", "15", "--quiet").stdout
    found = coopnet.suggest(russia, seed=5, top=15)
    assert found.to_csv() == text
    rows = read_csv(text)
    table = found.table.to_pylist()
    assert len(table) == len(rows) == 15
    for t, r in zip(table, rows):
        assert str(t["rank"]) == r["rank"] and t["kind"] == r["kind"]
        assert t["score"] == as_number(r["score"])
        assert "|".join(t["regions"]) == r["regions"]
        assert "|".join(t["sectors"]) == r["sectors"]
        assert "|".join(t["explanation"]) == r["explanation"]
    md = cli("suggest", RUSSIA, "--seed", "5", "--top", "15", "--quiet").stdout
    assert found.to_markdown() == md
    # the evidence is the explanation, line by line
    evidence = found.evidence.to_pylist()
    assert [e["text"] for e in evidence] == [x for t in table for x in t["explanation"]]


def test_suggestion_parameters_match_the_command(cli, russia):
    kwargs = dict(max_regions=4, measure="organisations", level="group", threshold=1.2,
                  intersectoral_weight=2.0, sectoral_weight=0.5, max_partners=10,
                  resolution=0.8, innovation_weight=0.5, top=5)
    args = []
    for k, v in kwargs.items():
        args += ["--" + k.replace("_", "-"), str(v)]
    text = cli("suggest", RUSSIA, "--format", "json", *args, "--quiet").stdout
    assert coopnet.suggest(russia, **kwargs).to_json() == text


def test_national_dataset_parity(cli, national, tmp_path):
    """A larger graph: the participant projection partition equals the command's."""
    ds = coopnet.read_dataset(national)
    cli("communities", national, "--projection", "participants", "--seed", "11",
        "--out", tmp_path / "m.csv", "--quiet")
    rows = read_csv((tmp_path / "m.csv").read_text())
    found = coopnet.leiden(ds, projection="participants", seed=11).membership.to_pydict()
    assert found["node"] == [r["node"] for r in rows]
    assert found["community"] == [int(r["community"]) for r in rows]


IO_TABLE = ROOT / "tests" / "data" / "economics" / "oecd_iot_BEL2020ttl.csv"


@pytest.mark.parametrize("threshold", [None, 0.02, 0.1])
def test_suggestions_along_an_input_output_table(cli, russia, threshold):
    args = ["--io-table", IO_TABLE, "--seed", "7"]
    kwargs = {"io_table": IO_TABLE, "seed": 7}
    if threshold is not None:
        args += ["--io-threshold", str(threshold)]
        kwargs["io_threshold"] = threshold
    found = coopnet.suggest(russia, **kwargs)
    assert found.value_chain == str(IO_TABLE)
    assert found.to_json() == cli("suggest", RUSSIA, *args, "--format", "json", "--quiet").stdout
    assert found.to_csv() == cli("suggest", RUSSIA, *args, "--format", "csv", "--quiet").stdout
    assert found.to_markdown() == cli("suggest", RUSSIA, *args, "--quiet").stdout
    assert len(found) > 0


def test_the_input_output_table_changes_the_suggestions(russia):
    curated = coopnet.suggest(russia, seed=7)
    io = coopnet.suggest(russia, seed=7, io_table=IO_TABLE)
    assert curated.value_chain.startswith("curated")
    assert io.to_csv() != curated.to_csv()
    # a higher threshold keeps fewer supply linkages, and the suggestions follow
    strict = coopnet.suggest(russia, seed=7, io_table=IO_TABLE, io_threshold=0.5)
    assert strict.to_csv() != io.to_csv()


def test_one_value_chain_at_a_time(russia, tmp_path):
    chain = tmp_path / "chain.csv"
    chain.write_text("from,to,weight,rationale\n08,32,0.5,stone for jewellery\n")
    with pytest.raises(ValueError, match="give one of them"):
        coopnet.suggest(russia, value_chain=chain, io_table=IO_TABLE)
    with pytest.raises(coopnet.DatasetError, match="missing.csv: file not found"):
        coopnet.suggest(russia, io_table=tmp_path / "missing.csv")
