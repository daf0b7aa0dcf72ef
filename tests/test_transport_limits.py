"""The limits layer on its own: slots per host and overall, and the pauses networks ask for."""
import asyncio
from collections import Counter

import httpx
import pytest

from collectors.transport.errors import HostPaused
from collectors.transport.limits import LimitsTransport
from tests.transport_fakes import Answers, FakeDeadline, request


class Overlap(httpx.AsyncBaseTransport):
    """Takes a little while to answer, and counts how many requests it holds at once (per host and overall)."""

    def __init__(self) -> None:
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        for key in (host, "*"):
            self.now[key] += 1
            self.peak[key] = max(self.peak[key], self.now[key])
        await asyncio.sleep(0.01)
        for key in (host, "*"):
            self.now[key] -= 1
        return httpx.Response(200)


def run_all(layer, urls):
    async def go():
        return await asyncio.gather(*(layer.handle_async_request(request(u)) for u in urls))
    return asyncio.run(go())


def test_each_host_has_at_most_its_limit_in_flight():
    inner = Overlap()
    layer = LimitsTransport(inner, FakeDeadline(), concurrency=100, per_host=3, host_limits={"lichess.org": 1})
    urls = [f"https://{h}/u/{i}" for h in ("a.example", "lichess.org") for i in range(10)]
    assert all(r.status_code == 200 for r in run_all(layer, urls))
    assert inner.peak["a.example"] == 3 and inner.peak["lichess.org"] == 1
    assert layer.sent == 20


def test_all_hosts_together_have_at_most_the_global_limit_in_flight():
    inner = Overlap()
    layer = LimitsTransport(inner, FakeDeadline(), concurrency=4, per_host=8)
    run_all(layer, [f"https://site{i}.example/u" for i in range(12)])
    assert inner.peak["*"] == 4


def test_a_pause_asked_for_delays_that_host_only_and_a_longer_one_is_honoured_by_not_asking():
    deadline = FakeDeadline()
    layer = LimitsTransport(Answers(httpx.Response(200)), deadline, concurrency=10, per_host=2, max_wait=8.0)
    layer.cool_down("api.stackexchange.com", 5)
    run_all(layer, ["https://other.example/"])
    assert deadline.slept == []
    run_all(layer, ["https://api.stackexchange.com/2.3/users"])
    assert len(deadline.slept) == 1 and 4.5 < deadline.slept[0] <= 5
    layer.cool_down("slow.example", 3600)
    with pytest.raises(HostPaused) as paused:  # never sent early: the check is unknown, rate limited
        run_all(layer, ["https://slow.example/"])
    assert paused.value.seconds > 3500 and len(deadline.slept) == 1 and layer.sent == 2


def test_a_429_with_retry_after_pauses_the_host_for_later_requests():
    deadline = FakeDeadline()
    inner = Answers(httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200))
    layer = LimitsTransport(inner, deadline, concurrency=10, per_host=2)
    run_all(layer, ["https://busy.example/a"])
    run_all(layer, ["https://busy.example/b"])
    assert len(deadline.slept) == 1 and 1.5 < deadline.slept[0] <= 2
