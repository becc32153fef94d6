"""What was tried from outside against the latest changes (decision 0256) and found open: a transfer whose
sender wrote words a bank's subtotal begins with (“Tổng tiền ủng hộ thôn 5”, “Total donation …”) vanished
from the reconciliation unsaid. The test here failed before its fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.app import App
from bot.demo import DemoInvites
from bot.domain.bank_statement import read_statement
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.test_flows import join
from tests.test_reconcile import Row, write_csv
from tests.test_reconcile_chat import gifts, person, send_file, statuses


async def test_a_dated_transfer_whose_words_begin_like_a_total_is_named_never_lost(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """A transfer's description is the sender's own words: “Tổng tiền ủng hộ thôn 5 CT2026000002” sent by a
    hamlet head, “TONG 12 HO …”, “Total donation from …”, “Lũy kế …”, “Cộng 3 hộ …” each stand on a row with
    its own day and money in, yet were skipped as a subtotal: not counted, not named, its code never matched.
    Now such a row is named for the treasurer to look at (never read as a credit: a bank's day total written
    beside its day would count the day twice); a subtotal under a blank date, or a label in the date column,
    stays a total, unsaid. The treasurer reads the rows named in the chat."""
    path = tmp_path / "sao-ke.csv"
    path.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001 ung ho;;+200.000\n"
        "20/11/2026;Tong tien ung ho thon 5 CT2026000002;;+1.500.000\n"
        "20/11/2026;TONG 12 HO THON DONG UNG HO QUY;;+600.000\n"
        "20/11/2026;Total donation from ABC Ltd;;+5.000.000\n"
        "21/11/2026;Lũy kế ủng hộ tháng 11 CT2026000003;;+700.000\n"
        "21/11/2026;Cộng 3 hộ ủng hộ;;+90.000\n"
        "21/11/2026;Phi SMS tong hop;11.000;\n"  # a debit: nothing to name
        ";Cộng ngày 21/11/2026;11.000;2.790.000\n"
        "Tổng cộng;;11.000;8.090.000\n",
        encoding="utf-8",
    )

    statement = read_statement(path)

    assert [(line.row, line.on, line.amount) for line in statement.lines] == [
        (2, date(2026, 11, 20), 200_000)
    ]
    assert statement.like_total == (3, 4, 5, 6, 7)
    assert statement.undated == statement.unclear == statement.unread == ()

    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 11, 21), None, 200_000, "Tong tien ung ho cua Vo Thi Hoa CT2026000001")
    screen = await send_file(mai, write_csv(tmp_path / "hoa.csv", [hoa]))

    assert "Số khoản tiền vào đã đọc: 0." in screen
    assert "❔ Chưa đọc, ghi như một dòng tổng: 1 (dòng 5 của tệp)" in screen
    assert (await statuses(app))["CT-2026-000001"] == "recorded"
