"""The achievement report's annex of evidence (“Phụ lục: Minh chứng”, decision 0062): on a page of its own
after the signatures, the photos sent through the bot of the gifts the report counts and the results it
lists, each downscaled to a JPEG of at most 1600 px, turned upright, under a caption with its number, date and
what it shows; not the photos of a gift rejected, waiting, cancelled by a reversal or of another year, nor of
a result withdrawn or set aside; the same photo once, naming both items; a photo missing or unreadable keeps
its caption with a note; past 40 the rest are counted; a unit's report carries its collective's photos and
never a member's receipt; no photo at all is said in one line. Photos are real JPEG, PNG and WebP files
stored by bot.media as the channels store them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.document import Document
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.db.models import Contribution, Criterion, Drive, Person
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for
from bot.domain.achievement import AchievementReport, achievement_report
from bot.domain.awards import propose_award
from bot.domain.contributions import attach_evidence
from bot.domain.results import EvidencePhoto, record_result, set_aside_result, withdraw_result
from bot.media import StoredFile, store
from tests.support.clocks import NOW
from tests.support.ledger import ledger_entry
from tests.test_achievement import MY_REPORT, _handed, claim_mai
from tests.test_awards import MAI, PDT, SUMMARY, YEARLY, _world, propose_mai
from tests.test_flows import join
from tests.test_notices import notices, press

TODAY = date(2026, 12, 1)
ANNEX = "PHỤ LỤC: MINH CHỨNG"
NO_PHOTO = "Chưa có ảnh minh chứng nào được gửi qua Chung Tay."
NOT_OPENED = "(không mở được ảnh)"
PEAK = "Tháng cao điểm “Vì người nghèo” 2026"
FUND = "Quỹ “Vì người nghèo”"
HELPED = "Số hộ nghèo, hộ khó khăn được giúp đỡ"


def picture(fmt: str, colour: tuple[int, ...], size: tuple[int, int] = (64, 48), **options) -> bytes:  # type: ignore[no-untyped-def]
    """A real picture file of one colour (an alpha channel for PNG: a screenshot with transparency)."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, colour)
    out = BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def turned_photo() -> bytes:
    """A phone's 3000×2000 JPEG held upright: the camera wrote it sideways, with EXIF orientation 6."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return picture("JPEG", (200, 40, 40), (3000, 2000), exif=exif)


class World:
    """The demo school, with Mai (a member of Phòng Đào tạo) and Tuấn (its leader)."""

    def __init__(self, app: App, session: AsyncSession, ids: dict[str, int]) -> None:
        self.app, self.session, self.ids = app, session, ids

    async def person(self, name: str) -> Person:
        return await self.session.get_one(Person, self.ids[name])

    def stored(self, content: bytes) -> StoredFile:
        return store(self.app.settings.media_dir, content)

    async def gift(
        self,
        kind: str,
        amount: int = 0,
        *,
        photo: bytes | None,
        at: datetime = NOW,
        drive: str | None = None,
        **rest,  # type: ignore[no-untyped-def]
    ) -> Contribution:
        """A gift of Mai's (any status), with its receipt photo stored and attached as the chat does."""
        mai = await self.person(MAI)
        drive_id = await self.session.scalar(select(Drive.id).where(Drive.code == drive)) if drive else None
        description = rest.pop("description", None)
        entry = ledger_entry(mai, kind, amount, drive_id=drive_id, at=at, **rest)
        entry.description = description or entry.description
        self.session.add(entry)
        await self.session.flush()
        if photo is not None:
            kept = self.stored(photo)
            await attach_evidence(
                self.session,
                entry,
                sha256=kept.sha256,
                path=kept.path,
                size=kept.size,
                channel="telegram",
                uploaded_by=mai,
                now=at,
            )
        return entry

    async def result(
        self, code: str, quantity: int, text: str, *, photo: bytes | None, unit: bool = False
    ) -> int:
        """A result of Mai's or (`unit`) of Phòng Đào tạo's collective, recorded by Tuấn, with its photo."""
        criterion = await self.session.scalar(select(Criterion).where(Criterion.code == code))
        assert criterion is not None
        kept = self.stored(photo) if photo is not None else None
        result = await record_result(
            self.session,
            await self.person("Phạm Minh Tuấn" if unit else MAI),
            campaign_id=criterion.campaign_id,
            year=2026,
            criterion_id=criterion.id,
            quantity=quantity,
            description=text,
            unit_id=self.ids["PDT"] if unit else None,
            photo=EvidencePhoto(kept.sha256, kept.path, kept.size) if kept else None,
            now=NOW + timedelta(hours=1),
        )
        return result.id

    async def report(self, *, unit: bool = False) -> AchievementReport:
        """Tuấn proposes Mai (or the unit) for the yearly Giấy khen; its report's figures as of 1/12."""
        proposal = await propose_award(
            self.session,
            await actor_for(self.session, await self.person("Phạm Minh Tuấn")),
            form_id=self.ids[YEARLY],
            year=2026,
            unit_id=self.ids["PDT"],
            person_id=None if unit else self.ids[MAI],
            summary=SUMMARY,
            now=NOW,
        )
        return await achievement_report(self.session, Operator(self.ids["org"]), proposal.id, today=TODAY)


