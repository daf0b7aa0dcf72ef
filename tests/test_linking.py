"""Same person or namesake: accounts are joined only on evidence."""
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.handle_model import handle_bits, load
from analysis.linking import LINK_THRESHOLD, handle_confidence, link_accounts, own_accounts
from footprint.model import Account, Evidence, Fragment


def acct(network, handle, links=(), profile=None):
    return Account(network, handle, f"https://{network}.example/{handle}", "found", profile=profile or {},
                   links=list(links))


def field_fragment(kind, value, *accounts):
    return Fragment(kind, value, value.casefold(), [Evidence(a, f"field:{kind}", value) for a in accounts])


def test_handle_surprisal_comes_from_a_trained_model():
    model = load()
    assert model.table  # trained counts are shipped, not a formula
    assert handle_bits("john") < 20 < handle_bits("quietfox") < handle_bits("jess_mcr_2009")
    assert handle_bits("JessMcr2011") == handle_bits("jessmcr2011")
    assert handle_confidence("john") < 0.01 < LINK_THRESHOLD < handle_confidence("jess_mcr_2009")


def test_a_bluesky_name_on_the_default_domain_is_the_same_handle_and_a_custom_domain_is_not():
    accounts = [acct("github", "jess_mcr_2009"), acct("bluesky", "jess_mcr_2009.bsky.social"),
                acct("bluesky", "jess_mcr_2009.example.org")]
    assert set(own_accounts(accounts, link_accounts("jess_mcr_2009", accounts))) == {"github:jess_mcr_2009", "bluesky:jess_mcr_2009.bsky.social"}


def test_a_common_handle_alone_does_not_make_accounts_the_targets():
    accounts = [acct("github", "john"), acct("keybase", "john")]
    assert set(own_accounts(accounts, link_accounts("john", accounts))) == set()


def test_an_unusual_handle_links_its_accounts():
    accounts = [acct("github", "jess_mcr_2009"), acct("keybase", "jess_mcr_2009")]
    assert set(own_accounts(accounts, link_accounts("jess_mcr_2009", accounts))) == {"github:jess_mcr_2009", "keybase:jess_mcr_2009"}


def test_a_proof_from_a_linked_account_brings_in_a_common_handle_elsewhere():
    kb = acct("keybase", "dan", links=[("handle", "github:dan", "proof:github")])
    gh = acct("github", "dan")
    links = link_accounts("dan", [kb, gh])
    assert {(l.a, l.b, l.reason) for l in links} >= {("keybase:dan", "github:dan", "proof")}


def test_each_kind_of_evidence():
    a = acct("github", "aa1", links=[("url", "https://site.example.net/", "blog"), ("email", "X@example.com", "email")],
             profile={"avatar_url": "https://img.example/pic.png"})
    b = acct("mastodon", "bb2", links=[("url", "http://www.site.example.net", "fields:verified:Website")],
             profile={"avatar_sha256": "ABC"})
    c = acct("gitlab", "cc3", links=[("email", "x@example.com", "public_email")],
             profile={"avatar_url": "https://img.example/pic.png", "avatar_sha256": "abc"})
    d = acct("keybase", "dd4", links=[("url", "https://mastodon.example/bb2", "verified_accounts:mastodon")])
    reasons = {(l.a, l.b): l.reason for l in link_accounts("zz", [a, b, c, d])}
    assert reasons[("github:aa1", "mastodon:bb2")] == "shared-contact"  # the same website
    assert reasons[("github:aa1", "gitlab:cc3")] in ("shared-contact", "same-avatar")
    assert reasons[("mastodon:bb2", "gitlab:cc3")] == "same-avatar"  # the same image hash
    assert reasons[("keybase:dd4", "mastodon:bb2")] == "verified"


