"""Refuse requests to anything but globally routable unicast addresses, except the hosts the user named.

Profile text is written by strangers and pivots follow links found in it, so every connection is
checked after DNS resolution, redirects included. One rule decides what is public (`is_public`), and two
places apply it:
- `GuardedTransport`, before a request goes down the stack: IP literals (in every form `inet_aton` reads,
  so `127.1` and `0x7f.1` are loopback) and local names, which need no lookup. It sits right under the
  client, which follows redirects, so every hop passes through it;
- `collectors.transport.connect.GuardedBackend`, when a connection opens: it looks the name up once,
  checks every address (with `refuse_private`, below), and connects to a checked one (so DNS rebinding
  cannot slip in between). The check before a scan that any network answers opens its connections there too.
Through a proxy (Tor) only the first applies: the proxy resolves names, and looking them up here would
leak every lookup.

`--allow-private` permits private addresses only for the hosts and ports of the URLs the user gave
(`--endpoint`, a `--sites` list): an `Allowance`. Anything else, a redirect from an allowed host included,
is checked as always.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache

import httpx

from collectors.transport.errors import PrivateAddressError

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) pairs where private addresses are permitted: what the user named, nothing else.
Allowance = frozenset[tuple[str, int]]
NOTHING: Allowance = frozenset()

# Names that always mean this computer or the network it is on (RFC 6761, RFC 8375, common resolver files).
LOCAL_NAMES = frozenset(
    {
        "localhost",
        "localhost.localdomain",
        "localhost4",
        "localhost4.localdomain4",
        "localhost6",
        "localhost6.localdomain6",
        "ip6-localhost",
        "ip6-loopback",
        "broadcasthost",
    }
)
LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".lan", ".home.arpa", ".home")

# Not routable on the internet, though this Python's `is_global` may say otherwise (its tables vary by release).
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.0/24",  # IETF protocol assignments
        "192.88.99.0/24",  # the old 6to4 relay anycast
        "64:ff9b:1::/48",  # local-use NAT64
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fec0::/10",  # the old site-local
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")  # the deprecated IPv4-compatible form ::a.b.c.d
_NUMBER = re.compile(r"(?:0[xX][0-9A-Fa-f]*|[0-9]+)")


class InvalidHost(ValueError):
    """A host that looks like an IPv4 address but is none (999.1.1.1): no collector can use it."""


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv6 one that carries it: IPv4-mapped, 6to4, NAT64 or IPv4-compatible."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(address: str | IP) -> bool:
    """Globally routable unicast, and so is any IPv4 address it carries."""
    ip = ipaddress.ip_address(address.split("%", 1)[0]) if isinstance(address, str) else address
    if not ip.is_global or ip.is_multicast or any(ip in net for net in _NOT_GLOBAL if net.version == ip.version):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        return inner is None or is_public(inner)
    return True


def ip_literal(host: str) -> IP | None:
    """The address a host names without a lookup, read as `inet_aton` and browsers read it (127.1, 0x7f.0.0.1,
    0177.1, 2130706433 and 169.254.43518 are addresses); None for a name. A host that ends in a number but
    is no IPv4 address (999.1.1.1, 1.2.3.4.5) raises InvalidHost: a resolver might read it some other way."""
    bare = host.strip("[]").split("%", 1)[0]
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError:
            raise InvalidHost(f"{host} is not an IPv6 address") from None
    parts = bare.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot: the same host, fully qualified
    if not parts or not _NUMBER.fullmatch(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise InvalidHost(f"{host} is not an IPv4 address")
    numbers = [_number(p) for p in parts]
    last_room = 256 ** (5 - len(numbers))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= last_room:
        raise InvalidHost(f"{host} is not an IPv4 address")
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part[0] == "0":
        if not all(c in "01234567" for c in part):
            raise InvalidHost(f"{part} is not an octal number")
        return int(part, 8)
    return int(part)


def is_local_name(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES) or "." not in name


def public_host(host: str) -> bool:
    """A host a pivot or a profile may send us to: a public address, or a name that is not local."""
    try:
        ip = ip_literal(host)
    except InvalidHost:
        return False
    if ip is not None:
        return is_public(ip)
    return bool(host.strip(".")) and not is_local_name(host)


def allowance(urls: Iterable[str]) -> Allowance:
    """The (host, port) of each URL: what `--allow-private` permits when the user gave these URLs."""
    out: set[tuple[str, int]] = set()
    for url in urls:
        try:
            u = httpx.URL(url.replace("{account}", "x").replace("{instance}", "x"))
        except httpx.InvalidURL:
            continue
        if u.host:
            out.add((_host_key(u.host), u.port or _default_port(u.scheme)))
    return frozenset(out)


def _host_key(host: str) -> str:
    return host.strip("[]").lower().rstrip(".")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def permitted(host: str, port: int | None, allowed: Allowance, scheme: str = "https") -> bool:
    return (_host_key(host), port or _default_port(scheme)) in allowed


class GuardedTransport(httpx.AsyncBaseTransport):
    """Refuses private literals and local names, unless the user named that host and port; answers nothing itself.

    It is the outermost layer, so a refused request costs no stored-answer lookup, no slot and no retry.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, allowed: Allowance = NOTHING) -> None:
        self._inner = inner
        self._allowed = allowed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if not permitted(url.host, url.port, self._allowed, url.scheme):
            why = refusal(url.host)
            if why:
                raise PrivateAddressError(why, request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


HINT = "--allow-private permits only the hosts of the --endpoint and --sites URLs you give"


def refuse_private(host: str, addresses: list[str]) -> None:
    """Raise if any address a name resolved to is private (all are checked: a connection may go to any)."""
    for address in addresses:
        if not is_public(address):
            raise PrivateAddressError(f"refused: {host} resolves to private address {address} ({HINT})")


@lru_cache(maxsize=4096)
def refusal(host: str) -> str:
    try:
        ip = ip_literal(host)
    except InvalidHost as exc:
        return f"refused: {exc}"
    if ip is not None:
        return "" if is_public(ip) else f"refused: {host} is a private address ({HINT})"
    if is_local_name(host):
        return f"refused: {host} is a local name ({HINT})"
    return ""
