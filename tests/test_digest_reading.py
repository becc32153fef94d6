"""The Monday digest as its readers get it on a phone: a commune's hamlet head, a department's head and the
organisation's head, on Zalo (text only, split under 2,000 units) and on Telegram. What they read must be in
their own words, what is due this week must be on the first screen, and a split must never cut a name or
leave a heading apart from what it heads."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from sqlalchemy import func, select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.channels.telegram.render import split_text
from bot.conversation.render import render_parts
from bot.db.models import (
    Contribution,
    Drive,
    Organisation,
    OrgSchedule,
    OutboxMessage,
    RegistrationWindow,
    RoleAssignment,
    Unit,
)
from bot.delivery.transport import OutboundMessage
from bot.domain.access import Actor
from bot.domain.charts import CHART_SIZE, chart_figure
from bot.domain.digests import (
    Context,
    Period,
    RegistrationYear,
    UnitFigures,
    Upcoming,
    chart_input,
    org_context,
    places,
    rollup_text,
    unit_text,
    week_before,
    week_held,
)
from bot.domain.drives import drive_progress
from bot.domain.reminder_lines import Leaderless, Unanswered, UnitsProposed, UnitsStanding
from bot.i18n import format_vnd
from bot.messages import BUTTONS, TEXT_ONLY
from bot.text import sort_key
from bot.year_report_doc import write_year_report
from scheduler.jobs import JobContext, plan_reminders, send_reminders, weekly_digests
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, commit_to, new_person, seed
from tests.test_digests import DUE, add_households, database_seed, digests, local, org, weekly
from tests.test_year_report import _report

# the seeded organisation of the digest's tests (and what seeds it), as fixtures here too
__all__ = ["database_seed", "org"]

COMMUNE = "UBND xã Hòa Bình"


async def _commune(app: App, org: Seeded) -> None:
    """The seeded organisation as a commune, with its hamlet (Thôn 3) led by Phòng A's leader."""
    await add_households(app, org)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).where(Organisation.id == org.org.id).values(name=COMMUNE))


@pytest.mark.sqlite_only
async def test_the_deadlines_ahead_are_said_in_the_readers_words_not_in_a_schools(
    any_app: App, org: Seeded
) -> None:
    await _commune(any_app, org)
    assert await weekly(any_app, DUE) == 4
    sent = await digests(any_app)
    hamlet = next(
        text for text in sent[org.people["Lãnh đạo A"].id] if text.startswith("Bản tin tuần của Thôn 3")
    )
    # the hamlet head reads the hamlet's own task, sent to the commune, as the 1/12 reminder said it
    # with where the hamlet stands on it (decision 0198)
    assert (
        f"• Thôn 3 gửi hồ sơ đề nghị khen thưởng về {COMMUNE}: hạn 10/12/2026. Thôn 3 chưa trả lời: chưa đề "
        "nghị ai (/dekhenthuong), chưa chọn “Đã xong”."
    ) in hamlet.split("\n")
    unit_b = sent[org.people["Lãnh đạo B"].id][0]  # in English
    assert (
        f"• Phòng B sends its award proposals to {COMMUNE}: due on 10/12/2026. Phòng B has not answered "
        "yet: no one proposed (/awards), “Done” not chosen."
    ) in unit_b.split("\n")
    # the head reads it as the units' deadline they oversee, and the organisation's own submission as the
    # organisation's, sent up (not the plan's "Đơn vị … về Sở", read as if it concerned the units)
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    # with where the units stand (decision 0198)
    assert (
        f"• Hạn các thôn, ban gửi hồ sơ đề nghị khen thưởng về {COMMUNE}: 10/12/2026. Các thôn, ban đã đề "
        "nghị: 0/3, 0 đề nghị. Chưa trả lời: Phòng A, Phòng B, Thôn 3."
    ) in rollup
    assert f"• {COMMUNE} gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026." in rollup
    assert not any("về Sở" in line for line in rollup)
    for texts in sent.values():
        for text in texts:
            assert "phòng, khoa, trung tâm" not in text.lower()


async def test_on_zalo_a_long_list_of_households_not_registered_is_split_between_names_never_inside_one(
    any_app: App, org: Seeded
) -> None:
    """A hamlet of 180 households, names shown: the line of those not registered is longer than a Zalo
    message, and each message ends and begins with whole names."""
    hamlet = await add_households(any_app, org)
    rng = random.Random(5)
    names: list[str] = []
    async with any_app.sessionmaker() as session, session.begin():
        session.add(OrgSchedule(org_id=org.org.id, digest_weekday=0, digest_time="07:30", show_names=True))
        every = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        for n, who in enumerate(rng.sample(every, 180)):
            name = f"Hộ {'ông' if n % 2 else 'bà'} {who}"
            household = new_person(org, name, None, now=DUE - timedelta(days=20))
            household.kind, household.unit_id = "household", hamlet.id
            session.add(household)
            names.append(name)
    assert await weekly(any_app, DUE) == 4
    text = next(
        t for t in (await digests(any_app))[org.people["Lãnh đạo A"].id] if "Thôn 3" in t.split("\n")[0]
    )
    parts = on_zalo(text)
    assert len(parts) >= 3 and all(utf16_units(part) <= 2000 for part in parts)
    assert parts[0].startswith("Bản tin tuần của Thôn 3")
    for name in names:  # every name whole in one message, none cut in two
        assert any(name in part for part in parts), name
    for part in parts[1:]:  # names, then how to stop it (2508), whole
        assert part.startswith(("Hộ ", "Muốn thôi nhận tin hằng tuần này")), part[:40]


def on_zalo(text: str) -> list[str]:
    """The messages the Zalo channel sends for a digest's text (its transport renders it so)."""
    return render_parts(OutboundMessage(text=text).as_reply(), TEXT_ONLY)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Thị Thanh", "Xuân", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan", "Linh", "Long", "Mai")


BLOCKS = {
    "Khối Hành chính": [
        f"Phòng {name}"
        for name in (
            "Kế hoạch tổng hợp",
            "Tổ chức cán bộ",
            "Tài chính kế toán",
            "Điều dưỡng",
            "Hành chính quản trị",
            "Vật tư thiết bị y tế",
            "Quản lý chất lượng",
            "Công tác xã hội",
        )
    ],
    "Khối Nội": [
        f"Khoa {name}"
        for name in (
            "Nội tổng hợp",
            "Nội tim mạch",
            "Nội thần kinh",
            "Nội tiêu hóa",
            "Nội thận – Tiết niệu",
            "Lão khoa",
            "Nhi",
            "Truyền nhiễm",
            "Y học cổ truyền",
            "Phục hồi chức năng",
        )
    ],
    "Khối Ngoại": [
        f"Khoa {name}"
        for name in (
            "Ngoại tổng hợp",
            "Ngoại chấn thương chỉnh hình",
            "Ngoại thần kinh",
            "Phẫu thuật – Gây mê hồi sức",
            "Sản",
            "Tai Mũi Họng",
            "Mắt",
            "Răng Hàm Mặt",
            "Hồi sức tích cực – Chống độc",
            "Cấp cứu",
        )
    ],
    "Khối Cận lâm sàng": [
        f"Khoa {name}"
        for name in (
            "Xét nghiệm",
            "Chẩn đoán hình ảnh",
            "Giải phẫu bệnh",
            "Dược",
            "Dinh dưỡng",
            "Kiểm soát nhiễm khuẩn",
            "Thăm dò chức năng",
        )
    ],
}
HOSPITAL = "Bệnh viện Đa khoa tỉnh Hà Tĩnh"


def hospital_units(blocks: dict[str, list[str]] = BLOCKS, seed: int = 3) -> list[UnitFigures]:
    """A provincial hospital's departments (35 of 900 staff in 4 Khối thi đua by default), most with gifts
    confirmed and waiting, half registered as a unit, six weeks of gifts."""
    rng, gifts = random.Random(seed), random.Random(seed + 1)
    units = []
    for block, names in blocks.items():
        for name in names:
            people = rng.randrange(10, 45)
            registered = rng.randrange(0, people + 1)
            units.append(
                UnitFigures(
                    len(units) + 1,
                    name,
                    people=people,
                    registered=registered,
                    took_part=registered,  # who registered gave nothing else
                    confirmed_vnd=rng.randrange(5, 100) * 100_000,
                    waiting_vnd=rng.randrange(0, 40) * 100_000,
                    collective_registered=rng.random() < 0.5,
                    block=block,
                    weekly_vnd=[gifts.randrange(0, 20) * 100_000 for _week in range(6)],
                )
            )
    return units


def hospital_rollup(locale: str = "vi", units: list[UnitFigures] | None = None) -> str:
    """A provincial hospital's roll-up (`hospital_units` by default); the units' dossier due in three
    days."""
    units = hospital_units() if units is None else units
    deadlines = (
        Upcoming(
            date(2026, 12, 10), "Các phòng, khoa, trung tâm gửi hồ sơ …", "leader", "ho-so-khen-thuong-don-vi"
        ),
        Upcoming(
            date(2026, 12, 15),
            "Đơn vị gửi hồ sơ đề nghị khen thưởng về Sở",
            "admin",
            "ho-so-khen-thuong-len-so",
        ),
    )
    context = Context(2026, deadlines, None, week_before(DUE), HOSPITAL)
    return rollup_text(locale, HOSPITAL, units, context)


