"""``suggest``'s evidence and significance arguments: each gives what the
command's flag of the same name gives, and each changes the suggestions."""

import json

import pytest

import coopnet
from conftest import RUSSIA


@pytest.fixture(scope="module")
def russia():
    return coopnet.read_dataset(RUSSIA)


@pytest.fixture(scope="module")
def default(russia):
    return coopnet.suggest(russia)


def ranked(found):
    """What a reader compares: each suggestion's regions, sectors and score."""
    return [(t["regions"], t["sectors"], t["score"]) for t in found.table.to_pylist()]


@pytest.fixture(scope="module")
def far_urals(tmp_path_factory):
    """Road distances that put the Urals metals regions far apart (invented
    for the test: 5000 km between Sverdlovsk, Chelyabinsk and Perm)."""
    path = tmp_path_factory.mktemp("distances") / "distances.csv"
    path.write_text("from,to,km\nRU-SVE,RU-CHE,5000\nRU-SVE,RU-PER,5000\nRU-CHE,RU-PER,5000\n")
    return path


CASES = [
    (["--link-boost", "0"], {"link_boost": 0.0}),
    (["--link-boost", "3"], {"link_boost": 3.0}),
    (["--distance-scale", "0"], {"distance_scale": 0}),
    (["--distance-scale", "500"], {"distance_scale": 500.0}),
    (["--ties", "new"], {"ties": "new"}),
    (["--min-size", "500"], {"min_size": 500.0}),
    (["--min-share", "0.05"], {"min_share": 0.05}),
    (["--fdr", "0.001"], {"fdr": 0.001}),
    (["--no-significance"], {"significance": False}),
]


@pytest.mark.parametrize("args,kwargs", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_each_argument_is_the_commands_flag(cli, russia, default, args, kwargs):
    found = coopnet.suggest(russia, **kwargs)
    assert found.to_json() == cli("suggest", RUSSIA, *args, "--format", "json", "--quiet").stdout
    assert found.to_csv() == cli("suggest", RUSSIA, *args, "--format", "csv", "--quiet").stdout
    assert len(found) > 0
    assert ranked(found) != ranked(default), f"{kwargs} changes nothing"


def test_distances_file_is_the_commands(cli, russia, default, far_urals):
    found = coopnet.suggest(russia, distances=far_urals)
    expected = cli("suggest", RUSSIA, "--distances", far_urals, "--format", "json", "--quiet").stdout
    assert found.to_json() == expected
    report = json.loads(found.to_json())
    assert far_urals.name in report["evidence"]["distance_source"], report["evidence"]
    # the Urals suggestion was first; 5000 km apart, its regions are not
    urals = ["RU-CHE", "RU-PER", "RU-SVE"]
    assert sorted(default.table.to_pylist()[0]["regions"]) == urals
    assert sorted(found.table.to_pylist()[0]["regions"]) != urals


def test_ties_split_the_suggestions(russia, default):
    existing = coopnet.suggest(russia, ties="existing", top=1000)
    new = coopnet.suggest(russia, ties="new", top=1000)
    everything = coopnet.suggest(russia, top=1000)
    assert len(existing) > 0 and len(new) > 0
    assert len(existing) + len(new) == len(everything)
    ties = {s["ties"] for s in json.loads(new.to_json())["suggestions"]}
    assert ties == {"new"}


def test_the_defaults_are_the_commands(cli, russia, default):
    explicit = coopnet.suggest(russia, link_boost=1.0, distance_scale=None, ties="all",
                               min_size=None, min_share=0.01, fdr=0.05, significance=True)
    assert explicit.to_json() == default.to_json()
    assert default.to_json() == cli("suggest", RUSSIA, "--format", "json", "--quiet").stdout


@pytest.mark.parametrize(
    "kwargs,name",
    [
        ({"link_boost": -1}, "link-boost"),
        ({"distance_scale": -5}, "distance"),
        ({"fdr": 0}, "fdr"),
        ({"min_share": 2}, "min-share"),
        ({"min_size": -1}, "min-size"),
        ({"ties": "old"}, "ties"),
    ],
)
def test_bad_values_are_parameter_errors(russia, kwargs, name):
    with pytest.raises(coopnet.ParameterError) as e:
        coopnet.suggest(russia, **kwargs)
    assert name in str(e.value), str(e.value)


def test_a_bad_distances_file_is_located(russia, tmp_path):
    bad = tmp_path / "distances.csv"
    bad.write_text("from,to,km\nRU-SVE,RU-CHE,far\n")
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.suggest(russia, distances=bad)
    problem = e.value.problems[0]
    assert problem.line == 2 and problem.value == "far", e.value.problems
