"""Choropleth maps drawn by the library: ``coopnet.map(ds, layout="shapes")``
writes the SVG ``coopnet map --layout shapes`` writes, byte for byte."""

import shutil
import warnings

import pytest

import coopnet
from conftest import DEMO, RUSSIA


@pytest.fixture(scope="module")
def russia():
    return coopnet.read_dataset(RUSSIA)


CASES = [
    ([], {}),
    (["--fill", "lq", "--sector", "C"], {"fill": "lq", "sectors": ["C"]}),
    (["--fill", "community", "--seed", "3", "--resolution", "1.2"],
     {"fill": "community", "seed": 3, "resolution": 1.2}),
    (["--fill", "suggestion", "--rank", "2"], {"fill": "suggestion", "rank": 2}),
    (["--fill", "district", "--max-links", "0", "--no-labels", "--map-projection", "equirectangular"],
     {"fill": "district", "max_links": 0, "labels": False, "map_projection": "equirectangular"}),
    (["--fill", "indicator", "--indicator", "innovative_output_bn_rub_2020", "--max-links", "20"],
     {"fill": "indicator", "indicator": "innovative_output_bn_rub_2020", "max_links": 20}),
    (["--title", "Clusters", "--central-meridian", "90", "--parallels", "50,70", "--sector", "C", "--between"],
     {"title": "Clusters", "central_meridian": 90, "parallels": (50, 70), "sectors": ["C"], "between": True}),
]


@pytest.mark.parametrize("args,kwargs", CASES, ids=[" ".join(a) or "default" for a, _ in CASES])
def test_the_same_svg_as_the_command(cli, russia, args, kwargs, tmp_path):
    cli("map", RUSSIA, "--layout", "shapes", *args, "--out", tmp_path / "cli.svg", "--quiet")
    expected = (tmp_path / "cli.svg").read_bytes()
    svg = coopnet.map(russia, layout="shapes", out=tmp_path / "py.svg", **kwargs)
    assert (tmp_path / "py.svg").read_bytes() == expected
    assert svg.encode("utf-8") == expected
    assert svg.startswith("<?xml") or svg.startswith("<svg")


def test_other_boundaries_and_the_demo(cli, tmp_path):
    shapes = tmp_path / "shapes" / "regions.geojson"
    shapes.parent.mkdir()
    shutil.copy(DEMO / "boundaries.geojson", shapes)
    cli("map", DEMO, "--layout", "shapes", "--boundaries", shapes, "--out", tmp_path / "cli.svg", "--quiet")
    demo = coopnet.read_dataset(DEMO)
    assert coopnet.map(demo, layout="shapes", boundaries=shapes) == (tmp_path / "cli.svg").read_text("utf-8")
    # a dataset built from frames has no folder: the shapes are named
    from conftest import read_frames

    frames = coopnet.Dataset.from_frames(**read_frames(DEMO), name="my regions")
    with pytest.raises(ValueError, match="boundaries=PATH"):
        coopnet.map(frames, layout="shapes")
    svg = coopnet.map(frames, layout="shapes", boundaries=DEMO / "boundaries.geojson")
    assert svg.count("<path") == coopnet.map(demo, layout="shapes").count("<path") > 0
    # the frames have no folder: the map names them, not a README of the
    # working directory
    assert "Data: my regions. Boundaries:" in svg


def test_frames_with_synthetic_rows_say_so(russia_frames):
    ds = coopnet.Dataset.from_frames(**russia_frames, name="russia")
    svg = coopnet.map(ds, layout="shapes", boundaries=RUSSIA / "boundaries.geojson")
    assert "are generated, not observed (see their provenance column)" in svg
    assert "README" not in svg and "Data: russia. Boundaries:" in svg


def test_shapes_that_match_no_region_are_warned_about(russia, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coopnet.map(russia, layout="shapes", boundaries=DEMO / "boundaries.geojson", max_links=0)
    assert caught, "the demo's shapes are not Russia's regions"


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert draws PNG")
def test_png_beside_the_svg(russia, tmp_path):
    svg = coopnet.map(russia, layout="shapes", out=tmp_path / "map.png", max_links=0)
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "map.svg").read_text("utf-8") == svg


def test_bad_requests(russia, tmp_path):
    with pytest.raises(ValueError, match="needs a sector"):
        coopnet.map(russia, layout="shapes", fill="lq")
    with pytest.raises(ValueError, match="one of clusters, lq"):
        coopnet.map(russia, layout="shapes", fill="colour")
    with pytest.raises(ValueError, match="rank counts from 1"):
        coopnet.map(russia, layout="shapes", fill="suggestion", rank=0)
    with pytest.raises(coopnet.ParameterError, match="rank"):
        coopnet.map(russia, layout="shapes", fill="suggestion", rank=10_000)
    with pytest.raises(ValueError, match="symmetric"):
        coopnet.map(russia, layout="shapes", parallels=(30, -30))
    with pytest.raises(ValueError, match=".svg, .png or .pdf"):
        coopnet.map(russia, layout="shapes", out=tmp_path / "map.dot")
    with pytest.raises(ValueError, match='layout="shapes"'):
        coopnet.map(russia, tmp_path / "m.dot", fill="lq")
    assert not list(tmp_path.iterdir())
