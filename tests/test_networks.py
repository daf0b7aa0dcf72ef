"""The network catalogue (footprint/networks) and the engine that runs its data-only networks.

The catalogue is the one place that knows about a network, so these tests check that the rest of the tree
agrees with it: every kind any data file names exists, no field is mapped two ways, every collector, pivot
pattern and alias belongs to a catalogue network. The engine is tested against a real HTTP server on
127.0.0.1, as a network would answer: found, not found, unknown and malformed.
"""
from __future__ import annotations

import asyncio
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from collectors import REGISTRY, build
from collectors.engine import EngineCollector
from collectors.http import Http, HttpConfig, allowance
from footprint import networks
from footprint.model import KINDS, Account, Document
from footprint.networks import FIELD_ROUTES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "analysis" / "data"
RULES = ROOT / "analysis" / "rules"
CATALOGUE = ROOT / "footprint" / "networks"
# GitLab shows a Discord user id; footprint has no way to check Discord, so it is a link, never a pivot.
LINKS_OUTSIDE_THE_CATALOGUE = {"discord"}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- the catalogue itself ----------------------------------------------------------------------------

def test_every_file_is_a_network_in_the_index_and_loads():
    files = sorted(p.stem for p in CATALOGUE.glob("*.json") if p.name != "index.json")
    assert sorted(n.name for n in networks.all()) == files == sorted(load(CATALOGUE / "index.json")["order"])
    for name in files:
        raw = load(CATALOGUE / f"{name}.json")
        assert raw["_about"] and raw["_sources"], f"{name}.json should say what it is and where it came from"
        assert networks.get(name).title


@pytest.mark.parametrize("network", networks.all(), ids=lambda n: n.name)
def test_every_network_is_collected_checked_by_site_list_or_read_from_a_download(network):
    from collectors.exports import READERS

    exported = {r.network for r in READERS}
    assert network.collector or network.site or network.name in exported, network.name
    assert bool(network.export_fields) == (network.name in exported)
    assert network.role in ("professional", "personal") and network.sees and network.settings and network.advice
    if network.collector:
        assert network.base.startswith("https://") and network.profile
        assert (network.collector == "engine") == (network.api is not None)
        assert issubclass(REGISTRY[network.name], EngineCollector) == (network.collector == "engine")
        assert (ROOT / "collectors" / f"{network.name}.py").exists() == (network.collector == "module")
    if network.complete:
        assert network.role == "professional"


def test_registry_is_the_catalogue_networks_with_a_collector_in_scan_order():
    assert list(REGISTRY) == [n.name for n in networks.all() if n.collector]


def test_every_collector_can_be_pointed_elsewhere():
    for collector in build({name: f"https://example.test/{name}/" for name in REGISTRY}):
        assert collector.base == f"https://example.test/{collector.network}"
        assert collector.network in REGISTRY and collector.profile_url("someone").startswith("https://")


def test_site_entries_are_whatsmyname_entries_named_as_their_network(tmp_path):
    from collectors import sitelist

    own = sitelist.own_sites()
    assert [sitelist.slug(s["name"]) for s in own] == [n.name for n in networks.all() if n.site]
    path = tmp_path / "wmn.json"
    path.write_text(json.dumps({"license": ["MIT"], "sites": own}))
    # the community format loads unchanged: the same entries written as a WhatsMyName file are the same checks
    from_file = sitelist.load_checks(path)
    assert [(c.network, c.site) for c in from_file] == [(c.network, c.site) for c in sitelist.load_checks()]
    assert {c.method for c in from_file} == {"site list (wmn.json)"}


