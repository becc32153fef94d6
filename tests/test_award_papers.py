"""The award season's papers read as the campaign office reads them (python-docx, as Word opens them): the
achievement report of a unit proposed, the dossier's letter and list, the council's minutes and the decision.
What a clerk would send back: a table of zeros where nothing was given, dates not dd/mm/yyyy, a list not in
Vietnamese order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from sqlalchemy import select

from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.award_dossier import nominees_text, write_dossier
from bot.db.models import Campaign, Commitment, CommitmentItem, Criterion, Organisation, Person
from bot.demo import DemoInvites
from bot.domain.access import Operator
from bot.domain.achievement import achievement_report
from bot.domain.awards import award_dossier
from bot.domain.year_report import year_report
from bot.text import fold
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW
from tests.support.ledger import ledger_entry
from tests.test_achievement import _docx, _propose_the_unit
from tests.test_awards import PDT

FORM = "giay-khen-thu-truong"  # the head's own award


async def test_a_units_report_with_nothing_confirmed_says_so_in_a_line_not_a_table_of_zeros(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """Phòng Đào tạo proposed itself in December; its treasurer has confirmed nothing this year. The report
    says so as a person's does, and carries no table of the drives with 0 ₫ on every line."""
    proposal = await _propose_the_unit(app)
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert person is not None
        report = await achievement_report(session, Operator(person.org_id), proposal, today=date(2026, 12, 8))
    path = tmp_path / "bao-cao.docx"
    write_achievement_report(report, path, media_dir=app.settings.media_dir, locale="vi", on=NOW.date())
    text, tables = _docx(path)
    assert f"cho tập thể {PDT}." in text
    assert "Chưa có khoản ủng hộ nào được thủ quỹ xác nhận trong năm 2026." in text
    assert "tiền 0\xa0₫" not in text and "Số lượt ủng hộ: 0" not in text
    assert not [table for table in tables if table[0][1] == "Đợt vận động"], tables
    assert all(len(table) > 1 or len(table[0]) == 2 for table in tables)  # no table of a header alone


