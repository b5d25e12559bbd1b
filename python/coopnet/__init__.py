"""coopnet: analyse inter-regional cooperation networks from Python.

Read a dataset folder (``read_dataset``) or build one from data frames
(``Dataset.from_frames``: pandas, polars, pyarrow or anything with
``__arrow_c_stream__``); detect communities (``leiden``, ``louvain``);
measure specialisation, relatedness and complexity (``location_quotient``,
``relatedness``, ``relatedness_density``, ``eci``); follow them over time
(``read_panel``, ``growth``, ``dynamics``, ``entry_list``, ``exit_list``,
``relatedness_backtest``, ``series_growth``) and forecast indicator series
(``forecast``); suggest national clusters (``suggest``); run the main job
(``analyze``) or draw a map (``map``, a choropleth with ``layout="shapes"``).
Every table comes back as a ``coopnet.Table`` with ``to_pandas()`` and
``to_polars()``. Parameters and defaults are those of the ``coopnet``
command, which this package also installs. Docs: docs/python.md.

>>> import coopnet
>>> ds = coopnet.read_dataset("datasets/russia")
>>> found = coopnet.leiden(ds)
>>> found.membership.to_pandas().head()
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from . import _coopnet
from ._args import PathLike, _threads
from ._dynamics import (
    Dynamics,
    Forecast,
    Panel,
    dynamics,
    entry_list,
    exit_list,
    forecast,
    growth,
    read_panel,
    relatedness_backtest,
    series_growth,
)
from ._errors import CoopnetError, DatasetError, ExternalError, ParameterError, Problem
from ._table import Table

__version__: str = _coopnet.__version__

__all__ = [
    "Communities",
    "CoopnetError",
    "Dataset",
    "DatasetError",
    "Dynamics",
    "ExternalError",
    "Forecast",
    "Graph",
    "Panel",
    "ParameterError",
    "Problem",
    "Suggestions",
    "Table",
    "analyze",
    "dynamics",
    "eci",
    "entry_list",
    "exit_list",
    "forecast",
    "growth",
    "leiden",
    "location_quotient",
    "louvain",
    "map",
    "pci",
    "read_dataset",
    "read_panel",
    "relatedness",
    "relatedness_backtest",
    "relatedness_density",
    "series_growth",
    "specialisation_indices",
    "suggest",
]

#: Frame names of ``Dataset.from_frames``, as the files of a dataset folder.
FRAMES = ("districts", "regions", "sectors", "clusters", "participants", "links")


class Dataset:
    """A loaded dataset: regions, clusters, organisations and their links.

    Make one with :func:`read_dataset` or :meth:`Dataset.from_frames`. It is
    immutable; every function of the package takes it as first argument.
    """

    def __init__(self, _inner: Any, _frames: Optional[dict] = None):
        self._inner = _inner
        self._frames = _frames
        self._tables: dict[str, Table] = {}

    @classmethod
    def from_frames(
        cls,
        regions: Any,
        participants: Any = None,
        links: Any = None,
        clusters: Any = None,
        *,
        districts: Any = None,
        sectors: Any = None,
        name: str = "frames",
        threads: Optional[int] = None,
    ) -> "Dataset":
        """A dataset from data frames, one per file of a dataset folder.

        Each frame is a pandas, polars or pyarrow table (or any object with
        ``__arrow_c_stream__``; pandas needs pyarrow installed for that) with
        the columns of the file of the same name (docs/dataset-format.md):

        - ``regions``: id, name, district, lat, lon
        - ``participants``: id, name, region, sector, kind, clusters, employees
        - ``links``: source, target, sector, weight, kind
        - ``clusters``: id, name, sector, regions, level, founded, scope, ...
        - ``districts``, ``sectors``: optional, as their files.

        ``regions`` is required, and ``participants`` or ``clusters``. The
        frames are checked exactly as the files would be: every problem is
        raised together as :class:`DatasetError`, each naming the frame, the
        row (0-based position), the column, the value and the reason. A
        missing value (None, NaN, null) is an empty cell; lists (a cluster's
        regions) are ``|``-separated text, as in the files.
        """
        frames = {
            "regions": regions,
            "participants": participants,
            "links": links,
            "clusters": clusters,
            "districts": districts,
            "sectors": sectors,
        }
        frames = {k: v for k, v in frames.items() if v is not None}
        if participants is None and clusters is None:
            raise DatasetError(
                [("participants", None, None, None, "a dataset needs participants, clusters or both")]
            )
        inner = _coopnet.dataset_from_frames(frames, name, threads=_threads(threads))
        return cls(inner, frames)

    @property
    def name(self) -> str:
        """The dataset's name (its folder's name, or the name given to ``from_frames``)."""
        return self._inner.name

    @property
    def path(self) -> Optional[Path]:
        """The folder it was read from; ``None`` for frames."""
        p = self._inner.path
        return None if p is None else Path(p)

    @property
    def warnings(self) -> list[str]:
        """Things worth knowing that are not errors."""
        return self._inner.warnings

    @property
    def counts(self) -> dict[str, int]:
        """How many districts, regions, sectors, clusters, participants and links."""
        return dict(self._inner.counts())

    @property
    def sources(self) -> list[dict[str, Any]]:
        """What was read from each file (or frame): encoding, delimiter, rows, bytes."""
        keys = ("file", "encoding", "delimiter", "rows", "bytes")
        return [dict(zip(keys, s)) for s in self._inner.sources]

    def _table(self, what: str) -> Table:
        if what not in self._tables:
            self._tables[what] = Table(getattr(self._inner, what)())
        return self._tables[what]

    @property
    def regions(self) -> Table:
        """id, name, district, lat, lon."""
        return self._table("regions")

    @property
    def clusters(self) -> Table:
        """id, name, sector, level, scope, regions (a list), founded, employees."""
        return self._table("clusters")

    @property
    def participants(self) -> Table:
        """id, name, kind, sector, region, clusters (a list), employees."""
        return self._table("participants")

    @property
    def links(self) -> Table:
        """source, target, sector, weight, kind."""
        return self._table("links")

    def projection(
        self,
        kind: str = "regions",
        *,
        sectors: Optional[Sequence[str]] = None,
        between: bool = False,
        layers: bool = False,
        threads: Optional[int] = None,
    ) -> "Graph":
        """The graph of ``kind`` (``regions``, ``clusters`` or ``participants``)
        linked by their cooperation, as ``coopnet communities --projection``.

        ``sectors`` keeps only links in those sectors (codes such as ``32`` or
        ``32.12``, and everything beneath them); ``between`` leaves out
        cooperation inside one node (so a region projection shows how regions
        cooperate with each other); ``layers`` also builds one graph per
        sector, for multiplex detection (``leiden(..., layers=True)``).
        """
        inner = self._inner.projection(
            kind, list(sectors or []), between, layers, threads=_threads(threads)
        )
        return Graph(inner)

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"coopnet.Dataset({self.name!r}: {c['regions']} regions, {c['clusters']} clusters, "
            f"{c['participants']} organisations, {c['links']} links)"
        )


class Graph:
    """A weighted undirected graph with named nodes: a projection of a dataset."""

    def __init__(self, _inner: Any):
        self._inner = _inner

    @property
    def kind(self) -> str:
        """``regions``, ``clusters``, ``participants`` (or ``edges`` for a graph given as edges)."""
        return self._inner.kind

    @property
    def labels(self) -> list[str]:
        """The id of each node, in node order."""
        return self._inner.labels

    @property
    def node_count(self) -> int:
        return self._inner.node_count

    @property
    def edge_count(self) -> int:
        return self._inner.edge_count

    @property
    def layers(self) -> list[str]:
        """The sector of each layer (empty unless projected with ``layers=True``)."""
        return self._inner.layers

    @property
    def dropped_links(self) -> int:
        """Links of the dataset the projection left out (sector filter, no cluster...)."""
        return self._inner.dropped_links

    @property
    def edges(self) -> Table:
        """source, target, weight: each edge once (a loop is cooperation inside a node)."""
        return Table(self._inner.edges())

    def to_networkx(self) -> Any:
        """A ``networkx.Graph`` with a ``weight`` on each edge (requires networkx)."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(self.labels)
        e = self.edges.to_pydict()
        g.add_weighted_edges_from(zip(e["source"], e["target"], e["weight"]))
        return g

    def __repr__(self) -> str:
        return f"coopnet.Graph({self.kind}: {self.node_count} nodes, {self.edge_count} edges)"


