"""The token source as users rely on it: one request for a crowd, instant answers while a token is
held, a refresh in the background while in use, the last good token through an outage, typed errors
with Node's codes, and no token in any repr, log or traceback. Credentials are fakes; the decisions
are the Rust core's."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
import traceback

import pytest
from conftest import FakeAsyncCredential, FakeCredential, make_jwt

from entra_db_auth import (
    ConfigurationError,
    EntraDbAuthError,
    InvalidTokenError,
    TokenAcquisitionError,
    TokenSource,
    UsernameError,
)


def crowd(n: int, call):
    """``call()`` from n threads released together; their results."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_threads_on_an_empty_cache_make_one_request():
    credential = FakeCredential(delay=0.2)
    source = TokenSource(credential)
    tokens = crowd(50, source.get_password)
    assert credential.calls == 1
    assert len(set(tokens)) == 1 and isinstance(tokens[0], str)


async def test_fifty_tasks_on_an_empty_cache_make_one_request_with_an_async_credential():
    credential = FakeAsyncCredential(delay=0.2)
    source = TokenSource(credential)
    tokens = await asyncio.gather(*(source.get_password_async() for _ in range(50)))
    assert credential.calls == 1
    assert len(set(tokens)) == 1


async def test_threads_and_tasks_share_one_request_with_a_sync_credential():
    credential = FakeCredential(delay=0.3)
    source = TokenSource(credential)
    threaded = asyncio.get_running_loop().run_in_executor(None, lambda: crowd(10, source.get_password))
    tasks = await asyncio.gather(*(source.get_password_async() for _ in range(10)))
    assert set(tasks) == set(await threaded)
    assert credential.calls == 1


async def test_a_cancelled_waiter_does_not_cancel_the_refresh_for_the_others():
    credential = FakeAsyncCredential(delay=0.2)
    source = TokenSource(credential)
    first = asyncio.ensure_future(source.get_password_async())
    second = asyncio.ensure_future(source.get_password_async())
    await asyncio.sleep(0.05)
    first.cancel()
    assert isinstance(await second, str)
    assert credential.calls == 1


