"""coopnet as a networkx backend: ``leiden_communities`` and
``louvain_communities`` run coopnet's parallel, deterministic Leiden and
Louvain on a networkx graph.

>>> import networkx as nx
>>> G = nx.karate_club_graph()
>>> nx.community.leiden_communities(G, backend="coopnet", seed=1)

networkx finds the backend through the ``networkx.backends`` entry point that
installing coopnet registers (``backend_info`` describes it).
"""

from __future__ import annotations

import random
from typing import Any, Optional

from . import _coopnet

_LEIDEN_MAX_ITERATIONS = 10
_LEIDEN_TOLERANCE = 1e-4
_LEIDEN_RANDOMNESS = 0.01
_LOUVAIN_MAX_LEVELS = 32
_NX_LOUVAIN_THRESHOLD = 1e-07


class CoopnetGraph:
    """A networkx graph converted for coopnet: its nodes in order and a CSR graph
    of their edges (parallel edges of a multigraph add up, as networkx's
    own Louvain sums them)."""

    __networkx_backend__ = "coopnet"

    def __init__(self, nodes: list, graph: Any, multigraph: bool):
        self.nodes = nodes
        self.graph = graph
        self._multigraph = multigraph

    def is_directed(self) -> bool:
        return False

    def is_multigraph(self) -> bool:
        return self._multigraph

    def __len__(self) -> int:
        return len(self.nodes)


def _seed(seed: Any) -> int:
    """A 63-bit seed from what networkx passes: an int, a ``random.Random``
    (``py_random_state`` turns an int into one), a numpy generator, or None
    (random, as networkx does)."""
    if seed is None:
        return random.getrandbits(63)
    if isinstance(seed, int):
        return seed & ((1 << 63) - 1)
    if isinstance(seed, random.Random):
        return seed.getrandbits(63)
    if hasattr(seed, "integers"):  # numpy Generator
        return int(seed.integers(0, 1 << 62))
    if hasattr(seed, "randint"):  # numpy RandomState
        return int(seed.randint(0, 1 << 31))
    raise TypeError(f"seed {seed!r}: an int, a random.Random, a numpy generator or None")


def _partition(G: CoopnetGraph, membership: list[int]) -> list[set]:
    out: list[set] = [set() for _ in range(max(membership, default=-1) + 1)]
    for node, c in zip(G.nodes, membership):
        out[c].add(node)
    return out


def _check_resolution(resolution: Any) -> float:
    r = float(resolution)
    if not (r >= 0 and r != float("inf")):
        raise ValueError(f"resolution {resolution!r} must be a finite number >= 0")
    return r


class BackendInterface:
    """What networkx's dispatcher calls."""

    @staticmethod
    def convert_from_nx(
        G: Any,
        edge_attrs: Optional[dict] = None,
        node_attrs: Optional[dict] = None,
        preserve_edge_attrs: bool = False,
        preserve_node_attrs: bool = False,
        preserve_graph_attrs: bool = False,
        name: Optional[str] = None,
        graph_name: Optional[str] = None,
    ) -> CoopnetGraph:
        if G.is_directed():
            raise NotImplementedError("coopnet detects communities on undirected graphs")
        nodes = list(G)
        index = {n: i for i, n in enumerate(nodes)}
        weight, default = None, 1
        if edge_attrs:
            weight, default = next(iter(edge_attrs.items()))
            default = 1 if default is None else default
        sources, targets, weights = [], [], []
        for u, v, data in G.edges(data=True):
            sources.append(index[u])
            targets.append(index[v])
            weights.append(float(data.get(weight, default)) if weight is not None else 1.0)
        graph = _coopnet._Graph.from_edges(len(nodes), sources, targets, weights)
        return CoopnetGraph(nodes, graph, G.is_multigraph())

    @staticmethod
    def convert_to_nx(obj: Any, *, name: Optional[str] = None) -> Any:
        return obj

    @staticmethod
    def can_run(name: str, args: tuple, kwargs: dict) -> Any:
        if name == "louvain_communities":
            threshold = kwargs.get("threshold", args[3] if len(args) > 3 else _NX_LOUVAIN_THRESHOLD)
            if threshold != _NX_LOUVAIN_THRESHOLD:
                return "coopnet's Louvain has no modularity-gain threshold (it moves nodes while any gain is positive)"
        return True

    @staticmethod
    def leiden_communities(
        G: CoopnetGraph, weight: Optional[str] = "weight", resolution: float = 1,
        max_level: Optional[int] = None, seed: Any = None,
    ) -> list[set]:
        if max_level is not None and max_level <= 0:
            raise ValueError("max_level argument must be a positive integer or None")
        found = _coopnet.leiden(
            G.graph,
            layers=False,
            resolution=_check_resolution(resolution),
            quality_name="modularity",
            seed=_seed(seed),
            max_iterations=_LEIDEN_MAX_ITERATIONS if max_level is None else int(max_level),
            tolerance=_LEIDEN_TOLERANCE,
            randomness=_LEIDEN_RANDOMNESS,
        )
        return _partition(G, found.membership_list())

    @staticmethod
    def louvain_communities(
        G: CoopnetGraph, weight: Optional[str] = "weight", resolution: float = 1,
        threshold: float = _NX_LOUVAIN_THRESHOLD, max_level: Optional[int] = None, seed: Any = None,
    ) -> list[set]:
        if max_level is not None and max_level <= 0:
            raise ValueError("max_level argument must be a positive integer or None")
        found = _coopnet.louvain(
            G.graph,
            layers=False,
            resolution=_check_resolution(resolution),
            quality_name="modularity",
            seed=_seed(seed),
            max_levels=_LOUVAIN_MAX_LEVELS if max_level is None else int(max_level),
        )
        return _partition(G, found.membership_list())


backend_interface = BackendInterface()


def get_info() -> dict[str, Any]:
    """What networkx shows about the backend (``networkx.backend_info`` entry point)."""
    seed_doc = (
        "The same graph and seed give the same communities at any thread count. "
        "seed=None draws a random seed, as networkx does."
    )
    return {
        "backend_name": "coopnet",
        "project": "coopnet",
        "package": "coopnet",
        "short_summary": "Parallel, deterministic Leiden and Louvain from coopnet.",
        "functions": {
            "leiden_communities": {
                "additional_docs": "coopnet's Leiden (Traag, Waltman and van Eck 2019), in parallel. "
                "max_level bounds its iterations (default 10). " + seed_doc,
                "additional_parameters": {},
            },
            "louvain_communities": {
                "additional_docs": "coopnet's Louvain (Blondel et al. 2008), in parallel; "
                "threshold must be left at its default. " + seed_doc,
                "additional_parameters": {},
            },
        },
    }
