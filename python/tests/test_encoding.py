"""``encoding=`` reads every file of a dataset in the encoding named, as the
command's ``--encoding``."""

import json
import shutil

import pytest

import coopnet
from conftest import DEMO

NAME = "Société Générale – Rhône €"


@pytest.fixture(scope="module")
def western(tmp_path_factory):
    """The demo dataset with a participant named in French, saved as Windows-1252."""
    folder = tmp_path_factory.mktemp("enc") / "western"
    shutil.copytree(DEMO, folder)
    path = folder / "participants.csv"
    text = path.read_text(encoding="utf-8").replace("Krasnoe jewellery works", NAME)
    assert NAME in text
    path.write_bytes(text.encode("cp1252"))
    return folder


def first_name(ds):
    return ds.participants.to_pylist()[0]["name"]


def encodings(ds):
    return {s["file"]: s["encoding"] for s in ds.sources}


@pytest.mark.parametrize("name", ["cp1252", "windows-1252", "Windows-1252", "latin1"])
def test_the_named_encoding_is_used(western, name):
    ds = coopnet.read_dataset(western, encoding=name)
    assert first_name(ds) == NAME
    read = encodings(ds)
    # the tables are read as named; GeoJSON is UTF-8 by its specification
    # (RFC 7946), so the boundaries are read as UTF-8 whatever is named
    assert read.pop("boundaries.geojson") == "UTF-8"
    assert read and set(read.values()) == {"Windows-1252"}


def test_another_encoding_reads_other_letters(western, cli):
    # Windows-1251 gives the same bytes Cyrillic letters: what the name says
    # is what the file is read as, as with the command's --encoding
    ds = coopnet.read_dataset(western, encoding="cp1251")
    assert first_name(ds) == NAME.encode("cp1252").decode("cp1251")
    assert first_name(ds) != NAME
    shown = json.loads(cli("--encoding", "cp1251", "inspect", western, "--format", "json").stdout)
    assert encodings(ds) == {f["file"]: f["encoding"] for f in shown["files"]}


def test_detected_without_a_name(western, cli):
    ds = coopnet.read_dataset(western)
    assert first_name(ds) == NAME
    shown = json.loads(cli("inspect", western, "--format", "json").stdout)
    assert encodings(ds) == {f["file"]: f["encoding"] for f in shown["files"]}
    assert encodings(ds)["participants.csv"] == "Windows-1252"


def test_an_unknown_encoding_is_refused(western):
    with pytest.raises(ValueError, match="klingon.*Windows-1252"):
        coopnet.read_dataset(western, encoding="klingon")
    with pytest.raises(TypeError):
        coopnet.read_dataset(western, encoding=1252)
