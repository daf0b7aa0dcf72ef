"""How each failure is told to a user: one short reason, the same whichever layer raised it."""
import httpx
import pytest

from collectors.transport.errors import (
    DeadlineExceeded,
    DNSError,
    OfflineMiss,
    PrivateAddressError,
    ResponseTooLarge,
    describe_error,
    describe_status,
)


@pytest.mark.parametrize("exc, reason", [
    (PrivateAddressError("refused: 10.0.0.1 is a private address"), "refused: 10.0.0.1 is a private address"),
    (OfflineMiss("x"), "offline: not in the store (scan once online first)"),
    (DeadlineExceeded("x"), "scan deadline reached"),
    (ResponseTooLarge("x"), "response too large"),
    (DNSError("DNS lookup failed for a.example"), "dns failure: DNS lookup failed for a.example"),
    (httpx.ReadTimeout("x"), "timeout"),
    (httpx.TooManyRedirects("x"), "too many redirects"),
    (httpx.ProxyError("x"), "proxy error"),
    (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), "tls error"),
    (httpx.ConnectError("[Errno 24] Too many open files"), "too many open files (this computer's limit, see ulimit -n)"),
    (httpx.ConnectError("[Errno 111] Connection refused"), "connection failed"),
    (httpx.RemoteProtocolError("Server disconnected"), "connection reset"),
    (httpx.ReadError("reset"), "connection reset"),
    (httpx.DecodingError("x"), "response could not be decoded"),
    (httpx.InvalidURL("x"), "not a valid address"),
    (KeyError("login"), "malformed response"),
    (RuntimeError("x"), "error: RuntimeError"),
])
def test_each_failure_has_its_reason(exc, reason):
    assert describe_error(exc) == reason


@pytest.mark.parametrize("response, reason", [
    (httpx.Response(429, headers={"Retry-After": "60"}), "rate limited (429, retry after 60s)"),
    (httpx.Response(429), "rate limited (429)"),
    (httpx.Response(403), "blocked or login required (403)"),
    # GitHub, once an address has used its allowance: a room of 30 behind one school address gets there fast
    (httpx.Response(403, headers={"X-RateLimit-Remaining": "0"}), "rate limited (403, no requests left this hour from this address)"),
    (httpx.Response(999), "blocked (999)"),
    (httpx.Response(502), "server error (502)"),
    (httpx.Response(302), "unexpected status 302"),
])
def test_each_status_that_says_nothing_about_the_account_has_its_reason(response, reason):
    assert describe_status(response) == reason
