"""Wording several flows share, written once: what a contribution is, where it goes and where it stands, and
a target as it reads ("1.200.000 ₫", "3 ngày công"). Each takes the reader's translator."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.clock import LOCAL_TZ, local_date
from bot.db.models import Criterion, Drive
from bot.domain.access import (
    FEWEST_GIVERS,
    LABOUR_DECIDERS,
    VOUCHED_MOST_DAYS,
    decide_roles,
)
from bot.domain.campaigns import first_year_at_work, gone_by_at_work
from bot.domain.contributions import Double, withdrawn, withdrawn_by_recorder, year_counted
from bot.domain.donors import is_anonymous
from bot.domain.giving import asked_kind
from bot.domain.goods_words import GoodsCount
from bot.domain.notices import (
    BOTH,
    BOTH_CONFIRM,
    EITHER_CONFIRMS,
    GIVER,
    NOBODY,
    RECORDER,
    Heard,
    contribution_words,
    days_officer,
    officers_title,
    totals_kinds,
    who_confirms,
)
from bot.domain.spending import overdrawn
from bot.domain.statement import Figures, StatementTotals
from bot.i18n import Translator, drive_named
from bot.statement_sheet import anonymous
from bot.text import clipped

if TYPE_CHECKING:
    from bot.domain.public_page import CodeCheck
    from bot.domain.spending import Balance


def not_open_text(t: Translator, year: int, *, announced: bool = True, opens_on: date | None = None) -> str:
    """That `year`'s campaign is not open, no plan covering it (/tiendo and /dangky in January after a plan's
    last year, decision 0696); `announced`: and that the officer in charge will say when it is (not to the
    officer recording for a household, who is that officer). `opens_on`: the day the plan loaded for the year
    starts (`campaigns.plan_opening`), said in place of “no plan” (decision 0801)."""
    if opens_on is not None:
        said = t("The campaign of {year} is not open yet: its plan starts on {day}.")
        return said.format(year=year, day=t.date(opens_on))
    if announced:
        said = t(
            "The campaign of {year} is not open yet: no plan covers it. "
            "The officer in charge will announce it."
        )
    else:
        said = t("The campaign of {year} is not open yet: no plan covers it.")
    return said.format(year=year)


def fund_title(t: Translator) -> str:
    """The Fund for the Poor outside the drives, named alike wherever a gift to it is chosen or listed: the
    giver's menu and last look, the statement, an appeal's drives, the treasurer's queue. Never the bare
    “Quỹ “Vì người nghèo””, which a drive raising money for the Fund is too."""
    return t("The Fund for the Poor (outside the drives)")


def drive_title(t: Translator, drive: Drive | None) -> str:
    """Where a gift goes: its drive, or the Fund for the Poor outside the drives (`fund_title`)."""
    return drive.title if drive else fund_title(t)


def drive_label(t: Translator, drive: Drive, today: date) -> str:
    """A drive to choose, with its dates; one that has ended but still takes late gifts says so."""
    dates = f"{t.date(drive.starts_on)}–{t.date(drive.ends_on)}"
    if drive.ends_on < today:
        return t("{title} ({dates}, ended, late gifts still welcome)").format(title=drive.title, dates=dates)
    return f"{drive.title} ({dates})"


def addressed(t: Translator, name: str) -> str:
    """A person greeted by name, politely and alike on every screen that greets: in Vietnamese “anh/chị”
    and the full name as it was typed or listed (“anh/chị Nguyễn Văn An”; a name typed as one word “anh/chị
    An”, never the bare “An”, as one speaks to a child); in English the name."""
    return t("{name}, greeted").format(name=name)


def kind_label(t: Translator, kind: str) -> str:
    return {"money": t("Money"), "goods": t("Goods"), "labour": t("Labour days")}[kind]


def giver_name(t: Translator, name: str) -> str:
    """A giver's name as a chat shows it: the donor not named at all, kept as “Nhà hảo tâm” (ANONYMOUS), in
    the reader's words, as the statement says it (“Well-wisher” in English)."""
    return anonymous(t.locale) if is_anonymous(name) else name


def statement_name_label(t: Translator, *, household: bool) -> str:
    """The menu entry for the name on the public statement: the household's name, for a household."""
    return t("The household's name on the statement") if household else t("My name on the statement")


def statement_label(t: Translator, *, household: bool = False) -> str:
    """The public statement's menu entry: “Sao kê” is a bank's word a household may not know (1446)."""
    return t("The Fund's public list") if household else t("Public statement")


# Words of organisations' names everyone writes short, as they are written short (the names are stored NFC).
_SHORT_WORDS = (("ủy ban nhân dân", "UBND"), ("uỷ ban nhân dân", "UBND"), ("trung học phổ thông", "THPT"))
_REMARK = re.compile(r"\s*\([^()]*\)$")
SHORT_ORG_NAME = 40  # characters of an organisation's name in a heading


def short_org_name(name: str) -> str:
    """An organisation's name where a screen's heading names it: a remark in brackets at its end left out
    (“(dùng thử)”), “Ủy ban nhân dân” written “UBND”, and cut at a word after SHORT_ORG_NAME characters."""
    short = _REMARK.sub("", name) or name
    for words, abbreviation in _SHORT_WORDS:
        short = re.sub(re.escape(words), abbreviation, short, flags=re.IGNORECASE)
    return clipped(short, SHORT_ORG_NAME, at_word=True)


