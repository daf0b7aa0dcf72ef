"""Golden properties of the risk analysis on the demo personas (their data grows as networks are added,
so these check what a presenter relies on, not an exact dump)."""
import asyncio
import json

import networkx as nx
import pytest

from footprint import demo
from footprint.model import Target
from analysis.graph import exposure_graph
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def reports():
    out = {}
    for pid, persona in demo.personas().items():
        report = asyncio.run(Scanner(ScanSettings(demo=True)).scan(Target(persona.handle)))
        out[pid] = (report.to_dict(), exposure_graph(report))
    return out


def caps(report):
    return {c["id"]: c for c in report["capabilities"]}


def test_jess_is_singled_out_and_locatable_and_one_step_from_bank_fraud(reports):
    r, _ = reports["jess"]
    c = caps(r)
    assert c["locate-person"]["state"] == "satisfied"
    assert c["account-recovery"]["state"] == "satisfied"
    assert c["singled-out"]["state"] == "satisfied"
    assert c["bank-security-check"]["state"] in ("near_miss", "satisfied")
    if c["bank-security-check"]["state"] == "near_miss":
        assert any("postcode" in g or "address" in g for g in c["bank-security-check"]["missing"])
    ident = r["identity"]
    assert ident["bits"] > ident["population_bits"] and ident["p_unique"] > 0.9
    counted = {f["kind"] for f in ident["fragments"] if f["counted"] > 0}
    assert "school" in counted and "location" not in counted  # place-like facts: the school only


def test_identity_section_has_the_promised_fields(reports):
    for r, _ in reports.values():
        ident = r["identity"]
        assert {"bits", "population_bits", "one_in", "p_unique", "fragments"} <= ident.keys()
        assert all({"fragment", "bits", "counted", "basis"} <= f.keys() for f in ident["fragments"])
        assert abs(sum(f["counted"] for f in ident["fragments"]) - ident["bits"]) < 0.05


def test_the_careful_persona_scores_lowest_and_is_not_singled_out(reports):
    scores = {pid: r["score"] for pid, (r, _) in reports.items()}
    assert scores["sol"] == min(scores.values())
    assert caps(reports["sol"][0])["singled-out"]["state"] != "satisfied"


def test_fix_plans_lower_the_score_step_by_step_and_say_where_and_how(reports):
    for pid, (r, _) in reports.items():
        plan = r["fix_plan"]
        if not any(c["satisfied"] for c in r["capabilities"]):
            continue
        assert plan, pid
        scores = [r["score"]] + [s["score_after"] for s in plan]
        assert scores == sorted(scores, reverse=True) and scores[-1] < scores[0]
        for step in plan:
            assert step["where"] and step["advice"]
            assert step["kind"] != "handle"
        claimed = {c for s in plan for c in s["breaks"]}
        assert claimed <= {c["id"] for c in r["capabilities"] if c["satisfied"]}


def test_fragments_of_unlinked_accounts_never_feed_capabilities(reports):
    for r, g in reports.values():
        own_ids = {f["id"] for f in r["fragments"]}
        for c in r["capabilities"]:
            assert set(c["fragments"]) <= own_ids
        for node, data in g.nodes(data=True):
            if data.get("type") == "fragment" and not data.get("about_target"):
                assert not [v for v in g.successors(node) if g.nodes[v].get("type") == "capability"]


def test_graph_has_typed_nodes_and_edges(reports):
    _, g = reports["dan"]
    types = nx.get_node_attributes(g, "type")
    assert {"target", "account", "fragment", "capability"} <= set(types.values())
    edge_types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"same_person", "disclosed_in", "enables"} <= edge_types
    proof = [d for _, _, d in g.edges(data=True) if d["type"] == "same_person" and d["reason"] == "proof"]
    assert proof and all(d["evidence"] and d["confidence"] > 0.9 for d in proof)


@pytest.mark.parametrize("suffix, reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graph_export_from_the_command_line(tmp_path, suffix, reader):
    path = tmp_path / f"jess{suffix}"
    result = run_cli("demo", "jess", "--json", "--graph", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    g = reader(path)
    assert g.number_of_nodes() > len(report["fragments"])
    caps_in_graph = {d.get("label") for _, d in g.nodes(data=True) if d.get("type") == "capability"}
    assert {c["title"] for c in report["capabilities"]} == caps_in_graph


def test_graph_export_refuses_an_unknown_format_before_scanning(tmp_path):
    result = run_cli("demo", "jess", "--graph", str(tmp_path / "g.png"))
    assert result.returncode == 2
    assert "graphml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "g.png").exists()


def test_each_unlocked_capability_names_the_accounts_on_its_path(reports):
    r, g = reports["jess"]
    own = {a for a in g.nodes if g.nodes[a].get("type") == "account"} & {
        e["account"] for f in r["fragments"] for e in f["evidence"]}
    for c in r["capabilities"]:
        if c["state"] != "out_of_reach":
            assert c["accounts"] and set(c["accounts"]) <= own, c["id"]


def test_scan_writes_the_graph_too(fake_api, tmp_path):
    path = tmp_path / "dan.gexf"
    result = run_cli("scan", "dwhitfield", *fake_api.endpoint_args(), "--allow-private", "--json", "--graph", str(path))
    assert result.returncode == 0, result.stderr
    g = nx.read_gexf(path)
    accounts = {d.get("label") for _, d in g.nodes(data=True) if d.get("type") == "account"}
    assert "github:dwhitfield" in accounts
    assert any(d.get("relation") == "same_person" for _, _, d in g.edges(data=True))