def test_same_name_and_place_links_more_strongly_when_rarer():
    rare = [acct("github", "p1"), acct("keybase", "p2")]
    frs = [field_fragment("full_name", "Amara Okafor", "github:p1", "keybase:p2"),
           field_fragment("location", "Bradford", "github:p1", "keybase:p2")]
    common = [acct("github", "q1"), acct("keybase", "q2")]
    frc = [field_fragment("full_name", "John Smith", "github:q1", "keybase:q2"),
           field_fragment("location", "London", "github:q1", "keybase:q2")]
    (lr,) = [l for l in link_accounts("zz", rare, frs) if l.reason == "name-and-place"]
    (lc,) = [l for l in link_accounts("zz", common, frc) if l.reason == "name-and-place"]
    assert lr.confidence > LINK_THRESHOLD > lc.confidence


def test_a_name_in_a_post_is_not_profile_evidence():
    accounts = [acct("github", "p1"), acct("keybase", "p2")]
    posts = [Fragment("full_name", "Amara Okafor", "amara okafor",
                      [Evidence("github:p1", "post:1", "Amara Okafor"), Evidence("keybase:p2", "post:2", "Amara Okafor")]),
             field_fragment("location", "Bradford", "github:p1", "keybase:p2")]
    assert not [l for l in link_accounts("zz", accounts, posts) if l.reason == "name-and-place"]


NETWORKS = ["github", "keybase", "mastodon", "gitlab", "reddit"]
POOL = ["https://a.example", "https://b.example", "mail@example.com", "https://img.example/1.png"]


@st.composite
def account_sets(draw):
    accounts = []
    for i, network in enumerate(draw(st.lists(st.sampled_from(NETWORKS), unique=True, min_size=1))):
        handle = draw(st.sampled_from(["u1", "john", f"rare_{i}_zq9x"]))
        links = [("email" if "@" in v else "url", v, "field:x") for v in draw(st.lists(st.sampled_from(POOL), max_size=2))]
        accounts.append(acct(network, handle, links))
    return accounts


@settings(max_examples=150, deadline=None)
@given(account_sets())
def test_every_link_rests_on_evidence_both_accounts_show(accounts):
    by_id = {a.id: a for a in accounts}
    for link in link_accounts("john", accounts):
        if link.reason == "same-handle":
            assert link.a == "target" and by_id[link.b].handle == "john"
            continue
        a, b = by_id[link.a], by_id[link.b]
        shared = {v.casefold().rstrip("/") for _, v, _ in a.links} & {v.casefold().rstrip("/") for _, v, _ in b.links}
        points = any(v.rstrip("/").endswith(f"{b.network}.example/{b.handle}") for _, v, _ in a.links)
        assert shared or points, link


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NETWORKS), unique=True, min_size=2), st.text("abcdefghij", min_size=1, max_size=4))
def test_accounts_with_nothing_in_common_are_never_merged(networks, target):
    accounts = [acct(n, f"{n}_{i}_person", [("url", f"https://{n}-{i}.example", "blog")],
                     {"avatar_url": f"https://img.example/{n}.png"}) for i, n in enumerate(networks)]
    frs = [field_fragment("full_name", f"Person {n}", f"{n}:{n}_{i}_person") for i, n in enumerate(networks)]
    links = link_accounts(target, accounts, frs)
    assert links == []
    assert set(own_accounts(accounts, links)) == set()


def test_an_unverified_field_named_verified_is_only_a_profile_link():
    a = acct("mastodon", "aa1", links=[("url", "https://github.example/bb2", "fields:field:verified")])
    b = acct("github", "bb2")
    (link,) = link_accounts("zz", [a, b])
    assert link.reason == "profile-link"


def test_training_learns_the_corpus_it_is_given():
    from analysis.handle_model import CharModel, train

    model = CharModel(train([("biscuit", 5), ("bisque", 2), ("cuttle", 1)]))
    assert model.run_bits("biscuit") < model.run_bits("tiucsib")  # seen order beats the same letters reversed
    assert model.run_bits("biscuitbisque") < model.bits("biscuitbisque")  # glued words split
