"""Site-sweep benchmark: footprint vs sherlock 0.16.2 and maigret 0.6.6 on 500 emulated sites on loopback.

Each site has its own loopback address (127.0.x.y, as real sites have their own hosts) and a fixed latency
drawn from a log-normal distribution (median ~120 ms, long tail). One site in five has the account. One site
in five is redirect-style: it answers a missing account with a 302 to its home page (71 of the 716 sites of the
WhatsMyName list answer with a 30x; their rules describe the first answer, as WhatsMyName's own checker reads
it); of the rest, half say "missing" with a 404, the other half with a 200 page saying so (the classic
false-positive trap). One site in fifty is a trap: it shows a profile page for any name (the account does not
exist there).
Every tool gets the same sites in its own data format and is run as a user would run it, in its own process.

The peers are installed from PyPI into a separate venv (FOOTPRINT_BENCH_PEERS, default: the user cache dir).
footprint is measured twice: its sweep in process, and end to end as a user runs the command (process start to
the JSON written, `--fresh`, each run in an empty home of its own, with and without the redirect-style sites),
with its CPU time and peak RSS.
Run: `make bench` or `python benchmarks/bench_sweep.py [--sites 500] [--skip-peers]`.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measured import run_measured  # benchmarks/ is on the path when a benchmark runs

ROOT = Path(__file__).resolve().parent.parent
HANDLE = "benchuser"
PEERS = {"sherlock-project": "0.16.2", "maigret": "0.6.6"}
MISSING_TEXT = "Sorry, no such user"


def address(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def latency(i: int) -> float:
    rng = random.Random(i)
    return min(1.5, rng.lognormvariate(math.log(0.12), 0.5))


def has_account(i: int) -> bool:
    return i % 5 == 0


def redirects(i: int) -> bool:
    """A missing account is a 302 to the home page; half of these sites hold the account."""
    return i % 10 in (3, 5)


def is_trap(i: int) -> bool:
    """One site in fifty has changed under its site-list entry and now shows a profile page for ANY name
    (a catch-all route, as after a redesign): the classic false positive. Nobody has an account there."""
    return i % 50 == 7


class Sites:
    """An asyncio HTTP/1.1 server listening on every site's address; path /{name}.

    It runs in a process of its own (`serve`), so the tools under test never share a CPU lock with it.
    """

    def __init__(self, n: int, tls: tuple[Path, Path] | None = None) -> None:
        self.n = n
        self.by_addr = {address(i): i for i in range(n)}
        self.port = 0
        self.requests = 0
        self.tls = tls  # (certificate chain, key) files: serve HTTPS

    def serve(self, port: int, counter) -> None:
        self.counter = counter
        context = None
        if self.tls:
            import ssl

            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, self.tls))

        async def main() -> None:
            await asyncio.start_server(self._handle, host=list(self.by_addr), port=port, backlog=2048, reuse_address=True,
                                       ssl=context)
            await asyncio.Event().wait()
        asyncio.run(main())

    def start(self) -> Sites:
        import multiprocessing

        with socket.socket() as probe:  # one port for every address: port=0 would give each its own
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._count = multiprocessing.Value("i", 0)
        self.process = multiprocessing.get_context("fork").Process(target=self.serve, args=(self.port, self._count), daemon=True)
        self.process.start()
        for _ in range(100):
            try:
                socket.create_connection((address(self.n - 1), self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        site = self.by_addr.get(writer.get_extra_info("sockname")[0], 0)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                path = line.split(" ")[1] if " " in line else "/"
                length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if length:
                    await reader.readexactly(int(length.group(1)))
                with self.counter.get_lock():
                    self.counter.value += 1
                await asyncio.sleep(latency(site))
                name = path.strip("/").split("?")[0].split("/")[-1]
                location = ""
                if not name:
                    status, body = 200, "<html><body>Welcome to the home page</body></html>"
                elif (name == HANDLE and has_account(site)) or is_trap(site):
                    status, body = 200, f"<html><head><title>{name}</title></head><body><div class=profile>Profile of {name}</div></body></html>"
                elif redirects(site):
                    status, body, location = 302, "", "/"
                elif site % 2 == 0:
                    status, body = 404, "<html><body>Not Found</body></html>"
                else:
                    status, body = 200, f"<html><body>{MISSING_TEXT}</body></html>"
                data = body.encode()
                reason = {200: "OK", 302: "Found"}.get(status, "Not Found")
                where = f"Location: {location}\r\n" if location else ""
                writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html\r\n{where}"
                             f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n".encode() + data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def url(self, i: int, placeholder: str) -> str:
        return f"{'https' if self.tls else 'http'}://{address(i)}:{self.port}/{placeholder}"

    def served(self) -> int:
        return self._count.value

    def stop(self) -> None:
        self.process.terminate()


def site_name(i: int) -> str:
    return f"Site{i:03d}"


def write_lists(sites: Sites, folder: Path) -> dict[str, Path]:
    wmn, sherlock, maigret = [], {}, {}
    for i in range(sites.n):
        name = site_name(i)
        if redirects(i):
            wmn.append({"name": name, "uri_check": sites.url(i, "{account}"), "e_code": 200, "e_string": "Profile of",
                        "m_code": 302, "m_string": "", "known": [HANDLE], "cat": "misc"})
            # each peer's own kind of check for a site that redirects a missing account
            sherlock[name] = {"errorType": "response_url", "errorUrl": sites.url(i, ""), "url": sites.url(i, "{}"),
                              "urlMain": sites.url(i, ""), "username_claimed": HANDLE}
            maigret[name] = {"checkType": "response_url", "url": sites.url(i, "{username}"), "urlMain": sites.url(i, ""),
                             "usernameClaimed": HANDLE, "usernameUnclaimed": "noonewouldeverusethis7"}
        elif i % 2 == 0:
            wmn.append({"name": name, "uri_check": sites.url(i, "{account}"), "e_code": 200, "e_string": "Profile of",
                        "m_code": 404, "m_string": "Not Found", "known": [HANDLE], "cat": "misc"})
            sherlock[name] = {"errorType": "status_code", "url": sites.url(i, "{}"), "urlMain": sites.url(i, ""),
                              "username_claimed": HANDLE}
            maigret[name] = {"checkType": "status_code", "url": sites.url(i, "{username}"), "urlMain": sites.url(i, ""),
                             "usernameClaimed": HANDLE, "usernameUnclaimed": "noonewouldeverusethis7"}
        else:
            wmn.append({"name": name, "uri_check": sites.url(i, "{account}"), "e_code": 200, "e_string": "Profile of",
                        "m_code": 200, "m_string": MISSING_TEXT, "known": [HANDLE], "cat": "misc"})
            sherlock[name] = {"errorType": "message", "errorMsg": MISSING_TEXT, "url": sites.url(i, "{}"),
                              "urlMain": sites.url(i, ""), "username_claimed": HANDLE}
            maigret[name] = {"checkType": "message", "absenceStrs": [MISSING_TEXT], "presenseStrs": ["Profile of"],
                             "url": sites.url(i, "{username}"), "urlMain": sites.url(i, ""),
                             "usernameClaimed": HANDLE, "usernameUnclaimed": "noonewouldeverusethis7"}
    paths = {"footprint": folder / "wmn.json", "sherlock": folder / "sherlock.json", "maigret": folder / "maigret.json"}
    paths["footprint"].write_text(json.dumps({"license": ["bench"], "authors": ["bench"], "sites": wmn}))
    paths["sherlock"].write_text(json.dumps(sherlock))
    paths["maigret"].write_text(json.dumps({"engines": {}, "sites": maigret, "tags": []}))
    return paths


def peers_venv() -> Path:
    override = os.environ.get("FOOTPRINT_BENCH_PEERS")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("footprint", appauthor=False)) / "bench-peers"


def ensure_peers() -> Path:
    venv = peers_venv()
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"installing {', '.join(f'{k}=={v}' for k, v in PEERS.items())} into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    check = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True).stdout.lower()
    wanted = [f"{k}=={v}" for k, v in PEERS.items()]
    if not all(w in check for w in wanted):
        subprocess.run([str(py), "-m", "pip", "install", "-q", *wanted], check=True)
    return venv


def truth(n: int) -> set[str]:
    return {site_name(i) for i in range(n) if has_account(i)}


def sites_of(among: int | set[str]) -> set[str]:
    """The sites a run was given: all `among` of them (a count), or those named."""
    return {site_name(i) for i in range(among)} if isinstance(among, int) else among


def score(found: set[str], among: int | set[str]) -> dict[str, int]:
    want = {s for s in sites_of(among) if has_account(int(s[4:]))}
    return {"found": len(found), "false_pos": len(found - want), "false_neg": len(want - found)}


def clean_env(home: Path) -> dict[str, str]:
    """An empty home, as a first run on a new account has: nothing cached, nothing stored, nothing reused."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOOTPRINT_", "XDG_"))}
    return {**env, "HOME": str(home), "NO_COLOR": "1"}




