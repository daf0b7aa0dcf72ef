"""How many sockets this process may hold, and how they are shared out.

One decision in one place: the concurrency limit (limits.py) and the number of hosts that keep an idle
connection (pool.py) are both a share of the open-files limit, and together they must leave room.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def open_files() -> int:
    """How many files (sockets included) this process may hold open, after asking the OS for room: macOS
    starts processes with 256, Linux with 1,024, and a sweep of hundreds of sites needs more."""
    try:
        import resource
    except ImportError:  # Windows has no such per-process limit
        return 2048
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
    if soft != resource.RLIM_INFINITY and soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return 8192 if soft == resource.RLIM_INFINITY else soft


def default_concurrency() -> int:
    """A sweep should have every site's request in flight at once: waiting for a free slot behind fast sites
    is what makes a sweep slow. A quarter of the open-files room each for requests in flight and for idle
    connections kept for reuse (see most_idle_hosts), since a batch runs a few scans at once."""
    return max(16, min(512, open_files() // 4))


def most_idle_hosts() -> int:
    """A sweep leaves an idle connection behind at every site; past this many hosts the idle ones are closed."""
    return max(16, open_files() // 4)