class Communities:
    """Communities found by :func:`leiden` or :func:`louvain`."""

    def __init__(self, _inner: Any, labels: list[str]):
        self._inner = _inner
        self._labels = labels

    @property
    def membership(self) -> Table:
        """node, community: as ``coopnet communities`` writes it."""
        return Table(self._inner.membership())

    @property
    def modularity(self) -> float:
        """Newman's modularity of the partition (resolution 1)."""
        return self._inner.modularity

    @property
    def quality(self) -> float:
        """The value of the quality function maximised (modularity at the resolution, or CPM)."""
        return self._inner.quality

    @property
    def levels(self) -> list[Table]:
        """The membership (node, community) after each level, finest first."""
        return [Table(t) for t in self._inner.levels()]

    @property
    def count(self) -> int:
        """The number of communities."""
        return self._inner.count

    @property
    def sizes(self) -> list[int]:
        """The size of each community, by community number."""
        return self._inner.sizes

    @property
    def iterations(self) -> int:
        return self._inner.iterations

    @property
    def parameters(self) -> dict[str, Any]:
        """Every parameter used, as in the command line's JSON output."""
        import json

        return json.loads(self._inner.parameters_json())

    def communities(self) -> list[set[str]]:
        """The communities as sets of node ids, by community number."""
        out: list[set[str]] = [set() for _ in range(self.count)]
        for node, c in zip(self._labels, self._inner.membership_list()):
            out[c].add(node)
        return out

    def to_dict(self) -> dict[str, int]:
        """node id -> community number."""
        return dict(zip(self._labels, self._inner.membership_list()))

    def __repr__(self) -> str:
        return f"coopnet.Communities({self.count} communities, modularity {self.modularity:.5f})"