async def world(app: App) -> World:
    """The world of these tests, written on the demo already in the app's database (`invites`)."""
    ids = await _world(app)
    return World(app, app.sessionmaker(), ids)


def written(app: App, report: AchievementReport, path: Path) -> Document:
    write_achievement_report(report, path, media_dir=app.settings.media_dir, on=TODAY)
    return read_docx(str(path))


def annex(document: Document) -> list[str]:
    """The annex's lines of text, from its title on (a picture's paragraph has none)."""
    lines = [p.text for p in document.paragraphs if p.text]
    return lines[lines.index(ANNEX) :]


def captions(document: Document) -> list[str]:
    return [line for line in annex(document) if re.match(r"Ảnh \d+\. ", line)]


def pictures(document: Document) -> list[tuple[str, int, int]]:
    """Each embedded picture's type and size in pixels."""
    found = []
    for shape in document.inline_shapes:
        image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].image
        found.append((image.content_type, image.px_width, image.px_height))
    return found


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_a_persons_annex_shows_the_photos_of_the_gifts_counted_and_the_results_standing(
    any_app: App, tmp_path: Path
) -> None:
    w = await world(any_app)
    async with w.session, w.session.begin():
        # Counted: 500.000 ₫ to the peak month (a phone photo, sideways in the file), 2 labour days to the
        # Fund (a WebP receipt), given in the evening of 2/11 UTC: 3/11 in Vietnam.
        peak = await w.gift("money", 500_000, photo=turned_photo(), drive="cao-diem-2026")
        days = await w.gift(
            "labour",
            days=2,
            photo=picture("WEBP", (40, 160, 40)),
            at=datetime(2026, 11, 2, 18, 30, tzinfo=UTC),
        )
        # Not counted: cancelled by a reversal, rejected, waiting, of 2025.
        wrong = await w.gift("money", 700_000, photo=picture("JPEG", (1, 2, 3)))
        await w.gift("money", -700_000, reverses=wrong, photo=None)
        await w.gift("money", 9_000_000, status="rejected", photo=picture("JPEG", (4, 5, 6)))
        await w.gift("money", 200_000, status="recorded", photo=picture("JPEG", (7, 8, 9)))
        await w.gift("money", 4_400_000, year=2025, photo=picture("JPEG", (10, 11, 12)))
        # A result standing (a PNG screenshot), one withdrawn, one set aside.
        await w.result(
            "giup-ho-ngheo",
            2,
            "Hướng dẫn hộ anh Kha nuôi bò sinh sản",
            photo=picture("PNG", (0, 0, 255, 128)),
        )
        slip = await w.result("giup-ho-ngheo", 1, "Ghi nhầm", photo=picture("PNG", (13, 14, 15, 255)))
        doubted = await w.result("sang-kien", 1, "Chưa rõ", photo=picture("PNG", (16, 17, 18, 255)))
        await withdraw_result(w.session, await actor_for(w.session, await w.person(MAI)), slip, now=NOW)
        tuan = await actor_for(w.session, await w.person("Phạm Minh Tuấn"))
        await set_aside_result(w.session, tuan, doubted, reason="Chưa rõ", now=NOW)
        report = await w.report()
    document = written(any_app, report, tmp_path / "mai.docx")

    assert captions(document) == [
        f"Ảnh 1. 03/11/2026 – Ủng hộ {FUND}: 2 ngày công, đã xác nhận ({days.ref})",
        f"Ảnh 2. 22/11/2026 – Ủng hộ đợt vận động {PEAK}: 500.000\xa0₫, đã xác nhận ({peak.ref})",
        f"Ảnh 3. 22/11/2026 – Kết quả – {HELPED}: 2; Hướng dẫn hộ anh Kha nuôi bò sinh sản",
    ]
    assert annex(document)[1] == (
        "Ảnh minh chứng gửi qua Chung Tay của các khoản ủng hộ đã được xác nhận và các kết quả nêu trong báo "
        "cáo này (năm 2026)."
    )
    # Three pictures, each a JPEG: the WebP and the PNG converted, the phone photo upright and 1600 px tall.
    assert pictures(document) == [("image/jpeg", 64, 48), ("image/jpeg", 1067, 1600), ("image/jpeg", 64, 48)]
    text = "\n".join(annex(document))
    for left_out in ("700.000", "9.000.000", "200.000", "4.400.000", "Ghi nhầm", "Chưa rõ"):
        assert left_out not in text


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_annex_starts_a_page_after_the_signatures_and_never_parts_a_photo_from_its_caption(
    app: App, tmp_path: Path
) -> None:
    w = await world(app)
    async with w.session, w.session.begin():
        await w.gift("money", 500_000, photo=turned_photo())
        await w.gift("money", 300_000, photo=picture("JPEG", (90, 90, 90), (1200, 900)))
        report = await w.report()
    document = written(app, report, tmp_path / "mai.docx")
    body = document.element.body
    title = next(p for p in document.paragraphs if p.text == ANNEX)
    assert title.paragraph_format.page_break_before
    assert list(body).index(document.tables[-1]._tbl) < list(body).index(title._p)  # after the signatures
    holders = [p for p in document.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(holders) == 2
    for holder in holders:
        assert holder.paragraph_format.keep_with_next
        following = holder._p.getnext()
        assert following.xpath("string(.)").startswith("Ảnh ")  # its caption right under it
    # Scaled into the page between the decree's margins (30 and 15 mm): at most 165 mm wide, 110 mm tall.
    for shape in document.inline_shapes:
        assert shape.width <= 165 * 36_000 and shape.height <= 110 * 36_000 + 1
    assert abs(document.sections[0].left_margin - 30 * 36_000) < 1_000  # read back in twips


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_same_photo_sent_for_a_gift_and_a_result_is_printed_once_naming_both(
    app: App, tmp_path: Path
) -> None:
    w = await world(app)
    handover = picture("JPEG", (120, 60, 0))
    async with w.session, w.session.begin():
        gift = await w.gift("goods", 300_000, photo=handover, description="5 áo ấm")
        await w.result("giup-ho-ngheo", 1, "Trao áo ấm cho hộ bà Lan", photo=handover)
        report = await w.report()
    document = written(app, report, tmp_path / "mai.docx")
    assert len(document.inline_shapes) == 1
    assert captions(document) == [
        f"Ảnh 1. 22/11/2026 – Ủng hộ {FUND}: 5 áo ấm, trị giá khoảng 300.000\xa0₫, đã xác nhận ({gift.ref}); "
        f"22/11/2026 – Kết quả – {HELPED}: 1; Trao áo ấm cho hộ bà Lan"
    ]


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_a_photo_missing_or_unreadable_keeps_its_caption_with_a_note_and_the_report_is_made(
    app: App, tmp_path: Path
) -> None:
    w = await world(app)
    async with w.session, w.session.begin():
        lost = await w.gift("money", 100_000, photo=picture("JPEG", (1, 1, 1)))
        broken = await w.gift("money", 200_000, photo=b"\xff\xd8\xff not really a photo")
        fine = await w.gift("money", 300_000, photo=picture("JPEG", (2, 2, 2)))
        report = await w.report()
    (app.settings.media_dir / report.evidence[0].path).unlink()  # the disk lost it
    document = written(app, report, tmp_path / "mai.docx")
    assert len(document.inline_shapes) == 1
    assert captions(document) == [
        f"Ảnh 1. 22/11/2026 – Ủng hộ {FUND}: 100.000\xa0₫, đã xác nhận ({lost.ref}) {NOT_OPENED}",
        f"Ảnh 2. 22/11/2026 – Ủng hộ {FUND}: 200.000\xa0₫, đã xác nhận ({broken.ref}) {NOT_OPENED}",
        f"Ảnh 3. 22/11/2026 – Ủng hộ {FUND}: 300.000\xa0₫, đã xác nhận ({fine.ref})",
    ]


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_past_forty_photos_the_annex_counts_the_rest_kept_in_the_bot(app: App, tmp_path: Path) -> None:
    w = await world(app)
    async with w.session, w.session.begin():
        for n in range(43):
            await w.gift(
                "money", 10_000 + n, photo=picture("JPEG", (n * 5, 100, 200)), at=NOW + timedelta(minutes=n)
            )
        report = await w.report()
    document = written(app, report, tmp_path / "mai.docx")
    assert len(document.inline_shapes) == 40
    shown = captions(document)
    assert len(shown) == 40 and "10.039\xa0₫" in shown[-1]
    assert annex(document)[-1] == (
        "Còn 3 ảnh minh chứng khác lưu trên Chung Tay, không in ở đây; văn phòng có thể đề nghị gửi."
    )
    assert (tmp_path / "mai.docx").stat().st_size < 1_000_000


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_a_units_annex_carries_its_collective_results_photos_and_no_members_receipt(
    any_app: App, tmp_path: Path
) -> None:
    w = await world(any_app)
    async with w.session, w.session.begin():
        await w.gift("money", 500_000, photo=picture("JPEG", (255, 0, 0)))  # Mai's own: hers alone
        await w.result("giup-ho-ngheo", 2, "Mai giúp hộ anh Kha", photo=picture("JPEG", (0, 255, 0)))
        await w.result(
            "tuyen-truyen", 3, "Ba buổi tuyên truyền ở thôn 3", photo=picture("JPEG", (0, 0, 255)), unit=True
        )
        report = await w.report(unit=True)
    document = written(any_app, report, tmp_path / "unit.docx")
    assert f"tập thể {PDT}" in "\n".join(p.text for p in document.paragraphs)
    assert len(document.inline_shapes) == 1
    assert annex(document)[1:] == [
        "Ảnh minh chứng gửi qua Chung Tay của các kết quả nêu trong báo cáo này (năm 2026).",
        "Ảnh 1. 22/11/2026 – Kết quả – Tuyên truyền, vận động giúp đỡ người nghèo: 3; Ba buổi tuyên truyền ở "
        "thôn 3",
    ]


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_with_no_photo_sent_the_annex_says_so_in_one_line(app: App, tmp_path: Path) -> None:
    w = await world(app)
    async with w.session, w.session.begin():
        await w.gift("money", 500_000, photo=None)
        report = await w.report()
    document = written(app, report, tmp_path / "mai.docx")
    assert annex(document) == [ANNEX, NO_PHOTO] and len(document.inline_shapes) == 0


@pytest.mark.parametrize("profile", ["buttons"], indirect=True)
async def test_the_draft_handed_over_in_the_chat_carries_the_photos(
    app: App, make_person, invites: DemoInvites
) -> None:
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await join(tu, invites.leader, "Phạm Văn Tú")
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        w = World(app, session, ids)
        await w.gift("money", 500_000, photo=picture("PNG", (0, 128, 0, 255)))
    await propose_mai(tu)
    await tu.choose("Có")
    [notice] = notices(mai)
    await press(mai, notice, MY_REPORT)
    [path] = _handed(app, mai)
    document = read_docx(str(path))
    assert len(document.inline_shapes) == 1 and captions(document)[0].startswith("Ảnh 1. 22/11/2026 – Ủng hộ")