def test_on_zalo_a_hospitals_roll_up_gives_what_is_due_first_and_keeps_each_block_with_its_heading() -> None:
    text = hospital_rollup()
    parts = on_zalo(text)
    # three messages at most (four while each line said “đã xác nhận … chờ xác nhận”; two before the first
    # screen said the week before's gifts beside the week's), the split between blocks
    assert len(parts) <= 3 and all(utf16_units(part) <= 2000 for part in parts)
    first = parts[0].split("\n")
    # the first message: where the hospital stands and what is due, before the 35 departments
    assert first[0].startswith(f"Bản tin tuần của {HOSPITAL}")
    assert f"• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về {HOSPITAL}: 10/12/2026." in first
    assert f"• {HOSPITAL} gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026." in first
    # … and which departments lag, the three lowest, where the list (highest first) would end two messages on
    lowest = sorted(hospital_units(), key=lambda u: (u.took_part / u.people, u.name))[:3]
    named = "; ".join(
        f"{u.name}: {u.took_part}/{u.people} người ({round(u.took_part / u.people * 100)}%)" for u in lowest
    )
    assert f"Tham gia thấp nhất: {named}" in first[:4]
    headings = {f"{block}:" for block in BLOCKS}
    shown = [part.split("\n") for part in parts]
    for lines in shown:
        # no message ends on a heading, and none goes on with a block's departments without its heading
        assert not lines[-1].endswith(":") and not any(lines[-1].startswith(h) for h in headings), lines[-1]
        departments = [n for n, line in enumerate(lines) if line.startswith(("• Phòng", "• Khoa"))]
        if departments:
            assert any(lines[departments[0] - 1].startswith(h) for h in headings), lines[departments[0] - 1]
    every = [line for lines in shown for line in lines]
    department_lines = [line for line in every if line.startswith(("• Phòng", "• Khoa"))]
    assert len(department_lines) == 35  # nothing lost in the split
    # each figure says what it counts: people, for the departments and the blocks alike
    assert all(" người (" in line for line in department_lines)
    assert all(" người (" in line for line in every if any(line.startswith(h) for h in headings))
    # on Telegram the same text, at most two messages, cut between blocks
    telegram = split_text(text)
    assert len(telegram) <= 2 and all(len(part) <= 4096 for part in telegram)
    assert all(part.split("\n")[0].startswith((f"Bản tin tuần của {HOSPITAL}", "Khối ")) for part in telegram)


def test_35_units_with_no_treasurer_are_named_five_with_most_waiting_first_the_rest_counted() -> None:
    """Monday 7 December, a hospital whose departments have no treasurer yet: the director read one line
    naming all 35 departments with what waits in each, a screen and a half on a phone before its list of
    them. The five with most waiting are named, the others counted, every entry still in a figure."""
    units = hospital_units()
    for n, unit in enumerate(units):
        unit.waiting_entries = unit.unattended = 3 + n % 7
    waiting = sum(unit.unattended for unit in units)
    most = sorted(units, key=lambda u: (-u.unattended, u.name))[:5]
    rest = sum(unit.unattended for unit in units) - sum(unit.unattended for unit in most)
    text = hospital_rollup(units=units)
    line = next(line for line in text.split("\n") if line.startswith("Khoản chờ không có ai xác nhận: "))
    named = "; ".join(f"{u.name}: {u.unattended}" for u in most)
    assert line.startswith(
        f"Khoản chờ không có ai xác nhận: {named}; và 30 đơn vị khác: {rest} (quản trị viên "
    )
    assert f"Khoản chờ xác nhận: {waiting}" in text.split("\n")
    # on Zalo it still goes in three messages at most, what is due in the first
    parts = on_zalo(text)
    assert len(parts) <= 3 and "10/12/2026" in parts[0]
    english = hospital_rollup("en", units=units).split("\n")
    assert any(
        line.endswith(
            f"; and 30 other units: {rest} (an administrator makes someone treasurer of the "
            "unit in “Roles”, /roles)"
        )
        for line in english
    )


@pytest.mark.parametrize(("waiting", "named"), [(5, 5), (6, 6), (7, 5)])
def test_one_department_left_over_is_named_not_counted_as_one_other(waiting: int, named: int) -> None:
    """The head's line of entries nobody may confirm, where 5, 6 or 7 departments have some, each 2 (all
    tied): the sixth read “…; và 1 đơn vị khác: 2”, a figure standing for one department whose name is as
    short. One left is named; two or more are counted, in the name order the ties are put in."""
    units = hospital_units()
    for unit in units[:waiting]:
        unit.waiting_entries = unit.unattended = 2
    ordered = sorted(units[:waiting], key=lambda u: sort_key(u.name))
    named_line = "; ".join(f"{u.name}: 2" for u in ordered[:named])
    for locale, others in (("vi", "và {n} đơn vị khác: {e}"), ("en", "and {n} other units: {e}")):
        text = hospital_rollup(locale, units=units)
        line = next(line for line in text.split("\n") if line.count(": 2") >= min(waiting, named))
        rest = others.format(n=waiting - named, e=2 * (waiting - named))
        assert (named_line + ("; " + rest if waiting > named else " (")) in line, line
        assert ("khác:" in line or "other unit" in line) == (waiting > named), line


async def test_a_drive_reads_in_the_digest_as_on_its_own_screen_what_a_treasurer_confirmed(
    any_app: App, org: Seeded
) -> None:
    """The head opens “Đợt vận động” after reading the digest: the same figure, confirmed, against the
    target; gifts still waiting are not counted as given."""
    async with any_app.sessionmaker() as session:
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem"))
        assert drive is not None
        progress = await drive_progress(session, drive)
        confirmed = {
            unit: await session.scalar(
                select(func.coalesce(func.sum(Contribution.amount_vnd), 0)).where(
                    Contribution.drive_id == drive.id,
                    Contribution.unit_id == org.units[unit].id,
                    Contribution.status == "confirmed",
                )
            )
            for unit in ("A", "B")
        }
    assert progress.pending_vnd > 0  # some gifts to the drive still wait: they must not count
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    rollup = sent[org.people["Thủ trưởng"].id][0]
    given = format_vnd(progress.confirmed_vnd, "vi")
    # how far along, as a percentage, as the commitments' lines say it
    percent = progress.confirmed_vnd * 100 // 50_000_000
    assert 0 < percent < 100
    assert f"Đợt vận động “Cao điểm”: đã xác nhận {given} / 50.000.000\xa0₫ ({percent}%)" in rollup.split(
        "\n"
    )
    unit_a = sent[org.people["Lãnh đạo A"].id][0]
    # said once, as a leader says it: not “đơn vị đã ủng hộ … đã được xác nhận”
    assert (
        f"Đợt vận động “Cao điểm”: đơn vị ủng hộ được {format_vnd(confirmed['A'], 'vi')} (đã xác nhận)"
        in unit_a
    )


def _chart(units: list[UnitFigures], locale: str = "vi") -> tuple[list[str], str, list[str], tuple[int, int]]:
    """What the head sees on the roll-up's chart: the units' names down the bars, the bars' title, the names
    of the trend's weeks, and the picture's size in pixels."""
    bars, trend, weeks = chart_input(units, week_before(DUE))
    figure = chart_figure(locale, bars, trend, weeks)
    bars_axes, trend_axes = figure.axes[:2]
    width, height = (figure.get_size_inches() * figure.dpi).round().astype(int)
    return (
        [label.get_text() for label in bars_axes.get_yticklabels()],
        bars_axes.get_title(),
        [label.get_text() for label in trend_axes.get_xticklabels()],
        (int(width), int(height)),
    )


def test_the_roll_ups_chart_shows_every_one_of_a_hospitals_35_departments_the_lowest_last() -> None:
    units = hospital_units()
    names, title, _weeks, (width, height) = _chart(units)
    by_placing = sorted(units, key=lambda u: (-u.placing, u.name))
    # all 35, in the roll-up's order: the departments that lag are on it, at the bottom
    assert names == [unit.name for unit in by_placing]
    assert title == "Tiến độ các đơn vị"
    assert width == CHART_SIZE[0] and height >= 35 * 20  # taller, so that 35 names stay readable on a phone
    small = hospital_units({"Khối Nội": BLOCKS["Khối Nội"]})  # ten units: the picture as ever
    assert _chart(small)[3] == CHART_SIZE


def test_beyond_40_units_the_chart_shows_the_15_lowest_and_says_so() -> None:
    blocks = {**BLOCKS, "Khối Y tế cơ sở": [f"Trạm Y tế xã {n}" for n in range(1, 26)]}
    units = hospital_units(blocks)
    assert len(units) == 60
    names, title, _weeks, size = _chart(units)
    lowest = sorted(units, key=lambda u: (-u.placing, u.name))[-15:]
    assert names == [unit.name[:21] + "…" if len(unit.name) > 22 else unit.name for unit in lowest]
    assert title == "15 đơn vị có tỷ lệ tham gia thấp nhất / 60"
    assert size == CHART_SIZE
    assert _chart(units, "en")[1] == "The 15 units with the lowest participation, of 60"


