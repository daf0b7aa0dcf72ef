"""Time on its own: the hard limit on one request (its body included) and the scan's deadline."""
import asyncio
import time

import httpx
import pytest

from collectors.transport.cap import SizeCapTransport
from collectors.transport.clock import Deadline, TimeLimitTransport
from collectors.transport.errors import DeadlineExceeded
from tests.transport_fakes import Answers, Chunks, FakeDeadline, request


def dripping(seconds, deadline=None):
    """Headers at once, then a byte every 50 ms for ever, read by the size cap under the time limit."""
    body = Chunks(1, pause=0.05)
    inner = SizeCapTransport(Answers(lambda req: httpx.Response(200, stream=body)), 10_000_000)
    layer = TimeLimitTransport(inner, seconds, deadline or FakeDeadline())
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(layer.handle_async_request(request()))
    return time.monotonic() - started, body


def test_a_body_that_drips_for_ever_is_cut_at_the_time_limit():
    elapsed, body = dripping(0.3)
    assert 0.25 < elapsed < 1.0 and body.closed


def test_the_scan_deadline_cuts_the_time_limit_short():
    elapsed, _ = dripping(10, FakeDeadline(left=0.2))
    assert elapsed < 1.0


def test_a_prompt_answer_passes_untouched():
    layer = TimeLimitTransport(Answers(httpx.Response(204)), 1.0, FakeDeadline())
    assert asyncio.run(layer.handle_async_request(request())).status_code == 204


def test_the_deadline_raises_once_passed_and_never_sleeps_beyond_it():
    assert Deadline(None).remaining() is None
    deadline = Deadline(0.2)
    deadline.check(request())  # time left: no error
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        asyncio.run(deadline.sleep(30, request()))
    assert time.monotonic() - started < 1.0
    with pytest.raises(DeadlineExceeded):
        deadline.check(request())
