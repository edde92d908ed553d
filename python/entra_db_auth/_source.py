"""A TokenSource drives one core cache (``entra_db_auth._core``, built from crates/python over
crates/core) with one credential and scope. The core decides; this file performs: it calls the
credential, keeps the current token string, sets the one timer, and hands the token out. It is the
Python twin of Node's ``js/source.cjs``.

The warm call, ``get_password()`` while a token may be handed out unasked, is the compiled base
class ``_core.Handout`` (crates/python/src/handout.rs): it compares the clock with the deadline the
core set and returns the held token without entering Python; past it, it calls ``_get_password``.

Threads and asyncio tasks share one source: the core's state is behind one lock, a refresh in flight
is one ``concurrent.futures.Future`` that threads block on and tasks await, and the timer is a daemon
``threading.Timer`` (so it never keeps the interpreter alive) that exists only while the core asks
for a wake-up, that is while the source is in use.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import os
import random
import threading
import time
import weakref
from concurrent.futures import Future
from typing import Any, NamedTuple

from . import _core
from .errors import EntraDbAuthError, check, describe, entra_error, from_core
from .hosts import PUBLIC_SCOPE, scope_for_host

__all__ = ["AccessToken", "TokenSource", "shared_token_source"]

log = logging.getLogger("entra_db_auth")

_USE, _USE_AND_REFRESH, _FETCH, _WAIT = _core.USE, _core.USE_AND_REFRESH, _core.FETCH, _core.WAIT
DEFAULT_TIMEOUT = 30.0


class Token(str):
    """The token as every call hands it out: the string itself, whose ``repr`` (a pytest frame's
    arguments, an error reporter's locals, a logged kwargs dict) is ``'[redacted]'``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'[redacted]'"


class AccessToken(NamedTuple):
    """What ``get_token`` returns, shaped like ``azure.core.credentials.AccessToken``."""

    token: str
    expires_on: int

    def __repr__(self) -> str:
        return f"AccessToken(token='[redacted]', expires_on={self.expires_on})"


def _now_ms() -> float:
    return time.time() * 1000.0


def _iso(ms: float | None) -> str | None:
    if ms is None or not math.isfinite(ms):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000.0))


class _Answer(NamedTuple):
    """What a credential's answer holds, with the token already a ``Token``: no frame that handles
    it holds the credential's own object (azure-core's AccessToken shows its token in its repr)."""

    token: Token | None
    expires_on: Any
    refresh_on: Any
    description: str


def _unpack(answer: Any) -> _Answer:
    token = getattr(answer, "token", None)
    return _Answer(
        Token(token) if isinstance(token, str) and token != "" else None,
        getattr(answer, "expires_on", None),
        getattr(answer, "refresh_on", None),
        describe(answer),
    )


def _redacted(answer: Any) -> AccessToken:
    """A credential's own answer (azure-core's AccessToken shows its token in its repr) as ours."""
    return AccessToken(Token(answer.token), answer.expires_on)


_default_credential: Any = None
_default_lock = threading.Lock()


def _get_default_credential() -> Any:
    """The process-wide DefaultAzureCredential, made on first use (importing azure.identity is slow)."""
    global _default_credential
    with _default_lock:
        if _default_credential is None:
            try:
                from azure.identity import DefaultAzureCredential
            except ImportError as error:
                raise entra_error(
                    "INVALID_ARGUMENT",
                    "no credential given, and azure-identity is not installed: "
                    "pip install 'entra-db-auth[azure]', or pass a credential",
                ) from error
            _default_credential = DefaultAzureCredential()
        return _default_credential


def _token_method(credential: Any) -> Any:
    """``get_token_info`` (azure-core >= 1.31: it carries MSAL's ``refresh_on``) or ``get_token``."""
    return getattr(credential, "get_token_info", None) or credential.get_token


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


_sources: weakref.WeakSet[TokenSource] = weakref.WeakSet()