def test_a_communes_chart_draws_each_hamlet_by_its_households_not_its_head() -> None:
    """Each hamlet lists its head as a person: its chart row drew a people's bar at 0 % beside its households'
    mark, a hamlet of one person who did nothing (decision 1498's Left). A hamlet is drawn as its line reads,
    by its households (8 of 10: a bar to 80 %); the commune's office, of staff, by its people (1569)."""
    hamlets = [
        UnitFigures(n, f"Thôn {n}", people=1, households=10, households_took_part=took, weekly_vnd=[0] * 6)
        for n, took in ((1, 2), (2, 8))
    ]
    office = UnitFigures(3, "Văn phòng", people=4, took_part=4, registered=4, weekly_vnd=[0] * 6)
    bars, trend, weeks = chart_input([*hamlets, office], week_before(DUE))
    axes = chart_figure("vi", bars, trend, weeks).axes[0]
    drawn = {
        (round(patch.get_y() + patch.get_height() / 2), round(patch.get_width()))
        for patch in axes.patches
        if patch.get_width() > 0
    }
    names = [label.get_text() for label in axes.get_yticklabels()]
    assert (names.index("Văn phòng"), 100) in drawn and (names.index("Thôn 2"), 80) in drawn
    assert (names.index("Thôn 1"), 20) in drawn
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend == ["Người đã tham gia (%)", "Hộ gia đình đã tham gia (%)", "Đã ủng hộ so với đăng ký (%)"]


def test_the_charts_weeks_are_named_by_their_first_day_on_an_axis_from_zero() -> None:
    """The trend's six weeks before Monday 7/12: each named by its Monday, not numbered 1 to 6; its axis
    starts at 0 đồng, where it started at the lowest week's 27 million and a quarter less read as nothing."""
    units = hospital_units()
    _names, _title, weeks, _size = _chart(units)
    assert weeks == ["26/10", "02/11", "09/11", "16/11", "23/11", "30/11"]
    trend_axes = chart_figure("vi", *chart_input(units, week_before(DUE))).axes[1]
    assert min(sum(week) for week in zip(*(unit.weekly_vnd for unit in units), strict=True)) > 20_000_000
    assert trend_axes.get_ylim()[0] == 0


def test_a_week_one_person_gave_in_is_no_point_on_the_heads_chart_and_a_treasurer_reads_it() -> None:
    """The hospital's trend, read by its director (a leader of the whole organisation): in the week of 30/11
    one person alone gave (1.800.000 ₫ in Khoa Nội); the chart drew it at 1,8 million, her gift read off the
    axis, where the digest's text says “1 người ủng hộ” (0560). No point for that week, the other weeks as
    before; a treasurer of the whole hospital reads it (decision 0561)."""
    units = hospital_units()
    for number, unit in enumerate(units):
        unit.weekly_vnd[-1] = 0
        five = frozenset(range(10 * number + 10, 10 * number + 15))  # five of its own each week
        unit.weekly_kind_people = [{"money": five} for _week in range(5)] + [{}]
    units[0].weekly_vnd[-1] = 1_800_000
    units[0].weekly_kind_people[-1] = {"money": frozenset({10})}
    head = Actor(1, 1, None, frozenset({("leader", None)}))
    treasurer = Actor(2, 1, None, frozenset({("leader", None), ("treasurer", None)}))
    drawn = {}
    for name, reader in (("head", head), ("treasurer", treasurer)):
        held = week_held(reader, 1, units).weeks
        line = chart_figure("vi", *chart_input(units, week_before(DUE), (), held)).axes[1].get_lines()[0]
        drawn[name] = [float(value) for value in line.get_ydata()]
    assert math.isnan(drawn["head"][-1]) and drawn["treasurer"][-1] == 1.8
    assert drawn["head"][:-1] == drawn["treasurer"][:-1] and not any(map(math.isnan, drawn["head"][:-1]))
    # The week before, the office's clerk (of no department) gave 700.000 ₫ beside the departments' 5 givers
    # each: the text says the whole hospital's week (“tuần trước”), so its chart draws the same figure, where
    # it drew the departments' alone, the text's less the chart's point being the clerk's gift.
    clerk = UnitFigures(0, "", weekly_vnd=[0, 0, 0, 0, 700_000, 0])
    clerk.weekly_kind_people = [{} for _week in range(6)]
    clerk.weekly_kind_people[-2] = {"money": frozenset({1})}
    held = week_held(head, 1, [*units, clerk])
    context = Context(2026, (), None, week_before(DUE), HOSPITAL)
    text = rollup_text("vi", HOSPITAL, units, context, outside=clerk, week_held=held)
    said = text.split("(tuần trước: tiền và hiện vật ")[1].split("\xa0₫")[0]
    trend = chart_input(units, week_before(DUE), (), held.weeks, clerk)[1]
    assert trend[-2] == int(said.replace(".", "")) and trend[-1] is None, (said, trend)


def test_a_units_own_chart_is_titled_by_its_whole_name_its_legend_clear_of_its_bar() -> None:
    """A department's head reads its own chart: titled by the department's whole name (not “các đơn vị”, the
    name not cut to “Phòng Kế hoạch tổng h…”), the legend under the bar rather than over it, the scale to
    just past the bar's 100 % where it ran to 150 % for nothing."""
    (unit,) = hospital_units({"Khối Hành chính": ["Phòng Kế hoạch tổng hợp"]})
    unit.collective_target_vnd, unit.total["money"] = 20_000_000, 12_000_000  # 60 % of its commitment
    figure = chart_figure("vi", *chart_input([unit], week_before(DUE)))
    bars_axes = figure.axes[0]
    assert bars_axes.get_title() == "Tiến độ của Phòng Kế hoạch tổng hợp"
    assert all(label.get_text() in ("", unit.name) for label in bars_axes.get_yticklabels())
    assert 100 <= bars_axes.get_xlim()[1] <= 110
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    legend = bars_axes.get_legend().get_window_extent(canvas.get_renderer())
    drawn = [bar.get_window_extent() for bar in bars_axes.patches if bar.get_width() > 0]
    assert len(drawn) == 2 and not any(legend.overlaps(bar) for bar in drawn)
    assert figure.bbox.contains(legend.x0, legend.y0)  # under the bar, still in the picture
    english = chart_figure("en", *chart_input([unit], week_before(DUE))).axes[0].get_title()
    assert english == "Progress of Phòng Kế hoạch tổng hợp"


@pytest.mark.sqlite_only
async def test_a_units_digest_names_whose_target_the_drive_is(any_app: App, org: Seeded) -> None:
    """The drive's target is the whole organisation's: a department's head reads its name, not “the unit
    above”, nor a target of the department's own, and how far the whole has come, as its head reads it in
    the roll-up; in English the figures read in English order."""
    await _commune(any_app, org)
    assert await weekly(any_app, DUE) == 4
    sent = await digests(any_app)
    unit_a = sent[org.people["Lãnh đạo A"].id][0]
    # the whole commune's share of the drive's target, not one the department has to reach alone
    assert (
        "Đợt vận động “Cao điểm”: thôn ủng hộ được 4.454.000\xa0₫ (đã xác nhận); cả UBND xã Hòa Bình đã đạt "
        "21% chỉ tiêu của đợt (10.714.000\xa0₫ / 50.000.000\xa0₫)"
    ) in unit_a.split("\n")
    head = sent[org.people["Thủ trưởng"].id][0]
    assert "Đợt vận động “Cao điểm”: đã xác nhận 10.714.000\xa0₫ / 50.000.000\xa0₫ (21%)" in head.split("\n")
    assert "cấp trên" not in unit_a
    unit_b = sent[org.people["Lãnh đạo B"].id][0]  # in English
    assert (
        f"The drive “Cao điểm”: the hamlet's gifts confirmed so far come to ₫6,260,000; {COMMUNE} as a whole "
        "has reached 21% of the drive's target (₫10,714,000 of ₫50,000,000)"
    ) in unit_b.split("\n")
    # nothing confirmed anywhere yet: the target alone, whose it is (an organisation's name as written)
    drive = Drive(title="Cao điểm", target_vnd=50_000_000)
    context = Context(2026, (), drive, week_before(DUE), org="Hội {Phụ nữ}")
    quiet = unit_text("vi", UnitFigures(1, "Tổ 4", people=4), context, names=False, drive_whole_vnd=0)
    assert (
        "Đợt vận động “Cao điểm”: đơn vị chưa có khoản ủng hộ nào được xác nhận (chỉ tiêu của đợt cho toàn "
        "Hội {Phụ nữ}: 50.000.000\xa0₫)"
    ) in quiet.split("\n")
    started = unit_text(
        "vi", UnitFigures(1, "Tổ 4", people=4), context, names=False, drive_whole_vnd=1_000_000
    )
    assert "; cả Hội {Phụ nữ} đã đạt 2% chỉ tiêu của đợt (1.000.000\xa0₫ / 50.000.000\xa0₫)" in started
    # who took part counted by thousands, as the registrations' line counts them (decision 2161)
    big = UnitFigures(1, "Xã", people=1503, took_part=1200, registered=1000, gave=1100, households=2000)
    assert "; 1.200/1.503 người (80%) — đã đăng ký 1.000, đã ủng hộ 1.100" in unit_text(
        "vi", big, context, names=False, drive_whole_vnd=0
    )
    # the count before its noun, and no colon inside a colon, as an English reader says them
    assert "This week: money ₫4,500,000, goods ₫1,125,000, 16 labour days (the week before" in unit_b
    # the year's money and goods as one to a leader who is not its treasurer (decision 1207), said to count
    # what waits, as a line said as what is confirmed says so (decision 1666)
    assert (
        "In 2026 so far: money and goods ₫19,702,000, 51 labour days "
        "(including gifts waiting for confirmation)"
    ) in unit_b.split("\n")
    assert "3/3 people (100%), of whom 1 registered and 3 gave" in unit_b


