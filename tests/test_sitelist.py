"""Site lists as WhatsMyName means them: the first answer is matched (no redirect followed), POST-only
entries load, adult sites wait for --nsfw, and the canary has the handle's own shape."""
import asyncio
import json
import re

import pytest

from collectors.http import HttpConfig
from collectors.sitelist import canary_for, read_list
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from tests.conftest import run_cli
from tests.faults import FaultServer


@pytest.fixture(scope="module")
def faults():
    server = FaultServer().start()
    yield server
    server.close()


def write_sites(tmp_path, sites):
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": sites}))
    return path


def entry(server, name, fault, **rule):
    return {"name": name, "uri_check": f"{server.base}/{fault}/{{account}}", "e_code": 200, "e_string": 'class="profile"',
            "m_code": 404, "m_string": "Not Found", **rule}


def check(tmp_path, sites, handle, **settings):
    path = write_sites(tmp_path, sites)
    scanner = Scanner(ScanSettings(sites_file=str(path), only_list=True, depth=0, allow_private=True, **settings),
                      http=HttpConfig(timeout=3, retries=0, reuse=None))
    return {a.network: a for a in asyncio.run(scanner.collect(Target(handle)))}


def test_a_site_that_redirects_a_missing_account_says_not_found(tmp_path, faults):
    sites = [entry(faults, "gonehome", "gonehome", m_code=302, m_string=""),
             entry(faults, "loginwall", "loginredirect", m_code=302, m_string="")]
    missing = check(tmp_path, sites, "nobodyhere")
    assert missing["gonehome"].status == "not_found", missing["gonehome"].reason
    # a redirect to a login page says nothing about the account, even where the rule's m_code is a 30x
    assert missing["loginwall"].status == "unknown" and missing["loginwall"].reason.startswith("login wall")
    there = check(tmp_path, sites, "realuser")
    assert there["gonehome"].status == "found"


def test_a_site_that_redirects_an_existing_account_is_found_from_the_redirect(tmp_path, faults):
    sites = [entry(faults, "athletes", "athletes", e_code=301, e_string="")]
    got = check(tmp_path, sites, "realuser")["athletes"]
    assert got.status == "found", got.reason
    assert "redirects to '/athletes/realuser'" in got.evidence and "address has 'realuser'" in got.evidence
    assert check(tmp_path, sites, "nobodyhere")["athletes"].status == "not_found"


@pytest.mark.parametrize("handle", ["jess_mcr.2011", "A1-b2", "x", "Quietfox"])
def test_the_canary_has_the_handles_shape_and_is_fresh_each_time(handle):
    draws = {canary_for(handle) for _ in range(20)}
    for canary in draws:
        assert len(canary) == len(handle) and canary.casefold() != handle.casefold()
        for a, b in zip(canary, handle):
            assert (a.isdigit(), a.isalpha(), a.isupper()) == (b.isdigit(), b.isalpha(), b.isupper())
            if not b.isalnum():
                assert a == b
    assert len(draws) > 1


@pytest.mark.parametrize("fault", ["shapecatch", "lengthcatch"])
def test_a_site_that_treats_one_shape_of_name_specially_cannot_fake_a_found(tmp_path, faults, fault):
    # these sites show a profile for every name except the ones of a fixed shape (qz + 12 hex digits) or
    # length (14): a canary of that shape would come back "not found" and vouch for every handle
    got = check(tmp_path, [entry(faults, fault, fault)], "someone_else")[fault]
    assert got.status == "unknown" and "canary" in got.reason


def test_post_only_entries_are_read_and_checked(tmp_path, faults):
    # 22 WhatsMyName entries put {account} only in post_body; the schema allows it
    site = {"name": "PostSite", "uri_check": f"{faults.base}/lookup", "post_body": '{"username": "{account}"}',
            "headers": {"Content-Type": "application/json"}, "e_code": 200, "e_string": '"taken": true',
            "m_code": 200, "m_string": '"taken": false'}
    assert read_list(write_sites(tmp_path, [site]))["sites"][0]["name"] == "PostSite"
    assert check(tmp_path, [site], "realuser")["postsite"].status == "found"
    assert check(tmp_path, [site], "nobodyhere")["postsite"].status == "not_found"


def test_adult_sites_are_left_out_unless_asked_for(tmp_path, faults):
    sites = [entry(faults, "Adult", "adult", cat="xx NSFW xx"), entry(faults, "Flagged", "adult", nsfw=True),
             entry(faults, "Plain", "real")]
    before = faults.hits.get("adult", 0)
    assert set(check(tmp_path, sites, "nobodyhere")) == {"plain"}
    assert faults.hits.get("adult", 0) == before  # not even requested
    assert set(check(tmp_path, sites, "nobodyhere", nsfw=True)) == {"adult", "flagged", "plain"}
    path = write_sites(tmp_path, sites)
    listed = run_cli("--no-color", "sites", "list", "--sites", str(path))
    assert re.search(r"^adult .*NSFW: only with --nsfw$", listed.stdout, re.M)
    assert not re.search(r"^plain .*NSFW", listed.stdout, re.M)
    asked = run_cli("scan", "nobodyhere", "--only-list", "--sites", str(path), "--site", "adult", "--allow-private")
    assert asked.returncode == 2 and "--nsfw" in asked.stderr and len(asked.stderr.strip().splitlines()) == 1