def wait_for(condition, seconds: float = 15, every: float = 0.01, step=None) -> None:
    """Polls ``condition`` (calling ``step`` between polls) until it holds, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {seconds} s"
        if step is not None:
            step()
        time.sleep(every)


def test_a_held_token_is_handed_out_at_once():
    # "At once": no caller waits and no request is made (the speed itself is bench/python/bench.py
    # --warm-only's check, which a busy machine cannot fail).
    credential = FakeCredential()
    source = TokenSource(credential)
    token = source.get_password()
    assert all(source.get_password() is token for _ in range(10_000))
    stats = source.stats()
    assert (stats["waited"], stats["requests"], credential.calls) == (1, 1, 1)


def test_a_source_in_use_refreshes_in_the_background_and_callers_never_wait():
    credential = FakeCredential(lifetime=2, delay=0.05)
    source = TokenSource(credential, jitter=0)
    first = source.get_password()
    tokens = {first}
    wait_for(lambda: len(tokens) >= 2, step=lambda: tokens.add(source.get_password()))
    assert credential.calls == 2, "one refresh, before the first token's end"
    assert source.stats()["waited"] == 1, "only the first caller waited"
    source.close()


async def test_an_async_credential_refreshes_on_its_loop_while_tasks_use_the_source():
    credential = FakeAsyncCredential(lifetime=2, delay=0.05)
    source = TokenSource(credential, jitter=0)
    tokens = {await source.get_password_async()}
    deadline = time.monotonic() + 15
    while len(tokens) < 2:
        assert time.monotonic() < deadline, "no refresh within 15 s"
        tokens.add(await source.get_password_async())
        await asyncio.sleep(0.01)
    assert credential.calls == 2
    assert source.stats()["waited"] == 1, "only the first task waited"
    source.close()


def test_a_claims_challenge_goes_to_the_credential():
    credential = FakeCredential()
    source = TokenSource(credential)
    cached = source.get_password()
    challenged = source.get_token(source.scope, claims='{"access_token":{"nbf":{"essential":true}}}')
    assert challenged.token != cached and credential.calls == 2
    assert challenged.token not in repr(challenged), "the credential's answer, with our repr"
    assert source.get_password() == cached


def test_an_idle_source_stops_refreshing_and_leaves_no_timer():
    credential = FakeCredential(lifetime=1.5)
    source = TokenSource(credential)
    source.get_password()
    # The timer is what refreshes: once it is gone, nothing is requested until a caller comes. Both
    # are read under the source's lock: read apart, a wake-up could fall between them.

    def idle() -> bool:
        with source._lock:
            return source._timer is None and not source.stats()["refreshing"]

    wait_for(idle)
    # The first token and the refresh while the caller's lifetime lasts; on a busy machine a late
    # timer may add one more before the source sees itself idle (3 calls were seen under load).
    assert credential.calls <= 3, "at most the refreshes for the one caller's lifetime"


def test_a_source_never_keeps_the_interpreter_alive():
    program = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from conftest import FakeCredential\n"
        "from entra_db_auth import TokenSource\n"
        "s = TokenSource(FakeCredential(lifetime=3600)); s.get_password(); s.keep_fresh(); print('done')\n"
    )
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", program, str(__import__("pathlib").Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    assert time.monotonic() - started < 10


def test_the_last_good_token_is_handed_out_through_an_outage():
    # 8 s tokens (8-9 s: expires_on is whole seconds), refreshes from 20%: an outage of 3 s starts
    # at the first refresh and ends well before the token's last moment (90% of its lifetime).
    credential = FakeCredential(lifetime=8)
    source = TokenSource(credential, refresh_at=0.2, jitter=0)
    good = source.get_password()
    credential.failing = True

    def still_good() -> None:
        assert source.get_password() == good

    wait_for(lambda: source.stats()["failures"] >= 1, step=still_good)  # refreshes tried and failed
    still_good()
    credential.failing = False
    deadline = time.time() + 10
    fresh = good
    while fresh == good and time.time() < deadline:
        # Between the old token's end and the next attempt (at most 1 s later), callers fail fast.
        with contextlib.suppress(TokenAcquisitionError):
            fresh = source.get_password()
        time.sleep(0.05)
    assert fresh != good, "a fresh token once the credential answers again"


def test_no_caller_gets_the_token_past_its_last_moment():
    # The warm call compares the clock with the core's deadline on every call: with refreshes
    # failing, the last good token is handed out until expiry - margin, and never after.
    credential = FakeCredential(lifetime=4)
    source = TokenSource(credential, refresh_at=0.2, jitter=0, margin=1)
    good = source.get_password()
    credential.failing = True
    last_moment = source.stats()["expires_at"] / 1000 - 1
    late: list[float] = []
    while time.time() < last_moment + 0.5:
        asked = time.time()
        with contextlib.suppress(TokenAcquisitionError):
            if source.get_password() == good and asked >= last_moment:
                late.append(asked - last_moment)
    assert late == [], f"handed out {len(late)} times past its last moment (up to {max(late) * 1000:.1f} ms)"


def test_a_failing_credential_raises_a_typed_error_and_callers_do_not_pile_up():
    credential = FakeCredential()
    credential.failing = True
    source = TokenSource(credential)
    with pytest.raises(TokenAcquisitionError) as first:
        source.get_password()
    assert first.value.code == "TOKEN_ACQUISITION_FAILED"
    assert "HTTP 503" in str(first.value)
    with pytest.raises(TokenAcquisitionError, match="failed recently"):
        source.get_password()
    assert credential.calls == 1


def test_a_hung_credential_times_out_with_token_request_timeout():
    credential = FakeCredential()
    credential.hanging = True
    source = TokenSource(credential, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(TokenAcquisitionError) as error:
        source.get_password()
    assert error.value.code == "TOKEN_REQUEST_TIMEOUT"
    assert time.monotonic() - started < 2
    credential.hang.set()


def test_an_answer_without_a_token_is_no_token():
    class Empty:
        def get_token(self, *scopes, **kwargs):
            return object()

    with pytest.raises(TokenAcquisitionError) as error:
        TokenSource(Empty()).get_password()
    assert error.value.code == "NO_TOKEN"


def test_an_expired_token_is_refused():
    credential = FakeCredential(lifetime=-60)
    with pytest.raises(InvalidTokenError) as error:
        TokenSource(credential).get_password()
    assert error.value.code in {"TOKEN_EXPIRED", "INVALID_TOKEN"}


def test_invalid_options_are_configuration_errors():
    with pytest.raises(ConfigurationError) as error:
        TokenSource(FakeCredential(), refresh_at=2)
    assert error.value.code == "INVALID_ARGUMENT"
    with pytest.raises(ConfigurationError):
        TokenSource(object())
    with pytest.raises(ConfigurationError):
        TokenSource(FakeCredential(), scope="")


def test_a_source_serves_its_own_scope_only():
    source = TokenSource(FakeCredential())
    assert source.get_token(source.scope).token == source.get_password()
    with pytest.raises(ConfigurationError) as error:
        source.get_token("https://storage.azure.com/.default")
    assert error.value.code == "SCOPE_NOT_ALLOWED"


def test_a_rejected_token_is_replaced_once_per_30_seconds():
    credential = FakeCredential()
    source = TokenSource(credential)
    first = source.get_password()
    assert source.invalidate(first) is True
    second = source.get_password()
    assert second != first
    assert source.invalidate(second) is False, "at most once per 30 s"
    assert source.invalidate("not the current token") is False


def test_the_username_comes_from_the_token(monkeypatch):
    monkeypatch.delenv("PGUSER", raising=False)
    mirid = "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-api"
    assert TokenSource(FakeCredential(claims={"xms_mirid": mirid})).get_username() == "orders-api"
    assert TokenSource(FakeCredential()).get_username() == "alice@contoso.example"
    assert TokenSource(FakeCredential()).get_username("explicit") == "explicit"
    with pytest.raises(UsernameError) as error:
        TokenSource(FakeCredential(claims={"appid": "0000"})).get_username()
    assert error.value.code == "NO_USERNAME"


def test_an_async_credential_needs_the_async_call_to_fetch():
    source = TokenSource(FakeAsyncCredential())
    with pytest.raises(ConfigurationError, match="get_password_async"):
        source.get_password()
    token = asyncio.run(source.get_password_async())
    assert source.get_password() == token, "a held token is handed to sync callers too"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_worker_keeps_the_token_and_refreshes_on_its_own():
    # gunicorn --preload: the token was fetched before the fork; the child's lock, timer and refresh
    # state are its own.
    credential = FakeCredential(delay=0.1)
    source = TokenSource(credential)
    token = source.get_password()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            same = source.get_password() == token
            source.invalidate(token)
            fresh = source.get_password()
            code = 0 if same and fresh != token else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert source.get_password() == token, "the parent's token is untouched"


def test_a_fleet_spreads_its_first_refreshes():
    refresh_points = set()
    for _ in range(20):
        source = TokenSource(FakeCredential())
        source.get_password()
        refresh_points.add(round(source.stats()["refresh_at"] / 1000))
    assert len(refresh_points) > 10


def failure_of(source: TokenSource) -> EntraDbAuthError:
    """The error get_password raises, caught in a frame that holds no token of its own."""
    try:
        source.get_password()
    except EntraDbAuthError as error:
        return error
    raise AssertionError("get_password did not fail")


def test_no_token_in_reprs_logs_or_tracebacks(caplog):
    caplog.set_level(logging.DEBUG, logger="entra_db_auth")
    credential = FakeCredential(lifetime=3600)
    source = TokenSource(credential)
    token = source.get_password()
    answer = source.get_token()
    source.invalidate(token)
    credential.failing = True
    caught = failure_of(source)
    texts = [
        repr(source),
        str(vars(source)),
        repr({"password": token}),  # a connect() call's kwargs, as a traceback or a log shows them
        repr(answer),
        caplog.text,
        "".join(traceback.TracebackException.from_exception(caught, capture_locals=True).format()),
    ]
    for text in texts:
        assert token not in text
        assert token.split(".")[1] not in text
    assert "[redacted]" in repr(source) or "token=None" in repr(source)


def test_a_token_that_is_not_a_jwt_still_works_as_a_password():
    class Opaque(FakeCredential):
        def get_token(self, *scopes, **kwargs):
            from azure.core.credentials import AccessToken

            return AccessToken("opaque-token", int(time.time() + 3600))

    source = TokenSource(Opaque())
    assert source.get_password() == "opaque-token"
    assert source.claims() is None
    assert make_jwt({}) != "opaque-token"


@pytest.mark.parametrize(
    ("given", "username", "expected"),
    [
        ("app", "explicit", "explicit"),  # the username option whenever given (Node's order)
        (None, "explicit", "explicit"),
        ("app", None, "app"),  # else the connection's user
        (None, None, "alice@contoso.example"),  # else the token's
    ],
)
async def test_each_integration_logs_in_as_username_else_the_connections_user_else_the_tokens(
    given, username, expected, monkeypatch
):
    from entra_db_auth import aiomysql_kwargs, libpq_kwargs, libpq_kwargs_async, pymysql_kwargs

    monkeypatch.delenv("PGUSER", raising=False)
    source = TokenSource(FakeCredential())
    token = source.get_password()
    conninfo = "host=localhost" + (f" user={given}" if given else "")
    mysql = {"host": "localhost", **({"user": given} if given else {})}
    answers = [
        libpq_kwargs(conninfo, credential=source, username=username),
        await libpq_kwargs_async(conninfo, credential=source, username=username),
        pymysql_kwargs(credential=source, username=username, **mysql),
        await aiomysql_kwargs(credential=source, username=username, **mysql),
    ]
    for answer in answers:
        assert answer["password"] == token
        assert answer.get("user", given) == expected


class ScopedCredential(FakeCredential):
    """A credential whose tokens name the resource they are for (``aud``), as Entra ID's do."""

    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken

        with self.lock:
            self.calls += 1
        return AccessToken(
            make_jwt({"aud": scopes[0], "upn": "alice@contoso.example"}), int(time.time() + 3600)
        )


