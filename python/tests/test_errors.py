"""Errors: bad input as DatasetError with every problem located, as the
command reports them; bad parameters as ValueError."""

import pytest

import coopnet
from conftest import BROKEN, RUSSIA


@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN.iterdir() if p.is_dir()))
def test_broken_datasets_raise_the_problems_the_command_prints(cli, case):
    folder = BROKEN / case
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.read_dataset(folder)
    p = cli("inspect", folder, check=False)
    assert p.returncode == 2
    printed = [line.strip() for line in p.stderr.splitlines()]
    assert e.value.problems, case
    for problem in e.value.problems:
        assert str(problem) in printed, (case, str(problem), p.stderr)
        assert problem.reason


def test_missing_folder():
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.read_dataset(RUSSIA / "no-such-folder")
    assert e.value.problems[0].reason == "not found"


def test_parameters():
    ds = coopnet.read_dataset(RUSSIA)
    with pytest.raises(coopnet.ParameterError) as e:
        coopnet.leiden(ds, resolution=-1)
    assert e.value.name == "resolution" and isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="projection"):
        coopnet.leiden(ds, projection="towns")
    with pytest.raises(ValueError, match="measure"):
        coopnet.location_quotient(ds, measure="money")
    with pytest.raises(ValueError, match="quality"):
        coopnet.louvain(ds, quality="best")
    with pytest.raises(ValueError, match="threads"):
        coopnet.leiden(ds, threads=-2)
    with pytest.raises(ValueError, match="encoding"):
        coopnet.read_dataset(RUSSIA, encoding="latin-1")


def test_value_chain_file_problems(tmp_path):
    chain = tmp_path / "chain.csv"
    chain.write_text("from,to,weight,rationale\n20,21,heavy,because\n")
    with pytest.raises(coopnet.DatasetError) as e:
        coopnet.suggest(RUSSIA, value_chain=chain)
    assert e.value.problems[0].line == 2


def test_missing_value_chain_file(tmp_path):
    with pytest.raises((OSError, coopnet.DatasetError)):
        coopnet.suggest(RUSSIA, value_chain=tmp_path / "none.csv")


def test_parameters_are_named_as_keywords():
    """The library names some parameters as the command's flags; the package
    names them as its keyword arguments."""
    series = RUSSIA / "series.csv"
    with pytest.raises(coopnet.ParameterError) as e:
        coopnet.forecast(series, "holt-damped", indicator="cluster_employees")
    assert e.value.name == "method"
    assert str(e.value).startswith('invalid parameter method="holt-damped": ')
    assert 'use method="linear"' in str(e.value) and "--" not in str(e.value)
    with pytest.raises(coopnet.ParameterError) as e:
        coopnet.forecast(series)
    assert e.value.name == "entity/indicator"
    assert 'entity="Russia" indicator="cluster_employees"' in str(e.value)
