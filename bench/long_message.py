"""How long the bot reads a message as long as a messenger allows (4,096 characters) where an amount may be.

Run: .venv/bin/python bench/long_message.py [--repeat N]

The bot answers every chat on one event loop: a turn that takes seconds answers nobody meanwhile (decision
0321). Timed, the best of N: a gift typed at the main menu (“ủng hộ 1 1 1 …”, read by `typed_gift`), and the
same words typed over a waiting gift in a treasurer's look-up (`handlers.ledger._typed_amount`); beside them a
short gift (“ung ho 200k ao am”) as typed every day. Also an appeal's hour (`read_lunar_moment`, “8h mùng 1
Tết mùng 1 Tết …”) and a drive's dates (`read_lunar_period`, “Tết - Tết - …”) typed as long, where a lunar day
may be, beside “8h sáng 23 tháng Chạp” and “15/12 - 23 tháng Chạp” (decision 0752); and foreign money
(`foreign_money`, “ung ho k k k …”, beside “1,5 triệu đô”: decision 0766); and money and goods joined by
“và” throughout (“ủng hộ 100k và 5kg gạo và …”, beside “ung ho 100k va 5kg gao”), read at the menu for two
gifts in one line (`_two_gifts`, decision 1712). `typed_gift` keeps what it read (decision 1578): it is
emptied before each timing, so each reads the words again. The tests count the readings instead (the same
on any machine); this prints the seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from bot.domain.lunar_days import read_lunar_moment, read_lunar_period
from bot.domain.money import foreign_money
from handlers.contributions import _two_gifts, typed_gift
from handlers.ledger import _typed_amount

LONG = ("ủng hộ " + "1 " * 2045)[:4096]
SHORT = "ung ho 200k ao am"
SATURDAY = date(2026, 12, 5)
LUNAR = (
    (
        "appeal's hour",
        lambda text: read_lunar_moment(text, SATURDAY),
        "8h " + "mùng 1 Tết " * 372,
        "8h sáng 23 tháng Chạp",
    ),
    (
        "drive's dates",
        lambda text: read_lunar_period(text, SATURDAY),
        "Tết - " * 700,
        "15/12 - 23 tháng Chạp",
    ),
    ("foreign money", foreign_money, "ung ho " + "k " * 2045, "1,5 triệu đô"),
)


def two_gifts(text: str) -> object:
    """A gift typed at the menu, read for two gifts in one line as `_one_at_a_time` reads its figure."""
    gift = typed_gift(text)
    return _two_gifts((gift.figure if gift is not None else None) or text)


# Money and goods joined by “và” throughout, as long as a message (decision 1712), beside the line as typed.
JOINED = (
    "money and goods joined",
    two_gifts,
    "ủng hộ " + "100k và 5kg gạo và " * 216,
    "ung ho 100k va 5kg gao",
)


def best(read: Callable[[str], object], text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        typed_gift.cache_clear()  # read again, never answered from what the last timing kept (1578)
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
    for label, read, long_text, short_text in (*LUNAR, JOINED):
        long, short = best(read, long_text[:4096], repeat), best(read, short_text, repeat)
        print(f"{label:28} 4,096 characters: {long:.4f} s; short: {short:.6f} s")


if __name__ == "__main__":
    main()