def audience(token: str) -> str:
    import base64
    import json

    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["aud"]


async def test_a_source_given_for_another_resource_never_hands_it_its_token():
    from entra_db_auth import PUBLIC_SCOPE, SQL_PUBLIC_SCOPE, libpq_kwargs, odbc_attrs, shared_token_source
    from entra_db_auth._sqlserver import SQL_COPT_SS_ACCESS_TOKEN

    credential = ScopedCredential()
    pg = TokenSource(credential)
    sql = TokenSource(credential, scope=SQL_PUBLIC_SCOPE)
    china = "https://ossrdbms-aad.database.chinacloudapi.cn/.default"
    assert shared_token_source(pg) is pg and shared_token_source(pg, PUBLIC_SCOPE) is pg
    assert shared_token_source(pg, SQL_PUBLIC_SCOPE).scope == SQL_PUBLIC_SCOPE
    assert shared_token_source(pg, SQL_PUBLIC_SCOPE) is shared_token_source(credential, SQL_PUBLIC_SCOPE)
    # Azure SQL gets Azure SQL's token from a PostgreSQL source's credential, and the reverse.
    attrs = odbc_attrs("Server=tcp:orders.database.windows.net,1433;Encrypt=strict", credential=pg)
    raw = bytes(attrs[SQL_COPT_SS_ACCESS_TOKEN])[4:].decode("utf-16-le")
    assert audience(raw) == SQL_PUBLIC_SCOPE
    assert audience(libpq_kwargs("host=localhost", credential=sql)["password"]) == PUBLIC_SCOPE
    assert audience(libpq_kwargs("host=localhost", credential=pg, scope=china)["password"]) == china
    # A source built over a source for another scope asks that source's credential.
    assert audience(TokenSource(pg, scope=china).get_password()) == china
    # Used as a credential itself, a source answers only for its own scope.
    with pytest.raises(ConfigurationError) as error:
        pg.get_token(SQL_PUBLIC_SCOPE)
    assert error.value.code == "SCOPE_NOT_ALLOWED"
    with pytest.raises(ConfigurationError):
        await pg.get_token_async(SQL_PUBLIC_SCOPE)


