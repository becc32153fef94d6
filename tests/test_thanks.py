"""The thank-you letter for a donor's gift (thư cảm ơn, docs/decisions/0086): the amount in words as a
receipt writes it; the treasurer's look-up of a donor's confirmed gift hands over the Word draft, read back
here with the donor, the amount in figures and words, the drive and the organisation's signer; an anonymous
donor is “Quý nhà hảo tâm”; a member gets nothing, a waiting gift and a member's own gift have no letter; the
shell writes the same file under the same rule."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from bot.amount_words import amount_in_words, vietnamese_number
from bot.app import App
from bot.db.models import AuditLog, Contribution, Organisation, Person
from bot.domain.access import Operator, actor_for
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse
from bot.domain.donors import donor_for, record_donor_gift
from bot.domain.thanks import ThanksError, thanks_letter
from bot.thanks_doc import write_thanks
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_donors import (
    COMPANY,
    FLOOD,
    JANUARY_2,
    add_flood_drive,
    give_from_new_years_eve_credit,
    record_in_chat,
)
from tests.test_drives import seed
from tests.test_reconcile import run


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (10_000_000, "Mười triệu đồng chẵn"),
        (1_500_000, "Một triệu năm trăm nghìn đồng chẵn"),
        (2_050_000, "Hai triệu không trăm năm mươi nghìn đồng chẵn"),
        (1_000_000_000, "Một tỷ đồng chẵn"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng chẵn"),  # never “một triệu năm nghìn”
        (21_000_000, "Hai mươi mốt triệu đồng chẵn"),
        (115_000, "Một trăm mười lăm nghìn đồng chẵn"),
        (1_000_050_000, "Một tỷ không trăm năm mươi nghìn đồng chẵn"),
        (123_456, "Một trăm hai mươi ba nghìn bốn trăm năm mươi sáu đồng"),  # not a round figure
        (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng chẵn"),
    ],
)
def test_an_amount_reads_in_words_as_a_receipt_writes_it(amount: int, words: str) -> None:
    assert amount_in_words(amount, "vi") == words


def test_the_number_words_read_every_small_group_and_english_too() -> None:
    assert [vietnamese_number(n) for n in (0, 5, 10, 15, 21, 25, 101, 110, 1_001)] == [
        "không",
        "năm",
        "mười",
        "mười lăm",
        "hai mươi mốt",
        "hai mươi lăm",
        "một trăm linh một",
        "một trăm mười",
        "một nghìn không trăm linh một",
    ]
    assert amount_in_words(2_050_000, "en") == "Two million fifty thousand dong"
    assert amount_in_words(21_000_000, "en") == "Twenty-one million dong"


def _text(path: Path) -> str:
    """Everything the letter says, its header's and signature's tables included."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


async def _set_signer(app: App) -> None:
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, 1)
        org.head_title, org.signs_for = "Giám đốc", "TM. Ban Giám đốc"


async def test_the_treasurer_hands_over_a_companys_letter_from_the_look_up(app: App, make_person) -> None:
    ids = await seed(app)
    await add_flood_drive(app, ids)
    await _set_signer(app)
    hung, mai, lan = make_person("hung"), make_person("mai"), make_person("lan")
    await record_in_chat(
        hung, COMPANY, public=False, drive=FLOOD, amount="10tr", note="Chị Hạnh 0903 123 456"
    )

    # Waiting: no letter yet, and the treasurer is told when there will be one.
    screen = await mai.say("/tracuu CT-2026-000001")
    assert "Khoản CT-2026-000001 chưa được thủ quỹ xác nhận." in screen
    assert "Thư cảm ơn (Word)" not in screen
    assert "CT-2026-000001: đã xác nhận." in await mai.choose("Xác nhận: đã nhận tiền/hiện vật")

    screen = await mai.say("/tracuu CT-2026-000001")
    assert "• Trạng thái: đã xác nhận" in screen
    screen = await mai.choose("Thư cảm ơn (Word)")
    assert f"Thư cảm ơn gửi {COMPANY} cho khoản CT-2026-000001 (10.000.000\xa0₫)." in screen
    [handed] = mai.channel.transport.documents("mai")
    assert handed.document is not None and handed.document.name == "thu-cam-on-ct-2026-000001.docx"
    text = _text(app.settings.media_dir / handed.document.path)
    assert "THƯ CẢM ƠN" in text and "BỆNH VIỆN ĐA KHOA" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "…………, ngày 22 tháng 11 năm 2026" in text  # the day it is drawn up, the place to write
    assert f"Kính gửi: {COMPANY}" in text  # named in the letter, though the statement does not name it
    assert f"đợt vận động “{FLOOD}”" in text
    assert "Số tiền: 10.000.000\xa0₫ (Bằng chữ: Mười triệu đồng chẵn)." in text
    assert "Khoản ủng hộ do Khoa Nội tiếp nhận ngày 22/11/2026" in text and "mã CT-2026-000001" in text
    assert "TM. BAN GIÁM ĐỐC\nGIÁM ĐỐC" in text
    assert "Chị Hạnh" not in text and "0903" not in text  # the note stays in the ledger

    # A member typing the code learns nothing, and gets no letter.
    screen = await lan.say("/tracuu CT-2026-000001")
    assert "Thư cảm ơn" not in screen and lan.channel.transport.documents("lan") == []

    async with app.sessionmaker() as session:
        rows = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "contribution.thanks_letter"))
        )
    assert [row.actor_id for row in rows] == [ids["mai"]]