def test_a_khoi_of_24_departments_split_between_messages_goes_on_under_its_heading() -> None:
    """A Khối longer than a Zalo message: the message that goes on with its departments begins with the
    Khối's heading again, on Zalo and on Telegram alike; every department is read once, under its own."""
    big = [f"Khoa Nội {n} – Điều trị theo yêu cầu" for n in range(1, 25)]
    blocks = {"Khối Cận lâm sàng": BLOCKS["Khối Cận lâm sàng"], "Khối Nội": big}
    units = hospital_units(blocks)
    text = hospital_rollup(units=units)
    block_of = {f"• {unit.name}:": unit.block for unit in units}
    for parts, limit in ((on_zalo(text), 2000), (split_text(text, 1500), 1500)):
        assert len(parts) >= 3 and all(utf16_units(part) <= limit for part in parts)
        read: list[str] = []
        for part in parts:
            heading = None
            for line in part.split("\n"):
                if line.startswith("Khối "):
                    heading = line.split(":")[0]
                elif line.startswith("• Khoa"):
                    # under its own Khối's heading, in this very message
                    assert heading == block_of[line.split(":")[0] + ":"], (heading, line)
                    read.append(line)
        assert len(read) == len(units) == len(set(read))


def test_a_hospitals_roll_up_says_once_what_its_amounts_are_and_counts_labour_as_ngay_cong() -> None:
    """35 lines each saying “đã xác nhận … chờ xác nhận” are heavy on a phone: the list's heading says once
    that an amount is what was confirmed, a line gives what still waits in brackets only where some does;
    labour reads “10 ngày công”, as people say it. A week of labour days alone says them alone, not “tiền
    0 ₫, hiện vật 0 ₫, 105 ngày công”."""
    units = hospital_units()
    for unit in units:
        unit.week["labour"], unit.total["labour"] = 3, 12
    lines = hospital_rollup(units=units).split("\n")
    # beside the week, the week before's money and goods, as the chart's trend draws them (not on Zalo)
    before = format_vnd(sum(unit.weekly_vnd[-2] for unit in units), "vi")
    assert f"Tuần này: 105 ngày công (tuần trước: tiền và hiện vật {before})" in lines
    assert "Từ đầu năm 2026: 420 ngày công" in lines
    # in English as in Vietnamese, each kind with its own words, a single labour day said as one
    for unit in units:
        unit.week = {"money": 0, "goods": 0, "labour": 0}
    units[0].week, units[0].total = (
        {"money": 0, "goods": 250_000, "labour": 1},
        {"money": 0, "goods": 0, "labour": 1},
    )
    english = hospital_rollup("en", units=units).split("\n")
    assert any(
        line.startswith(f"This week: goods {format_vnd(250_000, 'en')}, 1 labour day (the week before:")
        for line in english
    )
    assert "In 2026 so far: 409 labour days" in english
    heading = (
        "Các đơn vị theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận; phần chờ xác "
        "nhận trong ngoặc):"
    )
    assert lines.count(heading) == 1
    department = {line.split(":")[0][2:]: line for line in lines if line.startswith("• ")}
    for unit in units:
        line = department[unit.name]
        assert "xác nhận" not in line, line
        given = format_vnd(unit.confirmed_vnd, "vi")
        waiting = f" (chờ {format_vnd(unit.waiting_vnd, 'vi')})" if unit.waiting_vnd else ""
        assert line.endswith(f", {given}{waiting}"), line
        assert ("đã đăng ký tập thể" in line) == unit.collective_registered
    nothing_waits = hospital_units()
    for unit in nothing_waits:
        unit.waiting_vnd = 0
    heading = "Các đơn vị theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận):"
    assert heading in hospital_rollup(units=nothing_waits)


def test_a_communes_roll_up_never_calls_a_hamlets_rice_and_clothes_money() -> None:
    """Thôn 2 gave rice and clothes (250.000 ₫ of goods), no money; Thôn 1 gave 70.000 ₫ in money. The
    chairman reads each hamlet's figure under the list's heading: a heading saying “số tiền” made him read
    Thôn 2's goods as 250.000 ₫ of cash, above the week's own line “tiền 70.000 ₫, hiện vật 250.000 ₫”."""
    money, goods = {"money": 70_000, "goods": 0, "labour": 0}, {"money": 0, "goods": 250_000, "labour": 0}
    units = [
        UnitFigures(1, "Thôn 1", households=3, households_registered=1, week=money, total=money),
        UnitFigures(2, "Thôn 2", households=2, week=goods, total=goods),
    ]
    units[0].confirmed_vnd, units[1].confirmed_vnd = 70_000, 250_000
    context = Context(2026, (), None, week_before(DUE), COMMUNE)
    lines = rollup_text("vi", COMMUNE, units, context).split("\n")

    assert "Tuần này: tiền 70.000\xa0₫, hiện vật 250.000\xa0₫" in lines
    assert "Các đơn vị theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận):" in lines
    assert not any("số tiền" in line for line in lines)
    assert "• Thôn 2: hộ gia đình 0/2 (0%), 250.000\xa0₫" in lines


def test_a_communes_roll_up_names_its_lowest_hamlets_by_their_households_on_its_first_lines() -> None:
    """A commune's chairman reads which hamlets lag under the commune's own figure, each by what places it in
    the list (its households, though its head is listed in it as a person); a unit with nobody in it yet is
    never named as lagging, a list of five units is short enough to read whole, and units all level name
    nobody."""
    units = [
        UnitFigures(
            n,
            f"Thôn {n}",
            people=1,
            took_part=1,
            households=40,
            households_registered=registered,
            households_took_part=registered,
        )
        for n, registered in enumerate((30, 2, 36, 9, 20, 40, 25), start=1)
    ]
    units.append(UnitFigures(8, "Ban Công tác Mặt trận"))  # nobody in it yet
    # its two small offices, lower than any hamlet: the chairman reads his hamlets (decision 2139)
    units += [
        UnitFigures(9, "Phòng A", people=4, took_part=1),
        UnitFigures(10, "Phòng B", people=3, took_part=1),
    ]
    context = Context(2026, (), None, week_before(DUE), COMMUNE, commune=True)
    lines = rollup_text("vi", COMMUNE, units, context).split("\n")
    # its list is of hamlets and boards, as its deadlines name them, not of an office's “đơn vị”
    assert "Các thôn, ban theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận):" in lines
    assert not any("đơn vị" in line for line in lines)
    assert lines[2] == ("Tham gia thấp nhất: Thôn 2: hộ gia đình 2/40 (5%); Thôn 4: hộ gia đình 9/40 (22%)")
    assert (
        lines.index("• Thôn 2: hộ gia đình 2/40 (5%), 1/1 người (100%), 0\xa0₫") > 5
    )  # the list keeps its order
    english = rollup_text("en", COMMUNE, units, context).split("\n")
    assert english[2].startswith("Lowest participation: Thôn 2: households 2/40 (5%)")
    assert not any(
        line.startswith("Tham gia thấp nhất")
        for line in rollup_text("vi", COMMUNE, units[:5], context).split("\n")
    )
    for unit in units:
        unit.households_took_part = unit.households_registered = 40 if unit.households else 0
    assert not any(
        line.startswith("Tham gia thấp nhất")
        for line in rollup_text("vi", COMMUNE, units, context).split("\n")
    )


def test_a_week_with_nothing_given_says_so_instead_of_three_zeros() -> None:
    """The Monday after the peak month nothing came in: “Tuần này: chưa có khoản đóng góp nào”, not “tiền 0 ₫,
    hiện vật 0 ₫, 0 ngày công”, and beside it what the week before brought, so that the head sees on the first
    screen, on Zalo too (no chart there), that it went quiet; the year so far keeps its figures."""
    units = hospital_units()
    for unit in units:
        unit.week = {"money": 0, "goods": 0, "labour": 0}
        unit.weekly_vnd[-1] = 0
        unit.total["money"] = 100_000
    lines = hospital_rollup(units=units).split("\n")
    before = format_vnd(sum(unit.weekly_vnd[-2] for unit in units), "vi")
    assert f"Tuần này: chưa có khoản đóng góp nào (tuần trước: tiền và hiện vật {before})" in lines
    for unit in units:  # neither week had any: the week alone, no “tuần trước: 0 ₫”
        unit.weekly_vnd[-2] = 0
    assert "Tuần này: chưa có khoản đóng góp nào" in hospital_rollup(units=units).split("\n")
    assert not [line for line in lines if line.startswith("Tuần này: tiền")]
    assert "Từ đầu năm 2026: tiền 3.500.000\xa0₫" in lines