def run_footprint(list_file: Path, included: set[str], work: Path, label: str) -> dict:
    """The CLI as a user runs it, from process start to the JSON written, in an empty home of its own."""
    home = Path(tempfile.mkdtemp(dir=work, prefix="home-"))
    out = home / "report.json"
    cmd = [sys.executable, "-m", "footprint", "scan", HANDLE, "--only-list", "--sites", str(list_file),
           "--allow-private", "--json", "-o", str(out), "--depth", "0", "--fresh", "--no-progress", "--timeout", "10"]
    run = run_measured(cmd, clean_env(home), ROOT)
    if run["returncode"] != 0:
        raise SystemExit(f"footprint failed: {run['stderr'].strip()}")
    report = json.loads(out.read_text())
    by_slug = {re.sub(r"[^a-z0-9]", "", k.lower()): k for k in included}
    found = {by_slug[a["network"]] for a in report["accounts"] if a["status"] == "found"}
    unknown = {by_slug[a["network"]] for a in report["accounts"] if a["status"] == "unknown"}
    return {"tool": label, "wall": run["wall"], "cpu": run["cpu"], "rss_mb": run["rss_mb"],
            "unknown": unknowns(unknown, included), **score(found, included)}


def without_redirects(list_file: Path, n: int) -> tuple[Path, set[str]]:
    """The same list without the redirect-style sites: what the sweep measured before they were added."""
    raw = json.loads(list_file.read_text())
    raw["sites"] = [s for i, s in enumerate(raw["sites"]) if not redirects(i)]
    path = list_file.with_name("wmn-no-redirects.json")
    path.write_text(json.dumps(raw))
    return path, {site_name(i) for i in range(n) if not redirects(i)}