def read_dataset(
    path: PathLike, encoding: Optional[str] = None, *, threads: Optional[int] = None
) -> Dataset:
    """Reads the dataset folder ``path`` (docs/dataset-format.md).

    The encoding of each file is detected (UTF-8 with or without a byte-order
    mark, UTF-16 with one, Windows-1251 and the Western and Central European
    code pages) and so is the delimiter (``,`` ``;`` or tab). ``encoding``
    reads every file in that encoding instead, as the command's
    ``--encoding``: ``"utf-8"``, ``"utf-16"`` (little-endian), ``"utf-16be"``,
    ``"windows-1251"`` (``"cp1251"``), ``"windows-1252"`` (``"cp1252"``,
    ``"latin1"``), ``"iso-8859-15"``, ``"windows-1250"``, ``"iso-8859-2"`` or
    another WHATWG name; an unknown name raises ``ValueError`` listing them.
    Every problem of every file is raised together as :class:`DatasetError`,
    with its file, line, column, value and reason.
    """
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError(f"encoding={encoding!r}: the name of an encoding, such as \"cp1251\"")
    return Dataset(
        _coopnet.read_dataset(os.fspath(path), encoding=encoding, threads=_threads(threads))
    )


def _graph(
    graph: Union[Dataset, Graph],
    projection: str,
    sectors: Optional[Sequence[str]],
    between: bool,
    layers: bool,
    threads: Optional[int],
) -> Graph:
    if isinstance(graph, Dataset):
        return graph.projection(projection, sectors=sectors, between=between, layers=layers, threads=threads)
    if isinstance(graph, Graph):
        if sectors or between or (layers and not graph.layers):
            raise ValueError(
                "sectors, between and layers apply when projecting; pass them to Dataset.projection"
            )
        return graph
    raise TypeError(f"expected a coopnet.Dataset or coopnet.Graph, got {type(graph).__name__}")