class _CoreThatFailsOnTokens:
    """The source's core, except that taking a token raises something unexpected."""

    def __init__(self, core):
        self._inner = core

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def on_token(self, *args):
        raise RuntimeError("unexpected")


def test_no_token_in_the_traceback_of_a_refresh_that_fails_after_the_credential_answered(monkeypatch):
    credential = FakeCredential()
    source = TokenSource(credential, timeout=2)
    source._core = _CoreThatFailsOnTokens(source._core)
    escaped: list[BaseException] = []  # what a refresh thread would print as it died
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))
    caught = failure_of(source)
    header = credential.token().token.split(".")[0]  # every token of this credential starts so
    texts = [
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
        for error in [caught, *escaped]
    ]
    for text in texts:
        assert header not in text, "a frame's locals show the credential's answer"
    # The waiters hear of it at once (not at the timeout), with the cause.
    assert caught.code == "TOKEN_ACQUISITION_FAILED" and "RuntimeError" in texts[0]


def test_a_credential_per_call_leaves_no_source_behind():
    import gc
    import weakref

    from entra_db_auth import shared_token_source

    gone = []
    for _ in range(200):
        credential = FakeCredential()
        source = shared_token_source(credential)
        assert shared_token_source(credential) is source, "shared while the credential lives"
        gone.append(weakref.ref(source))
    del credential, source
    gc.collect()
    assert sum(ref() is not None for ref in gone) == 0