async def _member_and_donor_gifts(app: App, ids: dict[str, int]) -> tuple[str, str, str]:
    """Lan's own confirmed gift, an anonymous donor's confirmed 1.500.000 ₫ of rice, and a company's waiting
    gift: their codes."""
    async with app.sessionmaker() as session, session.begin():
        hung, mai, lan = [await session.get_one(Person, ids[k]) for k in ("hung", "mai", "lan")]
        treasurer, officer = await actor_for(session, mai), await actor_for(session, hung)
        own = await record_contribution(
            session, person=lan, recorded_by=lan, entry=NewContribution("money", 200_000), now=NOW
        )
        await decide(session, own, confirmed=True, actor=treasurer, now=NOW)
        anonymous = await donor_for(session, officer, "nha hao tam", now=NOW)
        rice = NewContribution("goods", 1_500_000, description="Gạo, 20 bao", collected_in=ids["unit B"])
        gift = await record_donor_gift(
            session, donor=anonymous, recorded_by=hung, public=False, entry=rice, now=NOW
        )
        await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        company = await donor_for(session, officer, COMPANY, now=NOW)
        entry = NewContribution("money", 2_050_000, collected_in=ids["unit A"])
        waiting = await record_donor_gift(
            session, donor=company, recorded_by=hung, public=True, entry=entry, now=NOW
        )
        return own.ref, gift.ref, waiting.ref


async def test_an_anonymous_donor_is_thanked_as_quy_nha_hao_tam_and_goods_with_their_value(
    app: App, tmp_path: Path
) -> None:
    ids = await seed(app)
    _, rice, _ = await _member_and_donor_gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        letter = await thanks_letter(session, Operator(1), rice, now=NOW)
    path = tmp_path / "thu.docx"
    write_thanks(letter, path, locale="vi", on=NOW.date())
    text = _text(path)
    assert "Kính gửi: Quý nhà hảo tâm" in text
    assert "Quỹ “Vì người nghèo”" in text  # no drive: the Fund
    value = "1.500.000\xa0₫ (Bằng chữ: Một triệu năm trăm nghìn đồng chẵn)"
    assert f"Hiện vật: Gạo, 20 bao, trị giá ước tính {value}." in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text  # no signer set: the default title


