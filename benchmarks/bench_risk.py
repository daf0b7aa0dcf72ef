"""Risk analysis at scale: 1,000 accounts and 10,000 fragments through linking, the graph, bits of
identity, capabilities, the score and the fix plan. Target: under one second in all.
Run with `make bench` (figures only; no test depends on them). Exits 1 if the target is missed."""
from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import identity  # noqa: E402
from analysis.account_facts import account_facts  # noqa: E402
from analysis.fixplan import fix_plan  # noqa: E402
from analysis.linking import link_accounts, own_accounts, split_fragments  # noqa: E402
from analysis.risk import assess, score  # noqa: E402
from footprint.model import Account, Evidence, Fragment  # noqa: E402

ACCOUNTS, FRAGMENTS, TARGET_S = 1000, 10000, 1.0
HANDLE = "jess_mcr_2009"
NETWORKS = [f"net{i}" for i in range(40)]
KINDS = {  # kind -> a few plausible values, so fragments repeat across accounts as real ones do
    "full_name": ["Jess Hughes", "Jessica Hughes", "J Hughes"], "first_name": ["Jess"], "birthday": ["--03-14"],
    "birth_year": ["2009"], "date_of_birth": ["2009-03-14"], "location": ["Stockport", "Manchester", "London"],
    "hometown": ["Swindon"], "postcode": ["SK4", "SK4 1AB"], "address": ["1 High Street"], "school": ["Oakfield High"],
    "school_year": ["Year 11"], "email": ["jess@example.com"], "phone": ["+447700900123"], "pet_name": ["Biscuit", "Rex"],
    "family_member": ["Claire", "Kieran"], "partner_name": ["Sam"], "favourite": ["City", "pizza"],
    "routine": ["every Saturday at the park"], "travel": ["off to Spain next week"], "employer": ["Tesco"],
    "url": ["https://jess.example.net"], "pronouns": ["she/her"], "handle": [HANDLE],
}


def make_inputs(seed: int = 1):
    rng = random.Random(seed)
    accounts = []
    for i in range(ACCOUNTS):
        network = NETWORKS[i % len(NETWORKS)]
        # a third carry the target's handle; the rest are other people or the target's alt accounts
        handle = HANDLE if i < len(NETWORKS) else f"user{i}"
        links = []
        if i and rng.random() < 0.3:  # a proof or profile link to an earlier account
            j = rng.randrange(i)
            links.append(("handle", f"{NETWORKS[j % len(NETWORKS)]}:{accounts[j].handle}", "proof:x"))
        if rng.random() < 0.2:
            links.append(("url", f"https://site{rng.randrange(50)}.example", "blog"))
        accounts.append(Account(network, handle, f"https://{network}.example/{handle}", "found", links=links,
                                profile={"avatar_url": f"https://img.example/{rng.randrange(300)}.png"}))
    fragments: dict[tuple[str, str], Fragment] = {}
    kinds = sorted(KINDS)
    sightings = 0
    while len(fragments) < FRAGMENTS:  # 10,000 distinct fragments, some seen on two accounts
        kind = rng.choice(kinds)
        value = f"{rng.choice(KINDS[kind])} {rng.randrange(1000)}" if kind not in ("birthday", "pronouns") else rng.choice(KINDS[kind])
        key = (kind, value.casefold())
        for a in rng.sample(accounts, rng.choice((1, 1, 2))):
            ev = Evidence(a.id, "field:bio", value, url=a.url, rule="bench", confidence=0.9)
            fragments.setdefault(key, Fragment(kind, value, value.casefold(), [])).evidence.append(ev)
            sightings += 1
    return accounts, list(fragments.values()), sightings


def analyse(accounts, fragments):
    t = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    links = link_accounts(HANDLE, accounts, fragments)
    t["link"] = time.perf_counter() - t0
    mine = set(own_accounts(accounts, links))
    own, other = split_fragments(fragments, mine)
    own += account_facts(accounts, mine, links)
    t["graph"] = time.perf_counter() - t0 - sum(t.values())
    ident = identity.measure(own)
    t["bits"] = time.perf_counter() - t0 - sum(t.values())
    results = assess(own, ident.bits)
    s = score(results, ident.bits)
    t["assess"] = time.perf_counter() - t0 - sum(t.values())
    plan = fix_plan(own)
    t["fix_plan"] = time.perf_counter() - t0 - sum(t.values())
    t["total"] = time.perf_counter() - t0
    t["cpu"] = time.process_time() - c0
    return t, own, links, results, s, plan, ident


def main() -> None:
    accounts, fragments, sightings = make_inputs()
    analyse(accounts, fragments)  # warm the data tables (census names, GeoNames, handle model) once
    runs = [analyse(accounts, fragments) for _ in range(7)]
    t, own, links, results, s, plan, ident = runs[-1]
    med = {k: statistics.median(r[0][k] for r in runs) * 1000 for k in t}
    best = {k: min(r[0][k] for r in runs) * 1000 for k in t}
    print(f"{len(accounts)} accounts, {len(fragments)} fragments ({sightings} sightings), {len(links)} links; "
          f"{len(own)} fragments about the target")
    print(f"score {s}, {ident.bits:.1f} bits, {sum(r.satisfied for r in results)} capabilities unlocked, "
          f"fix plan of {len(plan)} steps down to {plan[-1].score_after if plan else s}")
    print("median of 7 runs (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in med.items()))
    print("best of 7 runs (ms):   " + ", ".join(f"{k} {v:.0f}" for k, v in best.items()))
    # The machine is shared, so wall time swings with other work; CPU time is what the code costs.
    ok = med["cpu"] / 1000 < TARGET_S
    print(f"{'PASS' if ok else 'FAIL'}: median CPU time {med['cpu']:.0f} ms (wall {med['total']:.0f} ms, best {best['total']:.0f} ms) "
          f"against a target of {TARGET_S * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
