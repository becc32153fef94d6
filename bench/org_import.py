"""How fast a staff list goes in: a 500-row XLSX into a fresh SQLite database, first import and re-import.
With "hamlets", a commune's list instead: 40 hamlets and teams (Thôn Hòa and Thôn Hóa among them), one row in
three writing its hamlet with the marks of some words only (“Thon Hòa”), one in seven as a Mac's Excel pastes
it (NFD), the rest as written.

Run: .venv/bin/python bench/org_import.py [rows] [hamlets]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import unicodedata
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

from openpyxl import Workbook

from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade_async
from bot.db.models import Organisation
from bot.domain.org_import import import_staff
from bot.sheets import safe_row
from bot.text import fold

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
HAMLETS = [
    *(f"Thôn {n}" for n in range(1, 13)),
    *(f"Tổ {n}" for n in range(1, 13)),
    *("Thôn " + word for word in ("Hòa", "Hóa", "Đông", "Đoài", "Trung", "Thượng", "Hạ", "Tây")),
    *("Xóm " + word for word in ("Trên", "Dưới", "Giữa", "Đình", "Chùa", "Bãi", "Đồng", "Mới")),
]
ROLES = ["", "", "", "", "Thủ quỹ", "Cán bộ công đoàn", "Trưởng khoa", "thành viên"]


def as_typed(unit: str, i: int) -> str:
    """A hamlet as the row writes it: its first word without marks one row in three, NFD one in seven."""
    if i % 3 == 1:
        first, rest = unit.split(" ", 1)
        unit = f"{fold(first).title()} {rest}"
    return unicodedata.normalize("NFD", unit) if i % 7 == 3 else unit


def write_list(path: Path, rows: int, units: list[str] = UNITS) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH CÁN BỘ, VIÊN CHỨC"])
    sheet.append(["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"])
    names = [" ".join(parts) for parts in product(SURNAMES, MIDDLES, GIVEN)]
    for i in range(rows):
        phone = f"+84 9{12_000_000 + i:08d}" if i % 4 else ""
        name = names[i % len(names)] + ("" if i < len(names) else f" {i}")
        sheet.append(
            safe_row(
                [i + 1, as_typed(units[i % len(units)], i), name, "Chuyên viên", phone, ROLES[i % len(ROLES)]]
            )
        )
    workbook.save(path)


async def main(rows: int, units: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, url = Path(tmp) / "danh_sach.xlsx", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        write_list(xlsx, rows, units)
        await upgrade_async(url)
        engine = make_engine(url)
        sessionmaker = make_sessionmaker(engine)
        now = datetime.now(UTC)
        async with sessionmaker() as session, session.begin():
            org = Organisation(code="bench", name="Bench", created_at=now)
            session.add(org)
        try:
            for label in ("first import", "re-import"):
                started, cpu = time.perf_counter(), time.process_time()
                report = await import_staff(sessionmaker, org, xlsx, now=now)
                took, cpu = time.perf_counter() - started, time.process_time() - cpu
                print(  # the processor's time too: on a machine busy with other work, the wait is theirs
                    f"{label:>12}: {rows} rows in {took:.3f} s ({cpu:.3f} s of processor) "
                    f"= {rows / took:,.0f} rows/s "
                    f"(created {report.created}, updated {report.updated}, skipped {report.skipped})"
                )
        finally:
            await engine.dispose()


if __name__ == "__main__":
    hamlets = "hamlets" in sys.argv[2:]
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500, HAMLETS if hamlets else UNITS))