@pytest.mark.sqlite_only
async def test_a_fund_drive_ending_this_week_is_among_what_is_due_in_every_digest(
    any_app: App, org: Seeded
) -> None:
    """Monday 7/12: the Fund's drive ends on Friday 11/12, between the units' dossier (10/12) and the
    organisation's (15/12). Every leader reads it among the deadlines, in date order, in their language; a
    drive that ends beyond the 14 days is not listed."""
    async with any_app.sessionmaker() as session, session.begin():
        change = update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2026, 12, 11))
        await session.execute(change)
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    ends = "• Đợt vận động “Cao điểm” kết thúc ngày 11/12/2026."
    assert ends in rollup
    assert (
        next(
            n
            for n, line in enumerate(rollup)
            if line.startswith(
                f"• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về {org.org.name}: 10/12/2026."
            )
        )
        < rollup.index(ends)
        < rollup.index(f"• {org.org.name} gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026.")
    )
    assert ends in sent[org.people["Lãnh đạo A"].id][0].split("\n")
    assert "• The drive “Cao điểm” ends on 11/12/2026." in sent[org.people["Lãnh đạo B"].id][0].split("\n")

    async with any_app.sessionmaker() as session, session.begin():
        change = update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2026, 12, 31))
        await session.execute(change)
    assert await weekly(any_app, DUE + timedelta(days=7)) == 3
    later = (await digests(any_app))[org.people["Thủ trưởng"].id][-1]
    assert "kết thúc ngày" not in later


@pytest.mark.sqlite_only
async def test_the_two_mondays_after_the_fund_drive_ends_give_its_final_figure_said_ended(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """The Fund's drive ran to Thursday 31/12. Monday 4/1's digest, of 28/12–3/1, named no drive at all: it
    read only drives running on its last day, and the leaders lost the drive's final figure the week it
    mattered. It and the next Monday's give it against its target, said ended, never as due; the third
    Monday, no more. /baocao asked that second Monday, or in its week, gives it as Monday's digest did (it
    read the last 7 days, 5–11/1, and lost the drive a day early)."""
    async with any_app.sessionmaker() as session, session.begin():
        change = update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2026, 12, 31))
        await session.execute(change)
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem"))
        assert drive is not None
        given = format_vnd((await drive_progress(session, drive)).confirmed_vnd, "vi")
    final = f"Đợt vận động “Cao điểm” — đã kết thúc ngày 31/12/2026: đã xác nhận {given} / 50.000.000\xa0₫ ("
    for weeks in (4, 5):  # Monday 4/1 and 11/1
        assert await weekly(any_app, DUE + timedelta(days=7 * weeks)) == 3
        sent = {person: texts[-1] for person, texts in (await digests(any_app)).items()}
        rollup = sent[org.people["Thủ trưởng"].id].split("\n")
        assert any(line.startswith(final) for line in rollup), rollup
        unit_b = sent[org.people["Lãnh đạo B"].id].split("\n")  # in English
        assert any(
            line.startswith("The drive “Cao điểm” — ended on 31/12/2026: the unit's gifts") for line in unit_b
        ), unit_b
        assert not any(
            "kết thúc ngày 31" in line or "ends on" in line for line in rollup + unit_b if "•" in line
        )
    channel = CollectingChannel(any_app.engine, BUTTONS)
    for days in (0, 3):  # Monday 11/1 at 9:00, and Thursday 14/1
        clock.at = DUE + timedelta(days=7 * 5 + days, hours=1, minutes=30)
        replies = await channel.receive(f"p{org.people['Lãnh đạo A'].id}", text="/baocao", at=clock.at)
        asked = f"– {clock.at.day:02}/01/2027"  # the last 7 days' digest, not Monday's delivered with it
        shown = [line for reply in replies if asked in reply.text[:60] for line in reply.text.split("\n")]
        assert shown and any(
            line.startswith("Đợt vận động “Cao điểm” — đã kết thúc ngày 31/12/2026: ") for line in shown
        ), shown
    assert await weekly(any_app, DUE + timedelta(days=7 * 6)) == 3  # Monday 18/1
    assert not any("Cao điểm" in texts[-1] for texts in (await digests(any_app)).values())

    # A drive whose last day is Sunday, the week's last: Monday's digest read it as running, “kết thúc ngày
    # 24/01/2027” among what is due, a day after it ended
    async with any_app.sessionmaker() as session, session.begin():
        change = update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2027, 1, 24))
        await session.execute(change)
    assert await weekly(any_app, DUE + timedelta(days=7 * 7)) == 3  # Monday 25/1
    sent = {person: texts[-1] for person, texts in (await digests(any_app)).items()}
    rollup = sent[org.people["Thủ trưởng"].id].split("\n")
    assert any(line.startswith("Đợt vận động “Cao điểm” — đã kết thúc ngày 24/01/2027: ") for line in rollup)
    assert not any("kết thúc ngày 24" in line for line in rollup if "•" in line), rollup


async def test_a_fund_drive_closed_early_is_not_said_to_end_this_week(any_app: App, org: Seeded) -> None:
    """The Fund's drive reached its target and the officer closed it on Saturday 5/12. Monday's digest still
    told every leader “Đợt vận động “Cao điểm” kết thúc ngày 11/12/2026” among what is due, as if it still
    took gifts. A closed drive's end is no deadline."""
    async with any_app.sessionmaker() as session, session.begin():
        closed = datetime(2026, 12, 5, 3, tzinfo=UTC)
        change = (
            update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2026, 12, 11), closed_at=closed)
        )
        await session.execute(change)
    assert await weekly(any_app, DUE) == 3
    for sent in (await digests(any_app)).values():
        assert "kết thúc ngày" not in sent[0] and "ends on" not in sent[0]
    # its figures still read, said closed: “… đã đạt 21% chỉ tiêu” read as a drive still taking gifts
    sent = await digests(any_app)
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    assert any(
        line.startswith("Đợt vận động “Cao điểm” — đã đóng ngày 05/12/2026: đã xác nhận") for line in rollup
    )
    unit_b = sent[org.people["Lãnh đạo B"].id][0].split("\n")  # in English
    assert any(
        line.startswith("The drive “Cao điểm” — closed on 05/12/2026: the unit's gifts") for line in unit_b
    )

    # The next week the Fund's Tết drive runs beside it, Cao điểm's end moved on before it was closed: the
    # digest read the closed drive (ending first) and never the running one.
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Drive).where(Drive.code == "cao-diem").values(ends_on=date(2026, 12, 31))
        )
        session.add(
            Drive(
                org_id=org.org.id,
                campaign_id=org.campaign.id,
                code="tet-2027",
                title="Tết vì người nghèo 2027",
                starts_on=date(2026, 12, 10),
                ends_on=date(2027, 1, 31),
                target_vnd=30_000_000,
                kinds=["money", "goods"],
                fund=True,
            )
        )
    assert await weekly(any_app, DUE + timedelta(days=7)) == 3
    later = (await digests(any_app))[org.people["Thủ trưởng"].id][-1]
    assert "Đợt vận động “Tết vì người nghèo 2027”: đã xác nhận 0\xa0₫ / 30.000.000\xa0₫ (0%)" in later
    assert "Cao điểm" not in later


async def test_the_roll_up_says_how_many_gifts_wait_for_the_treasurer_as_a_units_digest_does(
    any_app: App, org: Seeded
) -> None:
    """The head reads the money still waiting; before the award meeting they also want how many gifts the
    treasurer has yet to confirm, counted as each unit's digest counts its own, under what is due."""
    async with any_app.sessionmaker() as session:
        waiting = await session.scalar(
            select(func.count()).where(
                Contribution.org_id == org.org.id,
                Contribution.status == "recorded",
                Contribution.created_at < DUE,
            )
        )
    assert waiting
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    # since when the longest has waited, and whose they are to confirm (decision 1689): the demo has no
    # treasurer, so nobody's yet, as the line under it says by unit (decision 1808)
    line = next(line for line in rollup if line.startswith(f"Khoản chờ xác nhận: {waiting} (khoản lâu nhất"))
    assert line.endswith("; hiện chưa có ai xác nhận được)"), line
    assert any(one.startswith("Khoản chờ không có ai xác nhận: ") for one in rollup)
    assert rollup.index("Các hạn trong 14 ngày tới:") < rollup.index(line) < rollup.index("")  # first screen
    units = [sent[org.people[name].id][0] for name in ("Lãnh đạo A", "Lãnh đạo B")]
    counted = [int(text.split("ntries waiting for confirmation: ")[-1].split(" (")[0]) for text in units[1:]]
    counted.append(int(units[0].split("Khoản chờ xác nhận: ")[1].split(" (")[0]))
    assert sum(counted) == waiting  # the units' own counts add up to the head's