class TokenSource(_core.Handout):
    """A refresh-ahead, single-flight cache of one credential's tokens for one scope.

    ``credential``: any azure-identity credential, sync (``azure.identity``) or async
    (``azure.identity.aio``); ``None``: the process-wide ``DefaultAzureCredential``. Sync callers use
    ``get_password()``, coroutines ``await get_password_async()``; both share the token and the one
    refresh in flight. An async credential belongs to an event loop: fetch through
    ``get_password_async()`` (a sync caller gets the held token, or waits for that loop if it runs in
    another thread).

    ``refresh_at`` (0.75 of the lifetime) ± ``jitter`` (0.01) is when a refresh starts; ``margin``
    (seconds; min(30 s, 10% of the lifetime)) how close to expiry a token is no longer handed out;
    ``timeout`` (30 s) when a credential call is abandoned.
    """

    def __init__(
        self,
        credential: Any = None,
        *,
        scope: str = PUBLIC_SCOPE,
        refresh_at: float | None = None,
        jitter: float | None = None,
        margin: float | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        check(
            credential is None or callable(getattr(credential, "get_token", None)),
            f"credential must be a TokenCredential (an object with a get_token method), got {describe(credential)}",
        )
        check(
            isinstance(scope, str) and scope.strip() != "",
            f"scope must be a non-empty string, got {describe(scope)}",
        )
        check(
            isinstance(timeout, (int, float)) and 0 < timeout < math.inf,
            f"timeout must be a positive number of seconds, got {describe(timeout)}",
        )
        for name, value in (("refresh_at", refresh_at), ("jitter", jitter), ("margin", margin)):
            check(
                value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)),
                f"{name} must be a number, got {describe(value)}",
            )
        try:
            self._core = _core.Core(refresh_at, jitter, None if margin is None else margin * 1000.0)
        except _core.CoreError as error:
            raise from_core(error) from None
        # A source for another scope would refuse (its token is for another resource): ask its own
        # credential instead.
        if isinstance(credential, TokenSource) and credential.scope != scope:
            credential = credential._credential
        self._credential = credential
        self._is_async = credential is not None and inspect.iscoroutinefunction(_token_method(credential))
        self._scope = scope
        self._timeout = float(timeout)
        self._lock = threading.RLock()
        # The held token lives in the Handout base (no attribute here shows it); its generation:
        self._generation: int | None = None
        self._in_flight: Future[str] | None = None
        self._last_error: EntraDbAuthError | None = None
        self._timer: threading.Timer | None = None
        self._timer_at: float | None = None
        # The loop an async credential runs on (the last loop that asked), for background refreshes.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stats = {"requests": 0, "failures": 0, "served_from_cache": 0, "waited": 0}
        _sources.add(self)

    @property
    def scope(self) -> str:
        """The scope tokens are requested for."""
        return self._scope

    # The token, for callers.

    # get_password() is the Handout's: the warm call there, this past its deadline.

    def _get_password(self) -> str:
        future = self._decide(_running_loop(), sync=True)
        if isinstance(future, str):
            return future
        return future.result()

    async def get_password_async(self) -> str:
        """``get_password`` for coroutines: waiting never blocks the event loop. Also usable as
        asyncpg's ``password`` (a coroutine function)."""
        token = self._take()
        if token is not None:
            return token
        loop = asyncio.get_running_loop()
        future = self._decide(loop, sync=False)
        if isinstance(future, str):
            return future
        # shield: a cancelled caller stops waiting; the refresh goes on for the others.
        return await asyncio.shield(asyncio.wrap_future(future))

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """A token for this source's scope as an ``AccessToken``, so that a source can serve as a
        credential. Only for its own scope: any other gets ``SCOPE_NOT_ALLOWED``. A ``claims``
        challenge or another ``tenant_id`` needs a token this cache does not hold: the credential
        answers it, for this scope."""
        self._check_scopes(scopes)
        if kwargs.get("claims") or kwargs.get("tenant_id"):
            check(not self._is_async, "a claims challenge on an async credential needs get_token_async")
            return _redacted(self._credential_or_default().get_token(self._scope, **kwargs))
        token = self.get_password()
        return AccessToken(token, self._expires_on())

    async def get_token_async(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """``get_token`` for coroutines."""
        self._check_scopes(scopes)
        if kwargs.get("claims") or kwargs.get("tenant_id"):
            credential = self._credential_or_default()
            if self._is_async:
                return _redacted(await credential.get_token(self._scope, **kwargs))
            return _redacted(
                await asyncio.get_running_loop().run_in_executor(
                    None, lambda: credential.get_token(self._scope, **kwargs)
                )
            )
        token = await self.get_password_async()
        return AccessToken(token, self._expires_on())

    def get_username(
        self, username: str | None = None, *, fallback_username: str | None = None, allow_app_id: bool = False
    ) -> str:
        """The PostgreSQL role name for the current token: ``username`` if given, else from the token's
        claims (a managed identity's name, upn, …), else ``fallback_username``, else PGUSER."""
        if not username:
            self.get_password()
        return self._username(username, fallback_username, allow_app_id)

    async def get_username_async(
        self, username: str | None = None, *, fallback_username: str | None = None, allow_app_id: bool = False
    ) -> str:
        """``get_username`` for coroutines."""
        if not username:
            await self.get_password_async()
        return self._username(username, fallback_username, allow_app_id)

    def claims(self) -> dict[str, object] | None:
        """The claims of the held token (no signature, nothing secret), or None."""
        with self._lock:
            return self._core.claims()

    def invalidate(self, token: str) -> bool:
        """Tell the source the server rejected ``token`` (e.g. 28P01): the next caller gets a fresh
        one. Ignored for a token that is no longer current, and at most once per 30 s."""
        check(
            isinstance(token, str), f"invalidate takes the token the server rejected, got {describe(token)}"
        )
        with self._lock:
            if self._held() != token or self._generation is None:
                return False
            now = _now_ms()
            dropped = self._core.invalidate(self._generation, now)
            if dropped:
                self._hold(None)
                log.info("token for %s invalidated after the server rejected it", self._scope)
                self._settle(now)
            return dropped

    def keep_fresh(self) -> TokenSource:
        """Refresh on schedule whether or not anyone asks (a long job); stop with ``close()``."""
        with self._lock:
            self._core.keep_fresh()
            self._wake_locked()
        return self

    def close(self) -> None:
        """Stop refreshing and forget the token. Optional: nothing here keeps the interpreter alive."""
        with self._lock:
            self._cancel_timer()
            self._core.clear()
            self._hold(None)
            self._generation = None

    def stats(self) -> dict[str, Any]:
        """Counters and the current token's times (never the token)."""
        with self._lock:
            now = _now_ms()
            return {
                **self._stats,
                # Callers the compiled warm call served never reach _decide: counted there.
                "served_from_cache": self._stats["served_from_cache"] + self._served(),
                "consecutive_failures": self._core.failures(),
                "expires_at": self._core.expires_at(),
                "refresh_at": self._core.refresh_at(),
                "retry_at": self._core.retry_at(now),
                "refreshing": self._core.attempt() is not None,
            }

    def __repr__(self) -> str:
        with self._lock:
            return (
                f"TokenSource(scope={self._scope!r}, token={'[redacted]' if self._held() is not None else None}, "
                f"expires_at={_iso(self._core.expires_at())!r}, refresh_at={_iso(self._core.refresh_at())!r}, "
                f"failures={self._core.failures()}, refreshing={self._core.attempt() is not None})"
            )

    # What the core decides, performed.

    def _decide(self, loop: asyncio.AbstractEventLoop | None, *, sync: bool) -> str | Future[str]:
        """Asks the core under the lock: the token, or the future of the refresh to wait for."""
        with self._lock:
            now = _now_ms()
            if self._is_async and loop is not None and not sync:
                self._loop = loop
            if sync and self._is_async and not self._can_wait_for_loop(loop):
                until = self._core.use_until(now)
                if until is None or until <= now:
                    raise entra_error(
                        "INVALID_ARGUMENT",
                        "this source's credential is async (azure.identity.aio) and holds no token: get it "
                        "with `await source.get_password_async()`, or give the source a sync credential",
                    )
            action = self._core.decide(now)
            if action in (_USE, _USE_AND_REFRESH):
                self._stats["served_from_cache"] += 1
                if action == _USE_AND_REFRESH:
                    self._start_refresh(background=True)
                self._settle(now)
                held = self._held()
                if held is not None:
                    return held
                # The core's cache and ours cannot disagree; if they did, fetch rather than fail.
                action = self._core.decide(now)
            if action == _FETCH:
                self._stats["waited"] += 1
                return self._start_refresh(background=False)
            if action == _WAIT and self._in_flight is not None:
                self._stats["waited"] += 1
                return self._in_flight
            raise self._failed_recently()

    def _can_wait_for_loop(self, loop: asyncio.AbstractEventLoop | None) -> bool:
        """A sync caller may wait for an async credential only on a loop running in another thread."""
        target = self._loop
        return loop is None and target is not None and target.is_running() and not target.is_closed()

    def _start_refresh(self, *, background: bool) -> Future[str]:
        """Starts the refresh the core asked for (under the lock); returns its future."""
        attempt = self._core.attempt()
        future: Future[str] = Future()
        future.set_running_or_notify_cancel()  # a waiter's cancellation never cancels the refresh
        self._in_flight = future
        self._stats["requests"] += 1
        log.debug("requesting a token for %s%s", self._scope, " in the background" if background else "")
        if attempt is None:  # cannot happen: the core asked for a refresh
            self._fail(attempt, future, entra_error("TOKEN_ACQUISITION_FAILED", "no refresh to start"))
            return future
        if self._is_async:
            loop = self._loop
            if loop is None or loop.is_closed():
                error = entra_error(
                    "TOKEN_ACQUISITION_FAILED", "the event loop of this source's async credential is closed"
                )
                self._fail(attempt, future, error)
                return future
            coroutine = self._fetch_async(attempt, future)
            if _running_loop() is loop:
                loop.create_task(coroutine)
            else:
                asyncio.run_coroutine_threadsafe(coroutine, loop)
        else:
            name = f"entra-db-auth refresh {attempt}"
            threading.Thread(target=self._fetch_sync, args=(attempt, future), name=name, daemon=True).start()
            timer = threading.Timer(self._timeout, self._time_out, (attempt, future))
            timer.daemon = True
            timer.start()
            future.add_done_callback(lambda _: timer.cancel())
        return future

    def _credential_or_default(self) -> Any:
        return self._credential if self._credential is not None else _get_default_credential()

    def _fetch_sync(self, attempt: int, future: Future[str]) -> None:
        try:
            answer = _unpack(_token_method(self._credential_or_default())(self._scope))
        except BaseException as error:
            self._fail(attempt, future, self._credential_error(error))
            return
        self._answer(attempt, future, answer)

    async def _fetch_async(self, attempt: int, future: Future[str]) -> None:
        try:
            answer = _unpack(
                await asyncio.wait_for(_token_method(self._credential)(self._scope), self._timeout)
            )
        except asyncio.TimeoutError:
            self._time_out(attempt, future)
            return
        except asyncio.CancelledError:
            error = entra_error(
                "TOKEN_ACQUISITION_FAILED", "the token request was cancelled (its event loop stopped)"
            )
            self._fail(attempt, future, error)
            raise
        except Exception as error:
            self._fail(attempt, future, self._credential_error(error))
            return
        self._answer(attempt, future, answer)

    def _answer(self, attempt: int, future: Future[str], answer: _Answer) -> None:
        """``_on_answer``, whose failure fails the refresh (its waiters get it at once, not at the
        timeout); no frame on the way holds the token but as a ``Token``."""
        try:
            self._on_answer(attempt, future, answer)
        except Exception as error:
            failure = entra_error(
                "TOKEN_ACQUISITION_FAILED",
                f"handling the credential's answer failed ({type(error).__name__})",
            )
            failure.__cause__ = error
            self._fail(attempt, future, failure)

    def _time_out(self, attempt: int, future: Future[str]) -> None:
        message = f"the credential did not return a token within {self._timeout:g} s (option `timeout`)"
        self._fail(attempt, future, entra_error("TOKEN_REQUEST_TIMEOUT", message))

    def _credential_error(self, error: BaseException) -> EntraDbAuthError:
        if isinstance(error, EntraDbAuthError):
            return error
        reason = str(error) or type(error).__name__
        failure = entra_error(
            "TOKEN_ACQUISITION_FAILED", f"the credential failed to get a token for {self._scope}: {reason}"
        )
        failure.__cause__ = error
        return failure

    def _on_answer(self, attempt: int, future: Future[str], answer: _Answer) -> None:
        """The credential answered: hand the token to the core, then to the waiters."""
        token, expires_on, refresh_on, description = answer
        if token is None:
            message = f"the credential's get_token returned {description}, not an AccessToken with a non-empty `token`"
            self._fail(attempt, future, entra_error("NO_TOKEN", message))
            return
        expires_at = expires_on * 1000.0 if isinstance(expires_on, (int, float)) else math.nan
        refresh_after = refresh_on * 1000.0 if isinstance(refresh_on, (int, float)) and refresh_on else None
        error: EntraDbAuthError | None = None
        with self._lock:
            now = _now_ms()
            try:
                generation = self._core.on_token(
                    attempt, token, now, expires_at, refresh_after, random.random()
                )
            except _core.CoreError as core_error:
                # The core has counted it as a failure.
                error = self._report(from_core(core_error))
                generation = None
            if error is None and generation is None:
                error = entra_error(
                    "TOKEN_ACQUISITION_FAILED", "the token source was closed, or the request timed out"
                )
            if error is None:
                self._hold(token)
                self._generation = generation
                self._settle(now)
                if not future.done():
                    future.set_result(token)
                log.info(
                    "token for %s obtained; expires %s, refresh from %s",
                    self._scope,
                    _iso(self._core.expires_at()),
                    _iso(self._core.refresh_at()),
                )
                return
            self._settle(now)
            if not future.done():
                future.set_exception(error)

    def _fail(self, attempt: int | None, future: Future[str], error: EntraDbAuthError) -> None:
        """Records a failed attempt; the waiters get ``error``. An attempt the core no longer waits
        for (the source was closed, or it timed out) changes nothing that callers see."""
        with self._lock:
            now = _now_ms()
            if attempt is not None and self._core.on_failure(attempt, now, random.random()):
                self._report(error)
            self._settle(now)
            if not future.done():
                future.set_exception(error)

    def _report(self, error: EntraDbAuthError) -> EntraDbAuthError:
        self._last_error = error
        self._stats["failures"] += 1
        log.warning(
            "token request for %s failed (%d in a row; %s): %s; next attempt from %s",
            self._scope,
            self._core.failures(),
            error.code,
            error,
            _iso(self._core.retry_at(_now_ms())),
        )
        return error

    def _failed_recently(self) -> EntraDbAuthError:
        last = self._last_error
        retry = _iso(self._core.retry_at(_now_ms()))
        code = last.code if last is not None else "TOKEN_ACQUISITION_FAILED"
        error = entra_error(
            code, f"{last if last is not None else 'no token'} (failed recently; next attempt from {retry})"
        )
        error.__cause__ = last
        return error

    # The one timer.

    def _settle(self, now: float) -> None:
        """After every decision, token, failure and wake-up (under the lock): the warm call holds
        until the core's use_until, and the timer is set for the core's next wake-up."""
        self._hand_out_until(self._core.use_until(now))
        at = self._core.next_wakeup(now)
        if at == self._timer_at and (at is None or self._timer is not None):
            return
        self._cancel_timer()
        if at is None:
            return
        timer = threading.Timer(max(0.0, (at - now) / 1000.0), self._wake)
        timer.daemon = True
        self._timer, self._timer_at = timer, at
        timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = None, None

    def _wake(self) -> None:
        with self._lock:
            self._timer, self._timer_at = None, None
            self._wake_locked()

    def _wake_locked(self) -> None:
        now = _now_ms()
        if self._core.wake(now, self._take_used()):
            if self._is_async and (
                self._loop is None or self._loop.is_closed() or not self._loop.is_running()
            ):
                # Nobody is on the loop to run it; the next caller fetches.
                attempt = self._core.attempt()
                if attempt is not None:
                    self._core.on_failure(attempt, now, random.random())
            else:
                self._start_refresh(background=True)
        self._settle(now)

    # Helpers.

    def _check_scopes(self, scopes: tuple[str, ...]) -> None:
        if not scopes:
            return
        check(len(scopes) == 1, f"get_token takes exactly one scope, got {len(scopes)}")
        if scopes[0] != self._scope:
            raise entra_error(
                "SCOPE_NOT_ALLOWED",
                f"this token source serves {self._scope}, and was asked for a token for {scopes[0]!r}: "
                "use a source for that scope where that resource is meant to get a token",
            )

    def _expires_on(self) -> int:
        with self._lock:
            expires = self._core.expires_at()
        return int(expires // 1000) if expires is not None else 0

    def _username(self, username: str | None, fallback: str | None, allow_app_id: bool) -> str:
        for name, value in (("username", username), ("fallback_username", fallback)):
            check(value is None or isinstance(value, str), f"{name} must be a string, got {describe(value)}")
        with self._lock:
            try:
                name, _source = self._core.username(
                    username or None, fallback or None, os.environ.get("PGUSER") or None, bool(allow_app_id)
                )
            except _core.CoreError as error:
                raise from_core(error) from None
        return name

    def _after_fork(self) -> None:
        """In a forked child: a fresh lock, no timer and no refresh in flight (their threads stayed
        in the parent); the held token stays."""
        self._lock = threading.RLock()
        self._timer, self._timer_at, self._in_flight = None, None, None
        attempt = self._core.attempt()
        if attempt is not None:
            self._core.on_failure(attempt, _now_ms(), random.random())


def _reset_after_fork() -> None:
    for source in list(_sources):
        source._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


#: Scopes kept per credential. An app asks for a handful, but a scope can come from outside, and
#: the default credential's entry lives as long as the process: past this many, the oldest source
#: leaves the registry (its users keep it; the next request for its scope makes a new one). Node's
#: MAX_SCOPES_PER_CREDENTIAL.
MAX_SCOPES_PER_CREDENTIAL = 64
#: Where a credential keeps its shared sources: on itself, so that they live exactly as long as it
#: does (Node's WeakMap). A ``weakref.WeakKeyDictionary`` cannot do this: its values (the sources)
#: hold their credential, so no entry would ever die.
_SOURCES_ATTRIBUTE = "_entra_db_auth_sources"
_registry_lock = threading.Lock()
_default_sources: dict[str, TokenSource] = {}
#: Credentials whose instances take no attribute (``__slots__`` without ``__dict__``): their sources
#: are kept here, with the credential, for the process's life; only the latest 64 such credentials.
_unattachable: dict[int, tuple[Any, dict[str, TokenSource]]] = {}


def _sources_of(credential: Any) -> dict[str, TokenSource]:
    """The shared sources of ``credential`` (None: the default credential), by scope."""
    if credential is None:
        return _default_sources
    try:
        attributes = object.__getattribute__(credential, "__dict__")
    except AttributeError:
        attributes = None
    if isinstance(attributes, dict):
        sources = attributes.get(_SOURCES_ATTRIBUTE)
        if not isinstance(sources, dict):
            sources = attributes[_SOURCES_ATTRIBUTE] = {}
        return sources
    entry = _unattachable.get(id(credential))
    if entry is None or entry[0] is not credential:
        if len(_unattachable) >= MAX_SCOPES_PER_CREDENTIAL:
            del _unattachable[next(iter(_unattachable))]
        entry = _unattachable[id(credential)] = (credential, {})
    return entry[1]


def shared_token_source(credential: Any = None, scope: str | None = None) -> TokenSource:
    """The shared TokenSource for (credential, scope); the process-wide DefaultAzureCredential when
    no credential is given. Two pools on one credential share one token. A TokenSource given as the
    credential is used as it is for its own scope (or no scope); for any other scope its token would
    go to the wrong audience, so the shared source of its own credential for that scope answers.
    The sources live as long as their credential (at most 64 scopes each)."""
    if isinstance(credential, TokenSource):
        if scope is None or scope == credential.scope:
            return credential
        check(
            isinstance(scope, str) and scope.strip() != "",
            f"scope must be a non-empty string, got {describe(scope)}",
        )
        return shared_token_source(credential._credential, scope)
    if scope is None:
        scope = PUBLIC_SCOPE
    check(
        credential is None or callable(getattr(credential, "get_token", None)),
        f"credential must be a TokenCredential (an object with a get_token method), got {describe(credential)}",
    )
    with _registry_lock:
        sources = _sources_of(credential)
        source = sources.get(scope)
        if source is None:
            # Only a credential and scope that pass TokenSource's checks get into the registry.
            source = TokenSource(credential, scope=scope)
            if len(sources) >= MAX_SCOPES_PER_CREDENTIAL:
                del sources[next(iter(sources))]
            sources[scope] = source
        return source


def source_for_host(host: str | None, credential: Any, scope: str | None) -> TokenSource:
    """The shared source an integration uses for a PostgreSQL or MySQL server: ``scope``, else the
    scope of the server's cloud."""
    return shared_token_source(credential, scope or scope_for_host(host))


def login(
    source: TokenSource,
    user: str | None,
    username: str | None,
    fallback_username: str | None,
    allow_app_id: bool,
) -> tuple[str, str | None]:
    """One connection's password, and the role name to set, Node's order: ``username`` whenever
    given; else None (the connection's own ``user`` stands); else the token's (``get_username``)."""
    password = source.get_password()
    if username:
        return password, username
    if user:
        return password, None
    return password, source.get_username(fallback_username=fallback_username, allow_app_id=allow_app_id)


async def login_async(
    source: TokenSource,
    user: str | None,
    username: str | None,
    fallback_username: str | None,
    allow_app_id: bool,
) -> tuple[str, str | None]:
    """``login`` for coroutines."""
    password = await source.get_password_async()
    if username:
        return password, username
    if user:
        return password, None
    return password, await source.get_username_async(
        fallback_username=fallback_username, allow_app_id=allow_app_id
    )
