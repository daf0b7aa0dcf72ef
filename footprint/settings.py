"""What a scan may do and how its result is shown: one typed object, declared once.

Every command that touches the network builds one of these from the same options (footprint/cli/options.py),
the library takes the same names as keyword arguments (`footprint.scan(handle, timeout=5)`), and the scanner
and the views read it. Checked where it is made, so a bad value never reaches a request.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

PROXY_SCHEMES = ("http://", "https://", "socks5://", "socks5h://")


class SettingsError(ValueError):
    """A setting the user gave cannot be used: one line that says why."""


@dataclass(frozen=True)
class ScanSettings:
    # how requests are made
    timeout: float = 10.0  # seconds for one request, connect to last byte
    deadline: float | None = 90.0  # seconds for the whole scan; checks still running then are `unknown`
    proxy: str | None = None  # socks5://127.0.0.1:9050 for Tor
    endpoints: Mapping[str, str] = field(default_factory=dict)  # network -> base URL (local test servers)
    allow_private: bool = False  # permit private addresses, only at the hosts of `endpoints` and `sites_file`
    retries: int = 2
    # what is checked
    networks: tuple[str, ...] = ()  # --site: only these (collectors or site-list entries); pivots stay within them
    sites_file: str | None = None  # a site list in the WhatsMyName format instead of the built-in ones
    only_list: bool = False  # only the site-list existence checks, as other username checkers do
    use_sites: bool = True
    nsfw: bool = False  # also the adult sites of a site list (WhatsMyName's "xx NSFW xx"): never in a classroom
    depth: int = 1  # hops of pivots to follow
    # where answers come from
    demo: bool = False  # the built-in demo network of fictional personas
    offline: bool = False  # only responses stored by an earlier scan
    fresh: bool = False  # ignore stored responses and ask every network again
    update_sites: bool = True  # fetch the community site list when it is missing or a week old (--no-update)
    # what the review compares against
    name: str | None = None  # the name the person goes by (a CV, an adviser's list)
    # how results are shown
    redact: bool = False  # mask values, for a shared screen
    color: bool = True
    progress: bool = True  # a progress bar on stderr, when it is a terminal

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise SettingsError(f"timeout must be above 0 seconds, not {self.timeout}")
        if self.deadline is not None and self.deadline <= 0:
            raise SettingsError(f"deadline must be above 0 seconds, not {self.deadline}")
        if not 0 <= self.depth <= 3:
            raise SettingsError(f"depth is 0 to 3 hops, not {self.depth}")
        if self.proxy and not self.proxy.startswith(PROXY_SCHEMES):
            raise SettingsError(f"proxy {self.proxy!r} should look like socks5://host:port or http://host:port")
        if self.offline and self.fresh:
            raise SettingsError("--offline only uses stored answers and --fresh skips them: choose one")
        for name, url in self.endpoints.items():
            if not url.startswith(("http://", "https://")):
                raise SettingsError(
                    f"endpoint {name}={url} is not a web address. Write it as NETWORK=https://host[:port]"
                )

    @classmethod
    def of(cls, **values: Any) -> ScanSettings:
        """From keyword arguments, as the library takes them; an unknown name is an error, not ignored."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise SettingsError(f"unknown setting {unknown[0]!r}; known: {', '.join(sorted(known))}")
        if "networks" in values:
            values["networks"] = tuple(values["networks"] or ())
        return cls(**values)


def parse_endpoints(values: Iterable[str], environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """`NETWORK=URL` pairs from FOOTPRINT_ENDPOINTS (comma-separated) and then the options (which win)."""
    pairs = [p for p in environ.get("FOOTPRINT_ENDPOINTS", "").split(",") if p.strip()] + list(values)
    out = {}
    for pair in pairs:
        name, sep, url = pair.strip().partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise SettingsError(f"endpoint {pair!r} should look like NETWORK=https://host[:port]")
        out[name] = url
    return out