def leiden(
    graph: Union[Dataset, Graph],
    *,
    projection: str = "regions",
    sectors: Optional[Sequence[str]] = None,
    between: bool = False,
    layers: bool = False,
    resolution: float = 1.0,
    quality: str = "modularity",
    seed: int = 42,
    threads: Optional[int] = None,
) -> Communities:
    """Leiden community detection (Traag, Waltman and van Eck 2019), as
    ``coopnet communities --algorithm leiden``: communities are guaranteed
    connected; the same graph and seed give the same partition at any thread count.

    ``graph`` is a dataset (projected as ``projection``, ``sectors``,
    ``between`` say, regions by default) or a :class:`Graph`. ``quality`` is
    ``modularity`` (with ``resolution`` gamma: higher gives more, smaller
    communities) or ``cpm`` (the constant Potts model, gamma a density).
    ``layers`` optimises one layer per sector jointly (multiplex).
    Method and defaults: docs/communities.md.
    """
    g = _graph(graph, projection, sectors, between, layers, threads)
    inner = _coopnet.leiden(
        g._inner,
        layers=layers,
        resolution=float(resolution),
        quality_name=quality,
        seed=int(seed),
        max_iterations=_LEIDEN_MAX_ITERATIONS,
        tolerance=_LEIDEN_TOLERANCE,
        randomness=_LEIDEN_RANDOMNESS,
        threads=_threads(threads),
    )
    return Communities(inner, g.labels)


def louvain(
    graph: Union[Dataset, Graph],
    *,
    projection: str = "regions",
    sectors: Optional[Sequence[str]] = None,
    between: bool = False,
    layers: bool = False,
    resolution: float = 1.0,
    quality: str = "modularity",
    seed: int = 42,
    threads: Optional[int] = None,
) -> Communities:
    """Louvain community detection (Blondel et al. 2008), as
    ``coopnet communities --algorithm louvain``; parameters as :func:`leiden`."""
    g = _graph(graph, projection, sectors, between, layers, threads)
    inner = _coopnet.louvain(
        g._inner,
        layers=layers,
        resolution=float(resolution),
        quality_name=quality,
        seed=int(seed),
        max_levels=_LOUVAIN_MAX_LEVELS,
        threads=_threads(threads),
    )
    return Communities(inner, g.labels)


# The library's defaults for what the command line does not expose.
_LEIDEN_MAX_ITERATIONS = 10
_LEIDEN_TOLERANCE = 1e-4
_LEIDEN_RANDOMNESS = 0.01
_LOUVAIN_MAX_LEVELS = 32


def _dataset(ds: Any) -> Dataset:
    if isinstance(ds, Dataset):
        return ds
    if isinstance(ds, (str, os.PathLike)):
        return read_dataset(ds)
    raise TypeError(f"expected a coopnet.Dataset or a dataset folder, got {type(ds).__name__}")


def location_quotient(
    ds: Union[Dataset, PathLike],
    *,
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    wide: bool = False,
    threads: Optional[int] = None,
) -> Table:
    """Location quotients of every region and sector, as ``coopnet specialisation``:
    a long table ``region, sector, value, lq, specialised`` (or, ``wide``, one
    row per region and one LQ column per sector).

    ``measure`` is what the region x sector matrix counts (``employees``,
    ``organisations`` or ``clusters``), ``level`` the sector level (``section``,
    ``division``, ``group``, ``class``, ...), ``threshold`` the LQ at which a
    region specialises. Formulas: docs/measures.md.
    """
    main, _, _ = _coopnet.location_quotient(
        _dataset(ds)._inner, measure, level, float(threshold), wide, threads=_threads(threads)
    )
    return Table(main)


def specialisation_indices(
    ds: Union[Dataset, PathLike],
    *,
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    threads: Optional[int] = None,
) -> Table:
    """Each region's ``total, diversity, herfindahl, krugman, entropy``, as
    ``coopnet specialisation --indices``; parameters as :func:`location_quotient`."""
    _, regions, _ = _coopnet.location_quotient(
        _dataset(ds)._inner, measure, level, float(threshold), False, threads=_threads(threads)
    )
    return Table(regions)


def relatedness(
    ds: Union[Dataset, PathLike],
    *,
    method: str = "prob",
    diagonal: str = "zero",
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    threads: Optional[int] = None,
) -> Table:
    """Relatedness of every pair of sectors that co-occur in a region, as
    ``coopnet relatedness``: ``sector_a, sector_b, cooccurrence, relatedness``.

    ``method`` is one of EconGeo's normalisations (``prob``, ``association``,
    ``cosine``, ``jaccard``) or ``proximity`` (Hidalgo et al., with the
    ``diagonal`` ``zero`` or ``one``); the other parameters as
    :func:`location_quotient`.
    """
    pairs, _, _ = _coopnet.relatedness(
        _dataset(ds)._inner, method, diagonal, measure, level, float(threshold), False,
        threads=_threads(threads),
    )
    return Table(pairs)


