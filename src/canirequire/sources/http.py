"""A polite HTTP client for live sources: identifies itself, spaces requests,
retries transient failures, caches raw responses on disk, and works offline.

Repology allows at most one request per second and blocks clients that do
not identify themselves; the limiter here enforces the spacing for every
attempt (retries included), so politeness never depends on luck.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from typing import Callable, Protocol

from .. import __version__

HOMEPAGE = "https://github.com/canirequire/canirequire"
USER_AGENT = f"canirequire/{__version__} (+{HOMEPAGE})"
ENV_OFFLINE = "CANIREQUIRE_OFFLINE"


class FetchError(RuntimeError):
    """A source could not be fetched and no cached copy exists."""


class Blocked(FetchError):
    """The server refused us (403) or asked us to slow down (429): stop the run."""


class BudgetExhausted(FetchError):
    """A host's published request budget (GitHub: 60 an hour without a token) is used up for this run."""


class OfflineError(FetchError):
    """Network access is forbidden (--offline or CANIREQUIRE_OFFLINE) and nothing is cached."""


def base_urls(defaults: dict[str, str], env_names: dict[str, str]) -> dict[str, str]:
    """Each service's base URL: the default, unless its environment variable names another (a mirror,
    or a test server); never with a trailing slash."""
    return {key: os.environ.get(env_names[key], url).rstrip("/") for key, url in defaults.items()}


def offline_forced() -> bool:
    """Whether CANIREQUIRE_OFFLINE forbids all network access."""
    return os.environ.get(ENV_OFFLINE, "").strip().lower() not in ("", "0", "false", "no")


@dataclass(frozen=True)
class Response:
    """A response body, when it was fetched, and whether it came from the cache (and why)."""

    url: str
    body: bytes
    fetched_at: dt.datetime
    from_cache: bool
    stale: bool = False  # served from cache because the network failed or was forbidden
    note: str = ""


class Cache(Protocol):
    """Where raw responses are kept (store/cache.py on disk; a dict in tests)."""

    def get(self, url: str): ...

    def put(self, url: str, body: bytes, fetched: dt.datetime) -> None: ...


class RateLimiter:
    """At most one request per ``min_interval`` seconds, measured start to start."""

    def __init__(self, min_interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self, on_wait: Callable[[float], None] | None = None) -> float:
        """Sleep until the next request is allowed; returns how long it waited."""
        with self._lock:
            waited = 0.0
            if self._last is not None:
                remaining = self._last + self.min_interval - self.clock()
                if remaining > 0:
                    if on_wait:
                        on_wait(remaining)
                    self.sleep(remaining)
                    waited = remaining
            self._last = self.clock()
            return waited


