"""The retry layer on its own: what it asks again, how long it waits, and when it gives up."""
import asyncio
import email.utils
import time

import httpx
import pytest

from collectors.transport.clock import retry_after
from collectors.transport.errors import DeadlineExceeded
from collectors.transport.retry import RetryTransport
from tests.transport_fakes import Answers, FakeDeadline, request


def send(inner, deadline=None, **options):
    layer = RetryTransport(inner, deadline or FakeDeadline(), **options)
    return asyncio.run(layer.handle_async_request(request())), layer


def test_an_answer_that_is_not_not_now_goes_up_at_once():
    for code in (200, 404, 403, 500):
        inner = Answers(httpx.Response(code))
        response, layer = send(inner)
        assert response.status_code == code and len(inner.seen) == 1 and layer.retried == 0


@pytest.mark.parametrize("code", [429, 502, 503, 504])
def test_not_now_is_asked_again_until_it_is_answered(code):
    inner = Answers(httpx.Response(code), httpx.Response(200, text="at last"))
    deadline = FakeDeadline()
    response, layer = send(inner, deadline, retries=2)
    assert response.text == "at last" and len(inner.seen) == 2 and layer.retried == 1


def test_retry_after_in_seconds_is_waited_for_exactly():
    deadline = FakeDeadline()
    response, _ = send(Answers(httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200)), deadline)
    assert response.status_code == 200 and deadline.slept == [3.0]


def test_retry_after_as_an_http_date_is_waited_for_until_then():
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    deadline = FakeDeadline()
    send(Answers(httpx.Response(503, headers={"Retry-After": when}), httpx.Response(200)), deadline)
    assert len(deadline.slept) == 1 and 3.5 < deadline.slept[0] <= 5.0


def test_it_gives_up_after_n_retries_and_hands_up_the_last_answer():
    inner = Answers(httpx.Response(503, text="down"))
    deadline = FakeDeadline()
    response, layer = send(inner, deadline, retries=2, backoff=0.5)
    assert response.status_code == 503 and response.text == "down"
    assert len(inner.seen) == 3 and layer.retried == 2
    # exponential backoff with jitter: about 0.5 s, then about 1 s
    assert 0.25 <= deadline.slept[0] <= 0.75 and 0.5 <= deadline.slept[1] <= 1.5


def test_a_wait_longer_than_max_wait_is_reported_not_waited_for():
    inner = Answers(httpx.Response(429, headers={"Retry-After": "3600"}))
    deadline = FakeDeadline()
    response, _ = send(inner, deadline, max_wait=8.0)
    assert response.status_code == 429 and len(inner.seen) == 1 and deadline.slept == []


def test_a_wait_the_scan_has_no_time_left_for_is_not_waited_for():
    inner = Answers(httpx.Response(429, headers={"Retry-After": "5"}))
    deadline = FakeDeadline(left=4.0)
    response, _ = send(inner, deadline)
    assert response.status_code == 429 and len(inner.seen) == 1 and deadline.slept == []


def test_once_the_scan_deadline_has_passed_nothing_is_sent():
    inner = Answers(httpx.Response(200))
    with pytest.raises(DeadlineExceeded):
        send(inner, FakeDeadline(left=0.0))
    assert inner.seen == []


def test_a_connection_reset_is_tried_again_then_raised():
    reset = httpx.RemoteProtocolError("Server disconnected without sending a response.")
    inner = Answers(reset, httpx.Response(200))
    response, _ = send(inner)
    assert response.status_code == 200 and len(inner.seen) == 2

    inner = Answers(httpx.ReadError("Connection reset by peer"))
    with pytest.raises(httpx.ReadError):
        send(inner, retries=2)
    assert len(inner.seen) == 3


def test_a_refused_connection_is_not_tried_again():
    inner = Answers(httpx.ConnectError("Connection refused"))
    with pytest.raises(httpx.ConnectError):
        send(inner, retries=2)
    assert len(inner.seen) == 1


def test_retry_after_reads_rate_limit_headers_too():
    now = time.time()
    assert retry_after(httpx.Response(429, headers={"Retry-After": " 7 "})) == 7.0
    assert retry_after(httpx.Response(429, headers={"Retry-After": "soon"})) is None
    assert retry_after(httpx.Response(200, headers={"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "9"})) is None
    # GitHub: the Unix time the window resets; others: seconds from now
    github = retry_after(httpx.Response(403, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(now + 30))}))
    assert github is not None and 28 <= github <= 30
    assert retry_after(httpx.Response(429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "12"})) == 12.0
    # Mastodon: an ISO 8601 time
    iso = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now + 60))
    mastodon = retry_after(httpx.Response(429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso}))
    assert mastodon is not None and 58 <= mastodon <= 60
