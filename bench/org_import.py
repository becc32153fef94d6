"""How fast a staff list goes in: a 500-row XLSX into a fresh SQLite database, first import and re-import.

Run: .venv/bin/python bench/org_import.py [rows]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

from openpyxl import Workbook

from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade_async
from bot.db.models import Organisation
from bot.domain.org_import import import_staff
from bot.sheets import safe_row

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nam", "Phương"]
UNITS = [
    "Phòng Đào tạo",
    "Phòng Tổ chức – Hành chính",
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Dược",
    "Trung tâm Tin học",
]
ROLES = ["", "", "", "", "Thủ quỹ", "Cán bộ công đoàn", "Trưởng khoa", "thành viên"]


def write_list(path: Path, rows: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH CÁN BỘ, VIÊN CHỨC"])
    sheet.append(["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"])
    names = [" ".join(parts) for parts in product(SURNAMES, MIDDLES, GIVEN)]
    for i in range(rows):
        phone = f"+84 9{12_000_000 + i:08d}" if i % 4 else ""
        name = names[i % len(names)] + ("" if i < len(names) else f" {i}")
        sheet.append(
            safe_row([i + 1, UNITS[i % len(UNITS)], name, "Chuyên viên", phone, ROLES[i % len(ROLES)]])
        )
    workbook.save(path)


async def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, url = Path(tmp) / "danh_sach.xlsx", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        write_list(xlsx, rows)
        await upgrade_async(url)
        engine = make_engine(url)
        sessionmaker = make_sessionmaker(engine)
        now = datetime.now(UTC)
        async with sessionmaker() as session, session.begin():
            org = Organisation(code="bench", name="Bench", created_at=now)
            session.add(org)
        try:
            for label in ("first import", "re-import"):
                started = time.perf_counter()
                report = await import_staff(sessionmaker, org, xlsx, now=now)
                took = time.perf_counter() - started
                print(
                    f"{label:>12}: {rows} rows in {took:.3f} s = {rows / took:,.0f} rows/s "
                    f"(created {report.created}, updated {report.updated}, skipped {report.skipped})"
                )
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