async def test_a_communes_hamlets_are_ranked_by_their_households_though_each_lists_its_head(
    any_app: App, org: Seeded
) -> None:
    """A commune's staff list puts each trưởng thôn in their hamlet, as a person beside its 10 households.
    The hamlets are still what they mostly hold, households: ranked by them (Thôn 2's 8 of 10 above Thôn
    1's 2 of 10, not both at “0/1 người (0%)” in the alphabet's order), their line and the hamlet head's
    digest leading with them."""
    await _commune(any_app, org)
    async with any_app.sessionmaker() as session, session.begin():
        for number, registered in ((1, 2), (2, 8)):
            hamlet = Unit(org_id=org.org.id, code=f"THON{number}", name=f"Thôn {number}")
            session.add(hamlet)
            await session.flush()
            head = new_person(org, f"Trưởng thôn {number}", None, now=DUE - timedelta(days=20))
            head.unit_id = hamlet.id
            session.add(head)
            await session.flush()
            session.add(
                RoleAssignment(
                    person_id=head.id,
                    role="leader",
                    org_id=org.org.id,
                    unit_id=hamlet.id,
                    granted_at=DUE - timedelta(days=20),
                )
            )
            for n in range(10):
                household = new_person(org, f"Hộ {number}.{n}", None, now=DUE - timedelta(days=20))
                household.kind, household.unit_id = "household", hamlet.id
                session.add(household)
                await session.flush()
                if n < registered:
                    await commit_to(session, org, household, 100_000, year=2026, now=DUE - timedelta(days=20))
    assert await weekly(any_app, DUE) == 6
    sent = await digests(any_app)
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    first, second = (
        next(n for n, line in enumerate(rollup) if line.startswith(f"• Thôn {number}:")) for number in (1, 2)
    )
    assert second < first
    # the head listed in each hamlet is not a “0/1 người (0%)” on every line: a hamlet says its households
    assert rollup[second].startswith("• Thôn 2: hộ gia đình 8/10 (80%), 0\xa0₫")
    heading = (
        "Các thôn, ban theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận; phần chờ xác "
        "nhận trong ngoặc):"
    )
    assert rollup[rollup.index("") + 1] == heading
    assert rollup[first].startswith("• Thôn 1: hộ gia đình 2/10 (20%), 0\xa0₫")
    # a department of staff with a few households leads with its people (all four gave), as before
    assert next(line for line in rollup if line.startswith("• Phòng A:")).startswith("• Phòng A: 4/4 người")
    hamlet = next(texts[0] for texts in sent.values() if texts[0].startswith("Bản tin tuần của Thôn 2"))
    assert hamlet.split("\n")[1] == (
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): hộ gia đình 8/10 (80%) — đã đăng ký 8, "
        "đã ủng hộ 0"
    )


@pytest.mark.sqlite_only
async def test_a_units_digest_says_what_is_due_before_its_reminders_and_entries_waiting(
    any_app: App, org: Seeded
) -> None:
    """Monday 7/12, the unit's dossier due on Thursday: its head reads it with the unit's figures, on the
    first screen, before the counts of reminders sent and of gifts waiting for the treasurer, as the roll-up
    does."""
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    lines = sent[org.people["Lãnh đạo A"].id][0].split("\n")
    due = next(
        n
        for n, line in enumerate(lines)
        if line.startswith(f"• Phòng A gửi hồ sơ đề nghị khen thưởng về {org.org.name}: hạn 10/12/2026.")
    )
    drive = next(n for n, line in enumerate(lines) if line.startswith("Đợt vận động “Cao điểm”"))
    reminders = next(n for n, line in enumerate(lines) if line.startswith("Lời nhắc đã gửi tuần này"))
    waiting = next(n for n, line in enumerate(lines) if line.startswith("Khoản chờ xác nhận"))
    assert lines[due - 1] == "Các hạn trong 14 ngày tới:"
    assert drive < due < reminders < waiting