async def test_a_donors_dollars_are_thanked_as_money_at_the_dong_received_as_the_statement_says(
    app: App, tmp_path: Path, make_person
) -> None:
    """A company gives 100 USD, kept as said until the treasurer writes the 2.540.000 ₫ the bank credited
    (decision 0701). Its letter read “Hiện vật: 100 USD, trị giá ước tính 2.540.000 ₫”, dollars thanked as
    goods at a guess, and the public statement “100 USD, trị giá khoảng 2.540.000 ₫” (decision 0779)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung, mai = [await session.get_one(Person, ids[k]) for k in ("hung", "mai")]
        company = await donor_for(session, await actor_for(session, hung), COMPANY, now=NOW)
        entry = NewContribution("goods", 0, description="100 USD", collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=company, recorded_by=hung, public=True, entry=entry, now=NOW
        )
        await decide(
            session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW, received=2_540_000
        )
        letter = await thanks_letter(session, Operator(1), gift.ref, now=NOW)
    path = tmp_path / "thu.docx"
    write_thanks(letter, path, locale="vi", on=NOW.date())
    text = _text(path)
    words = "Bằng chữ: Hai triệu năm trăm bốn mươi nghìn đồng chẵn"
    assert f"Số tiền: 100 USD, thực nhận 2.540.000\xa0₫ ({words})." in text and "Hiện vật" not in text
    write_thanks(letter, path, locale="en", on=NOW.date())
    assert "Money: 100 USD, received as ₫2,540,000 (in words: Two million five hundred forty" in _text(path)
    lan = make_person("lan")
    await lan.say("/saoke")
    screen = await lan.choose("ngoài các đợt vận động")
    assert f"{COMPANY} (Khoa Nội) · 100 USD, thực nhận 2.540.000\xa0₫" in screen


async def test_a_gift_of_new_years_eve_corrected_in_january_is_thanked_as_received_on_its_day(
    app: App, tmp_path: Path
) -> None:
    """The company's 5.000.000 ₫ came on 31/12/2026 and was typed 500.000 ₫; the treasurer corrected it on
    4/1/2027. The letter for the corrected code says it was received on 31/12, not on the day of the
    correction; the wrong entry has no letter."""
    ids = await seed(app)
    eve, january = datetime(2026, 12, 31, 15, 0, tzinfo=UTC), datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        hung, mai = [await session.get_one(Person, ids[k]) for k in ("hung", "mai")]
        treasurer, officer = await actor_for(session, mai), await actor_for(session, hung)
        company = await donor_for(session, officer, COMPANY, now=eve)
        entry = NewContribution("money", 500_000, collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=company, recorded_by=hung, public=True, entry=entry, now=eve
        )
        await decide(session, gift, confirmed=True, actor=treasurer, now=eve)
        wrong = gift.ref
        fixed = await correct(
            session, gift, acting=Operator(1), figure=5_000_000, reason="Gõ thiếu số 0", now=january
        )
        right = fixed.replacement.ref
    async with app.sessionmaker() as session, session.begin():
        letter = await thanks_letter(session, treasurer, right, now=january)
        with pytest.raises(ThanksError) as refused:
            await thanks_letter(session, treasurer, wrong, now=january)
    assert refused.value.reason == "cancelled"
    path = tmp_path / "thu.docx"
    write_thanks(letter, path, locale="vi", on=date(2027, 1, 4))
    text = _text(path)
    assert "Số tiền: 5.000.000\xa0₫ (Bằng chữ: Năm triệu đồng chẵn)." in text
    assert "tiếp nhận ngày 31/12/2026" in text and f"mã {right}" in text
    assert "04/01/2027" not in text


async def test_a_transfer_the_bank_received_on_31_december_is_thanked_as_received_that_day(
    app: App, tmp_path: Path
) -> None:
    """The company's transfer reached the Fund's account on 31/12/2026 and was recorded from the statement
    on 2/1/2027, counting for 2026 (decision 0888). Its letter, which the company's accountant files with
    2026's books, says it was received on 31/12/2026, the bank's day, not on the day it was typed in."""
    ids = await seed(app)
    ref = await give_from_new_years_eve_credit(app, ids)
    async with app.sessionmaker() as session, session.begin():
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        letter = await thanks_letter(session, treasurer, ref, now=JANUARY_2)
    path = tmp_path / "thu.docx"
    write_thanks(letter, path, locale="vi", on=date(2027, 1, 2))
    text = _text(path)
    assert "tiếp nhận ngày 31/12/2026, đã được ghi vào sổ theo dõi" in text and ref in text
    assert "tiếp nhận ngày 02/01/2027" not in text


@on_text_only
async def test_no_letter_for_a_member_a_waiting_gift_or_a_members_own_gift(app: App, make_person) -> None:
    ids = await seed(app)
    own, rice, waiting = await _member_and_donor_gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        lan = await actor_for(session, await session.get_one(Person, ids["lan"]))
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        vy = await actor_for(session, await session.get_one(Person, ids["vy"]))
        for acting, ref, reason in (
            (lan, rice, "not_allowed"),
            (vy, rice, "not_found"),  # another organisation's code reveals nothing
            (mai, waiting, "waiting"),
            (mai, own, "not_donor"),
        ):
            with pytest.raises(ThanksError) as refused:
                await thanks_letter(session, acting, ref, now=NOW)
            assert refused.value.reason == reason
    async with app.sessionmaker() as session:
        refusals = list(
            await session.scalars(
                select(AuditLog.actor_id).where(AuditLog.action == "contribution.thanks_refused")
            )
        )
    assert refusals == [ids["lan"]]

    # The treasurer's look-up of a member's gift offers no letter.
    mai_chat = make_person("mai")
    screen = await mai_chat.say(f"/tracuu {own}")
    assert "Nguyễn Thị Lan" in screen and "Thư cảm ơn" not in screen


async def test_the_shell_writes_the_letter_under_the_same_rule(
    app: App, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    ids = await seed(app)
    own, rice, waiting = await _member_and_donor_gifts(app, ids)
    shell = (run, monkeypatch, capsys, db_path, tmp_path, "contributions", "thanks")
    path = tmp_path / "thu-cam-on.docx"

    # An office that sets nothing reads its chats' Vietnamese (decision 1564).
    code, out, err = await asyncio.to_thread(*shell, waiting, "--docx", str(path))
    assert code == 2 and not path.exists()
    assert err == f"chungtay: {waiting}: thủ quỹ chưa xác nhận khoản này: thư được lập khi đã xác nhận\n"
    code, out, err = await asyncio.to_thread(*shell, rice, "--docx", str(path), "--as", str(ids["lan"]))
    assert code == 2 and not path.exists()
    assert "chỉ thủ quỹ, cán bộ công đoàn/vận động hoặc quản trị viên" in err
    code, out, err = await asyncio.to_thread(*shell, own, "--docx", str(path))
    assert code == 2 and "khoản ủng hộ của thành viên" in err
    monkeypatch.setenv("DEFAULT_LOCALE", "en")  # an office whose chats speak English reads English
    code, out, err = await asyncio.to_thread(*shell, own, "--docx", str(path))
    assert code == 2 and "it is a member's gift: the letter is for a donor outside the organisation" in err
    monkeypatch.delenv("DEFAULT_LOCALE")

    code, out, err = await asyncio.to_thread(*shell, rice, "--docx", str(path), "--as", str(ids["binh"]))
    assert code == 0, err
    assert out.strip() == f"Đã ghi {path}: thư cảm ơn gửi Quý nhà hảo tâm về khoản {rice}."
    assert "Kính gửi: Quý nhà hảo tâm" in _text(path)
    code, out, err = await asyncio.to_thread(*shell, rice, "--docx", str(path))
    assert code == 2 and "--force" in err and "đã có" in err
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution).where(Contribution.ref == rice))
        audited = list(
            await session.scalars(
                select(AuditLog.actor_id).where(
                    AuditLog.action == "contribution.thanks_letter",
                    AuditLog.entity_id == gift.id,  # type: ignore[union-attr]
                )
            )
        )
    assert audited == [ids["binh"]]

    # The rice's value corrected twice, then the last entry reversed with nothing in its place: the shell
    # said “draw up the letter for the entry that stands” without naming it, and when none stood (0591).
    async with app.sessionmaker() as session, session.begin():
        first = await session.scalar(select(Contribution).where(Contribution.ref == rice))
        assert first is not None
        once = await correct(session, first, acting=Operator(1), figure=1_600_000, reason="Giá gạo", now=NOW)
        twice = await correct(
            session, once.replacement, acting=Operator(1), figure=1_700_000, reason="Giá gạo", now=NOW
        )
        standing = twice.replacement.ref
    code, out, err = await asyncio.to_thread(*shell, rice, "--docx", str(path), "--force")
    assert code == 2 and f"hãy lập thư cho khoản {standing}, khoản đang có hiệu lực" in err
    async with app.sessionmaker() as session, session.begin():
        last = await session.scalar(select(Contribution).where(Contribution.ref == standing))
        assert last is not None
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await reverse(session, last, actor=treasurer, reason="Nhà hảo tâm rút lại", now=NOW)
    for code_typed in (rice, standing):
        code, out, err = await asyncio.to_thread(*shell, code_typed, "--docx", str(path), "--force")
        assert (
            code == 2 and "khoản này đã bị huỷ, không còn khoản nào thay thế: không có gì để cảm ơn" in err
        ), err