def test_a_credential_keeps_its_latest_64_scopes():
    from entra_db_auth import shared_token_source

    credential = FakeCredential()
    first = shared_token_source(credential, "https://r0.example/.default")
    latest = [shared_token_source(credential, f"https://r{i}.example/.default") for i in range(1, 65)]
    assert shared_token_source(credential, "https://r0.example/.default") is not first, "the oldest left"
    assert shared_token_source(credential, "https://r64.example/.default") is latest[-1]


def test_a_credential_that_takes_no_attributes_still_shares_its_sources():
    from entra_db_auth import shared_token_source

    class Slotted:
        __slots__ = ("inner",)

        def __init__(self):
            self.inner = FakeCredential()

        def get_token(self, *scopes, **kwargs):
            return self.inner.get_token(*scopes, **kwargs)

    credential = Slotted()
    assert shared_token_source(credential) is shared_token_source(credential)
    assert shared_token_source(credential).get_password()


async def test_stats_count_every_caller_served_from_cache():
    credential = FakeCredential()
    source = TokenSource(credential)
    source.get_password()  # a fetch: this caller waited
    for _ in range(100):
        source.get_password()  # the compiled warm call
    for _ in range(10):
        await source.get_password_async()
    stats = source.stats()
    assert stats["waited"] == 1 and stats["requests"] == 1
    assert stats["served_from_cache"] == 110
