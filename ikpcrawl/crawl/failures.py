"""Why a request failed, as a short stats-friendly reason (``timeout``, ``dns``, ``http_503``, ...)."""

from __future__ import annotations

from twisted.python.failure import Failure

from ikpcrawl.crawl.middlewares import UnsafeTarget


def failed_url(failure: Failure) -> str:
    """The URL that was linked: for a redirected request, the first of its chain."""
    request = getattr(failure, "request", None)
    if request is None:
        return "?"
    chain = request.meta.get("redirect_urls") or []
    return str(chain[0] if chain else request.url)


def _exception_types(*names: str) -> tuple[type[BaseException], ...]:
    """Scrapy's own download exceptions by name (newer Scrapy versions have more of them)."""
    import scrapy.exceptions as scrapy_exceptions

    found = (getattr(scrapy_exceptions, name, None) for name in names)
    return tuple(t for t in found if isinstance(t, type))


def failure_reason(failure: Failure) -> str:
    """A short stats-friendly reason: ``http_500``, ``timeout``, ``dns``, ``refused``, ``connection``,
    ``data_loss``, ``too_large``, ``robots``, and the refusals of ikpcrawl.crawl.middlewares
    (``ip_literal``, ``private_address``, ``ip_redirect``, ``offsite_redirect``,
    ``redirect_loop``, ...) and ``host_gave_up`` (ikpcrawl.crawl.hosts)."""
    return exception_reason(failure.value) if failure.value is not None else "unknown"


def exception_reason(error: BaseException) -> str:
    """:func:`failure_reason` for an exception."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as tx

    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, UnsafeTarget):
        return error.reason  # ip_literal, private_address, ip_redirect, redirect_loop, ...
    if isinstance(
        error, (tx.TimeoutError, tx.TCPTimedOutError, *_exception_types("DownloadTimeoutError"))
    ):
        return "timeout"
    if isinstance(error, (tx.DNSLookupError, *_exception_types("CannotResolveHostError"))):
        return "dns"
    if isinstance(
        error, (tx.ConnectionRefusedError, *_exception_types("DownloadConnectionRefusedError"))
    ):
        return "refused"
    if isinstance(
        error,
        (
            tx.ConnectionLost,
            tx.ConnectionDone,
            *_exception_types("DownloadFailedError"),
        ),
    ):
        return "connection"
    if isinstance(error, _exception_types("ResponseDataLossError")):
        return "data_loss"
    if isinstance(error, _exception_types("DownloadCancelledError")):
        return "too_large"  # cancelled at DOWNLOAD_MAXSIZE
    if isinstance(error, IgnoreRequest):
        message = str(error).lower()
        if message.startswith("host_gave_up"):
            return "host_gave_up"
        if "robots.txt" in message:
            return "robots"
        if "maxsize" in message or "size" in message or "decompress" in message:
            return "too_large"
        return "ignored"
    return type(error).__name__.lower()