async def test_a_year_report_with_nothing_confirmed_says_so_and_the_organisations_keeps_its_table(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """The year's report a unit sends with its dossier: with nothing confirmed, one line, no table of zeros;
    the organisation's own report says it in the same line and keeps the drives' table, which sets each drive
    against its target."""
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert person is not None and person.unit_id is not None
        operator = Operator(person.org_id)
        unit = await year_report(
            session, person.org_id, 2026, today=date(2026, 12, 8), actor=operator, unit_id=person.unit_id
        )
        whole = await year_report(session, person.org_id, 2026, today=date(2026, 12, 8), actor=operator)
    write_year_report(unit, tmp_path / "don-vi.docx")
    write_year_report(whole, tmp_path / "co-quan.docx")
    text, tables = _docx(tmp_path / "don-vi.docx")
    assert "Chưa có khoản ủng hộ nào được thủ quỹ xác nhận trong năm 2026." in text
    assert "Số lượt ủng hộ: 0" not in text
    assert not [table for table in tables if table[0][1] == "Đợt vận động"], tables
    text, tables = _docx(tmp_path / "co-quan.docx")
    assert [table for table in tables if table[0][1] == "Đợt vận động"]
    # The school's own report says it in words too, not “tiền 0 ₫ … của 0 người” (found from outside).
    assert "Chưa có khoản ủng hộ nào được thủ quỹ xác nhận trong năm 2026." in text
    assert "Số lượt ủng hộ: 0" not in text and "của 0 người" not in text


async def test_a_schools_achievement_report_proposes_to_its_principal_as_the_councils_letter_does(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """The office set the head's title “Hiệu trưởng”: the council's letter goes to “Hiệu trưởng Trường …”,
    and the report filed with it asks the same person for the award, not the plan's “Thủ trưởng đơn vị”."""
    proposal = await _propose_the_unit(app)
    async with app.sessionmaker() as session, session.begin():
        organisation = await session.get_one(Organisation, (await session.get_one(Person, 1)).org_id)
        organisation.head_title = "Hiệu trưởng"
    async with app.sessionmaker() as session:
        operator = Operator(organisation.id)
        report = await achievement_report(session, operator, proposal, today=date(2026, 12, 8))
        dossier = await award_dossier(session, None, organisation.id, year=2026, form_code=FORM)
    write_achievement_report(
        report, tmp_path / "bao-cao.docx", media_dir=app.settings.media_dir, on=date(2026, 12, 8)
    )
    write_dossier(dossier, tmp_path / "to-trinh.docx", locale="vi", on=NOW.date())
    principal = f"Hiệu trưởng {organisation.name}"
    letter = _docx(tmp_path / "to-trinh.docx")[0]
    assert f"Kính gửi: {principal}" in letter
    # The award by the name the school's plan gives it (seed 002, IV.2), not the plan's “Thủ trưởng đơn vị”.
    assert "tặng Giấy khen của Hiệu trưởng năm 2026" in letter and "Thủ trưởng đơn vị" not in letter
    text, _tables = _docx(tmp_path / "bao-cao.docx")
    assert f"Đề nghị {principal} tặng Giấy khen của Hiệu trưởng năm 2026 cho tập thể {PDT}." in text
    assert "Đề nghị Thủ trưởng đơn vị tặng" not in text
    async with app.sessionmaker() as session:
        whole = await year_report(session, organisation.id, 2026, today=date(2026, 12, 8), actor=operator)
    write_year_report(whole, tmp_path / "co-quan.docx")
    assert "- Giấy khen của Hiệu trưởng: 1 tập thể." in _docx(tmp_path / "co-quan.docx")[0]


async def test_the_papers_are_marked_vietnamese_for_words_spelling_and_name_no_library_as_author(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """Word checks spelling in the language the text is marked with: marked English, every word of the
    letter is underlined in red as a mistake. Its properties (File → Info) are the office's to read too."""
    await _propose_the_unit(app)
    async with app.sessionmaker() as session:
        org_id = (await session.get_one(Person, 1)).org_id
        dossier = await award_dossier(session, None, org_id, year=2026, form_code=FORM)
    write_dossier(dossier, tmp_path / "to-trinh.docx", locale="vi", on=NOW.date())
    document = read_docx(str(tmp_path / "to-trinh.docx"))
    marked = {lang.get(qn("w:val")) for lang in document.styles.element.iter(qn("w:lang"))}
    assert marked == {"vi-VN"}
    properties = document.core_properties
    assert (properties.author, properties.comments, properties.language) == ("Chung Tay", "", "vi-VN")


# The English paper counted one of anything in the plural: “To award … to 1 households”, “1 individuals and 1
# collectives”; the Vietnamese, which has no plural, is as it was.
@pytest.mark.parametrize(
    ("locale", "counts", "written"),
    [
        ("en", (1, 1, 1), "1 individual, 1 household and 1 collective"),
        ("en", (12, 2, 3), "12 individuals, 2 households and 3 collectives"),
        ("vi", (1, 1, 1), "1 cá nhân, 1 hộ gia đình và 1 tập thể"),
    ],
)
def test_a_paper_counts_whom_it_names_in_its_own_language(
    locale: str, counts: tuple[int, int, int], written: str
) -> None:
    people, households, collectives = counts
    assert nominees_text(locale, people=people, households=households, collectives=collectives) == written


async def _unit_of_three_with_one_givers_goods(app: App) -> int:
    """Phòng Đào tạo proposed itself for the yearly Giấy khen: its own registration pledges 2.000.000 ₫ of
    resources raised (money and goods, “huy-dong-nguon-luc”); three of it gave money (500.000 ₫, 300.000 ₫
    and 200.000 ₫, confirmed), Hoàng Thị Thu alone goods (rice valued 400.000 ₫, confirmed). The proposal."""
    proposal = await _propose_the_unit(app)
    async with app.sessionmaker() as session, session.begin():
        people = {p.full_name: p for p in await session.scalars(select(Person))}
        mai = people["Trần Thị Mai"]
        thu = Person(
            org_id=mai.org_id,
            unit_id=mai.unit_id,
            full_name="Hoàng Thị Thu",
            name_key=fold("Hoàng Thị Thu"),
            position="Văn thư",
            kind="staff",
            listed=True,
            created_at=NOW,
        )
        session.add(thu)
        await session.flush()
        for giver, kind, amount in (
            (mai, "money", 500_000),
            (people["Phạm Minh Tuấn"], "money", 300_000),
            (thu, "money", 200_000),
            (thu, "goods", 400_000),
        ):
            session.add(ledger_entry(giver, kind, amount, at=NOW))
        campaign = (await session.scalars(select(Campaign))).one()
        collective = Commitment(
            campaign_id=campaign.id,
            year=2026,
            scope="collective",
            owner_key=f"u:{mai.unit_id}",
            unit_id=mai.unit_id,
            registered_by=people["Phạm Minh Tuấn"].id,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(collective)
        await session.flush()
        criterion = await session.scalar(select(Criterion.id).where(Criterion.code == "huy-dong-nguon-luc"))
        session.add(CommitmentItem(commitment_id=collective.id, criterion_id=criterion, target=2_000_000))
    return proposal


async def _report_of_8_december(app: App, proposal: int, tmp_path: Path) -> tuple[str, list[list[list[str]]]]:
    """The proposal's achievement report as on 8/12/2026, written in Vietnamese and read back as Word opens
    it: its text and its tables."""
    async with app.sessionmaker() as session:
        org_id = (await session.get_one(Person, 1)).org_id
        report = await achievement_report(session, Operator(org_id), proposal, today=date(2026, 12, 8))
    path = tmp_path / "bao-cao.docx"
    write_achievement_report(
        report, path, media_dir=app.settings.media_dir, locale="vi", on=date(2026, 12, 8)
    )
    return _docx(path)


async def test_a_units_item_of_money_and_goods_is_said_as_its_paper_says_them_together(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """Thu alone gave goods, so the unit's paper says its money and goods as one figure, “tiền và hiện vật
    1.400.000 ₫” (decision 0378), and its leader's Monday digest says the unit's pledge reached 70%. The
    achievement report filed for its award said of the same pledge, which counts money and goods together,
    “đã ủng hộ, không nêu số (xem mục 2)” and “—”: the council could not read whether the unit reached what
    it pledged, the plan's first standard (seed 002, III.3)."""
    proposal = await _unit_of_three_with_one_givers_goods(app)
    text, tables = await _report_of_8_december(app, proposal, tmp_path)
    assert "Đã xác nhận: tiền và hiện vật 1.400.000\xa0₫." in text, text
    assert tables[1][1] == [
        "1",
        "Huy động nguồn lực hỗ trợ người nghèo",
        "2.000.000\xa0₫",
        "1.400.000\xa0₫",
        "70%",
    ]
    written = text + str(tables)
    assert "1.000.000" not in written and "trị giá 400.000" not in written  # never the kinds apart


async def test_a_units_achievement_report_is_signed_by_its_head_as_its_year_report_is_without_a_seal(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """Phòng Đào tạo's year's report closes with “TRƯỞNG PHÒNG / (Ký, ghi rõ họ tên)” (decisions 0056, 1191):
    a unit has no seal. Its achievement report, signed by the same head on the same days, asked
    “THỦ TRƯỞNG ĐƠN VỊ / (Ký, đóng dấu)”; the level proposing the award keeps its seal."""
    proposal = await _propose_the_unit(app)
    _text, tables = await _report_of_8_december(app, proposal, tmp_path)
    proposing, head = tables[-1][0]
    assert proposing == "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG\n(Ký, đóng dấu)"
    assert head == "TRƯỞNG PHÒNG\n(Ký, ghi rõ họ tên)", head