def median_of(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["wall"])
    row = dict(ordered[len(ordered) // 2])
    if len(ordered) > 1:
        row["tool"] += f", median of {len(ordered)}"
        row["spread"] = f"{ordered[0]['wall']:.2f}-{ordered[-1]['wall']:.2f}"
    return row


def unknowns(names: set[str], among: int | set[str]) -> str:
    """How many stayed unknown, and how many of those are the traps (which find anyone: unknown is right there)."""
    traps = {s for s in sites_of(among) if is_trap(int(s[4:]))}
    return f"{len(names)} ({len(names & traps)} traps)"


@contextlib.contextmanager
def by_name(folder: Path, dns_ms: float):
    """footprint's list with every site under a host name, and a resolver that takes `dns_ms` per lookup (as an
    uncached lookup does): the real internet's DNS cost, which sites on IP addresses leave out."""
    raw = json.loads((folder / "wmn.json").read_text())
    for i, site in enumerate(raw["sites"]):
        site["uri_check"] = site["uri_check"].replace(address(i), f"site{i:03d}.bench.test")
    path = folder / "wmn-names.json"
    path.write_text(json.dumps(raw))
    real = socket.getaddrinfo

    def slow_resolver(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".bench.test"):
            time.sleep(dns_ms / 1000)  # blocks its thread, as the system resolver does
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address(int(host[4:7])), port))]
        return real(host, port, *args, **kwargs)

    socket.getaddrinfo = slow_resolver
    try:
        yield path
    finally:
        socket.getaddrinfo = real


