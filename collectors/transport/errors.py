"""Every way a request can fail that the layers raise themselves, and how each is told to a user.

The types live here, not in the layer that raises them, so that wording a failure (`describe_error`) needs
no layer at all, and a layer never imports another to learn its exceptions.
"""

from __future__ import annotations

import httpx


class PrivateAddressError(httpx.TransportError):
    """A request would have gone to an address inside a private network."""


class DNSError(httpx.ConnectError):
    """The host name could not be resolved."""


class OfflineMiss(httpx.TransportError):
    """--offline and the store holds no answer for this request."""


class DeadlineExceeded(httpx.TimeoutException):
    """The scan's overall deadline passed."""


class HostPaused(httpx.TransportError):
    """The network asked for a pause longer than a scan waits (Lichess: a minute after a 429; GitHub: until
    its hourly limit resets): the request is not sent before then."""

    def __init__(self, host: str, seconds: float, request: httpx.Request | None = None) -> None:
        super().__init__(f"{host} asked for a pause of {seconds:.0f} s", request=request)
        self.host = host
        self.seconds = seconds


class ResponseTooLarge(httpx.HTTPError):
    """The body was bigger than the size cap."""

    def __init__(self, message: str, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self._req = request


def exhausted(response: httpx.Response) -> bool:
    """The answer says no requests are left in this window (X-RateLimit-Remaining 0; Reddit writes 0.0)."""
    remaining = number(response.headers.get("X-RateLimit-Remaining", ""))
    return remaining is not None and remaining <= 0


def number(value: str) -> float | None:
    """A header's number, or None for anything else (NaN and infinities included)."""
    try:
        got = float(value.strip())
    except ValueError:
        return None
    return got if got == got and abs(got) != float("inf") else None


def describe_error(exc: BaseException) -> str:
    """A short reason for `unknown`, in words a user understands (any exception: gather hands back BaseException)."""
    if isinstance(exc, PrivateAddressError):
        return str(exc)
    if isinstance(exc, OfflineMiss):
        return "offline: not in the store (scan once online first)"
    if isinstance(exc, DeadlineExceeded):
        return "scan deadline reached"
    if isinstance(exc, HostPaused):
        return f"rate limited (the site asked us to wait {_duration(exc.seconds)} before asking again)"
    if isinstance(exc, ResponseTooLarge):
        return "response too large"
    if isinstance(exc, httpx.DecodingError):
        return "response could not be decoded"
    if isinstance(exc, httpx.InvalidURL):
        return "not a valid address"
    if isinstance(exc, DNSError):
        return "dns failure: " + str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ProxyError):
        return "proxy error"
    if isinstance(exc, httpx.ConnectError):
        return _connect_failure(str(exc))
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "connection reset"
    if isinstance(exc, httpx.HTTPError):
        return f"network error: {type(exc).__name__}"
    if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError)):
        return "malformed response"
    return f"error: {type(exc).__name__}"


def _duration(seconds: float) -> str:
    if seconds >= 90:
        return f"{round(seconds / 60)} minutes"
    return "a minute" if seconds >= 55 else f"{max(1, round(seconds))} seconds"


def _connect_failure(text: str) -> str:
    if "SSL" in text or "CERTIFICATE" in text.upper():
        return "tls error"
    if "Too many open files" in text:
        return "too many open files (this computer's limit, see ulimit -n)"
    return "connection failed"


def describe_status(response: httpx.Response) -> str:
    """Why an answer that came back says nothing about the account."""
    code = response.status_code
    if code in (403, 429) and exhausted(response):
        # GitHub's answer once an address has used its hour's allowance (60 without a token): a limit, not a block.
        return f"rate limited ({code}, no requests left this hour from this address)"
    if code == 429:
        after = response.headers.get("Retry-After")
        return f"rate limited (429{', retry after ' + after + 's' if after else ''})"
    if code in (401, 403):
        return f"blocked or login required ({code})"
    if code == 999:
        return "blocked (999)"
    if code >= 500:
        return f"server error ({code})"
    return f"unexpected status {code}"
