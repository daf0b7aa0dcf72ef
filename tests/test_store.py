"""The local store: responses with a TTL, results per handle, finished reports, and forget."""
from footprint.model import Account, Document
from footprint.paths import home
from footprint.store import Store


def make_account(network="github", handle="jessmcr2011", status="found"):
    a = Account(network=network, handle=handle, url=f"https://example.org/{handle}", status=status, reason="r",
                profile={"name": "Jess"}, links=[("handle", "x:jess", "twitter_username")])
    a.documents.append(Document(account=a.id, source="field:bio", text="hello", field="bio"))
    return a


def test_store_lives_in_footprint_home(footprint_home):
    assert home() == footprint_home
    with Store() as store:
        assert store.path.parent == footprint_home and store.path.exists()


def test_response_roundtrip_and_expiry():
    with Store() as store:
        store.save_response("GET https://a/x", "jess", "jess", 200, {"content-type": "application/json"}, b"{}", ttl=60)
        got = store.response("GET https://a/x")
        assert got.status == 200 and got.body == b"{}" and got.headers["content-type"] == "application/json"
        store.save_response("GET https://a/old", "jess", "jess", 200, {}, b"1", ttl=-1)
        assert store.response("GET https://a/old") is None
        assert store.purge_expired() == 1
        assert store.response("GET https://a/x", max_age=3600) is not None
        assert store.response("GET https://a/x", max_age=-1) is None  # fetched before "one second in the future"


def test_results_survive_reopen_and_resume_knows_what_is_done(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_account("JessMCR2011", make_account())
        store.save_account("jessmcr2011", make_account("keybase", status="unknown"))
    with Store(path) as store:
        accounts = store.accounts("jessmcr2011")
        assert [a.network for a in accounts] == ["github", "keybase"]
        assert accounts[0].links == [("handle", "x:jess", "twitter_username")]
        assert accounts[0].documents[0].text == "hello"
        assert store.done_networks("jessmcr2011") == {"github"}


def test_forget_removes_everything_about_a_handle_and_counts_it():
    with Store() as store:
        store.save_response("GET https://a/jess", "jessmcr2011", "jessmcr2011", 200, {}, b"{}")
        store.save_response("GET https://b/jess", "other", "jessmcr2011", 200, {}, b"{}")  # reached by a pivot
        store.save_response("GET https://a/dan", "dwhitfield", "dwhitfield", 200, {}, b"{}")
        store.save_account("jessmcr2011", make_account())
        store.save_report("jessmcr2011", {"score": 3})
        store.finish_scan(store.start_scan("jessmcr2011"), {"found": 1})
        counts = store.forget("JESSMCR2011")
        assert counts == {"responses": 2, "results": 1, "reports": 1, "history": 1}
        assert store.accounts("jessmcr2011") == [] and store.report("jessmcr2011") is None
        assert store.response("GET https://a/dan") is not None
        assert store.forget("jessmcr2011") == {"responses": 0, "results": 0, "reports": 0, "history": 0}


def test_reports_are_looked_up_by_age():
    with Store() as store:
        store.save_report("amara", {"score": 7})
        assert store.report("Amara") == {"score": 7}
        assert store.report("amara", max_age=3600) == {"score": 7}
        assert store.report("nobody") is None
