"""Read coopnet's GraphML, GEXF and node-link JSON (networkx and D3 flavours)
back with networkx and check that nodes, edges and attributes are the ones
coopnet meant to write (``expected.json``, written by tests/export_networkx.rs).

Usage: python3 tests/python/readback.py DIR [DIR ...]
Each DIR holds graph.graphml, graph.gexf, graph.nx.json, graph.d3.json and
expected.json. Exits 1 with a list of differences when anything differs.
"""

import json
import math
import sys

import networkx as nx

# Attributes a reader adds by itself, not coopnet's.
EXTRA = {
    "gexf": {"node": {"viz"}, "edge": {"id", "viz"}},
}


def same(kind, expected, actual):
    if kind == "double":
        return isinstance(actual, (int, float)) and math.isclose(
            float(actual), expected, rel_tol=1e-12, abs_tol=1e-12
        )
    if kind == "int":
        return isinstance(actual, int) and not isinstance(actual, bool) and actual == expected
    return isinstance(actual, str) and actual == expected


def compare_attrs(where, types, expected, actual, extra, problems):
    for name, value in expected.items():
        if name not in actual:
            problems.append(f"{where}: attribute {name!r} missing")
        elif not same(types[name], value, actual[name]):
            problems.append(
                f"{where}: attribute {name!r} is {actual[name]!r} "
                f"({type(actual[name]).__name__}), expected {value!r} ({types[name]})"
            )
    for name in set(actual) - set(expected) - extra:
        problems.append(f"{where}: unexpected attribute {name!r} = {actual[name]!r}")


def check(fmt, graph, exp, problems):
    extra = EXTRA.get(fmt, {"node": set(), "edge": set()})
    if graph.is_directed() or graph.is_multigraph():
        problems.append(f"{fmt}: read as directed={graph.is_directed()} multigraph={graph.is_multigraph()}")
    nodes = set(graph.nodes)
    want = set(exp["nodes"])
    if nodes != want:
        problems.append(f"{fmt}: nodes differ: missing {sorted(want - nodes)}, extra {sorted(nodes - want)}")
    for n in sorted(want & nodes):
        compare_attrs(f"{fmt} node {n!r}", exp["node_types"], exp["nodes"][n], graph.nodes[n], extra["node"], problems)
    edges = {}
    for s, t, data in graph.edges(data=True):
        edges[frozenset((s, t))] = data
    want_edges = {frozenset((s, t)): attrs for s, t, attrs in exp["edges"]}
    if set(edges) != set(want_edges):
        problems.append(
            f"{fmt}: edges differ: missing {sorted(map(sorted, set(want_edges) - set(edges)))}, "
            f"extra {sorted(map(sorted, set(edges) - set(want_edges)))}"
        )
    for key in set(edges) & set(want_edges):
        compare_attrs(f"{fmt} edge {sorted(key)}", exp["edge_types"], want_edges[key], edges[key], extra["edge"], problems)
    if graph.number_of_edges() != len(exp["edges"]):
        problems.append(f"{fmt}: {graph.number_of_edges()} edges, expected {len(exp['edges'])}")


def check_dir(d):
    problems = []
    with open(f"{d}/expected.json", encoding="utf-8") as f:
        exp = json.load(f)
    check("graphml", nx.read_graphml(f"{d}/graph.graphml"), exp, problems)
    g = nx.read_graphml(f"{d}/graph.graphml")
    for name, value in exp["graph"].items():
        if g.graph.get(name) != value:
            problems.append(f"graphml graph attribute {name!r}: {g.graph.get(name)!r}, expected {value!r}")
    check("gexf", nx.read_gexf(f"{d}/graph.gexf"), exp, problems)
    for flavour, key in (("nx", "edges"), ("d3", "links")):
        with open(f"{d}/graph.{flavour}.json", encoding="utf-8") as f:
            data = json.load(f)
        g = nx.node_link_graph(data, edges=key)
        check(f"json-{flavour}", g, exp, problems)
        for name, value in exp["graph"].items():
            got = g.graph.get(name)
            if name == "groups":
                got = json.dumps(got, separators=(",", ":"), sort_keys=True)
                value = json.dumps(json.loads(value), separators=(",", ":"), sort_keys=True)
            if got != value:
                problems.append(f"json-{flavour} graph attribute {name!r}: {got!r}, expected {value!r}")
    return problems


def main():
    problems = []
    for d in sys.argv[1:]:
        problems += [f"{d}: {p}" for p in check_dir(d)]
    if problems:
        print("\n".join(problems[:100]))
        print(f"{len(problems)} differences")
        return 1
    print(f"networkx {nx.__version__} read {len(sys.argv) - 1} folders back: all nodes, edges and attributes match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
