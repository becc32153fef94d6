"""How long the payroll's sheet takes to plan (the preview the shell prints and the chat shows, made again at
the press): a staff list of N imported, then a sheet of N rows of theirs, and one of N names nobody lists
(each looked up for names that read nearly so). In the chat this runs inside one message's transaction, which
holds the database's write lock: every other chat waits for it.

Run: .venv/bin/python bench/payroll.py [rows]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from bench.org_import import write_list
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade_async
from bot.db.models import Organisation, Person, RoleAssignment
from bot.domain.org_import import import_staff
from bot.domain.payroll import plan_payroll, read_payroll


def write_payroll(path: Path, names: list[str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ỦNG HỘ MỘT NGÀY LƯƠNG"])
    sheet.append(["STT", "Họ và tên", "Số tiền"])
    for number, name in enumerate(names, start=1):
        sheet.append([number, name, 400_000 + number])
    book.save(path)


async def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        write_list(Path(tmp) / "staff.xlsx", rows)
        await upgrade_async(url)
        engine = make_engine(url)
        sessionmaker = make_sessionmaker(engine)
        now = datetime.now(UTC)
        async with sessionmaker() as session, session.begin():
            org = Organisation(code="bench", name="Bench", created_at=now)
            session.add(org)
        try:
            await import_staff(sessionmaker, org, Path(tmp) / "staff.xlsx", now=now)
            async with sessionmaker() as session, session.begin():  # a treasurer of the whole organisation
                treasurer = await session.scalar(select(Person).where(Person.org_id == org.id).limit(1))
                assert treasurer is not None
                session.add(
                    RoleAssignment(
                        person_id=treasurer.id, role="treasurer", org_id=org.id, unit_id=None, granted_at=now
                    )
                )
            async with sessionmaker() as session:
                staff = list(await session.scalars(select(Person).where(Person.org_id == org.id)))
                names = [p.full_name for p in staff]
                for label, sheet in (
                    ("staff's names", names),
                    ("names nobody lists", [f"Ai {n}" for n in names]),
                ):
                    path = Path(tmp) / "luong.xlsx"
                    write_payroll(path, sheet)
                    started = time.perf_counter()
                    plan = await plan_payroll(
                        session, treasurer, read_payroll(path), drive_id=None, now=now, cap=10**10
                    )
                    took = time.perf_counter() - started
                    print(
                        f"{label:>20}: {len(sheet)} rows planned in {took:.2f} s "
                        f"({len(plan.deductions)} to record, {len(plan.refused)} refused)"
                    )
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000))
