"""Real `chungtay` processes without paying Python's and aiogram's start-up for each (importing aiogram alone
takes seconds on a slow machine: it builds a few hundred pydantic models).

One process per test session (the *launcher*) imports the bot once and then forks a child for every command a
test starts. A child is a real process of its own: its own pid, environment, working directory, stdin from
/dev/null, stdout and stderr to the test's pipes; it runs `bot.cli.main(argv)` exactly as `python -m bot` and
the installed `chungtay` do, and is stopped by real signals. What it does not repeat is the interpreter's
start-up and the imports (the smoke test in tests/test_cli.py still starts `python -m bot` from scratch).

The launcher speaks over a SOCK_SEQPACKET socket pair: a request is one packet of JSON (argv, env, cwd, which
of stdout/stderr the test wants) with the pipes' write ends attached; the answers are packets
{"started": pid} and, once the child has ended, {"exited": pid, "code": n} (a negative code is the signal that
ended it, as in asyncio). When the test session closes its end, the launcher kills the children still running
and exits.

Test side: `Launcher` (one per session, synchronous) and `Processes` (one per test, on the test's event loop),
whose `start()` returns a `Child` that behaves like the asyncio.subprocess.Process the tests used before.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PIPE = asyncio.subprocess.PIPE
DEVNULL = asyncio.subprocess.DEVNULL
_PACKET = 1 << 20


# The heavy libraries the bot imports where it uses them, not at a module's top (docs/decisions/2605).
LAZY_LIBRARIES = (
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "openpyxl",
    "docx",
    "PIL.Image",
    "PIL.ImageOps",
    "holidays",
    "holidays.countries",  # what a year's calendar loads: every country's
)


# --- the launcher process --------------------------------------------------------------------------------


def _import_everything() -> None:
    """Every module a command may import lazily (the channels, the runtime, the scheduler, migrations)."""
    import pkgutil

    import bot
    import handlers
    import scheduler

    for package in (bot, handlers, scheduler):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
    # What the bot imports only inside the functions that draw a chart, write or read a workbook or a Word
    # paper, look at a photo or a year's holidays (docs/decisions/2605): imported here, once, so that a child
    # that makes one does not pay for the import again.
    for library in LAZY_LIBRARIES:
        importlib.import_module(library)


def run_command(argv: list[str]) -> int:
    """`bot.cli.main(argv)` ending as the interpreter would end it: the code it returns, a SystemExit's code
    (argparse's usage errors and --help; a text is printed and is 1), or 1 after printing an uncaught
    exception."""
    from bot.cli import main

    try:
        code: object = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    except BaseException:
        traceback.print_exc()
        return 1
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _child(request: dict[str, Any], fds: list[int], inherited: list[int]) -> None:
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in inherited:
            os.close(fd)
        streams = dict(zip(request["streams"], fds, strict=True))
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(streams.get("stdout", devnull), 1)
        os.dup2(streams.get("stderr", devnull), 2)
        for fd in {devnull, *fds}:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["chungtay", *request["argv"]]
        if request.get("prelude"):  # "module:function", called with its arguments before the command
            module, _, name = request["prelude"][0].partition(":")
            getattr(importlib.import_module(module), name)(*request["prelude"][1:])
        code = run_command(request["argv"])
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _serve(control: socket.socket) -> None:
    _import_everything()
    children: set[int] = set()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a Python handler, so that the wake-up fd is written

    def answer(message: dict[str, int]) -> None:
        control.send(json.dumps(message).encode())

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            answer({"exited": pid, "code": os.waitstatus_to_exitcode(status)})

    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ, "request")
    selector.register(wake_read, selectors.EVENT_READ, "child")
    try:
        while True:
            for key, _events in selector.select():
                if key.data == "child":
                    with contextlib.suppress(BlockingIOError):
                        while os.read(wake_read, 512):
                            pass
                    reap()
                    continue
                data, fds, _flags, _address = socket.recv_fds(control, _PACKET, 2)
                if not data:  # the test session is over
                    return
                pid = os.fork()
                if pid == 0:
                    _child(json.loads(data), fds, [control.fileno(), wake_read, wake_write])
                for fd in fds:
                    os.close(fd)
                children.add(pid)
                answer({"started": pid})
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# --- the test side ----------------------------------------------------------------------------------------


class Launcher:
    """The launcher process of a test session. It imports in the background: the first start waits for it."""

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-X", "utf8", "-m", "tests.support.launcher", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.control.setblocking(False)

    def close(self) -> None:
        self.control.close()  # the launcher kills its children still running and exits
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Child:
    """A started command: the part of asyncio.subprocess.Process that tests use."""

    def __init__(
        self,
        pid: int,
        exited: asyncio.Future[int],
        stdout: asyncio.StreamReader | None,
        stderr: asyncio.StreamReader | None,
    ) -> None:
        self.pid, self._exited, self.stdout, self.stderr = pid, exited, stdout, stderr

    @property
    def returncode(self) -> int | None:
        return self._exited.result() if self._exited.done() else None

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    async def communicate(self) -> tuple[bytes, bytes]:
        async def read(stream: asyncio.StreamReader | None) -> bytes:
            return await stream.read() if stream is not None else b""

        out, err = await asyncio.gather(read(self.stdout), read(self.stderr))
        await self.wait()
        return out, err


class Processes:
    """Starts commands through the session's launcher, on the running test's event loop."""

    def __init__(self, launcher: Launcher) -> None:
        self._control = launcher.control
        self._loop = asyncio.get_running_loop()
        self._starting = asyncio.Lock()
        self._started: asyncio.Future[int] | None = None
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._children: list[Child] = []
        self._pipes: list[asyncio.BaseTransport] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            data = await self._loop.sock_recv(self._control, _PACKET)
            if not data:
                return
            message = json.loads(data)
            if "started" in message and self._started is not None and not self._started.done():
                # Its exit is awaited from now on, before the starting test resumes: a command quicker than
                # the test's next turn (a busy loop) would otherwise end unheard, and the test wait forever.
                self._exits[message["started"]] = self._loop.create_future()
                self._started.set_result(message["started"])
            elif "exited" in message:  # a child of an earlier test is nobody's business here
                exited = self._exits.get(message["exited"])
                if exited is not None and not exited.done():
                    exited.set_result(message["code"])

    async def start(
        self,
        *argv: str,
        env: dict[str, str],
        cwd: Path,
        stdout: int = DEVNULL,
        stderr: int = DEVNULL,
        prelude: Sequence[object] = (),
    ) -> Child:
        """`chungtay ARGV` in a process of its own; stdout and stderr are PIPE or DEVNULL. `prelude`:
        ("module:function", *arguments), called in the process before the command (a fault of the test's
        own, as a process killing itself midway)."""
        wanted = [name for name, how in (("stdout", stdout), ("stderr", stderr)) if how == PIPE]
        pipes = [os.pipe() for _ in wanted]
        request = {
            "argv": list(argv),
            "env": dict(env),
            "cwd": str(cwd),
            "streams": wanted,
            "prelude": list(prelude),
        }
        async with self._starting:
            self._started = self._loop.create_future()
            try:
                socket.send_fds(self._control, [json.dumps(request).encode()], [w for _r, w in pipes])
            finally:
                for _r, w in pipes:
                    os.close(w)
            pid = await asyncio.wait_for(self._started, 120)  # the first start waits for the imports
        readers = {name: await self._reader_of(r) for name, (r, _w) in zip(wanted, pipes, strict=True)}
        child = Child(pid, self._exits[pid], readers.get("stdout"), readers.get("stderr"))
        self._children.append(child)
        return child

    async def _reader_of(self, fd: int) -> asyncio.StreamReader:
        reader = asyncio.StreamReader(limit=1 << 20)
        transport, _protocol = await self._loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
        )
        self._pipes.append(transport)
        return reader

    async def close(self) -> None:
        """Kills what the test left running and waits for it to end."""
        for child in self._children:
            child.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(c.wait() for c in self._children)), 10)
        for pipe in self._pipes:
            pipe.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


if __name__ == "__main__":
    _serve(socket.socket(fileno=int(sys.argv[1])))
