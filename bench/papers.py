"""How long a Word paper's empty document takes, made anew or copied (`bot.documents.new_document`, 2910).

Run: .venv/bin/python bench/papers.py [--repeat N]

N times (default 50), after one not timed (python-docx's import and the first set-up, paid once a process):
- **set up anew**: python-docx's `Document()` parsing its template, then the decree's page, font and language
  (what every paper paid before 2910);
- **copied**: `new_document()`, a copy of the document set up once a process;
- **a paper**: `new_document()`, a title, 40 rows of a four-column table with Vietnamese names and sums, saved
  to memory (the save deflates the template's 800 KB of styles again each time: python-docx gives no choice).
Printed per case: milliseconds of processor time of the process (median and 90th percentile).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import documents  # noqa: E402


def a_paper() -> None:
    document = documents.new_document()
    document.add_paragraph("BÁO CÁO KẾT QUẢ ỦNG HỘ QUỸ “VÌ NGƯỜI NGHÈO” NĂM 2026")
    table = document.add_table(rows=1, cols=4)
    for n in range(40):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(n + 1), f"Khoa Nội tổng hợp {n + 1}"
        cells[2].text, cells[3].text = f"{(n + 1) * 150_000:,} ₫".replace(",", "."), "Đã xác nhận"
    document.save(io.BytesIO())


CASES: dict[str, Callable[[], object]] = {
    "set up anew": lambda: documents._empty_document(landscape=False),
    "copied": documents.new_document,
    "a paper": a_paper,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat
    for name, make in CASES.items():
        make()
        spent = []
        for _ in range(repeat):
            start = time.process_time()
            make()
            spent.append((time.process_time() - start) * 1000)
        spent.sort()
        median, p90 = statistics.median(spent), spent[int(len(spent) * 0.9)]
        print(f"{name:12} {median:6.1f} ms median, {p90:6.1f} ms p90")


if __name__ == "__main__":
    main()
