"""Datasets from pandas, pyarrow and polars frames: the same dataset as from
the files, and the same problems, told in the frames' terms."""

import math

import pytest

import coopnet
from conftest import RUSSIA

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def from_files():
    return coopnet.read_dataset(RUSSIA)


def same_dataset(a, b):
    assert a.counts == b.counts
    for what in ("regions", "clusters", "participants", "links"):
        assert getattr(a, what).to_pydict() == getattr(b, what).to_pydict(), what
    assert coopnet.location_quotient(a).to_pydict() == coopnet.location_quotient(b).to_pydict()
    assert coopnet.leiden(a).membership.to_pydict() == coopnet.leiden(b).membership.to_pydict()


def test_pandas_frames_give_the_same_dataset(russia_frames, from_files):
    ds = coopnet.Dataset.from_frames(**russia_frames, name="russia")
    assert ds.name == "russia" and ds.path is None
    same_dataset(ds, from_files)
    assert [s["file"] for s in ds.sources] == ["districts", "regions", "sectors", "clusters", "participants", "links"]
    assert all(s["encoding"] == "Arrow" for s in ds.sources)
    assert coopnet.suggest(ds).to_csv() == coopnet.suggest(from_files).to_csv()


def test_pyarrow_tables_give_the_same_dataset(russia_frames, from_files):
    tables = {k: pa.Table.from_pandas(v, preserve_index=False) for k, v in russia_frames.items()}
    same_dataset(coopnet.Dataset.from_frames(**tables), from_files)


def test_polars_frames_give_the_same_dataset(russia_frames, from_files):
    pl = pytest.importorskip("polars")
    frames = {k: pl.from_pandas(v) for k, v in russia_frames.items()}
    same_dataset(coopnet.Dataset.from_frames(**frames), from_files)


def test_typed_columns(from_files):
    """Numbers as numbers, missing values as NaN or None, categories: read as
    the file's text would be."""
    participants = from_files.participants.to_pandas()
    frame = pd.DataFrame({
        "id": participants["id"],
        "name": participants["name"],
        "region": participants["region"].astype("category"),
        "sector": participants["sector"],
        # an integer column with a missing value becomes floats in pandas
        "employees": participants["employees"].astype("float64"),
        "clusters": ["|".join(c) for c in participants["clusters"]],
    })
    frame.loc[0, "employees"] = math.nan
    regions = from_files.regions.to_pandas()
    clusters = pd.read_csv(RUSSIA / "clusters.csv", dtype=str, keep_default_na=False)
    ds = coopnet.Dataset.from_frames(regions=regions, participants=frame, clusters=clusters)
    got = ds.participants.to_pydict()
    want = from_files.participants.to_pydict()
    assert got["employees"][0] is None
    assert got["employees"][1:] == want["employees"][1:]
    assert got["region"] == want["region"] and got["clusters"] == want["clusters"]


def test_problems_name_the_frame_row_column_and_value(russia_frames):
    p = russia_frames["participants"].copy()
    p.loc[3, "sector"] = "x1"
    p.loc[10, "region"] = "NOPE"
    p.loc[12, "name"] = "a name\non two lines"  # a line break in a cell shifts no row
    p.loc[20, "employees"] = "-5"
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.Dataset.from_frames(
            regions=russia_frames["regions"], participants=p, clusters=russia_frames["clusters"])
    problems = e.value.problems
    assert [(q.file, q.line, q.column, q.value) for q in problems] == [
        ("participants", 3, "sector", "x1"),
        ("participants", 10, "region", "NOPE"),
        ("participants", 20, "employees", "-5"),
    ]
    assert problems[1].reason == "is not a region in the regions frame"
    assert "negative" in problems[2].reason
    assert str(problems[0]).startswith('participants:3: column "sector": "x1" is not a sector code')
    assert isinstance(e.value, ValueError)


def test_missing_column_is_a_problem_of_the_frame(russia_frames):
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.Dataset.from_frames(
            regions=russia_frames["regions"].drop(columns=["district"]),
            clusters=russia_frames["clusters"])
    (p,) = e.value.problems
    assert (p.file, p.line, p.column) == ("regions", None, None)
    assert p.reason.startswith('missing column "district"')


def test_frames_need_participants_or_clusters(russia_frames):
    with pytest.raises(coopnet.DatasetError, match="participants, clusters or both"):
        coopnet.Dataset.from_frames(regions=russia_frames["regions"])


def test_not_a_table():
    with pytest.raises(ValueError, match="regions: not a table"):
        coopnet.Dataset.from_frames(regions=[1, 2, 3], clusters=None, participants=object())


def test_analyze_and_suggest_from_frames(russia_frames, tmp_path):
    ds = coopnet.Dataset.from_frames(**russia_frames, name="russia")
    result = coopnet.analyze(ds, tmp_path / "out", render=False)
    assert (tmp_path / "out" / "README.md").exists()
    assert "communities.csv" in result["files"] and "suggestions.md" in result["files"]
    import json

    dataset = json.loads((tmp_path / "out" / "dataset.json").read_text())
    assert dataset["dataset"] == "russia"
    assert dataset["participants"] == 12549
