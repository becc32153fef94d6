"""How long the bot reads a message as long as a messenger allows (4,096 characters) where an amount may be.

Run: .venv/bin/python bench/long_message.py [--repeat N]

The bot answers every chat on one event loop: a turn that takes seconds answers nobody meanwhile (decision
0321). Timed, the best of N: a gift typed at the main menu (“ủng hộ 1 1 1 …”, read by `typed_gift`), and the
same words typed over a waiting gift in a treasurer's look-up (`handlers.ledger._typed_amount`); beside them a
short gift (“ung ho 200k ao am”) as typed every day. The tests count the readings instead (the same on any
machine); this prints the seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from handlers.contributions import typed_gift
from handlers.ledger import _typed_amount

LONG = ("ủng hộ " + "1 " * 2045)[:4096]
SHORT = "ung ho 200k ao am"


def best(read: Callable[[str], object], text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    for label, read in (
        ("gift typed at the menu", typed_gift),
        ("amount over a waiting gift", _typed_amount),
    ):
        long, short = best(read, LONG, repeat), best(read, SHORT, repeat)
        print(f"{label:28} 4,096 characters: {long:.4f} s; short: {short:.6f} s")


if __name__ == "__main__":
    main()