async def test_a_hamlet_that_has_given_nothing_reads_it_once_and_the_communes_report_has_no_0_of_0_people(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Read as a commune: Thôn 3's households have given nothing yet. Its digest said “chưa có khoản đóng góp
    nào” and then “Tiền và hiện vật đã xác nhận 0 ₫, chờ xác nhận 0 ₫” (and, at its end, that no reminder was
    sent and nothing waits, in zeros); the commune's year's report gave the
    hamlet, which has households and no staff, “0/0” people registered."""
    await _commune(any_app, org)
    assert await weekly(any_app, DUE) == 4
    hamlet = next(
        text
        for text in (await digests(any_app))[org.people["Lãnh đạo A"].id]
        if text.startswith("Bản tin tuần của Thôn 3")
    )
    assert "Từ đầu năm 2026: chưa có khoản đóng góp nào" in hamlet
    assert "Tiền và hiện vật đã xác nhận" not in hamlet
    # nor “Lời nhắc đã gửi tuần này: 0, đã phản hồi: 0” and “Khoản chờ xác nhận: 0”: the digest ends on what
    # is due, and the units that have some still read theirs
    assert hamlet.split("\n")[-2:] == [  # then how to stop it (2508)
        "• Đợt vận động “Cao điểm” kết thúc ngày 18/12/2026.",
        "Muốn thôi nhận tin hằng tuần này, anh/chị gõ /nhacnho.",
    ], hamlet
    unit_a = next(t for t in (await digests(any_app))[org.people["Lãnh đạo A"].id] if "Phòng A" in t[:30])
    assert "Lời nhắc đã gửi tuần này: 3, đã phản hồi: 1" in unit_a.split("\n")
    assert "Khoản chờ xác nhận: 57 (" in unit_a

    path = tmp_path / "bao-cao.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[3].rows]
    assert next(row for row in rows if row[1] == "Thôn 3")[2:4] == ["—", "2/3"]


@pytest.mark.sqlite_only
async def test_a_unit_not_registered_as_a_collective_is_told_so_while_it_still_may_register(
    any_app: App, org: Seeded
) -> None:
    """Read on 7/12, with the award dossiers due on 10/12: Phòng B never registered as a collective, and its
    head's digest said nothing of it (only the roll-up's “đã đăng ký tập thể” beside Phòng A, by its
    absence). It says so, with where to do it, until the organisation's window closes; once it has closed,
    nothing, as nothing can be done; a unit registered reads no such line."""
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    unit_b = sent[org.people["Lãnh đạo B"].id][0].split("\n")  # in English
    # with no window, the year's own last day (decision 1946)
    assert unit_b[2] == (
        "Phòng B has not registered as a collective for 2026 yet; registrations close on 31/12/2026 (/unit)."
    )
    assert "has not registered as a collective" not in sent[org.people["Lãnh đạo A"].id][0]

    figures = UnitFigures(2, "Phòng B", people=3, registered=1)
    for window, said in (
        (
            RegistrationWindow(year=2026, opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)),
            "Phòng B chưa đăng ký thi đua tập thể năm 2026, hạn đăng ký 31/12/2026 (/donvi).",
        ),
        (RegistrationWindow(year=2026, opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)), None),
    ):
        this_year = RegistrationYear.of(2026, org.campaign.id, window, date(2026, 12, 7))
        context = Context(2026, (), None, week_before(DUE), org="Trường Thử", this_year=this_year)
        lines = unit_text("vi", figures, context, names=False).split("\n")
        if said is None:
            assert not any("chưa đăng ký thi đua tập thể" in line for line in lines), lines
        else:
            assert lines[2] == said
    # December read in January (/baocao 12/2026 on 12/1/2027): that year's registration is past
    december = Period(datetime(2026, 11, 30, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC))
    async with any_app.sessionmaker() as session:
        context, _campaign = await org_context(session, org.org.id, december, today=date(2027, 1, 12))
    assert context.year == 2026 and context.this_year is not None
    assert "chưa đăng ký thi đua tập thể" not in unit_text("vi", figures, context, names=False)


def test_a_units_digest_says_where_it_stands_among_the_units_as_the_director_reads_the_lowest() -> None:
    """Monday 7/12 at the hospital: the director's roll-up names Khoa Cấp cứu first among the lowest, and the
    department's own head read 0/31 with nothing to tell whether that was the hospital's lot or the
    department's alone. Each head reads the department's place and the hospital's figure under its own;
    departments level share a place; a leader who chose English reads it in English."""
    units = hospital_units()
    context = Context(2026, (), None, week_before(DUE), HOSPITAL)
    placed = places(units)
    named = {unit.name: unit for unit in units}
    lowest = named["Khoa Cấp cứu"]
    assert "Tham gia thấp nhất: Khoa Cấp cứu: 0/31 người (0%)" in hospital_rollup()
    lines = unit_text("vi", lowest, context, names=False, place=placed[lowest.unit_id]).split("\n")
    assert lines[1].endswith(": 0/31 người (0%)")
    assert lines[2] == f"Tỷ lệ tham gia xếp thứ 35/35 đơn vị (cả {HOSPITAL}: 465/899 người (52%))"
    english = unit_text("en", lowest, context, names=False, place=placed[lowest.unit_id]).split("\n")
    assert (
        english[2] == f"Rank by participation: 35 of 35 units ({HOSPITAL} as a whole: 465/899 people (52%))"
    )
    for top in ("Phòng Tổ chức cán bộ", "Khoa Răng Hàm Mặt"):  # 40/40 and 16/16: both first
        text = unit_text("vi", named[top], context, names=False, place=placed[named[top].unit_id])
        assert "Tỷ lệ tham gia xếp thứ 1/35 đơn vị" in text.split("\n")[2]
    # a commune's hamlet, by its households
    hamlets = [
        UnitFigures(n, f"Thôn {n}", households=40, households_registered=r, households_took_part=r)
        for n, r in enumerate((30, 2, 36), start=1)
    ]
    commune = Context(2026, (), None, week_before(DUE), COMMUNE, commune=True)
    text = unit_text("vi", hamlets[0], commune, names=False, place=places(hamlets)[1])
    assert (
        text.split("\n")[2]
        == f"Tỷ lệ tham gia xếp thứ 2/3 thôn, ban (cả {COMMUNE}: hộ gia đình 68/120 (57%))"
    )
    # two units: the whole less one's own is the other's, here whether its one teacher took part (0303)
    school = [
        UnitFigures(1, "Tổ Văn", people=10, took_part=7),
        UnitFigures(2, "Tổ Nhạc", people=1, took_part=1),
    ]
    assert places(school) == {}
    assert "xếp thứ" not in unit_text("vi", school[0], context, names=False, place=places(school).get(1))


async def test_a_new_unit_with_nobody_in_it_yet_reads_so_not_0_of_0_people(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """The commune made Tổ Tin học on Friday and made Phòng B's head (who reads in English) its leader too;
    its people are not on the list yet. Monday's digest read “0/0 people (0%)”, in the roll-up too: neither
    says that nobody is there yet. It has no place among the hamlets and boards either; Thôn 3, behind the two
    others, reads its place, in the Monday digest as under /baocao."""
    await _commune(any_app, org)
    async with any_app.sessionmaker() as session, session.begin():
        unit = Unit(org_id=org.org.id, code="TIN", name="Tổ Tin học")
        session.add(unit)
        await session.flush()
        session.add(
            RoleAssignment(
                person_id=org.people["Lãnh đạo B"].id,
                role="leader",
                org_id=org.org.id,
                unit_id=unit.id,
                granted_at=DUE - timedelta(days=3),
            )
        )
    assert await weekly(any_app, DUE) == 5
    sent = await digests(any_app)
    new = next(text for text in sent[org.people["Lãnh đạo B"].id] if "Tổ Tin học" in text[:40]).split("\n")
    assert new[1] == "Took part in 2026 (registered or gave): no one listed yet", new
    assert not any(line.startswith("Rank by participation") for line in new)
    rollup = sent[org.people["Thủ trưởng"].id][0]
    # the whole commune as its roll-up reads it, the head and the office of no unit among its people (0426)
    whole = f"{COMMUNE}: 7/9 người (78%); hộ gia đình 4/6 (67%)"
    assert "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 7/9 người (78%)" in rollup, rollup
    hamlet = next(text for text in sent[org.people["Lãnh đạo A"].id] if "Thôn 3" in text[:40]).split("\n")
    assert hamlet[2] == f"Tỷ lệ tham gia xếp thứ 3/3 thôn, ban (cả {whole})"
    own = next(text for text in sent[org.people["Lãnh đạo B"].id] if "Phòng B" in text[:40]).split("\n")
    assert own[2].startswith("Rank by participation: 1 of 3 hamlets and boards (")
    assert "• Tổ Tin học: chưa có ai trong danh sách, 0\xa0₫" in rollup.split("\n")
    assert "0/0" not in rollup and "0/0" not in "\n".join(new)

    clock.at = DUE
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Lãnh đạo A'].id}", text="/baocao", at=clock.at)
    assert f"Tỷ lệ tham gia xếp thứ 3/3 thôn, ban (cả {whole})" in "\n".join(r.text for r in replies)


@pytest.mark.sqlite_only
async def test_labour_days_read_confirmed_and_waiting_apart_as_on_the_drives_screen(any_app: App) -> None:
    """Monday 14/12: Phòng A gave 600.000 ₫ and 5 labour days to the Fund's drive, 3 of them still waiting
    for the officer; Phòng B only Dũng's day, waiting. The drive's screen says 2 days confirmed and 4 waiting;
    the digests said “5 ngày công” with nothing on what waits, and Phòng B read money and goods “0 ₫, 0 ₫”."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, local(2026, 11, 1, 9))
        drive = Drive(
            org_id=seeded.org.id,
            campaign_id=seeded.campaign.id,
            code="quy-2026",
            title="Quỹ Vì người nghèo 2026",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 12, 31),
            target_vnd=10_000_000,
            kinds=["money", "labour"],
            fund=True,
        )
        session.add(drive)
        await session.flush()
        people, at = seeded.people, local(2026, 12, 10, 9)
        session.add_all(
            [
                *(
                    ledger_entry(people[name], "money", amount, at=at, drive_id=drive.id)
                    for name, amount in (("An", 300_000), ("Bình", 200_000), ("Chi", 100_000))
                ),
                ledger_entry(people["An"], "labour", days=2, at=at, drive_id=drive.id),
                ledger_entry(people["Bình"], "labour", days=3, at=at, drive_id=drive.id, status="recorded"),
                ledger_entry(people["Dũng"], "labour", days=1, at=at, drive_id=drive.id, status="recorded"),
            ]
        )
        await session.flush()
        progress = await drive_progress(session, drive)
    assert (progress.figures.confirmed.labour_days, progress.figures.waiting.labour_days) == (2, 4)
    assert await weekly(any_app, local(2026, 12, 14, 7, 30)) == 3
    sent = await digests(any_app)
    unit_a = sent[seeded.people["Lãnh đạo A"].id][0].split("\n")
    assert "Từ đầu năm 2026: tiền 600.000\xa0₫, 5 ngày công" in unit_a
    assert "Ngày công đã xác nhận 2, chờ xác nhận 3" in unit_a, unit_a
    rollup = sent[seeded.people["Thủ trưởng"].id][0].split("\n")
    assert "Ngày công đã xác nhận 2, chờ xác nhận 4" in rollup, rollup
    unit_b = sent[seeded.people["Lãnh đạo B"].id][0].split("\n")  # in English
    assert "Labour days confirmed 0, waiting for confirmation 1" in unit_b, unit_b
    assert not any(line.startswith("Money and goods confirmed") for line in unit_b), unit_b


def test_a_communes_roll_up_of_labour_days_alone_reads_them_as_its_hamlets_do() -> None:
    """“Ngày công giúp xã”: three hamlets gave 1.500 labour days in the year and nothing else, 300 of them
    still waiting for the officer. Each hamlet's own digest says its days confirmed and waiting and no money
    line; the chairman's roll-up read “Tiền và hiện vật đã xác nhận 0 ₫, chờ xác nhận 0 ₫” for money nobody
    gave, and “đã xác nhận 1200” where the year's line above it says “1.500 ngày công”."""
    units = []
    for n, (days, confirmed) in enumerate(((700, 600), (500, 400), (300, 200)), start=1):
        given = {"money": 0, "goods": 0, "labour": days}
        units.append(
            UnitFigures(n, f"Thôn {n}", households=40, households_took_part=30, week=dict(given), total=given)
        )
        units[-1].confirmed_days = confirmed
    context = Context(2026, (), None, week_before(DUE), COMMUNE, commune=True)
    lines = rollup_text("vi", COMMUNE, units, context).split("\n")

    assert "Từ đầu năm 2026: 1.500 ngày công" in lines, lines
    assert "Ngày công đã xác nhận 1.200, chờ xác nhận 300" in lines, lines
    assert not any(line.startswith("Tiền và hiện vật đã xác nhận") for line in lines), lines
    # each hamlet in the list says its days, not “0 ₫” for money nobody gave (decision 0602)
    hamlet = next(line for line in lines if line.startswith("• Thôn 1:"))
    assert hamlet == "• Thôn 1: hộ gia đình 30/40 (75%), 600 ngày công (chờ 100 ngày công)", lines
    english = rollup_text("en", COMMUNE, units, context).split("\n")
    assert "Labour days confirmed 1,200, waiting for confirmation 300" in english, english
    assert not any(line.startswith("Money and goods confirmed") for line in english), english


