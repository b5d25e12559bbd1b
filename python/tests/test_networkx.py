"""coopnet as a networkx backend: registered by the package's entry points,
and at least as good as networkx's own Louvain on karate and an LFR graph."""

import pytest

nx = pytest.importorskip("networkx")
# the cache of converted graphs is wanted here: a test reuses its graph
nx.config.warnings_to_ignore.add("cache")
from networkx.algorithms.community import modularity  # noqa: E402


def test_the_backend_is_registered():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="networkx.backends")}
    assert "coopnet" in names
    info = {ep.name: ep for ep in entry_points(group="networkx.backend_info")}["coopnet"].load()()
    assert set(info["functions"]) == {"leiden_communities", "louvain_communities"}
    assert "coopnet" in nx.utils.backends.backends


def is_partition(G, parts):
    nodes = [n for p in parts for n in p]
    return len(nodes) == len(set(nodes)) == G.number_of_nodes() and set(nodes) == set(G)


def lfr():
    # the example of networkx's LFR_benchmark_graph documentation
    G = nx.LFR_benchmark_graph(250, 3, 1.5, 0.1, average_degree=5, min_community=20, seed=10)
    G.remove_edges_from(nx.selfloop_edges(G))
    return G


@pytest.mark.parametrize("make", [nx.karate_club_graph, lfr], ids=["karate", "lfr"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_at_least_as_good_as_networkx_louvain(make, seed):
    G = make()
    theirs = nx.community.louvain_communities(G, seed=seed)
    q_theirs = modularity(G, theirs)
    leiden = nx.community.leiden_communities(G, backend="coopnet", seed=seed)
    louvain = nx.community.louvain_communities(G, backend="coopnet", seed=seed)
    for parts in (leiden, louvain):
        assert is_partition(G, parts)
    # Leiden's communities are connected
    assert all(nx.is_connected(G.subgraph(p)) for p in leiden)
    assert modularity(G, leiden) >= q_theirs - 1e-12, (modularity(G, leiden), q_theirs)


@pytest.mark.parametrize("make", [nx.karate_club_graph, lfr], ids=["karate", "lfr"])
def test_louvain_is_as_good_as_networkx_louvain_on_average(make):
    # Both Louvains are randomised and their seeds draw unrelated orders, so one
    # seed against one seed compares luck: the mean over five seeds each is compared.
    G = make()
    seeds = [1, 2, 3, 4, 5]
    theirs = [modularity(G, nx.community.louvain_communities(G, seed=s)) for s in seeds]
    ours = [
        modularity(G, nx.community.louvain_communities(G, backend="coopnet", seed=s))
        for s in seeds
    ]
    assert sum(ours) / len(ours) >= sum(theirs) / len(theirs) - 0.01, (ours, theirs)


def test_the_same_seed_gives_the_same_communities():
    G = lfr()
    a = nx.community.leiden_communities(G, backend="coopnet", seed=7)
    b = nx.community.leiden_communities(G, backend="coopnet", seed=7)
    assert a == b


def test_weights_and_resolution_are_used():
    G = nx.karate_club_graph()
    coarse = nx.community.leiden_communities(G, backend="coopnet", seed=1, resolution=0.3)
    fine = nx.community.leiden_communities(G, backend="coopnet", seed=1, resolution=3)
    assert len(coarse) < len(fine)
    unweighted = nx.community.leiden_communities(G, weight=None, backend="coopnet", seed=1)
    assert modularity(G, unweighted, weight=None) >= modularity(
        G, nx.community.louvain_communities(G, weight=None, seed=1), weight=None) - 1e-12


def test_matches_the_package_api():
    """The backend and coopnet.leiden on the same graph agree."""
    import coopnet
    from coopnet import _coopnet

    G = nx.karate_club_graph()
    nodes = list(G)
    edges = list(G.edges(data="weight"))
    g = coopnet.Graph(_coopnet._Graph.from_edges(
        len(nodes), [u for u, _, _ in edges], [v for _, v, _ in edges], [float(w) for _, _, w in edges]))
    found = coopnet.leiden(g, seed=9)
    via_nx = nx.community.leiden_communities(G, backend="coopnet", seed=9)
    assert sorted(sorted(int(n) for n in c) for c in found.communities()) == sorted(sorted(c) for c in via_nx)


def test_directed_graphs_are_refused():
    with pytest.raises(nx.NetworkXNotImplemented):
        nx.community.leiden_communities(nx.DiGraph([(0, 1)]), backend="coopnet")


def test_an_unsupported_threshold_is_refused():
    from coopnet.backend import backend_interface

    with pytest.raises(NotImplementedError):
        nx.community.louvain_communities(nx.karate_club_graph(), backend="coopnet", threshold=0.1)
    reason = backend_interface.can_run("louvain_communities", (), {"threshold": 0.1})
    assert "threshold" in reason
    assert backend_interface.can_run("louvain_communities", (), {}) is True