def role_label(
    t: Translator,
    role: str,
    *,
    org_wide: bool = False,
    commune: bool = False,
    hamlet: bool = False,
    hamlets: bool = False,
) -> str:
    """The heading of a role's holders in a list of them; of the whole organisation's, a leader is its leader,
    not a unit's (“Lãnh đạo”); a commune's officers are the Fatherland Front's (`commune`, decision 0225); a
    hamlet's leaders its heads (`hamlet`: “Trưởng thôn, lãnh đạo”, decision 0259); the leaders of many places
    of a commune with hamlets (`hamlets`, an appeal's audience) both (“Lãnh đạo (trưởng thôn, lãnh đạo đơn
    vị)”)."""
    if hamlet:
        unit_leaders = t("Hamlet heads, leaders")
    elif hamlets:
        unit_leaders = t("Leaders (hamlet heads, unit leaders)")
    else:
        unit_leaders = t("Unit leaders")
    return {
        "member": t("Members"),
        "leader": t("Leaders") if org_wide else unit_leaders,
        "treasurer": t("Treasurers"),
        "officer": t("Fatherland Front officers") if commune else t("Union officers"),
        "admin": t("Administrators"),
    }[role]


def status_label(
    t: Translator,
    status: str,
    *,
    kind: str = "money",
    withdrawn: bool = False,
    by_recorder: bool = False,
    commune: bool,
    by_officers: bool = False,
) -> str:
    """Where an entry stands: "recorded", "confirmed", "rejected" (its `status`), "withdrawn" (or
    `withdrawn`: closed by its own giver, bot.domain.contributions.withdraw, not by a treasurer),
    "withdrawn_by_recorder" (or `withdrawn` and `by_recorder`: closed by whoever recorded it for the giver),
    or "corrected" (confirmed, then cancelled by a correction). Waiting, it names who confirms its `kind`:
    money and goods a treasurer; labour days the officer covering the giver's unit too (access.
    LABOUR_DECIDERS, docs/decisions/0434 and 0463), named by the one name of her role as the organisation
    does (`commune`: `days_officer`, decisions 1806, 1877, 1942), on every screen that says it. A labour day
    refused was not worked, whoever refused it: no treasurer's “not received” (0475). A treasurer's own money
    or goods that the officers confirm, there being no other treasurer (`by_officers`, as `officers_confirm`
    reads it: decision 2430), waits for them, named as her organisation names them (decisions 2464, 2620):
    the one wording of every list and look-up that says it."""
    if withdrawn:
        status = "withdrawn_by_recorder" if by_recorder else "withdrawn"
    if by_officers and status == "recorded":
        return t("waiting for the {officers}").format(officers=officers_title(t, commune=commune))
    if kind == "labour" and status == "rejected":  # refused as not worked, by an officer or a treasurer
        return t("not confirmed as worked")
    if status == "recorded" and decide_roles(kind) >= LABOUR_DECIDERS:  # an officer confirms it too
        return t("waiting for {officer} or a treasurer").format(officer=days_officer(t, commune=commune))
    return {
        "recorded": t("waiting for the treasurer"),
        "confirmed": t("confirmed"),
        "rejected": t("not received by the treasurer"),
        "withdrawn": t("withdrawn by the giver"),
        "withdrawn_by_recorder": t("withdrawn by whoever recorded it"),
        "corrected": t("cancelled by a correction"),
    }[status]


def entry_status(t: Translator, contribution: Any, *, commune: bool, by_officers: bool = False) -> str:
    """`status_label` of an entry as stored: withdrawn, and by whom, read from who closed it."""
    return status_label(
        t,
        contribution.status,
        kind=contribution.kind,
        withdrawn=withdrawn(contribution),
        by_recorder=withdrawn_by_recorder(contribution),
        commune=commune,
        by_officers=by_officers,
    )


def own_status(t: Translator, contribution: Any, *, commune: bool, by_officers: bool) -> str:
    """`entry_status` of one's own entry, said waiting for the officers where they confirm it (`by_officers`,
    `status_label`: decisions 2464, 2510)."""
    return entry_status(t, contribution, commune=commune, by_officers=by_officers)


def beyond_a_week_text(t: Translator, ref: str, days: int) -> str:
    """Why an officer may not confirm a member's `days` labour days as they stand — more than a week's, the
    days one can have seen at a day — and what she may do instead, said to her as an officer, whether or not
    she organised the day (docs/decisions/0442, 0601)."""
    return t(
        "{ref}: {what}, more than the {most} days (a week) an officer may confirm for one person. To confirm "
        "the days you saw, choose it alone, then “{other}”; if they were not worked, reject it. More "
        "than {most} days are for a treasurer to confirm."
    ).format(
        ref=ref,
        what=labour_days(t, days),
        most=t.number(VOUCHED_MOST_DAYS),
        other=t("Received a different figure"),
    )


def possible_double(t: Translator, ref: str, doubles: tuple[Double, ...]) -> str:
    """The one line that tells a treasurer the entry `ref` may double other standing gifts, and why: “⚠️
    CT-2026-000003 có thể trùng CT-2026-000001 (cùng ảnh).” — at the entry's look-up, over the press that
    confirms it, and under its photo (docs/decisions/0200). A gift the reader may not look up is named by no
    code (decision 0201). "" when it doubles nothing."""
    if not doubles:
        return ""
    return t("⚠️ {ref} may double {others}.").format(ref=ref, others=doubled(t, doubles))


