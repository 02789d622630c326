"""Stable names for why a request failed, for the run report."""

from __future__ import annotations

#: Exception class names (as raised by Twisted and Scrapy) -> the reason shown in reports.
_BY_EXCEPTION = {
    "DNSLookupError": "dns",
    "CannotResolveHostError": "dns",
    "DownloadTimeoutError": "timeout",
    "DownloadConnectionRefusedError": "connection refused",
    "ResponseDataLossError": "connection lost",
    "DownloadFailedError": "connection lost",
    "DownloadCancelledError": "cancelled",
    "UnsupportedURLSchemeError": "unsupported scheme",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ConnectionRefusedError": "connection refused",
    "ConnectionLost": "connection lost",
    "ConnectionDone": "connection lost",
    "ResponseFailed": "connection lost",
    "ResponseNeverReceived": "connection lost",
    "ConnectError": "connection error",
    "SSLError": "tls",
    "IgnoreRequest": "ignored",
    "AddressRefused": "address refused",
    "RedirectLoop": "redirect loop",
    "PatternCapped": "pattern capped",
    "ChromiumMissing": "js: chromium missing",
}


def failure_reason(exception: BaseException, status: int | None = None) -> str:
    """A short reason for a failed request: ``http 404``, ``timeout``, ``dns``, ``robots``..."""
    if status is not None:
        return f"http {status}"
    name = type(exception).__name__
    message = str(exception).lower()
    if name == "IgnoreRequest" and message.startswith("robots.txt unreadable"):
        return message
    if name == "IgnoreRequest" and "robots" in message:
        return "robots"
    if name == "IgnoreRequest" and "max redirections" in message:
        return "too many redirects"
    if "maxsize" in message or "max size" in message or "larger than download max size" in message:
        return "too large"
    return _BY_EXCEPTION.get(name, name)