def relatedness_density(
    ds: Union[Dataset, PathLike],
    *,
    method: str = "prob",
    diagonal: str = "zero",
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    wide: bool = False,
    threads: Optional[int] = None,
) -> Table:
    """Relatedness density (0 to 100, EconGeo's ``relatedness_density``) of
    every region and sector: ``region, sector, density, specialised`` (or,
    ``wide``, one row per region); parameters as :func:`relatedness`."""
    _, density, _ = _coopnet.relatedness(
        _dataset(ds)._inner, method, diagonal, measure, level, float(threshold), wide,
        threads=_threads(threads),
    )
    return Table(density)


def eci(
    ds: Union[Dataset, PathLike],
    *,
    method: str = "eigenvector",
    steps: int = 20,
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    threads: Optional[int] = None,
) -> Table:
    """The economic complexity index of each region: ``region, eci, diversity``
    (``eci`` missing for a region with no specialisation).

    ``method`` is ``eigenvector`` (py-ecomplexity's) or ``reflections``
    (EconGeo's ``mort``/``morc`` with ``steps`` steps, an even number);
    the other parameters as :func:`location_quotient`.
    """
    regions, _, _ = _coopnet.eci(
        _dataset(ds)._inner, method, int(steps), measure, level, float(threshold),
        threads=_threads(threads),
    )
    return Table(regions)


def pci(
    ds: Union[Dataset, PathLike],
    *,
    method: str = "eigenvector",
    steps: int = 20,
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    threads: Optional[int] = None,
) -> Table:
    """The complexity index of each sector: ``sector, pci, ubiquity``; parameters as :func:`eci`."""
    _, sectors, _ = _coopnet.eci(
        _dataset(ds)._inner, method, int(steps), measure, level, float(threshold),
        threads=_threads(threads),
    )
    return Table(sectors)


class Suggestions:
    """National-cluster suggestions with their evidence, best first."""

    def __init__(self, _inner: Any):
        self._inner = _inner

    @property
    def table(self) -> Table:
        """One row per suggestion: rank, kind, ties (``existing`` or
        ``new``), rank_in_ties, score, internal_weight,
        value_chain_share, cohesion, regions, region_names, districts, sectors,
        sector_names, anchors, explanation (lists where the CSV has ``|``)."""
        return Table(self._inner.table())

    @property
    def evidence(self) -> Table:
        """The links that explain each suggestion (rank, kind, supplier and buyer
        region and sector, value-chain and edge weights, rationale, text)."""
        return Table(self._inner.evidence())

    @property
    def members(self) -> Table:
        """The regional specialisations each suggestion joins (rank, region, sector, lq, strength)."""
        return Table(self._inner.members())

    @property
    def anchors(self) -> Table:
        """The existing clusters and organisations each suggestion builds on."""
        return Table(self._inner.anchors())

    @property
    def total(self) -> int:
        """Suggestions found, before keeping the ``top``."""
        return self._inner.total

    @property
    def seed(self) -> int:
        return self._inner.seed

    @property
    def value_chain(self) -> str:
        """Where the value chain came from: the curated default, the
        ``value_chain`` file or the ``io_table`` it was derived from."""
        return self._inner.value_chain

    def to_markdown(self) -> str:
        """The report as ``coopnet suggest`` writes it (Markdown)."""
        return self._inner.render("md")

    def to_csv(self) -> str:
        """As ``coopnet suggest --format csv``."""
        return self._inner.render("csv")

    def to_json(self) -> str:
        """As ``coopnet suggest --format json``."""
        return self._inner.render("json")

    def to_pandas(self) -> Any:
        return self.table.to_pandas()

    def to_polars(self) -> Any:
        return self.table.to_polars()

    def __len__(self) -> int:
        return min(self._inner.total, self._inner.top)

    def __repr__(self) -> str:
        return f"coopnet.Suggestions({len(self)} shown of {self.total}, seed {self.seed})"