def over_tls(n: int, folder: Path) -> tuple[Sites, Path, Path]:
    """The same sites over HTTPS, with a certificate from a CA made for the run (trustme, a test extra); footprint
    trusts it through SSL_CERT_FILE, as a user behind a TLS-inspecting network would. Returns the sites, the
    list and the CA bundle."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert(*(address(i) for i in range(n)))
    chain, key, bundle = folder / "chain.pem", folder / "key.pem", folder / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(chain))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(chain), append=True)
    cert.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(bundle))
    sites = Sites(n, tls=(chain, key)).start()
    tls_folder = folder / "tls"
    tls_folder.mkdir()
    return sites, write_lists(sites, tls_folder)["footprint"], bundle


def run_floor(sites: Sites, n: int, tls_bundle: Path | None = None) -> dict:
    """A bare asyncio client sending the 500 requests and reading the answers, nothing else (no canary, no
    checks): how fast this machine and server allow, the floor under any tool's time."""
    import ssl

    context = ssl.create_default_context(cafile=str(tls_bundle)) if tls_bundle else None

    async def one(i: int) -> None:
        reader, writer = await asyncio.open_connection(address(i), sites.port, ssl=context)
        writer.write(f"GET /{HANDLE} HTTP/1.1\r\nHost: {address(i)}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        await reader.readexactly(int(re.search(rb"Content-Length: (\d+)", head).group(1)))
        writer.close()

    async def all_of_them() -> None:
        await asyncio.gather(*(one(i) for i in range(n)))

    started = time.perf_counter()
    asyncio.run(all_of_them())
    return {"tool": f"bare asyncio client{', HTTPS' if tls_bundle else ''} (floor)", "wall": time.perf_counter() - started}


def run_footprint_sweep(paths: dict[str, Path], n: int, sites_file: Path | None = None) -> dict:
    """The sweep alone, in process: what the 1.5x-of-slowest-latency target is about."""
    sys.path.insert(0, str(ROOT))
    from collectors.http import HttpConfig
    from footprint.model import Target
    from footprint.scanner import Scanner
    from footprint.settings import ScanSettings

    settings = ScanSettings(sites_file=str(sites_file or paths["footprint"]), only_list=True, depth=0, allow_private=True)
    scanner = Scanner(settings, http=HttpConfig(reuse=None, timeout=10))
    started = time.perf_counter()
    accounts = asyncio.run(scanner.collect(Target(HANDLE)))
    wall = time.perf_counter() - started
    by_slug = {re.sub(r"[^a-z0-9]", "", site_name(i).lower()): site_name(i) for i in range(n)}
    found = {by_slug[a.network] for a in accounts if a.status == "found"}
    unknown = {by_slug[a.network] for a in accounts if a.status == "unknown"}
    return {"tool": "footprint (sweep only)", "wall": wall, "unknown": unknowns(unknown, n), **score(found, n)}


def run_sherlock(venv: Path, paths: dict[str, Path], n: int, work: Path) -> dict:
    # Sherlock checks for a new release at start-up with no switch to turn it off; a proxy on a closed
    # loopback port makes that https request fail at once (the sites are plain http, so unaffected).
    env = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_COLOR": "1"}
    env.pop("HTTP_PROXY", None)
    env.pop("http_proxy", None)
    cmd = [str(venv / "bin" / "sherlock"), HANDLE, "--json", str(paths["sherlock"]), "--ignore-exclusions",
           "--print-found", "--no-color", "--timeout", "10", "--folderoutput", str(work / "sherlock-out")]
    run = run_measured(cmd, env, work)
    found = set(re.findall(r"^\[\+\] (Site\d{3}):", run["stdout"], re.M))
    if run["returncode"] != 0 and not found:
        return {"tool": "sherlock 0.16.2", "error": (run["stderr"] or run["stdout"]).strip()[-400:]}
    return {"tool": "sherlock 0.16.2", **run, **score(found, n)}


def run_maigret(venv: Path, paths: dict[str, Path], n: int, work: Path) -> dict:
    cmd = [str(venv / "bin" / "maigret"), HANDLE, "--db", str(paths["maigret"]), "--no-autoupdate", "-a", "--no-recursion",
           "--no-extracting", "--retries", "0", "--timeout", "10", "--no-color", "--no-progressbar",
           "--folderoutput", str(work / "maigret-out")]
    run = run_measured(cmd, {**os.environ, "NO_COLOR": "1"}, work)
    found = set(re.findall(r"\[\+\] (Site\d{3}):", run["stdout"]))
    if run["returncode"] != 0 and not found:
        return {"tool": "maigret 0.6.6", "error": (run["stderr"] or run["stdout"]).strip()[-400:]}
    return {"tool": "maigret 0.6.6", **run, **score(found, n)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--skip-peers", action="store_true", help="Only measure footprint.")
    parser.add_argument("--dns-ms", type=float, default=0, help="Also sweep with the sites under host names, "
                        "each lookup taking this long (footprint only, in process).")
    parser.add_argument("--tls", action="store_true", help="Also sweep the sites over HTTPS (footprint only, in process).")
    parser.add_argument("--runs", type=int, default=3, help="Sweeps by footprint in process; the median is reported "
                        "(a shared machine is noisy).")
    args = parser.parse_args()
    n = args.sites
    lat = [latency(i) for i in range(n)]
    print(f"{n} sites on loopback; latency median {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {sorted(lat)[int(n * 0.95)] * 1000:.0f} ms, slowest {max(lat) * 1000:.0f} ms; "
          f"{len(truth(n))} sites have the account, {sum(map(redirects, range(n)))} redirect a missing account (302), "
          f"{sum(map(is_trap, range(n)))} are traps that 'find' anyone")
    sites = Sites(n).start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_lists(sites, folder)
        sweeps = sorted((run_footprint_sweep(paths, n) for _ in range(max(1, args.runs))), key=lambda r: r["wall"])
        median = sweeps[len(sweeps) // 2]
        if len(sweeps) > 1:
            median["tool"] = f"footprint (sweep only, median of {len(sweeps)})"
            print("footprint sweeps: " + ", ".join(f"{r['wall']:.2f}" for r in sweeps) + " s")
        rows.append(median)
        rows.append(run_floor(sites, n))
        runs = max(1, args.runs)
        rows.append(median_of([run_footprint(paths["footprint"], sites_of(n), folder, "footprint CLI (end to end)")
                               for _ in range(runs)]))
        plain_list, plain_sites = without_redirects(paths["footprint"], n)
        rows.append(median_of([run_footprint(plain_list, plain_sites, folder, "footprint CLI, no redirect sites")
                               for _ in range(runs)]))
        if args.dns_ms:
            with by_name(folder, args.dns_ms) as named_list:
                named = run_footprint_sweep(paths, n, named_list)
            named["tool"] = f"footprint (sweep, {args.dns_ms:g} ms DNS)"
            rows.append(named)
        if args.tls:
            secure, tls_list, bundle = over_tls(n, folder)
            # only for this sweep: the peers below must see the usual CA bundle (given this one-certificate bundle,
            # maigret ran 1.7 s instead of 11.3 s, as if it loaded the bundle for every request)
            before = os.environ.get("SSL_CERT_FILE")
            os.environ["SSL_CERT_FILE"] = str(bundle)
            try:
                rows.append({**run_footprint_sweep(paths, n, tls_list), "tool": "footprint (sweep over HTTPS)"})
                rows.append(run_floor(secure, n, bundle))
            finally:
                secure.stop()
                if before is None:
                    os.environ.pop("SSL_CERT_FILE", None)
                else:
                    os.environ["SSL_CERT_FILE"] = before
        if not args.skip_peers:
            try:
                venv = ensure_peers()
            except (subprocess.CalledProcessError, OSError) as exc:
                print(f"peers not installed ({exc}); run with network access to PyPI or use --skip-peers")
            else:
                rows.append(run_sherlock(venv, paths, n, folder))
                rows.append(run_maigret(venv, paths, n, folder))
    served = sites.served()
    sites.stop()
    floor = max(lat)
    print(f"{'tool':46} {'wall s':>7} {'x slowest':>9} {'CPU s':>6} {'RSS MB':>6} {'found':>6} {'FP':>4} {'FN':>4} "
          f"{'unknown':>15}  spread")
    for r in rows:
        if "error" in r:
            print(f"{r['tool']:46} failed: {r['error']}")
            continue
        cpu = f"{r['cpu']:6.2f}" if "cpu" in r else f"{'-':>6}"
        rss = f"{r['rss_mb']:6.0f}" if "rss_mb" in r else f"{'-':>6}"
        if "found" not in r:  # the floor: a time, no verdicts
            print(f"{r['tool']:46} {r['wall']:7.2f} {r['wall'] / floor:9.2f} {cpu} {rss}")
            continue
        print(f"{r['tool']:46} {r['wall']:7.2f} {r['wall'] / floor:9.2f} {cpu} {rss} {r['found']:6d} "
              f"{r['false_pos']:4d} {r['false_neg']:4d} {r.get('unknown', '-')!s:>15}  {r.get('spread', '')}")
    print(f"requests served: {served}")


if __name__ == "__main__":
    main()
