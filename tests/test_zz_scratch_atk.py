import asyncio
from datetime import date
from tests.test_reconcile import Row, ledger, run, write_xlsx, statuses


async def test_walk(app, db_path, tmp_path, monkeypatch, capsys):
    people = await ledger(app)
    rows = []
    for n in range(1, 281):
        rows.append(Row(date(2026, 12, 1 + n % 20), None, 100_000 + (n % 7) * 10_000, f"UNG HO {n}"))
    rows[10] = Row(date(2026, 12, 2), 200_000, None, "Hoan tra CT2026000001")
    rows[40] = Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.NGUYEN VAN AN UNG HO")
    rows[50] = Row(date(2026, 12, 7), None, 500_000, "CT2026000002 BINH")
    rows[51] = Row(date(2026, 12, 7), 500_000, None, "Hoan tra CK trung CT2026000002")
    rows[52] = Row(date(2026, 12, 7), None, 500_000, "CT2026000002 BINH")
    rows[60] = Row(date(2026, 12, 8), 150_000, None, "Chi luong T12 CT2026000005")
    rows[61] = Row(date(2026, 12, 8), None, 150_000, "IBFT CT2026000005")
    rows[70] = Row(date(2026, 12, 9), 300_000, None, "Hoan tra CT2026000001 CT2026000002")
    rows[80] = Row(date(2026, 12, 9), None, 77_000, "ung ho CT2O26-000001 NGUYEN VAN AN")
    path = str(write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    me = str(people.treasurer.id)
    code, out, err = await asyncio.to_thread(run, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as", me)
    open("/tmp/s26-atk/out.txt", "w").write(f"{code}\n{out}\n---\n{err}")
    code, out, err = await asyncio.to_thread(run, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as", me, "--confirm")
    open("/tmp/s26-atk/out2.txt", "w").write(f"{code}\n{out}\n---\n{err}")
    open("/tmp/s26-atk/st.txt", "w").write(str(await statuses(app)))