def double_mark(t: Translator, doubles: tuple[Double, ...]) -> str:
    """`possible_double` in the few words a line of the queue has room for, after the entry it marks: “⚠️
    trùng CT-2026-000001 (cùng ảnh)”. "" when it doubles nothing."""
    return t("⚠️ double of {others}").format(others=doubled(t, doubles)) if doubles else ""


def far_mark(t: Translator, amount: int, usual: int) -> str:
    """A money gift far from its giver's others (`far_from_the_others`: ten times her usual gift, or a tenth
    of it), in the few words a line has room for, with the figure it is held against: “⚠️ gấp 10 lần
    khoản khác của người này (500.000 ₫)”, “⚠️ chỉ bằng 1/10 khoản khác của người này (500.000 ₫)” (decisions
    1605, 1648, 1732). One wording for the queue, the look-up, “Nhận số khác” and the bank statement's
    matches."""
    if amount >= usual:
        return t("⚠️ {times}× this giver's other gifts ({usual})").format(
            times=t.number(amount // usual), usual=t.vnd(usual)
        )
    return t("⚠️ 1/{times} of this giver's other gifts ({usual})").format(
        times=t.number(usual // amount), usual=t.vnd(usual)
    )


def doubled(t: Translator, doubles: tuple[Double, ...]) -> str:
    """The gifts an entry may double, each with why: “CT-2026-000001 (cùng ảnh; cùng người, số, trong 24
    giờ)”."""
    parts = []
    for double in doubles:
        why = []
        if double.same_photo:
            why.append(t("same photo"))
        if double.same_gift:
            why.append(t("same giver and figure within 24 hours"))
        other = double.ref if double.ref is not None else t("a gift outside the units you keep")
        parts.append(f"{other} ({'; '.join(why)})")
    return ", ".join(parts)


def recorded_for_mark(t: Translator, recorder: str | None, *, payroll: bool = False) -> str:
    """“ (cán bộ Đinh Thị Hiền ghi thay)” after an entry or a result someone else recorded for its owner (an
    officer, for a household: decision 0043), so a family member who joins later sees whose entry it is; ""
    for one the owner recorded. A deduction from the owner's salary (`payroll`) says so: a treasurer recorded
    it from the accountant's sheet, no officer gave it for her (docs/decisions/0400)."""
    if not recorder:
        return ""
    if payroll:
        return " " + t("(deducted from the salary, recorded by {name})").format(name=recorder)
    return " " + t("(recorded on their behalf by officer {name})").format(name=recorder)


def closed_year_line(t: Translator, ref: str, year: int, today: date) -> str | None:
    """To the treasurer about to confirm `ref`, recorded for `year`: where that year's figures were closed
    and reported (from April of the year after), that it counts for this year once confirmed (decision
    1218); None while its year is at work."""
    counted = year_counted(year, today)
    if counted == year:
        return None
    return t(
        "{ref} was recorded for {year}, but the figures of {year} were closed and reported at the end of "
        "March: confirmed now, it counts for {now}."
    ).format(ref=ref, year=year, now=counted)


def day_refused(
    t: Translator, day: date, today: date, *, not_yet: str, closed: str, example: str | None = None
) -> str | None:
    """Why `day` may not be the day something was handed out or worked (`campaigns.gone_by_at_work`): the
    asker's own sentence, `not_yet` for a day to come or `closed` for a day of a year whose figures were
    closed and reported, filled in here (the day, its year, the first year open, `example` or today); None
    where the day is taken. One builder for the chat's steps and the shell's `--on`; each sentence stays
    whole in the catalogs, as its asker words it (decision 2203)."""
    if gone_by_at_work(day, today):
        return None
    return day_refusal(t, day, today, not_yet=not_yet, closed=closed, example=example)


def day_refusal(
    t: Translator, day: date, today: date, *, not_yet: str, closed: str, example: str | None = None
) -> str:
    """`day_refused`'s sentence for a day refused already (`CaseError("day")` of `cases.support_fits`, read on
    the same `today`): a day after `today` is to come, any other is of a closed year. Never a second check
    of the day, so never an empty reason."""
    return (not_yet if day > today else closed).format(
        day=t.date(day), year=day.year, opened=first_year_at_work(today), example=example or t.date(today)
    )


def closed_year_correction(t: Translator, year: int, today: date) -> str:
    """Under a correction's last look: where the gift's year (`year`) was closed and reported, that the
    correction counts for this year and that year's figures stay as reported (decision 1219); "" else."""
    counted = year_counted(year, today)
    if counted == year:
        return ""
    return "\n\n" + t(
        "The figures of {year} were closed and reported at the end of March: this correction counts for "
        "{now}, and the figures of {year} stay as reported."
    ).format(year=year, now=counted)


def unit_told_apart(unit: str | None, position: str | None, room: int) -> str:
    """A giver's unit, with the position that tells a namesake of it apart (“Thôn Hòa, Tổ 5”, decision
    0484), in `room` characters: a long unit's name is what is cut, never that position (decision 0509).
    Each is cut after a whole word, as the giver's name beside it (decision 2852), its first word kept whole
    where the room is shorter: “Phòng…”, never “Phò…”."""
    if not position:
        return cut_at_word(unit or "", room)
    kept = cut_at_word(position, room // 2)
    return f"{cut_at_word(unit, room - len(kept) - 2)}, {kept}" if unit else kept


# How far a unit's first word may run past its room, kept whole (“Phòng…”): a few characters, never a name of
# one word of hundreds (“Khoa Nội/Ngoại/…” joined by “/”), which is cut as any text is (decision 2881).
WORD_OVER = 10


def cut_at_word(text: str, room: int) -> str:
    """`text` in `room` characters, cut after a whole word (`clipped`'s `at_word`), or its first word and “…”
    where even that is longer: a few characters over (`WORD_OVER`), not a piece of a word (decision 2852);
    a first word longer still is cut inside, the line kept its length (decision 2881)."""
    first = text.split(" ", 1)[0]
    if len(first) + 1 > room + WORD_OVER:
        return clipped(text, room)
    return clipped(text, max(room, len(first) + 1), at_word=True)


def labour_days(t: Translator, days: int) -> str:
    return t.plural("{n} labour day", "{n} labour days", days).format(n=t.number(days))


def describe(t: Translator, kind: str, amount: int, days: int, description: str | None) -> str:
    """A contribution in a few words: "1.200.000 ₫", "2 ngày công", "5 áo ấm, trị giá khoảng 300.000 ₫"."""
    return contribution_words(t.locale, kind, amount, days, description)


def with_day_worked(t: Translator, what: str, worked: date | None, *, weekday: bool = False) -> str:
    """Labour days with the day they were worked, “2 ngày công (làm ngày 05/12/2026)”; `what` alone where no
    day was kept (money, goods, a labour day recorded before it was asked: decision 2105). `weekday`: with
    its weekday, “(làm ngày Thứ Bảy, 12/12/2026)”, at the last look, where a weekday typed (“thu 7”) or a
    date mistyped is caught before “Có” (decision 2653)."""
    if worked is None:
        return what
    day = t.day_of_week(worked) if weekday else t.date(worked)
    return t("{what} (worked on {day})").format(what=what, day=day)


def format_target(t: Translator, criterion: Criterion, value: int) -> str:
    if criterion.measure == "money":
        return t.vnd(value)
    if criterion.measure == "labour_days":
        return labour_days(t, value)
    if criterion.measure == "yes_no":
        return t("yes")
    return t.number(value)


def percent(done: int, target: int) -> int:
    """How much of a target is reached, in whole percent, never rounded up (a target reached reads 100)."""
    return min(999, done * 100 // target) if target else 100


def result_reached(t: Translator, measure: str, done: int, target: int | None) -> str:
    """What results recorded make of a count or yes/no criterion: "1/2 (50%)", "3 (not registered)",
    "recorded" or "not recorded yet"."""
    if measure == "yes_no":
        return t("recorded") if done else t("not recorded yet")
    if target:
        return f"{t.number(done)}/{t.number(target)} ({percent(done, target)}%)"
    return t("{done} (no target registered)").format(done=t.number(done))


def result_amount(t: Translator, measure: str, quantity: int) -> str:
    """How much a result is: its number, or "done" for a yes/no."""
    return t("done") if measure == "yes_no" else t.number(quantity)


# More decided at once than this, told alike: how many and what they come to, not each code (decision 2222).
CODES_SAID = 3


def decided_text(
    t: Translator,
    done: list[str],
    heard: dict[str, Heard],
    *,
    confirmed: bool,
    total: str | None = None,
    held: datetime | None = None,
) -> str:
    """What a treasurer reads after deciding several entries: which, and who hears of each — their givers,
    whoever recorded it for a giver with no account (a household, an outside donor), or nobody on the bot.
    More than CODES_SAID heard of alike, with `total` (what they come to): how many and that total, and how to
    look one up by its code, the first given as the example, not ten codes on one line (decision 2222).
    `held` (notices.held_till): at night, when they are told (decision 2830)."""
    refs = ", ".join(done)
    by = {
        who: [ref for ref in done if heard.get(ref, GIVER) == who] for who in (GIVER, BOTH, RECORDER, NOBODY)
    }
    groups = [who for who in (GIVER, BOTH, RECORDER, NOBODY) if by[who]]
    if total is not None and len(done) > CODES_SAID and len(groups) == 1:
        counted = (
            t.plural(
                "Confirmed {n} contribution, {total} in all.",
                "Confirmed {n} contributions, {total} in all.",
                len(done),
            )
            if confirmed
            else t.plural(
                "Rejected {n} contribution, {total} in all.",
                "Rejected {n} contributions, {total} in all.",
                len(done),
            )
        ).format(n=t.number(len(done)), total=total)
        told = _givers_told(t, confirmed, held) if groups[0] == GIVER else heard_line(t, groups[0], held=held)
        look_up = t("To look one up, type /tracuu and its code, for example: /tracuu {ref}.").format(
            ref=done[0]
        )
        return f"{counted} {told}\n{look_up}"
    said = (t("Confirmed: {refs}.") if confirmed else t("Rejected: {refs}.")).format(refs=refs)
    if by[GIVER] == done:
        return f"{said} {_givers_told(t, confirmed, held)}"
    if len(groups) == 1:  # all heard of alike: the codes once, then who is told (decision 1602)
        return said + "\n" + heard_line(t, groups[0], held=held)
    # several ways: how many, then each code once, under who is told of it (25 codes twice on a phone, 1602)
    count = (
        t.plural("Confirmed {n} contribution:", "Confirmed {n} contributions:", len(done))
        if confirmed
        else t.plural("Rejected {n} contribution:", "Rejected {n} contributions:", len(done))
    )
    lines = [count.format(n=t.number(len(done)))]
    if by[GIVER]:
        their = (
            t("Their givers are being told: {refs}.")
            if held is None
            else t("Their givers will be told at {hour} on {day}, after the quiet hours: {refs}.")
        )
        lines.append(their.format(refs=", ".join(by[GIVER]), **held_words(t, held)))
    lines.extend(heard_line(t, who, by[who], held=held) for who in (BOTH, RECORDER, NOBODY) if by[who])
    return "\n".join(lines)


def held_words(t: Translator, held: datetime | None) -> dict[str, str]:
    """The hour and the day a notice held by the quiet hours goes, as decision 2781 says them."""
    if held is None:
        return {}
    local = held.astimezone(LOCAL_TZ)
    return {"hour": local.strftime("%H:%M"), "day": t.day_of_week(local.date())}


def _givers_told(t: Translator, confirmed: bool, held: datetime | None) -> str:
    """That the givers of entries decided at once hear of it: now, or at night when (decision 2830)."""
    if held is None:
        return t("The givers are being told.") if confirmed else t("The givers are being told why.")
    said = (
        t("The givers will be told at {hour} on {day}, after the quiet hours.")
        if confirmed
        else t("The givers will be told why at {hour} on {day}, after the quiet hours.")
    )
    return said.format(**held_words(t, held))


def heard_line(
    t: Translator, heard: Heard, refs: list[str] | None = None, *, held: datetime | None = None
) -> str:
    """Who hears of a decision or correction (bot.domain.notices.who_hears), for one entry or for `refs`.
    `held` (notices.held_till, read once per answer): at night, the hour and day they are told, not “is being
    told” of a notice that waits for the end of the quiet hours (decision 2830)."""
    if heard == GIVER:
        line = (
            t("The giver is being told.")
            if held is None
            else t("The giver will be told at {hour} on {day}, after the quiet hours.")
        )
    elif heard == BOTH:
        line = (
            t("The giver, and whoever recorded it for them, are being told.")
            if held is None
            else t(
                "The giver, and whoever recorded it for them, will be told at {hour} on {day}, after the "
                "quiet hours."
            )
        )
    elif heard == RECORDER:
        line = (
            t("The giver has no account on the bot: whoever recorded it for them is being told.")
            if held is None
            else t(
                "The giver has no account on the bot: whoever recorded it for them will be told at {hour} on "
                "{day}, after the quiet hours."
            )
        )
    else:
        line = t("The giver has no account on the bot, so nobody is told there: please let them know.")
    line = line.format(**held_words(t, held)) if held is not None and heard != NOBODY else line
    return f"{', '.join(refs)}: {line}" if refs else line


def source_words(t: Translator, source: str | None, drive_title: str | None, year: int) -> str:
    """Where support was paid from, as a confirmation and the case's page say it (decision 0094)."""
    if source == "drive":
        return t("from {drive}").format(drive=drive_named(t.locale, drive_title or ""))
    if source == "fund":
        return t("from the Fund for the Poor outside the drives ({year})").format(year=year)
    if source == "outside":
        return t("not from the Fund")
    return ""


def left_words(t: Translator, balance: Balance, kind: str) -> str:
    """What a drive or the Fund has left of `kind`, as a source's option says it."""
    left = max(0, balance.left_of(kind))
    return labour_days(t, left) if kind == "labour" else t.vnd(left)


def kinds_left_words(t: Translator, balance: Balance, kinds: list[str]) -> str:
    """What it has left of each of `kinds`, each named when there are several (“tiền …; hiện vật trị giá …”):
    goods may be paid in money when they are bought with it (decision 0099), so both are shown for them."""
    if len(kinds) == 1:
        return left_words(t, balance, kinds[0])
    named = {"money": t("money {money}"), "goods": t("goods worth {goods}")}
    return "; ".join(named[kind].format(**{kind: left_words(t, balance, kind)}) for kind in kinds)


def givers_words(t: Translator, people: int, households: int, kinds: set[str] | None = None) -> str:
    """“Số người đã ủng hộ: 10.”, or where households gave, those counted as households: “Số hộ đã ủng hộ:
    35.” (a commune's drive, given by households, not people), “Đã ủng hộ: 2 người và 35 hộ.” (its
    officers too); of a drive of labour days only (`kinds`), “Số người đã góp ngày công: 10.” (decision
    1570). Counts only, never a name or an amount."""
    if labour_only(kinds):
        if not households:
            return t("People who gave days of work: {n}.").format(n=t.number(people))
        if not people:
            return t("Households who gave days of work: {n}.").format(n=t.number(households))
        return t("Gave days of work: {givers}.").format(givers=counted_givers(t, people, households))
    if not households:
        return t("People who gave: {n}.").format(n=t.number(people))
    if not people:
        return t("Households who gave: {n}.").format(n=t.number(households))
    return t("Gave: {givers}.").format(givers=counted_givers(t, people, households))


def labour_only(kinds: set[str] | None) -> bool:
    """A drive that takes labour days and nothing else (“Ngày công” at its kinds): its words are of days of
    work, not of money (decision 1570); the one rule of `asked_kind` (decision 1652)."""
    return asked_kind(kinds) == "labour"


def counted_givers(t: Translator, people: int, households: int) -> str:
    """“2 người và 35 hộ”, “35 hộ”, “2 người”: who gave, households apart (none of either: left out)."""
    parts = []
    if people or not households:
        parts.append(t.plural("{n} person", "{n} people", people).format(n=t.number(people)))
    if households:
        parts.append(t.plural("{n} household", "{n} households", households).format(n=t.number(households)))
    if len(parts) == 1:
        return parts[0]
    return t("{people} and {households}").format(people=parts[0], households=parts[1])


def closed_words(t: Translator, drive: Drive) -> str:
    """What follows a closed drive's title and dates: “ — đã đóng ngày 10/12/2026”, the day it was closed in
    Vietnam (a drive closed before its end reads so at once: decision 0272); nothing for an open drive."""
    if drive.closed_at is None:
        return ""
    return t(" — closed on {date}").format(date=t.date(local_date(drive.closed_at)))


def ended_words(t: Translator, last_day: date) -> str:
    """What follows the title of a drive past its last day, or of the Fund's year past: “ — đã kết thúc ngày
    31/12/2026”, alike in its group message, its statement in the chat and its public page (decisions 0887,
    0967, 0987)."""
    return t(" — ended on {date}").format(date=t.date(last_day))


def goods_worth(t: Translator, value: int, *, unknown: bool) -> str:
    """The goods given, by their value: goods whose value nobody knew (`unknown`) are never “worth 0 ₫”, nor
    left out of a sum said as all the goods (decisions 0540, 0554, 0564, 0610)."""
    if unknown and not value:
        return t("goods, value not known")
    if unknown:
        return t("goods worth {value} (not counting goods of unknown value)").format(value=t.vnd(value))
    return t("goods worth {goods}").format(goods=t.vnd(value))


def figures_text(
    t: Translator, totals: StatementTotals, kinds: set[str], *, goods_gone: bool = False, given: bool = False
) -> str:
    """Money, goods' value and labour days, each apart: those the drive takes, and any other with a figure
    (`kinds_shown`, as the statement's sheet reads them). `goods_gone`: what is left, once every good went
    to the level above (decision 0713): the goods said handed over, never “worth 0 ₫”. `given`: what was
    confirmed, what waits and what is left, each kind only with a figure (`kinds_given`, decisions 1342,
    1420)."""
    from bot.domain.statement import kinds_given, kinds_shown

    parts = {
        "money": t("money {money}").format(money=t.vnd(totals.money)),
        "goods": t("goods all handed over to the level above")
        if goods_gone
        else goods_worth(t, totals.goods, unknown=bool(totals.goods_unpriced)),
        "labour": labour_days(t, totals.labour_days),
    }
    named = kinds_given(totals, kinds, goods_gone=goods_gone) if given else kinds_shown(totals, kinds)
    return "; ".join(parts[kind] for kind in named)


# The kinds of goods a statement's heading names, one message on Zalo whatever came (decision 0704).
GOODS_KINDS_SHOWN = 10


def goods_counted_text(t: Translator, goods: list[GoodsCount], *, clip: int) -> str:
    """“mì tôm: 15 thùng; gạo: 50 kg; 2 chỉ vàng; áo phao”: each kind of goods added up (what a figure
    led in words of no known measure after its sum, decision 0710), those that came without a quantity by
    name, each name clipped past `clip` as the statement's lines clip theirs; past GOODS_KINDS_SHOWN, how
    many kinds more (decision 0704)."""
    parts = []
    for g in goods[:GOODS_KINDS_SHOWN]:
        name = clipped(g.goods, clip)
        if g.quantity is None:
            parts.append(name)
            continue
        figure = goods_figure(t, g.quantity)
        parts.append(f"{name}: {figure} {g.unit}" if g.unit else f"{figure} {name}")  # “2 chỉ vàng”
    if (more := len(goods) - GOODS_KINDS_SHOWN) > 0:
        parts.append(t.plural("and {n} other kind", "and {n} other kinds", more).format(n=t.number(more)))
    return "; ".join(parts)


def goods_figure(t: Translator, quantity: Decimal) -> str:
    """15, not “15,0”; 2,5 (tạ) as it is."""
    whole = int(quantity)
    return t.number(whole if whole == quantity else quantity)


def goods_as_given(t: Translator, goods: GoodsCount) -> str:
    """One kind of goods as a gift says it, the figure first (“15 thùng mì tôm”, “2 chỉ vàng”), or its name
    where it came without one."""
    if goods.quantity is None:
        return goods.goods
    return " ".join(filter(None, (goods_figure(t, goods.quantity), goods.unit, goods.goods)))


def waiting_lines(t: Translator, others: str | None, days: int, *, commune: bool = False) -> list[str]:
    """What still waits (docs/decisions/0463, 0474): money and goods (`others`, their figures; None when none
    of them waits), naming no one who confirms them, on every screen and paper: a lone treasurer's own waits
    for the officers, and telling it apart would be a query more for every figure (decisions 2711, 2765);
    labour days (`days`), who confirms them named on a line of their own, an officer covering the giver's
    unit or a treasurer (`days_officer`; in a `commune`, the Front's: decision 1806). With no day waiting,
    `others` is all of it."""
    said = t("Waiting to be confirmed: {figures}.")
    lines = [] if others is None else [said.format(figures=others)]
    if days:
        lines.append(
            t("Waiting for {officer} or a treasurer: {days}.").format(
                officer=days_officer(t, commune=commune), days=labour_days(t, days)
            )
        )
    return lines


def waiting_held_line(t: Translator) -> str:
    """`waiting_lines`' line where a paper does not say what money and goods wait (a leader's draft while his
    year's figure lags, decision 0625): in the same words, naming no one who confirms them (decision 2826)."""
    return t("Waiting to be confirmed: {figures}.").format(
        figures=t(
            "money and goods not said here (added once three or more people have given, so no one's gift "
            "shows; a treasurer's draft says them)"
        )
    )


def waiting_figures_lines(
    t: Translator, totals: StatementTotals, kinds: set[str], *, commune: bool = False
) -> list[str]:
    """`waiting_lines` of a drive's or the Fund's figures still waiting, each kind only with a figure
    (decision 1420)."""
    if not totals.labour_days:
        return waiting_lines(t, figures_text(t, totals, kinds, given=True), 0)
    others = replace(totals, labour_days=0)
    shown = kinds - {"labour"}
    text = figures_text(t, others, shown, given=True) if others.any else None
    return waiting_lines(t, text, totals.labour_days, commune=commune)


def public_waiting_lines(
    t: Translator, figures: Figures, kinds: set[str], *, commune: bool = False
) -> list[str]:
    """What waits, on a page anyone reads: from one or two people (`FEWEST_GIVERS`, as the digest hides a
    unit's money of one or two givers), the sum is their gifts' amount, so only how many gifts wait, and for
    whom by the one rule (`who_confirms`, decision 1806): money and goods alone “1 khoản đang chờ xác nhận.”,
    naming no one, as a lone treasurer's own among them waits for the officers (decision 2621), beside days of
    work too, only they named (“… chờ xác nhận (ngày công do cán bộ công đoàn/vận động hoặc thủ quỹ).”,
    decision 2626); days alone “… chờ cán bộ công đoàn/vận động hoặc thủ quỹ xác nhận.”; from three on,
    `waiting_figures_lines`, the money's sum naming no one either (decisions 0102, 0150, 0988, 2711). The
    givers are counted kind by kind: one person's money beside two others' days of work is her amount, so
    any kind waiting from one or two people has all of it counted (decision 2756)."""
    if any(0 < givers < FEWEST_GIVERS for givers in figures.waiting_givers_by_kind):
        n, who = figures.waiting_gifts, who_confirms(totals_kinds(figures.waiting))
        if who == EITHER_CONFIRMS:
            said = t.plural(
                "{n} gift waiting for {officer} or a treasurer to confirm.",
                "{n} gifts waiting for {officer} or a treasurer to confirm.",
                n,
            )
        elif who == BOTH_CONFIRM:  # the money's confirmer named by no one either (decision 2626)
            said = t.plural(
                "{n} gift waiting to be confirmed (labour days by {officer} or a treasurer).",
                "{n} gifts waiting to be confirmed (labour days by {officer} or a treasurer).",
                n,
            )
        else:  # money and goods, whoever confirms them: a lone treasurer's own, her officers (decision 2621)
            said = t.plural("{n} gift waiting to be confirmed.", "{n} gifts waiting to be confirmed.", n)
        return [said.format(n=t.number(n), officer=days_officer(t, commune=commune))]
    return waiting_figures_lines(t, figures.waiting, kinds, commune=commune)


def target_line(
    t: Translator, target: int, percent: int, confirmed: StatementTotals, kinds: set[str] | None = None
) -> str:
    """How far the money and goods confirmed reach a drive's target in đồng; goods whose worth nobody knew
    count toward none of it, and the line says so, never a bare 0% where clothes were given (0631). A drive
    taking no goods (`kinds`) says its money only (decision 1522); one taking no money, its goods only
    (decision 1525); one of labour days only, that days are not counted in đồng (decision 1570)."""
    if labour_only(kinds) and not (confirmed.money or confirmed.goods or confirmed.goods_unpriced):
        return t(
            "Target {target}: labour days are not counted in đồng, so they count toward none of it."
        ).format(target=t.vnd(target))
    if kinds is not None and "goods" not in kinds and not (confirmed.goods or confirmed.goods_unpriced):
        return t("Target {target}: {percent}% reached by the money confirmed.").format(
            target=t.vnd(target), percent=percent
        )
    if kinds is not None and "money" not in kinds and not confirmed.money:
        said = (
            t(
                "Target {target}: {percent}% reached by the goods confirmed (not counting goods of unknown "
                "value)."
            )
            if confirmed.goods_unpriced
            else t("Target {target}: {percent}% reached by the goods confirmed.")
        )
        return said.format(target=t.vnd(target), percent=percent)
    if confirmed.goods_unpriced:
        said = t(
            "Target {target}: {percent}% reached by the money and goods confirmed (not counting goods of "
            "unknown value)."
        )
    else:
        said = t("Target {target}: {percent}% reached by the money and goods confirmed.")
    return said.format(target=t.vnd(target), percent=percent)


def code_example(prefix: str, year: int) -> str:
    """A reference code to show as an example, of the reader's organisation (“CT-2026-000123”; its own letters
    where it has others: decision 0140)."""
    return f"{prefix}-{year}-000123"


def code_check_words(
    t: Translator, checked: CodeCheck, *, example: str, fund: bool = False
) -> tuple[str, bool]:
    """What anyone may learn of a reference code (the public page's check, and the chat's look-up of someone
    else's code): confirmed; corrected, and the code now standing for it; cancelled by a correction; not among
    the confirmed gifts of the drive (`fund`: of the Fund); not a code (docs/decisions/0121). Never a name nor
    an amount. The words, and whether the gift counts."""
    ref = checked.ref
    if ref is None:
        return t("That is not a reference code. It looks like this: {example}.").format(
            example=example
        ), False
    if checked.state == "confirmed":
        return t("{ref}: received and confirmed by the treasurer.").format(ref=ref), True
    if checked.state == "corrected":
        return t(
            "{ref}: received and confirmed by the treasurer, then corrected: the gift now stands as {now}."
        ).format(ref=ref, now=checked.now), True
    if checked.state == "cancelled":
        return t(
            "{ref}: confirmed by the treasurer, then cancelled by a correction; it no longer "
            "counts in these figures."
        ).format(ref=ref), False
    if fund:
        return t(
            "{ref}: not among the Fund's confirmed gifts. "
            "A gift shows here once a treasurer has confirmed it."
        ).format(ref=ref), False
    return t(
        "{ref}: not among this drive's confirmed gifts. A gift shows here once a treasurer has confirmed it."
    ).format(ref=ref), False


def balance_lines(
    t: Translator, balance: Balance, kinds: set[str], *, fund: bool = False, of_the_fund: bool = True
) -> list[str]:
    """“Đã chi hỗ trợ: … cho N hoàn cảnh.” and “Còn lại: ….”, each kind apart as receipts are (0094); between
    them, once a support was cancelled as not given, how many and what went back — to the drive, or to the
    Fund (`fund`: the Fund outside the drives) —, naming no one (0107), and how many packs an officer holds to
    hand over later, with their money, apart (1210), how many held from a year before came back (1324), and
    “Đã nộp về quỹ cấp trên: ….” once something was handed over (0108), “Đã nộp về cấp trên: ….” from a
    drive not of the Fund (`of_the_fund` false: relief money goes to a relief board, decision 0725). The
    support line only once some was paid or cancelled, where money was handed over
    (`Balance.shows_support`), and never “0 hoàn cảnh: tiền 0 ₫” where nothing was paid (decision 1522).
    Days of work are said left only once some went to a hardship case: until then they were worked where
    they were given, and a drive of days alone says nothing left (decision 1724)."""
    spent = balance.spent
    lines = []
    if balance.shows_support and spent.any:
        lines.append(
            t("Paid out in support to hardship cases ({n}): {figures}.").format(
                figures=figures_text(t, spent.totals, spent.kinds_named(kinds), given=True),
                n=t.number(spent.cases),
            )
        )
    if spent.cancelled:
        returned = (
            t("Supports cancelled as not given: {n}; returned to the fund: {figures}.")
            if fund
            else t("Supports cancelled as not given: {n}; returned to the drive: {figures}.")
        )
        lines.append(
            returned.format(n=t.number(spent.cancelled), figures=figures_text(t, spent.returned, set()))
        )
    if spent.held:  # out of the cash box, given to nobody yet, naming no one (decision 1210)
        held = t("Packs held by an officer to hand over later: {n}; {figures}.")
        lines.append(held.format(n=t.number(spent.held), figures=figures_text(t, spent.kept, set())))
    if balance.back:  # an envelope of a year before, back in the cash box this year, naming no one (1324)
        back = t("Packs held from {years}, put back in the Fund this year: {n}; {figures}.")
        figures = figures_text(t, balance.came_back, set())  # the year it was given in, named (1463)
        lines.append(back.format(n=t.number(balance.back), years=balance.back_from_said, figures=figures))
    if balance.handed:
        handed = (
            t("Handed over to the Fund above: {money}.")
            if of_the_fund
            else t("Handed over to the level above: {money}.")
        )
        lines.append(handed.format(money=t.vnd(balance.handed)))
    left = balance.left
    # every good handed over to the level above, those of unknown worth too, said so (decision 0713)
    gone = balance.goods_gone
    if told := balance.left_told(kinds):  # days of work only once one went to a case (1724)
        said, left_kinds = told
        lines.append(
            t("Left: {figures}.").format(
                figures=figures_text(t, said, left_kinds, goods_gone=gone, given=True)
            )
        )
    over = overdrawn(left)
    if over != StatementTotals():  # never a bare negative “left”: what went out beyond it, and why (0121)
        lines.append(
            t(
                "Paid out beyond what was received: {figures} (a gift confirmed earlier was corrected down "
                "or cancelled after the money went out)."
            ).format(figures=figures_text(t, over, set()))
        )
    return lines
