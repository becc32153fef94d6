"""A process that has imported the sender once and forks a fresh sender process on request, so the kill test
can kill and restart a real sender process twenty times without paying Python's and aiogram's start-up each
time (seconds on a slow machine). Run as `python -m tests.support.sender_zygote` with the sender's
environment: each line "start" on stdin forks a child that runs `chungtay send`'s sender and answers with the
child's pid.
Children are reaped by the kernel (SIGCHLD ignored); the test kills them with SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import bot.channels.telegram.sending  # noqa: F401  (imported once, before any fork)
from bot.app import build_app
from bot.config import load_settings
from bot.logs import setup_logging


def _child() -> None:
    settings = load_settings()
    setup_logging(settings)

    async def run() -> None:
        from bot.channels.telegram.sending import run_sender

        app = build_app(settings)
        try:
            await run_sender(app)
        finally:
            await app.close()

    asyncio.run(run())


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        if line.strip() != "start":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _child()
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
