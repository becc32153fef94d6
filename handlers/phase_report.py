"""/baocaogiaidoan: the period's review report (báo cáo sơ kết / tổng kết) as a Word draft in the chat, the
same file `chungtay report phase` writes: each year of the campaign's period so far and the total. Whoever may
write the year's report gets it, of the same scope: a unit leader their unit's, an organisation leader or
officer the organisation's (or, asked, their own unit's). "/baocaogiaidoan 2021-2025" for another period. On a
messenger that cannot carry files (Zalo), the year's report's answer: where else the file is to be had."""

from __future__ import annotations

import asyncio

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Campaign
from bot.domain.access import may_open_year_report
from bot.domain.notices import level_name
from bot.domain.phase_report import (
    PhaseError,
    PhaseReport,
    find_campaign,
    first_review_on,
    phase_report,
    reviewed_years,
)
from bot.domain.year_report import ReportError
from bot.i18n import PAPER_LOCALE, Translator
from bot.messages import Document
from bot.phase_report_doc import phase_title, write_phase_report
from bot.year_report_doc import confirmed_held_sentence, confirmed_text, held_sentence, unvalued_text
from handlers.common import (
    actor_of,
    commune_and_level_of,
    file_slug,
    go_home,
    kept_file,
    no_file_here,
    unit_file_slug,
    with_years,
)
from handlers.year_report import ask_scope, read_scope, scope_unit

flow = Flow("phasereport")


@flow.prompt("start")
async def start(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not may_open_year_report(actor):  # whoever asks, whatever period they typed
        turn.say(
            turn.t(
                "The period's review report is for unit and organisation leaders. "
                "You can see your own progress with /tiendo."
            )
        )
        go_home(turn)
        return
    try:
        campaign = await find_campaign(turn.session, actor.org_id, turn.today, turn.argument)
    except PhaseError:
        turn.say(
            turn.t(
                "No campaign period of your organisation is called that. Please give its years, for example: "
                "/baocaogiaidoan {first}-{last}"
            ).format(first=turn.today.year, last=turn.today.year + 4)
            if turn.argument
            else turn.t("Your organisation has no campaign loaded yet: the office loads the plan first.")
        )
        go_home(turn)
        return
    try:
        reviewed_years(campaign, turn.today)
    except PhaseError as early:
        period = {"first": campaign.starts_on.year, "last": campaign.ends_on.year}
        turn.say(
            turn.t("The period {first}–{last} has not begun yet.").format(**period)
            if early.reason == "not_started"
            else turn.t(
                "The period {first}–{last} began this year: through March a review closes with the year just "
                "ended, so none of its years has closed yet. Please write it from {day}."
            ).format(**period, day=turn.t.date(first_review_on(turn.today.year)))
        )
        go_home(turn)
        return
    turn.set(campaign=campaign.id)
    # a commune's report is the commune's or a hamlet's, board's (decision 0247), a ward's the ward's (2844)
    commune, level = await commune_and_level_of(turn)
    question = (
        turn.t("The review report of {first}–{last}: for the {level}, or for your hamlet or board?")
        if commune
        else turn.t("The review report of {first}–{last}: for which?")
    ).format(first=campaign.starts_on.year, last=campaign.ends_on.year, level=level_name(turn.t, level))
    whole = await ask_scope(turn, actor, question)
    if whole is not None:
        await _write(turn, whole=whole)


@flow.answer("start")
async def chose(turn: Turn) -> None:
    whole = read_scope(turn)
    if whole is not None:
        await _write(turn, whole=whole)


async def _write(turn: Turn, *, whole: bool) -> None:
    actor = await actor_of(turn)
    assert actor is not None
    campaign = await turn.session.get(Campaign, int(turn.data["campaign"]))
    unit_id = None if whole else scope_unit(turn, actor)
    try:
        if campaign is None or campaign.org_id != actor.org_id:
            raise PhaseError("no_campaign")
        report = await phase_report(
            turn.session, actor.org_id, campaign, today=turn.today, actor=actor, unit_id=unit_id
        )
    except (ReportError, PhaseError):  # the roles or the plan changed since the menu was shown
        turn.say(turn.t("The period's review report is for unit and organisation leaders."))
        go_home(turn)
        return
    t = turn.t
    name = report.organisation if whole else report.unit or ""
    kind = "tong-ket" if report.final else "so-ket"
    years = (report.first_year, report.ends_on.year)
    if unit_id is None:
        slug = file_slug(name, "bao-cao", limit=40)
        file_name = f"{with_years(f'bao-cao-{kind}-{slug}', *years)}.docx"
    else:
        file_name = f"bao-cao-{kind}-{await unit_file_slug(turn, unit_id, *years)}.docx"
    kept = kept_file(turn, "documents", file_name)
    await asyncio.to_thread(write_phase_report, report, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    unit_option = "" if whole else " --unit CODE"
    fallback = no_file_here(
        turn, file_name, f"chungtay report phase --campaign {report.campaign_code}{unit_option} --docx FILE"
    )
    lines = [
        t("{kind} of {first}–{last} for {name}, with the figures as of {date}.").format(
            kind=phase_title(t, report),
            first=report.first_year,
            last=report.ends_on.year,
            name=name,
            date=t.date(report.as_of),
        ),
        t("Years counted: {years}, each as its year's report has it, and the total.").format(
            years=", ".join(str(year.year) for year in report.years)
        ),
        period_line(t, report),
        t(
            "The figures are filled in: please write the assessment, the lessons and the proposals, then "
            "sign it."
        ),
    ]
    turn.hand_over(Document(kept, file_name, fallback), "\n".join(lines))
    go_home(turn)


def period_line(t: Translator, report: PhaseReport) -> str:
    """What of the period is confirmed: a held unit's sentence where one or two people gave its money in a
    year of it (decision 0310); labour days and goods given with no value said as such, never “tiền và hiện
    vật 0 ₫” (decision 0368, as 0349 for the year), nor “0 ₫, 0 ngày công” where nothing is (0453)."""
    confirmed = report.confirmed
    if report.money_held:
        return held_sentence(t, report)
    if report.confirmed_held:  # one or two people's confirmed gifts in a year, to a leader (decision 2546)
        return confirmed_held_sentence(t)
    if not confirmed.value and (confirmed.labour_days or report.goods_unvalued):
        return t("Confirmed over the period: {totals}.").format(totals=confirmed_text(t, report))
    if not confirmed.value:  # nothing: said in words, as the year's report says it (decision 0453)
        return t("Nothing given over {first}–{last} is confirmed yet.").format(
            first=report.first_year, last=report.ends_on.year
        )
    line = t.plural(
        "Confirmed over the period: money and goods {value}, {days} labour day.",
        "Confirmed over the period: money and goods {value}, {days} labour days.",
        confirmed.labour_days,
    ).format(value=t.vnd(confirmed.value), days=t.number(confirmed.labour_days))
    if report.goods_unvalued:
        line += " " + t("Also confirmed: {items}.").format(items=unvalued_text(t, report.goods_unvalued))
    return line