async def test_a_labour_day_of_2026_reversed_in_2027_is_no_gift_of_that_week(any_app: App) -> None:
    """An's 2 labour days, confirmed on 10/12/2026, were recorded to her by mistake and reversed on Tuesday
    5/1/2027 (the reversal of 2026, as the gift); Bình gave a day on 6/1. Monday 11/1's digests read “Tuần
    này: -1 ngày công (tuần trước: tiền và hiện vật 0 ₫)” to Phòng A's leader and the head, under “Từ đầu năm
    2027: 1 ngày công”: Bình's day less a correction of last year's, said as a minus."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, local(2026, 11, 1, 9))
        people = seeded.people
        gift = ledger_entry(people["An"], "labour", days=2, at=local(2026, 12, 10, 9))
        session.add(gift)
        await session.flush()
        session.add(ledger_entry(people["An"], "labour", days=-2, at=local(2027, 1, 5, 9), reverses=gift))
        session.add(ledger_entry(people["Bình"], "labour", days=1, at=local(2027, 1, 6, 9), year=2027))
    assert await weekly(any_app, local(2027, 1, 11, 7, 30)) == 3
    sent = await digests(any_app)
    for reader in ("Lãnh đạo A", "Thủ trưởng"):
        lines = sent[seeded.people[reader].id][0].split("\n")
        # a week of labour days alone, the week before without money or goods: no “(tuần trước: tiền và hiện
        # vật 0 ₫)” beside the days, a money figure read as the days' comparison (decision 0551)
        assert "Tuần này: 1 ngày công" in lines, lines
        assert "Từ đầu năm 2027: 1 ngày công" in lines, lines
        assert not any("-2" in line for line in lines), lines


async def test_the_monday_digest_that_says_the_dossier_is_due_thursday_is_not_followed_by_its_reminder(
    any_app: App, org: Seeded
) -> None:
    """Monday 7 December: Phòng A's leader and the head read at 07:30 in the digest that the award dossiers
    are due on Thursday 10/12, with “Khen thưởng” under it; at 08:00 the reminder said it again, word for
    word. The digest is that morning's reminder; Wednesday's, the day before, still goes."""
    ctx = JobContext(any_app.sessionmaker, any_app.settings)
    await plan_reminders(ctx, local(2026, 12, 7, 0, 15))
    for at in (local(2026, 12, 7, 7, 30), local(2026, 12, 7, 8), local(2026, 12, 7, 9)):
        await weekly_digests(ctx, at)
        await send_reminders(ctx, at)
    leader, head = org.people["Lãnh đạo A"].id, org.people["Thủ trưởng"].id
    async with any_app.sessionmaker() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    monday = [
        r for r in rows if "2026W50" in r.key or (r.key.startswith("reminder:") and ":20261207:" in r.key)
    ]
    for person in (leader, head):
        said = [OutboundMessage.from_payload(r.payload).text for r in monday if r.person_id == person]
        assert sum("10/12/2026" in text for text in said) == 1, said
    await plan_reminders(ctx, local(2026, 12, 9, 0, 15))
    await send_reminders(ctx, local(2026, 12, 9, 8))
    async with any_app.sessionmaker() as session:
        wednesday = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like("reminder:%:20261209:%"))
            )
        ).all()
    assert {r.person_id for r in wednesday} >= {leader, head}
    assert all(
        "10/12/2026" in OutboundMessage.from_payload(r.payload).text
        for r in wednesday
        if r.person_id == leader
    )


@pytest.mark.parametrize("lost", ["refused", "expired"])
async def test_a_monday_digest_that_never_came_leaves_that_mornings_reminder_to_go(
    any_app: App, org: Seeded, lost: str
) -> None:
    """Monday 7 December: the messenger refused Phòng A's leader's digest (“400 message is too long”), given
    up, or took nothing all Monday (Zalo's quota used up), the digests expiring unsent on Tuesday at 07:30;
    the 3-days-before reminder of the dossiers due Thursday had been recorded sent with the digest, and
    nothing came: she read the deadline nowhere. A digest that does not reach its reader is no reminder: the
    reminder goes at the next scan; the head, whose digest went, is not told twice."""
    from bot.delivery.sender import Sender
    from bot.delivery.transport import Rejected
    from tests.support.clocks import NOW
    from tests.test_outbox import ScriptedMessenger, VirtualClock

    ctx = JobContext(any_app.sessionmaker, any_app.settings)
    leader, head = org.people["Lãnh đạo A"].id, org.people["Thủ trưởng"].id
    await plan_reminders(ctx, local(2026, 12, 7, 0, 15))
    await weekly_digests(ctx, local(2026, 12, 7, 7, 30))
    tried = local(2026, 12, 7, 7, 31) if lost == "refused" else local(2026, 12, 8, 7, 31)
    clock = VirtualClock(seconds=(tried - NOW).total_seconds())
    messenger = ScriptedMessenger(name="console", clock=clock)
    messenger.script = {f"p{leader}": [Rejected("400 message is too long")]}
    messengers = {"console": messenger}
    if lost == "expired":
        await send_reminders(ctx, local(2026, 12, 7, 8))  # the scan runs; nothing goes till Tuesday
    sender = Sender(any_app.sessionmaker, messengers, clock=clock.now, sleep=clock.sleep)  # type: ignore[arg-type]
    await sender.drain()
    for at in (tried.replace(hour=8, minute=0), tried.replace(hour=9, minute=0)):
        await send_reminders(ctx, at)
    async with any_app.sessionmaker() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    digest = next(r for r in rows if "2026W50" in r.key and r.person_id == leader)
    assert digest.status == ("failed" if lost == "refused" else "expired")
    reminded = [r for r in rows if r.key.startswith("reminder:")]
    said = {
        person: [OutboundMessage.from_payload(r.payload).text for r in reminded if r.person_id == person]
        for person in (leader, head)
    }
    assert sum("10/12/2026" in text for text in said[leader]) == 1, said
    assert sum("10/12/2026" in text for text in said[head]) == (lost == "expired"), said


def test_a_hospitals_award_line_counts_the_departments_yet_to_answer_and_names_them_after_its_list() -> None:
    """Monday 7/12, a hospital of 30 departments, its dossier due 10/12: one department proposed, one has
    not answered, eight have no leader of their own. The award line named the one, then the eight “chưa có
    lãnh đạo đơn vị” with “và 3 đơn vị khác”, a screen and a half before the departments. It counts them, and
    names them after the departments; the roll-up still goes in one Telegram message."""
    units = hospital_units()[:30]
    names = [unit.name for unit in units]
    awards = UnitsStanding(
        UnitsProposed(1, 30, 2),
        Unanswered((names[1],), 0),
        Leaderless(tuple(names[2:7]), 3, head=True),
        None,
        None,
    )
    deadlines = (
        Upcoming(date(2026, 12, 10), "Các phòng, khoa gửi hồ sơ …", "leader", "ho-so-khen-thuong-don-vi"),
    )
    context = Context(2026, deadlines, None, week_before(DUE), HOSPITAL)
    text = rollup_text("vi", HOSPITAL, units, context, awards=awards)
    lines = text.split("\n")

    due = next(n for n, line in enumerate(lines) if line.startswith("• Hạn các đơn vị gửi hồ sơ"))
    assert lines[due].endswith(
        "Các đơn vị đã đề nghị: 1/30 đơn vị, 2 đề nghị. Còn 9 đơn vị chưa đề nghị hay trả lời: tên ở cuối "
        "bản tin."
    ), lines[due]
    departments = [n for n, line in enumerate(lines) if line.startswith(("• Phòng", "• Khoa"))]
    leaderless = next(n for n, line in enumerate(lines) if "chưa có lãnh đạo đơn vị" in line)
    assert leaderless > departments[-1]  # after the list, not on the first screen
    assert lines[leaderless - 2 : leaderless] == [
        "Đề nghị khen thưởng, các đơn vị chưa đề nghị hay trả lời:",
        f"Chưa trả lời: {names[1]}.",
    ]
    assert lines[leaderless].startswith(f"{', '.join(names[2:7])} và 3 đơn vị khác chưa có lãnh đạo")
    assert len(split_text(text)) == 1
    # in English its heading reads as English: “Award proposals, the units not yet proposed …” did not (2786)
    english = rollup_text("en", HOSPITAL, units, context, awards=awards).split("\n")
    assert "Award proposals: units that have neither proposed nor answered yet:" in english, english


def test_a_hospitals_roll_up_names_every_department_not_answered_at_its_end_as_its_line_promised() -> None:
    """Monday 7/12, a hospital of 30 departments, its dossier due 10/12, none has proposed or answered. The
    director read “Còn 30 đơn vị chưa đề nghị hay trả lời: tên ở cuối bản tin.” and at the end “Chưa trả lời:
    Khoa …, … và 25 đơn vị khác.”: five names of thirty. The end names them all (decision 2043)."""
    units = hospital_units()[:30]
    names = [unit.name for unit in units]
    awards = UnitsStanding(
        UnitsProposed(0, 30, 0), Unanswered(tuple(names[:5]), 25, rest=tuple(names[5:])), None, None, None
    )
    deadlines = (
        Upcoming(date(2026, 12, 10), "Các phòng, khoa gửi hồ sơ …", "leader", "ho-so-khen-thuong-don-vi"),
    )
    context = Context(2026, deadlines, None, week_before(DUE), HOSPITAL)
    lines = rollup_text("vi", HOSPITAL, units, context, awards=awards).split("\n")
    assert any(line.endswith("Còn 30 đơn vị chưa đề nghị hay trả lời: tên ở cuối bản tin.") for line in lines)
    assert lines[-1] == f"Chưa trả lời: {', '.join(names)}.", lines[-1]
    # eight of them with no leader of their own: named all too, never “… và 3 đơn vị khác” (decision 2046)
    unled = Leaderless(tuple(names[22:27]), 3, head=True, rest=tuple(names[27:]))
    awards = UnitsStanding(
        UnitsProposed(0, 30, 0), Unanswered(tuple(names[:5]), 17, rest=tuple(names[5:22])), unled, None, None
    )
    lines = rollup_text("vi", HOSPITAL, units, context, awards=awards).split("\n")
    assert any(line.endswith("Còn 30 đơn vị chưa đề nghị hay trả lời: tên ở cuối bản tin.") for line in lines)
    assert lines[-2] == f"Chưa trả lời: {', '.join(names[:22])}.", lines[-2]
    assert ", ".join(names[22:]) in lines[-1] and "đơn vị khác" not in lines[-1], lines[-1]