def test_the_community_list_adds_sites_and_never_replaces_ours(tmp_path, monkeypatch):
    from collectors import sitelist

    community = tmp_path / "wmn-data.json"
    community.write_text(json.dumps({"sites": [
        {"name": "TikTok", "uri_check": "https://elsewhere.example/{account}", "e_code": 200, "e_string": "", "m_code": 404, "m_string": ""},
        {"name": "Example Site", "uri_check": "https://example.org/u/{account}", "e_code": 200, "e_string": "x", "m_code": 404, "m_string": ""},
        {"name": "Gone", "uri_check": "https://gone.example/{account}", "valid": False}]}))
    monkeypatch.setattr(sitelist, "community_path", lambda: community)
    checks = {c.network: c for c in sitelist.load_checks()}
    assert checks["tiktok"].method == "site list" and "oembed" in checks["tiktok"].site["uri_check"]
    assert checks["examplesite"].method == "site list (wmn-data.json)" and "gone" not in checks


# --- kinds -------------------------------------------------------------------------------------------

def kinds_named_in_data() -> dict[str, set[str]]:
    """Every fragment kind each data file names, by file."""
    out: dict[str, set[str]] = {}
    caps = load(DATA / "capabilities.json")
    out["capabilities.json"] = ({k for c in caps["capabilities"] for g in c.get("requires", []) for k in g}
                                | {k for k, v in caps["implies"].items() for k in (k, *v)}
                                | {k for k, recipes in caps["combines"].items() for r in recipes for k in (k, *r)})
    bits = load(DATA / "identity_bits.json")
    out["identity_bits.json"] = set(bits["kinds"]) | {c["given"] for c in bits["conditional"]} | set(bits["not_counted"]["direct"])
    advice = load(DATA / "advice.json")
    out["advice.json"] = set(advice["kinds"]) | set(advice["fixed_kinds"])
    out["professional.json"] = {k for k in load(DATA / "professional.json")["identity_kinds"] if not k.startswith("_")}
    cues = [json.loads(line) for line in (RULES / "ner_cues.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    out["rules/ner_cues.jsonl"] = {c["kind"] for c in cues}
    context = [json.loads(line) for line in (RULES / "context.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    out["rules/context.jsonl"] = {g.split("__")[0] for r in context for g in re.findall(r"\(\?P<(\w+)>", r["pattern"])}
    for n in networks.all():
        raw = load(CATALOGUE / f"{n.name}.json")
        out[f"networks/{n.name}.json"] = set(raw.get("fields", {}).values()) | set(raw.get("export_fields", {}).values())
    for corpus in (ROOT / "tests" / "corpus").glob("*.jsonl"):
        rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        out[f"corpus/{corpus.name}"] = {label["kind"] for r in rows for label in r["labels"]}
    return out


def test_every_kind_named_in_a_data_file_is_a_kind_of_the_model():
    for where, kinds in kinds_named_in_data().items():
        allowed = KINDS | FIELD_ROUTES if where.startswith("networks/") else KINDS
        assert kinds <= allowed, f"{where} names kinds the model does not know: {sorted(kinds - allowed)}"


def test_every_kind_of_the_model_is_advised_on_and_weighed():
    named = kinds_named_in_data()
    assert set(KINDS) == named["advice.json"], "every kind needs a line in advice.json, and only kinds have one"
    assert {"photo", "linked_accounts"} <= named["capabilities.json"]


# --- one mapping per field ---------------------------------------------------------------------------

@pytest.mark.parametrize("network", networks.all(), ids=lambda n: n.name)
def test_a_field_maps_to_one_kind_and_its_label_never_names_another(network):
    for field in set(network.fields) & set(network.export_fields):
        assert network.fields[field] == network.export_fields[field], (network.name, field)
    assert set(network.labels) <= set(network.fields), f"{network.name}: labels for fields it does not map"
    for field, kind in network.fields.items():
        label = network.label(field)
        # evidence reads "field:<label>": a label that is a kind must be the kind the field maps to
        # (Stack Exchange's display name was labelled a name while it mapped to a handle)
        if label in KINDS | {"name"}:
            assert label == kind or (label == "name" and kind == "name"), (network.name, field, label, kind)


def test_the_disagreements_that_were_are_settled():
    from analysis.extract import field_kind

    def kind(network: str, field: str) -> str | None:
        return field_kind(network, Document(account=f"{network}:x", source="field:x", text="x", field=field))

    assert kind("stackexchange", "display_name") == "handle" and networks.get("stackexchange").label("display_name") == "display_name"
    assert kind("dockerhub", "company") == "employer" and kind("dockerhub", "profile_url") == "url"
    assert kind("github", "company") == "employer" and kind("instagram", "date_of_birth") == "date_of_birth"
    assert kind("nowhere", "bio") == "text" and kind("github", "unmapped") == "text"


def test_documents_the_collectors_make_carry_fields_the_catalogue_maps():
    from tests.test_collectors import DOC_SHAPED, FROM_PERSONAS, Recorded, collect

    for name in REGISTRY:
        if name in ("mastodon", "reddit"):
            continue  # Mastodon's profile fields are named by the person; Reddit needs a token here
        handle, extra = DOC_SHAPED.get(name) or (FROM_PERSONAS[name], {})
        account = collect(name, handle, Recorded(extra))
        fields = networks.get(name).field_kinds
        for doc in account.documents:
            assert doc.field is None or doc.field in fields, (name, doc.field)
            if doc.field is not None:
                assert doc.source == f"field:{networks.get(name).label(doc.field)}", (name, doc.source)


def test_data_downloads_name_fields_the_catalogue_maps():
    from collectors.exports import read_exports

    for folder in sorted((ROOT / "tests" / "exports").iterdir()):
        for account in read_exports([folder]).accounts:
            fields = networks.get(account.network).export_fields
            assert {d.field for d in account.documents if d.field} <= set(fields), (folder.name, account.network)
            assert account.url == networks.get(account.network).profile_url(account.handle)


# --- addresses and names -----------------------------------------------------------------------------

def test_aliases_and_link_networks_name_catalogue_networks():
    names = {n.name for n in networks.all()}
    for n in networks.all():
        for alias in n.aliases:
            assert alias not in names and networks.find(alias) is n
        for rule in (n.api or {}).get("links", ()):
            if "network" in rule:
                assert rule["network"] in names | LINKS_OUTSIDE_THE_CATALOGUE, (n.name, rule)
    assert networks.find("twitter").name == "x" and networks.find("Stackoverflow").name == "stackexchange"
    assert networks.lookup("somewhere").known is False and networks.lookup("somewhere").title == "somewhere"


@pytest.mark.parametrize("network", [n for n in networks.all() if n.profile_urls], ids=lambda n: n.name)
def test_a_network_recognises_its_own_profile_address(network):
    assert networks.profile_from_url(network.profile_url("jessmcr2011")) == (network.name, "jessmcr2011")
    if network.site and network.site.get("uri_pretty"):
        assert networks.profile_from_url(network.site["uri_pretty"].replace("{account}", "jessmcr2011")) == (network.name, "jessmcr2011")
    for spec in network.profile_urls:
        assert networks.network_at(spec.split("/", 1)[0]) == network.name


@pytest.mark.parametrize("url,exact,within", [
    ("https://github.com/jess", ("github", "jess"), ("github", "jess")),
    ("https://www.github.com/jess/", ("github", "jess"), ("github", "jess")),
    ("https://github.com/jess/parkrun-stats", None, ("github", "jess")),
    ("https://github.com/sponsors/jess", None, None),
    ("https://m.twitter.com/jess", ("x", "jess"), ("x", "jess")),
    ("https://x.com/intent/follow", None, None),
    ("https://www.instagram.com/p/Cx12/", None, None),
    ("https://news.ycombinator.com/user?id=dang", ("hackernews", "dang"), ("hackernews", "dang")),
    ("https://news.ycombinator.com/item?id=1", None, None),
    ("https://lobste.rs/u/dan", ("lobsters", "dan"), ("lobsters", "dan")),
    ("https://lichess.org/@/jess/all", None, ("lichess", "jess")),
    ("https://bsky.app/profile/jess.bsky.social", ("bluesky", "jess.bsky.social"), ("bluesky", "jess.bsky.social")),
    ("https://stackoverflow.com/users/101/dan", None, None),
    ("https://example.org/jess", None, None),
])
def test_profile_addresses(url, exact, within):
    assert networks.profile_from_url(url) == exact
    assert networks.profile_from_url(url, within=True) == within


def test_pivots_and_the_review_read_the_same_addresses():
    from analysis.professional import linked_handle
    from collectors.pivots import from_url

    assert from_url("https://twitter.com/amz_afterdark") == linked_handle("url", "https://twitter.com/amz_afterdark") == ("x", "amz_afterdark")
    assert from_url("https://soundcloud.com/djjess") == ("soundcloud", "djjess")
    assert from_url("https://hachyderm.io/@dan") == ("mastodon", "dan@hachyderm.io")
    assert from_url("https://127.0.0.1/jess") is None and from_url("https://github.local/jess") is None


def test_what_the_review_and_the_fix_plan_say_comes_from_the_catalogue():
    from analysis import professional
    from analysis.fixplan import _step
    from analysis.risk import load_advice
    from footprint.handles import chosen_name
    from footprint.model import Evidence, Fragment

    assert professional.title("lichess") == "Lichess" and professional.title("twitter") == "X (Twitter)"
    assert professional.is_professional("gitlab") and not professional.is_professional("somewhere")
    fragment = Fragment("location", "Stockport", "stockport", [Evidence("lichess:jess", "field:location", "Stockport"),
                                                                Evidence("somewhere:jess", "field:bio", "Stockport")])
    tips = _step(fragment, [], 0, load_advice()).advice
    assert tips == (load_advice()["professional_kinds"]["location"], f"Lichess: {networks.get('lichess').advice}")
    assert chosen_name("bluesky", "jess.bsky.social") == "jess" and chosen_name("github", "jess.bsky.social") == "jess.bsky.social"


# --- the engine, against a real server ---------------------------------------------------------------

class LocalAPI:
    """A real HTTP server on 127.0.0.1. Routes: path -> (status, body, content type), optionally only for
    some query parameters; anything else is a 404."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], tuple[int, str, str]]] = []
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                server.hits.append((self.path, dict(self.headers)))
                for path, wanted, answer in server.routes:
                    if path == parts.path and all(query.get(k) == v for k, v in wanted.items()):
                        return self.reply(*answer)
                self.reply(404, '{"message": "Not Found"}', "application/json")

            def reply(self, status: int, body: str, ctype: str) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, status: int, body, ctype: str = "application/json", **query: str) -> None:
        text = body if isinstance(body, str) else json.dumps(body)
        self.routes.append((path, query, (status, text, ctype)))


@pytest.fixture
def api():
    server = LocalAPI()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def run(api: LocalAPI, network: str, handle: str) -> Account:
    async def go() -> Account:
        async with Http(HttpConfig(allowed=allowance([api.base]), retries=0, reuse=None, timeout=5, deadline=20)) as http:
            return await REGISTRY[network](api.base).collect(handle, http)
    return asyncio.run(go())


DOCKER = {"id": "abc", "username": "dwhitfield", "full_name": "Dan Whitfield", "location": "Bristol", "company": "Northwind Labs",
          "profile_url": "https://danwhitfield.example.net", "date_joined": "2016-01-01T00:00:00Z"}


def test_engine_found(api):
    api.route("/v2/users/dwhitfield/", 200, DOCKER)
    account = run(api, "dockerhub", "DWhitfield")  # Docker Hub keys names in lower case
    assert (account.status, account.handle, account.reason) == ("found", "dwhitfield", "profile returned by the API")
    assert account.url == "https://hub.docker.com/u/dwhitfield"
    assert account.profile == {"full_name": "Dan Whitfield", "location": "Bristol", "company": "Northwind Labs",
                               "profile_url": "https://danwhitfield.example.net", "date_joined": "2016-01-01T00:00:00Z"}
    assert [(d.source, d.field, d.text) for d in account.documents] == [
        ("field:name", "full_name", "Dan Whitfield"), ("field:location", "location", "Bristol"),
        ("field:company", "company", "Northwind Labs"), ("field:website", "profile_url", "https://danwhitfield.example.net")]
    assert account.links == [("url", "https://danwhitfield.example.net", "profile_url")]


def test_engine_not_found_by_status_and_by_an_empty_list(api):
    assert run(api, "dockerhub", "nobody0x").status == "not_found"
    api.route("/api/v4/users", 200, [], username="nobody0x")
    account = run(api, "gitlab", "nobody0x")
    assert (account.status, account.reason) == ("not_found", "no such user (empty list)")
    api.route("/2017-06-30/users", 200, {"users": []}, username="nobody0x")
    assert run(api, "duolingo", "nobody0x").status == "not_found"


def test_engine_not_found_by_a_body_rule(api):
    api.route("/api/user/gone", 200, {"id": "gone", "username": "Gone", "closed": True})
    account = run(api, "lichess", "gone")
    assert (account.status, account.reason, account.handle) == ("not_found", "account closed", "Gone")
    api.route("/id/nobody0x/", 200, "<?xml version='1.0'?><response><error><![CDATA[The specified profile could not be found.]]></error></response>",
              "text/xml", xml="1")
    account = run(api, "steam", "nobody0x")
    assert (account.status, account.reason) == ("not_found", "no such profile (Steam says: The specified profile could not be found.)")


@pytest.mark.parametrize("status", [403, 429, 500, 503])
def test_engine_unknown_when_the_network_will_not_say(api, status):
    api.route("/v2/users/dwhitfield/", status, "<html>no</html>", "text/html")
    account = run(api, "dockerhub", "dwhitfield")
    assert account.status == "unknown" and str(status) in account.reason


@pytest.mark.parametrize("network,path,body,ctype", [
    ("dockerhub", "/v2/users/dwhitfield/", '{"username": "dwhitfield", "unterminated', "application/json"),
    ("dockerhub", "/v2/users/dwhitfield/", '["a", "list"]', "application/json"),
    ("dockerhub", "/v2/users/dwhitfield/", '{"full_name": "no username"}', "application/json"),
    ("dockerhub", "/v2/users/dwhitfield/", "<html><title>Just a moment...</title></html>", "text/html"),
    ("duolingo", "/2017-06-30/users", '{"no": "users"}', "application/json"),
    ("steam", "/id/dwhitfield/", "<profile><steamID64>1", "text/xml"),
    ("steam", "/id/dwhitfield/", "<html><body>sign in</body></html>", "text/html"),
])
def test_engine_malformed_body_is_unknown_never_found(api, network, path, body, ctype):
    api.route(path, 200, body, ctype)
    account = run(api, network, "dwhitfield")
    assert (account.status, account.reason) == ("unknown", "malformed response")


def test_engine_says_when_a_web_page_came_instead_of_xml(api):
    api.route("/id/dwhitfield/", 200, "<!DOCTYPE html><html><body>Sign in</body></html>", "text/html", xml="1")
    account = run(api, "steam", "dwhitfield")
    assert (account.status, account.reason) == ("unknown", "got a web page where XML was expected")


def test_engine_xml_profile(api):
    api.route("/id/jess/", 200, "<?xml version='1.0'?><profile><steamID64>7656</steamID64><steamID>jessplays</steamID>"
              "<realname>Jess H</realname><summary><![CDATA[Stockport<br>Year 11]]></summary><privacyState>friendsonly</privacyState>"
              "<customURL>jess</customURL><groups><group>1</group></groups></profile>", "text/xml", xml="1")
    account = run(api, "steam", "jess")
    assert (account.status, account.reason) == ("found", "profile returned by the XML view")
    assert account.profile["summary"] == "Stockport\nYear 11" and "groups" not in account.profile
    assert account.profile["note"] == "profile is not public; only the basics show"
    assert {d.source: d.text for d in account.documents} == {"field:name": "Jess H", "field:bio": "Stockport\nYear 11",
                                                             "field:display_name": "jessplays"}


GITLAB_ENTRY = [{"id": 42, "username": "amara", "name": "Amara", "state": "active", "locked": False,
                 "avatar_url": "https://secure.gravatar.com/avatar/0", "web_url": "https://gitlab.com/amara"}]


def test_gitlab_without_a_token_keeps_the_list_entry_and_says_what_it_could_not_see(api, monkeypatch):
    # gitlabhq lib/api/users.rb: GET /users/:id is forbidden!('Not authorized!') unless current_user, and the
    # list entry a logged-out caller gets is id, username, name, state, locked, avatar_url, web_url.
    monkeypatch.delenv("GITLAB_TOKEN", raising=False)
    api.route("/api/v4/users", 200, GITLAB_ENTRY, username="amara")
    api.route("/api/v4/users/42", 403, {"message": "403 Forbidden - Not authorized!"})
    account = run(api, "gitlab", "amara")
    assert account.status == "found" and account.profile["name"] == "Amara"
    assert "only the name and picture" in account.reason and account.reason != "profile returned by the API"
    assert account.needs == "GITLAB_TOKEN" and "bio, location, job title" in account.unseen
    assert [path for path, _ in api.hits] == ["/api/v4/users?username=amara"]  # the 403 is never asked for


def test_engine_two_step_lookup_with_a_token_and_a_detail_record(api, monkeypatch):
    monkeypatch.setenv("GITLAB_TOKEN", "tok")
    api.route("/api/v4/users", 200, GITLAB_ENTRY, username="amara")
    api.route("/api/v4/users/42", 403, {"message": "403 Forbidden"})
    account = run(api, "gitlab", "amara")
    assert account.status == "found" and account.profile["name"] == "Amara" and account.unseen
    assert all(headers.get("PRIVATE-TOKEN") == "tok" for _, headers in api.hits)
    api.routes.insert(0, ("/api/v4/users/42", {}, (200, json.dumps({
        "id": 42, "username": "amara", "name": "Amara Okafor", "twitter": "amz_afterdark", "linkedin": "https://www.linkedin.com/in/amara",
        "public_email": "amara@example.com", "state": "blocked", "github": "amara", "last_activity_on": "2026-01-02"}),
        "application/json")))
    account = run(api, "gitlab", "amara")
    assert (account.reason, account.unseen) == ("profile returned by the API", "")
    # github is no field of GitLab's user entity, and last_activity_on is shown to admins only: neither is read
    assert account.links == [("handle", "x:amz_afterdark", "twitter"), ("url", "https://www.linkedin.com/in/amara", "linkedin"),
                             ("email", "amara@example.com", "public_email")]
    assert account.profile["note"] == "account blocked by GitLab" and account.last_active is None
    assert [d.source for d in account.documents] == ["field:name", "field:email"]


def test_engine_never_follows_a_record_out_of_its_path(api, monkeypatch):
    monkeypatch.setenv("GITLAB_TOKEN", "tok")
    api.route("/api/v4/users", 200, [{"id": "../../admin", "username": "evil"}], username="evil")
    account = run(api, "gitlab", "evil")
    assert (account.status, account.reason) == ("unknown", "malformed response")
    assert [path for path, _ in api.hits] == ["/api/v4/users?username=evil"]


def test_engine_posts_and_last_activity(api):
    api.route("/api/users/by_username", 200, {"username": "dan", "name": "Dan", "twitter_username": "dan_x"}, url="dan")
    api.route("/api/articles", 200, [{"id": 1, "title": "Queues", "description": "in Postgres", "url": "https://dev.to/dan/q",
                                      "published_at": "2026-03-01T10:00:00Z"}, "not a post"], username="dan")
    account = run(api, "devto", "dan")
    assert [(d.source, d.text, d.timestamp) for d in account.documents if d.source.startswith("post:")] == [
        ("post:1", "Queues. in Postgres", "2026-03-01T10:00:00Z")]
    assert account.last_active == "2026-03-01T10:00:00+00:00" and account.links == [("handle", "x:dan_x", "twitter_username")]