class PoliteClient:
    """GETs that identify canirequire, keep to each host's rate, retry and fall back to the cache."""

    def __init__(
        self,
        cache: Cache,
        *,
        min_interval: float = 1.0,
        max_age: dt.timedelta = dt.timedelta(hours=24),
        retries: int = 3,
        backoff: float = 2.0,
        timeout: float = 20.0,
        offline: bool | None = None,
        user_agent: str = USER_AGENT,
        limiter: RateLimiter | None = None,
        session=None,
        on_wait: Callable[[float], None] | None = None,
        now: Callable[[], dt.datetime] | None = None,
        budgets: dict[str, tuple[int, str]] | None = None,
        auth_headers: dict[str, dict[str, str]] | None = None,
        slower: tuple[tuple[str, RateLimiter], ...] = (),
        deadline: float = 120.0,
        max_bytes: int = 64 * 1024 * 1024,
        max_retry_after: float = 120.0,
        run_deadline: float | None = None,
    ) -> None:
        self.cache = cache
        self.limiter = limiter or RateLimiter(min_interval)
        self.max_age = max_age
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.offline = offline_forced() if offline is None else offline
        self.user_agent = user_agent
        self._session = session
        self.on_wait = on_wait
        self.now = now or (lambda: dt.datetime.now(dt.timezone.utc))
        self.requests_made = 0
        self.requests_by_host: dict[str, int] = {}
        self.stale_events: list[tuple[str, str]] = []  # (url, why) served from the cache after a failed update
        self._unreachable: set[str] = set()
        # host -> (most requests this run may send, why): a published hourly limit, say
        self.budgets = dict(budgets or {})
        self._exhausted: dict[str, str] = {}
        # host -> extra headers (a token) sent to that host only; never cached, logged or shown
        self._auth = dict(auth_headers or {})
        # URL prefix -> a stricter limiter for an API with its own, lower limit (GitHub search: 10/minute)
        self.slower = tuple(slower)
        self.deadline = deadline  # seconds for a whole response, however slowly it trickles in
        self.max_bytes = max_bytes
        self.max_retry_after = max_retry_after  # a longer Retry-After stops the run instead of waiting
        self.run_deadline = run_deadline  # time.monotonic() value after which no request starts

    # -- cache -------------------------------------------------------------
    def cached(self, url: str) -> Response | None:
        hit = self.cache.get(url)
        return Response(url, hit.body, hit.fetched_at, from_cache=True) if hit else None

    # -- network -----------------------------------------------------------
    def _session_obj(self):
        if self._session is None:
            import requests

            self._session = requests.Session()
            self._session.headers["User-Agent"] = self.user_agent
            self._session.headers["Accept"] = "application/json, text/plain;q=0.9, */*;q=0.5"
        return self._session

    def get(self, url: str, *, max_age: dt.timedelta | None = None, validate: Callable[[bytes], None] | None = None
            ) -> Response:
        """Fresh cache, else network (with retries), else stale cache, else FetchError."""
        cached = self.cached(url)
        age_limit = self.max_age if max_age is None else max_age
        if cached and self.now() - cached.fetched_at <= age_limit:
            return cached
        if self.offline:
            if cached:
                return Response(url, cached.body, cached.fetched_at, True, True, "offline: using cached copy")
            raise OfflineError(f"{url}: network access is off (--offline / {ENV_OFFLINE}) and nothing is cached")
        try:
            body = self._fetch(url)
            if validate:
                validate(body)
        except Blocked:
            raise
        except FetchError as exc:
            if cached:
                # Not a success: the answer is the old copy, and the run must say so.
                self.stale_events.append((url, str(exc)))
                return Response(url, cached.body, cached.fetched_at, True, True, f"{exc}; using cached copy")
            raise
        fetched = self.now()
        self.cache.put(url, body, fetched)
        return Response(url, body, fetched, from_cache=False)

    def _fetch(self, url: str) -> bytes:
        import requests
        from urllib.parse import urlsplit

        host = urlsplit(url).netloc
        if host in self._unreachable:
            # One dead host must not cost minutes of retries per remaining source.
            raise FetchError(f"{url}: {host} could not be reached earlier in this run; not retried")
        if host in self._exhausted:
            raise BudgetExhausted(self._exhausted[host])
        session = self._session_obj()
        last_error = ""
        connection_failures = 0
        pause = 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                pause = max(pause, self.backoff * (2 ** (attempt - 1)))
                self._check_run_deadline(url, pause)
                if self.on_wait:
                    self.on_wait(pause)
                time.sleep(pause)
                pause = 0.0
            self._check_run_deadline(url)
            self._spend(host)
            for prefix, limiter in self.slower:
                if url.startswith(prefix):
                    limiter.wait(self.on_wait)
            self.limiter.wait(self.on_wait)
            self.requests_made += 1
            self.requests_by_host[host] = self.requests_by_host.get(host, 0) + 1
            try:
                resp = session.get(url, timeout=self.timeout, stream=True,
                                   headers={"User-Agent": self.user_agent, **self._auth.get(host, {})})
            except requests.Timeout as exc:
                # A server that does not answer in time will not answer the next attempt either.
                self._unreachable.add(host)
                raise FetchError(f"{url}: no answer within {self.timeout:g} s ({type(exc).__name__}); "
                                 f"{host} is not asked again in this run") from None
            except requests.ConnectionError as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                connection_failures += 1
                if "NameResolutionError" in str(exc) or "Name or service not known" in str(exc):
                    # No DNS answer: no network here; retrying only makes the user wait.
                    self._unreachable.add(host)
                    raise FetchError(f"{url}: cannot resolve {host} (no network?): use --offline "
                                     "to work from the cache") from None
                continue
            except requests.RequestException as exc:
                raise FetchError(f"{url}: {exc}") from None
            try:
                outcome = self._answer(resp, url, host)
            finally:
                resp.close()
            if isinstance(outcome, bytes):
                return outcome
            last_error, pause = outcome
        if connection_failures == self.retries + 1:
            self._unreachable.add(host)
        raise FetchError(f"{url}: failed after {self.retries + 1} attempts ({last_error})")

    def _answer(self, resp, url: str, host: str) -> bytes | tuple[str, float]:
        """The body of a good answer; for one worth retrying, (why, seconds to wait first); anything
        else raises (a refusal, a used-up budget, a 4xx)."""
        import requests

        status = resp.status_code
        remaining = resp.headers.get("X-RateLimit-Remaining", resp.headers.get("RateLimit-Remaining"))
        if remaining is not None and remaining.strip() == "0":
            self._exhausted[host] = (f"{host} says its request limit is used up (reset at "
                                     f"{_reset_time(resp.headers)}); the cache keeps what was fetched, "
                                     "so a later run resumes")
            if status in (403, 429):
                raise BudgetExhausted(f"{url}: HTTP {status}: {self._exhausted[host]}")
        retry_after = _retry_after(resp.headers.get("Retry-After"), self.now())
        if status in (429, 503) and retry_after is not None:
            if retry_after > self.max_retry_after:
                raise Blocked(f"{url}: HTTP {status}: the server asks to wait {retry_after:.0f} s "
                              f"(more than {self.max_retry_after:.0f} s); stopping this run (cached data "
                              "is kept)")
            # honoured before the next attempt, and shown while waiting
            return f"HTTP {status}, retry after {retry_after:.0f} s", retry_after
        if status in (403, 429):
            raise Blocked(
                f"{url}: HTTP {status} -- the server refused or rate-limited canirequire; "
                "stopping this run (wait before retrying; cached data is kept)"
            )
        if status >= 500:
            return f"HTTP {status}", 0.0
        if status == 404:
            raise FetchError(f"{url}: HTTP 404 (not found)")
        if status != 200:
            raise FetchError(f"{url}: HTTP {status}")
        try:
            return self._read_body(resp, url)
        except (requests.RequestException, OSError, _protocol_errors()) as exc:
            if _is_timeout(exc):
                # It answered, then stalled: asking again costs another full timeout for nothing.
                self._unreachable.add(host)
                raise FetchError(f"{url}: the answer stalled for {self.timeout:g} s after its headers; "
                                 f"{host} is not asked again in this run") from None
            return f"the connection broke while reading ({type(exc).__name__})", 0.0

    def _read_body(self, resp, url: str) -> bytes:
        """The body, within the total deadline and the size cap (a trickling or endless answer
        must not hang a refresh or fill the memory)."""
        started = time.monotonic()
        chunks, size = [], 0
        raw = resp.raw
        # read1 returns whatever one read of the socket gives (urllib3 2), so a trickle cannot
        # outlast the deadline unseen; older urllib3 falls back to small fixed reads.
        read = getattr(raw, "read1", None)
        while True:
            chunk = read(65536, decode_content=True) if read is not None else raw.read(1024, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: the response is larger than {self.max_bytes // (1024 * 1024)} MB; "
                                 "not read further")
            if time.monotonic() - started > self.deadline:
                from urllib.parse import urlsplit

                host = urlsplit(url).netloc
                self._unreachable.add(host)  # a drip would cost the same again for every source on it
                raise FetchError(f"{url}: the response took longer than {self.deadline:g} s to arrive; "
                                 f"{host} is not asked again in this run")
            chunks.append(chunk)
        expected = resp.headers.get("Content-Length")
        if expected and expected.isdigit() and int(expected) != size and not resp.headers.get("Content-Encoding"):
            raise FetchError(f"{url}: the connection broke after {size} of {expected} bytes")
        return b"".join(chunks)

    def _check_run_deadline(self, url: str, wait: float = 0.0) -> None:
        if self.run_deadline is not None and time.monotonic() + wait > self.run_deadline:
            raise FetchError(f"{url}: the run's time limit (--timeout) is reached")

    def _spend(self, host: str) -> None:
        budget = self.budgets.get(host)
        if budget is not None and self.requests_by_host.get(host, 0) >= budget[0]:
            self._exhausted[host] = (f"{host}: this run used the {budget[0]} requests {budget[1]}; "
                                     "the cache keeps what was fetched, so a later run resumes")
            raise BudgetExhausted(self._exhausted[host])


def _reset_time(headers) -> str:
    reset = headers.get("X-RateLimit-Reset") or headers.get("RateLimit-Reset")
    try:
        return dt.datetime.fromtimestamp(int(reset), dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError, OverflowError, OSError):
        return "an unknown time"


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _protocol_errors() -> type:
    """urllib3's error for a body cut short (read directly from the raw stream)."""
    from urllib3.exceptions import HTTPError

    return HTTPError


def _is_timeout(exc: BaseException) -> bool:
    """A read that timed out, however the HTTP stack wraps it (requests, urllib3, the socket)."""
    import socket

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (socket.timeout, TimeoutError)) or type(exc).__name__ in (
                "ReadTimeoutError", "ReadTimeout", "Timeout", "ConnectTimeout"):
            return True
        exc = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args and isinstance(exc.args[0], BaseException)
                                                    else None)
    return False
