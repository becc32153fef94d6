"""`chungtay run` as a real process against the fake Bot API: SIGTERM and SIGINT stop it gracefully, a reply
committed but not yet sent at the stop is sent once after the restart, and SQLite is closed cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.config import Settings
from bot.db.models import OutboxMessage
from bot.demo import seed_demo
from tests.support.clocks import NOW
from tests.support.fake_telegram import FakeTelegram
from tests.support.launcher import PIPE, Child, Processes


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


def bot_env(tg: FakeTelegram, db_path: Path, tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "WEB_"))}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        TELEGRAM_BOT_TOKEN=tg.token,
        TELEGRAM_API_BASE=tg.base_url,
        MEDIA_DIR=str(tmp_path / "media"),
        WEB_PORT=str(port),
        LOG_LEVEL="INFO",
    )
    return env


async def start_bot(processes: Processes, env: dict[str, str], cwd: Path, *args: str) -> Child:
    return await processes.start("run", *args, cwd=cwd, env=env, stderr=PIPE)


async def stop_bot(process: Child, signum: int) -> tuple[int, str]:
    process.send_signal(signum)
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode or 0, err.decode()


async def outbox(db_path: Path) -> list[OutboxMessage]:
    """The replies in the outbox (the scheduler, running on the wall clock, may add digests of its own)."""
    app = build_app(Settings(database_url=f"sqlite+aiosqlite:///{db_path}", _env_file=None))  # type: ignore[call-arg]
    try:
        async with app.sessionmaker() as session:
            replies = select(OutboxMessage).where(OutboxMessage.key.like("reply:%"))
            return list(await session.scalars(replies.order_by(OutboxMessage.id)))
    finally:
        await app.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_reply_pending_at_the_stop_is_sent_once_after_the_restart(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int, signum: int
) -> None:
    app = build_app(Settings(database_url=f"sqlite+aiosqlite:///{db_path}", _env_file=None))  # type: ignore[call-arg]
    await seed_demo(app.sessionmaker, now=NOW)
    await app.close()
    env = bot_env(tg, db_path, tmp_path, unused_tcp_port)
    tg.fail_next("sendMessage", 500, count=1000)  # the reply is committed, but Telegram fails to take it
    user = tg.user(700, "Minh")

    process = await start_bot(processes, env, tmp_path)
    try:
        update = await user.send("xin chào")
        await tg.wait_until(
            lambda: (
                all(u["update_id"] != update for u in tg.pending_updates())
                and any(call.status == 500 for call in tg.calls_to("sendMessage"))
            ),
            timeout=30,
            what="the update stored and its reply refused once",
        )
        code, log = await stop_bot(process, signum)
    finally:
        if process.returncode is None:
            process.kill()
    assert code == 0, log
    assert "stopped sending; leases released" in log and "stopped" in log
    assert not Path(f"{db_path}-wal").exists()  # the database was closed cleanly
    (row,) = await outbox(db_path)
    assert row.status == "pending" and row.lease_until is None
    assert tg.delivered(700) == []

    tg.clear_failures()
    process = await start_bot(processes, env, tmp_path)
    try:
        await tg.wait_until(lambda: bool(tg.delivered(700)), timeout=30, what="the reply sent")
        code, log = await stop_bot(process, signum)
    finally:
        if process.returncode is None:
            process.kill()
    assert code == 0, log
    assert len(tg.delivered(700)) == 1 and "nhập mã mời" in tg.delivered(700)[0]
    assert [row.status for row in await outbox(db_path)] == ["sent"]
    assert not Path(f"{db_path}-wal").exists()


async def test_only_is_refused_on_sqlite_in_one_line(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    env = bot_env(tg, db_path, tmp_path, unused_tcp_port)
    process = await start_bot(processes, env, tmp_path, "--only", "sender")
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert err.decode().strip() == (
        "chungtay: --only chỉ dùng với PostgreSQL: trên SQLite, một tiến trình chạy mọi phần (`chungtay run`)"
    )


async def test_on_postgresql_inbound_and_sender_run_in_processes_of_their_own(
    tg: FakeTelegram,
    processes: Processes,
    migrated_postgres_url: str,
    tmp_path: Path,
    unused_tcp_port_factory,
) -> None:
    """Each process answers /healthz on its own port with its own parts: an operator sees the sender lead."""
    app = build_app(Settings(database_url=migrated_postgres_url, _env_file=None))  # type: ignore[call-arg]
    await seed_demo(app.sessionmaker, now=NOW)
    await app.close()
    inbound_port, sender_port = unused_tcp_port_factory(), unused_tcp_port_factory()
    env = bot_env(tg, tmp_path / "unused.db", tmp_path, inbound_port)
    env["DATABASE_URL"] = migrated_postgres_url
    inbound = await start_bot(processes, env, tmp_path, "--only", "inbound")
    sender = await start_bot(processes, {**env, "WEB_PORT": str(sender_port)}, tmp_path, "--only", "sender")
    try:
        user = tg.user(710, "Minh")
        await user.send("xin chào")
        await tg.wait_until(lambda: bool(tg.delivered(710)), timeout=30, what="the reply sent")
        async with httpx.AsyncClient() as http:
            health = (await http.get(f"http://127.0.0.1:{sender_port}/healthz")).json()
            inbound_health = (await http.get(f"http://127.0.0.1:{inbound_port}/healthz")).json()
        assert health == {
            "database": {"state": "ok"},
            "outbox": {"state": "ok", "given_up": 0},
            "sender": {"state": "leading", "last_error": None},
        }
        assert "telegram" in inbound_health and "sender" not in inbound_health
        for process in (inbound, sender):
            code, log = await stop_bot(process, signal.SIGTERM)
            assert code == 0, log
    finally:
        for process in (inbound, sender):
            if process.returncode is None:
                process.kill()
    assert len(tg.delivered(710)) == 1 and "nhập mã mời" in tg.delivered(710)[0]


async def test_a_sender_given_a_port_that_is_taken_says_so_in_one_line(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", unused_tcp_port))
        taken.listen()
        env = bot_env(tg, db_path, tmp_path, unused_tcp_port)
        process = await processes.start("send", cwd=tmp_path, env=env, stderr=PIPE)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert err.decode().strip().splitlines()[-1] == (
        f"chungtay: không mở được cổng 127.0.0.1:{unused_tcp_port} (đã có chương trình khác dùng địa chỉ "
        "này); hãy đặt WEB_HOST/WEB_PORT là một địa chỉ còn trống"
    )


async def test_a_messenger_unreachable_at_start_keeps_nothing_else_down(
    processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    """TELEGRAM_API_BASE pointing nowhere: /healthz and the public pages answer at once, the sender and the
    scheduler run, and /healthz says the channel is degraded and why (503) while it keeps trying."""
    app = build_app(Settings(database_url=f"sqlite+aiosqlite:///{db_path}", _env_file=None))  # type: ignore[call-arg]
    await seed_demo(app.sessionmaker, now=NOW)
    await app.close()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "WEB_", "ZALO_"))
    }
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        TELEGRAM_BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_BASE="http://127.0.0.1:1",  # nothing listens there
        MEDIA_DIR=str(tmp_path / "media"),
        WEB_PORT=str(unused_tcp_port),
        LOG_LEVEL="INFO",
    )
    base = f"http://127.0.0.1:{unused_tcp_port}"
    process = await start_bot(processes, env, tmp_path)
    try:
        async with httpx.AsyncClient() as http:
            health = None
            for _ in range(600):  # up to a minute for the process to start (real time: a real process)
                with contextlib.suppress(httpx.TransportError):
                    health = await http.get(f"{base}/healthz")
                    if health.json()["telegram"]["state"] == "degraded":
                        break
                await asyncio.sleep(0.1)
            page = await http.get(f"{base}/congkhai/khong-co-trang-nay")
        code, log = await stop_bot(process, signal.SIGTERM)
    finally:
        if process.returncode is None:
            process.kill()
    assert health is not None and health.status_code == 503
    report = health.json()
    assert report["telegram"] == {"state": "degraded", "last_error": "cannot start yet: TelegramNetworkError"}
    assert report["sender"]["state"] == "leading" and report["scheduler"]["state"] == "leading"
    assert page.status_code == 404  # the public pages are served: an unknown page's own answer
    assert code == 0, log
    assert "telegram: cannot start yet" in log
    # The operator who typed `chungtay run` reads one plain line of it, in the office's words, once however
    # often it tries again, never the token (decision 2143); the log says each try as before.
    assert [line for line in log.splitlines() if line.startswith("chungtay:")] == [
        "chungtay: chưa kết nối được máy chủ của Telegram tại 127.0.0.1:1 (TelegramNetworkError): bot vẫn "
        "đang thử lại, /healthz báo “degraded” cho đến khi được; anh/chị hãy kiểm tra máy chủ này có vào "
        "được Internet không (tường lửa, proxy và DNS), và TELEGRAM_API_BASE nếu đã đặt"
    ], log
    assert "TEST-token" not in log
    # Start-up in one screen: the web server's line names its port and what it serves, with nothing masked
    # as if it were a secret; the scheduler's jobs are said once each by the bot, not again by APScheduler.
    started = next(line for line in log.splitlines() if "web server on" in line)
    served = f"web server on 127.0.0.1:{unused_tcp_port}: /healthz and the drives' public pages"
    assert started.endswith(served), started
    assert "apscheduler" not in log and "job reminders.plan done" in log, log


async def test_a_webhook_answers_503_until_its_messenger_can_be_reached(
    tg: FakeTelegram, db_path: Path, tmp_path: Path, unused_tcp_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram failing at start (500 on getMe): the webhook route is served at once and says "later" (503, so
    Telegram delivers the update again); once Telegram answers, the channel starts and takes updates."""
    from bot import runtime
    from bot.channels.telegram.webhook import SECRET_HEADER
    from tests.support.clocks import MovableClock

    # The first getMe fails; the next try is held unanswered until the webhook was called, whatever the
    # back-off: the test waits on no timer of the bot's (decision 2700).
    tg.hold_next("getMe", after=1)
    tg.fail_next("getMe", 500, count=1)
    monkeypatch.setattr(runtime, "START_RETRY", 0.01)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        telegram_bot_token=tg.token,
        telegram_api_base=tg.base_url,
        telegram_webhook_url="https://bot.example.org/telegram",
        telegram_webhook_secret="wh-secret",
        web_port=unused_tcp_port,
        _env_file=None,
    )  # type: ignore[call-arg]
    app = build_app(settings, MovableClock(NOW))
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, ("inbound",), stopping))
    base = f"http://127.0.0.1:{unused_tcp_port}"
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}}}
    try:
        async with httpx.AsyncClient() as http:
            await tg.wait_until(lambda: bool(tg.calls_to("getMe")), timeout=10, what="getMe asked")
            for _ in range(100):
                health = await http.get(f"{base}/healthz")
                if health.json()["telegram"]["state"] == "degraded":
                    break
                await asyncio.sleep(0.01)
            early = await http.post(f"{base}/telegram", json=update, headers={SECRET_HEADER: "wh-secret"})
            tg.release()  # the held try fails too (502); the one after it is answered
            await tg.wait_until(lambda: bool(tg.calls_to("setWebhook")), timeout=10, what="the webhook set")
            later = await http.post(f"{base}/telegram", json=update, headers={SECRET_HEADER: "wh-secret"})
    finally:
        stopping.set()
        await asyncio.wait_for(task, 30)
        await app.close()
    assert early.status_code == 503
    assert health.status_code == 503 and health.json()["telegram"]["state"] == "degraded"
    assert later.status_code == 200