def suggest(
    ds: Union[Dataset, PathLike],
    *,
    top: int = 10,
    measure: str = "employees",
    level: str = "division",
    threshold: float = 1.0,
    intersectoral_weight: float = 1.0,
    sectoral_weight: float = 1.0,
    max_partners: int = 20,
    resolution: float = 1.0,
    seed: int = 42,
    max_regions: int = 3,
    max_clusters: int = 3,
    max_organisations: int = 3,
    innovation_weight: float = 0.0,
    value_chain: Optional[PathLike] = None,
    io_table: Optional[PathLike] = None,
    io_threshold: float = 0.05,
    link_boost: float = 1.0,
    distance_scale: Optional[float] = None,
    distances: Optional[PathLike] = None,
    ties: str = "all",
    min_size: Optional[float] = None,
    min_share: float = 0.01,
    fdr: float = 0.05,
    significance: bool = True,
    encoding: Optional[str] = None,
    threads: Optional[int] = None,
) -> Suggestions:
    """Suggests national clusters, as ``coopnet suggest`` (same parameters, same
    defaults, same suggestions for the same seed): communities of regional
    specialisations joined along the value chain (intersectoral) or pooling
    one sector (sectoral), ranked, each with the links that explain it.

    The value chain is the curated one bundled with coopnet, unless
    ``value_chain`` (a ``from,to,weight,rationale`` file) or ``io_table`` is
    given: a national input-output table (the OECD layout, or a plain square
    matrix with sector codes on both margins), whose supply linkages of at
    least ``io_threshold`` become the chain, as ``--io-table`` and
    ``--io-threshold``. ``encoding`` reads those files in that encoding
    instead of detecting it (as :func:`read_dataset`). Method and defaults:
    docs/measures.md.

    The evidence of cooperation and distance (``coopnet suggest``'s flags of
    the same names):

    - ``link_boost`` (``--link-boost``, default 1): ``beta`` of the tie boost;
      every edge between two regions gains a factor ``1 + beta ln(1 + L)``,
      ``L`` the links between their organisations. The default makes one
      observed link (``1 + ln 2 = 1.69``) worth about what halving the
      distance from the decay scale gains (``e^0.5 = 1.65``), so one tie and
      proximity weigh alike; 0 turns it off.
    - ``distance_scale`` (``--distance-scale``, default ``None``): the scale
      ``d0`` of the distance decay ``exp(-d / d0)``, in the distances' unit
      (km unless ``distances`` gives minutes or hours). ``None`` is the
      median distance between the dataset's regions, a data-driven default
      that means the same in a small and a large country; 0 turns the decay
      off.
    - ``distances`` (``--distances``, default ``None``): a ``from,to,distance``
      file (``km``, ``minutes`` or ``hours`` by the column's name) replacing
      the great-circle distances between capitals, since road or rail
      distances and travel times describe access better than the crow's
      flight; ``None`` reads the dataset folder's ``distances.csv`` when it
      has one.
    - ``ties`` (``--ties``, default ``"all"``): ``"existing"`` keeps the
      suggestions whose regions already cooperate, ``"new"`` those proposing
      new ties, ``"all"`` both (ranked on one scale, so none is hidden by
      default).

    Which specialisations may join a suggestion (``--min-size``,
    ``--min-share``, ``--fdr``, ``--no-significance``):

    - ``min_size`` (default ``None``): the smallest specialisation kept, in
      the matrix's unit; ``None`` is 50 employees (below one medium-sized
      firm, EU Recommendation 2003/361/EC), 3 organisations (the fewest that
      make a group of firms rather than a firm and its partner, Porter 1998)
      or 1 cluster, by ``measure``.
    - ``min_share`` (default 0.01): the smallest share of the national sector
      a specialisation holds; 1 % is an even share of a sector spread over
      100 regions, less than an average region's part.
    - ``fdr`` (default 0.05): the false discovery rate of the one-sided
      binomial test of "more organisations here than the national share
      predicts", by Benjamini-Hochberg q-values (their 1995 paper's level,
      the conventional 5 %); 1 switches the test off.
    - ``significance`` (default ``True``): ``False`` keeps every
      specialisation with ``LQ >= threshold``, however small or likely by
      chance (as ``--no-significance``; the p- and q-values are still shown).

    A value out of range (a negative ``link_boost``, ``fdr`` outside
    ``(0, 1]``, an unknown ``ties``) raises :class:`ParameterError` naming
    the argument; a bad ``distances`` file raises :class:`DatasetError` with
    its file, line, column and value.
    """
    inner = _coopnet.suggest(
        _dataset(ds)._inner,
        top=int(top),
        measure=measure,
        level=level,
        threshold=float(threshold),
        intersectoral_weight=float(intersectoral_weight),
        sectoral_weight=float(sectoral_weight),
        max_partners=int(max_partners),
        resolution=float(resolution),
        seed=int(seed),
        max_regions=int(max_regions),
        max_clusters=int(max_clusters),
        max_organisations=int(max_organisations),
        innovation_weight=float(innovation_weight),
        value_chain=None if value_chain is None else os.fspath(value_chain),
        io_table=None if io_table is None else os.fspath(io_table),
        io_threshold=float(io_threshold),
        encoding=encoding,
        link_boost=float(link_boost),
        distance_scale=None if distance_scale is None else float(distance_scale),
        distances=None if distances is None else os.fspath(distances),
        ties=str(ties),
        min_size=None if min_size is None else float(min_size),
        min_share=float(min_share),
        fdr=float(fdr),
        significance=bool(significance),
        threads=_threads(threads),
    )
    return Suggestions(inner)


class _Folder:
    """The dataset's folder, or its frames written as one (removed on exit)."""

    def __init__(self, ds: Union[Dataset, PathLike]):
        self.ds = ds
        self.tmp: Optional[tempfile.TemporaryDirectory] = None

    def __enter__(self) -> str:
        ds = self.ds
        if not isinstance(ds, Dataset):
            return os.fspath(ds)
        if ds.path is not None:
            return os.fspath(ds.path)
        assert ds._frames is not None
        self.tmp = tempfile.TemporaryDirectory(prefix="coopnet-")
        folder = os.path.join(self.tmp.name, ds.name)
        os.mkdir(folder)
        _coopnet.write_frames(ds._frames, folder)
        return folder

    def __exit__(self, *exc: Any) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()


def analyze(
    ds: Union[Dataset, PathLike],
    out: PathLike,
    *,
    projection: str = "regions",
    between: bool = False,
    resolution: float = 1.0,
    seed: int = 42,
    value_chain: Optional[PathLike] = None,
    top: int = 10,
    render: bool = True,
    year: Optional[int] = None,
    encoding: Optional[str] = None,
    threads: Optional[int] = None,
) -> dict[str, Any]:
    """The main job, as ``coopnet analyze``: everything for one dataset into the
    folder ``out`` (replaced as a whole, only on success), with an index
    ``out/README.md``, the report as one web page ``out/index.html`` and every
    parameter in ``out/run.json``. ``year`` chooses the network of one year of
    a dataset with years (``--year``; the latest by default); ``encoding``
    reads every file in that encoding (``--encoding``; detected by default).

    Returns ``{"out": path, "files": {name: what it holds}, "figures":
    {name: value}, "notes": [...]}``. ``render`` draws SVG pictures when
    Graphviz is installed.
    """
    if not (resolution > 0 and resolution != float("inf")):
        raise ValueError(f"resolution={resolution!r} must be a positive number")
    if top < 1:
        raise ValueError("top must be at least 1")
    with _Folder(ds) as folder:
        files, figures, notes = _coopnet.analyze(
            folder,
            os.fspath(out),
            projection=projection,
            between=between,
            resolution=float(resolution),
            seed=int(seed),
            value_chain=None if value_chain is None else os.fspath(value_chain),
            top=int(top),
            render=render,
            year=None if year is None else int(year),
            encoding=encoding,
            threads=_threads(threads),
        )
    return {"out": Path(out), "files": dict(files), "figures": dict(figures), "notes": notes}


def map(  # noqa: A001 - the command's name
    ds: Union[Dataset, PathLike],
    out: Optional[PathLike] = None,
    *,
    projection: str = "regions",
    color_by: str = "district",
    layout: str = "auto",
    sectors: Optional[Iterable[str]] = None,
    between: bool = False,
    render: Optional[str] = None,
    title: Optional[str] = None,
    suggestions: bool = False,
    map_projection: str = "albers",
    fill: Optional[str] = None,
    rank: int = 1,
    indicator: Optional[str] = None,
    boundaries: Optional[PathLike] = None,
    central_meridian: Optional[float] = None,
    parallels: Optional[tuple[float, float]] = None,
    max_links: Optional[int] = None,
    labels: bool = True,
    resolution: float = 1.0,
    seed: int = 42,
    args: Sequence[str] = (),
    threads: Optional[int] = None,
) -> Any:
    """A map of the dataset, as ``coopnet map``.

    With ``layout="shapes"`` it is a choropleth: the regions' shapes
    (``boundaries``, by default the dataset folder's ``boundaries.geojson``)
    filled by ``fill``: ``clusters`` (the default: clusters operating in each
    region), ``lq`` (the location quotient of ``sectors[0]``), ``community``
    (Leiden on the region projection, with ``resolution`` and ``seed``),
    ``district``, ``suggestion`` (the regions of suggestion ``rank`` and the
    sectors they bring) or ``indicator`` (a column of districts.csv), with the
    ``max_links`` strongest links between regions drawn over them (60 by
    default, 0 for none; ``sectors`` and ``between`` choose them as for a
    projection). coopnet draws it itself and **returns the SVG text** (in a
    notebook, ``IPython.display.SVG(text)``); ``out`` also writes it (``.svg``,
    or ``.png`` and ``.pdf`` through rsvg-convert, the SVG beside them).
    ``map_projection`` is ``albers`` (equal-area, fitted to the shapes;
    ``central_meridian`` and ``parallels`` override the fit) or
    ``equirectangular``; ``labels=False`` leaves the region names to the
    tooltips. Shapes and regions that do not match are warned about
    (``warnings.warn``).

    Other layouts (``auto``, ``geo``, ``sfdp``, ``dot``) are Graphviz maps:
    the DOT file is written to ``out`` and drawn when ``out`` ends in
    ``.svg``, ``.png`` or ``.pdf`` or ``render`` names one of them (the DOT
    file then goes beside it); nodes are coloured by ``color_by``, and
    ``suggestions`` groups the suggested national clusters. ``args`` passes
    further flags of the command as they are written. These return the path
    of the picture, or of the DOT file when nothing is drawn; messages go to
    standard error. Flags and fills: docs/maps.md, docs/reference.md#map.
    """
    if layout == "shapes":
        if projection != "regions":
            raise ValueError('layout="shapes" draws regions: leave projection="regions"')
        if suggestions or args:
            raise ValueError(
                'layout="shapes" is drawn by the package itself: give fill="suggestion" and '
                "rank= for a suggestion, and the keyword arguments instead of args"
            )
        if render is not None:
            if out is None:
                raise ValueError("render= needs out=FILE (the SVG goes beside it)")
            out = Path(out).with_suffix("." + render)
        svg, _notes, warned, _summary = _coopnet.choropleth(
            _dataset(ds)._inner,
            fill=fill or "clusters",
            sectors=list(sectors or []),
            between=between,
            rank=int(rank),
            indicator=indicator,
            boundaries=None if boundaries is None else os.fspath(boundaries),
            map_projection=map_projection,
            central_meridian=None if central_meridian is None else float(central_meridian),
            parallels=None if parallels is None else (float(parallels[0]), float(parallels[1])),
            max_links=None if max_links is None else int(max_links),
            labels=labels,
            title=title,
            resolution=float(resolution),
            seed=int(seed),
            out=None if out is None else os.fspath(out),
            threads=_threads(threads),
        )
        import warnings

        for w in warned:
            warnings.warn(w, stacklevel=2)
        return svg
    if fill is not None:
        raise ValueError('fill= draws a choropleth: add layout="shapes" (or colour nodes with color_by=)')
    if out is None:
        raise TypeError("out: the DOT file to write (or .svg, .png, .pdf to draw it with Graphviz)")
    from . import _cli

    out = Path(out)
    with _Folder(ds) as folder:
        argv = ["map", folder, "--out", os.fspath(out), "--projection", projection]
        argv += ["--color-by", color_by, "--layout", layout, "--map-projection", map_projection]
        argv += ["--resolution", repr(float(resolution)), "--seed", str(int(seed))]
        for s in sectors or []:
            argv += ["--sector", s]
        if between:
            argv.append("--between")
        if render:
            argv += ["--render", render]
        if title is not None:
            argv += ["--title", title]
        if suggestions:
            argv.append("--suggestions")
        if threads is not None:
            argv += ["--threads", str(_threads(threads))]
        argv += list(args)
        _cli.run_or_raise(argv)
    if render:
        return out.with_suffix("." + render)
    return out
