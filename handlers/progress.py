"""My progress: what I pledged against what I recorded (confirmed and waiting shown apart). The Fund
criterion counts only gifts to the Fund: Fund drives and entries for the Fund in general."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Criterion
from bot.domain.campaigns import active_campaign, campaign_year
from bot.domain.commitments import commitment_targets, owner_key
from bot.domain.contributions import confirmed_toward, person_totals, recent_contributions
from handlers.common import go_home
from handlers.wording import describe, format_target, status_label

flow = Flow("progress")


def _percent(amount: int, target: int) -> int:
    return min(999, amount * 100 // target) if target else 100


def _reached(turn: Turn, criterion: Criterion, target: int, done: int, waiting: int) -> str:
    """What counts toward the pledge is what a treasurer confirmed; what waits is shown apart, with the
    percent it would make once confirmed. Figures carry their unit as the target does ("0 ngày công")."""
    reached = turn.t("confirmed {done} ({percent}% reached)").format(
        done=format_target(turn.t, criterion, done), percent=_percent(done, target)
    )
    if not waiting:
        return reached
    return reached + turn.t(", waiting for confirmation {waiting} ({percent}% once confirmed)").format(
        waiting=format_target(turn.t, criterion, waiting), percent=_percent(done + waiting, target)
    )


@flow.prompt("show")
async def show(turn: Turn) -> None:
    assert turn.person is not None
    person, session = turn.person, turn.session
    campaign = await active_campaign(session, person.org_id, turn.today)
    year = campaign_year(campaign, turn.today) if campaign else turn.today.year
    totals = await person_totals(session, person.id, year)
    household = person.kind == "household"
    if household:
        heading = turn.t("Your household's progress in {year}")
    else:
        heading = turn.t("Your progress in {year}")
    lines = [heading.format(year=year)]

    targets = (
        await commitment_targets(session, campaign.id, year, owner_key("individual", person.id, None))
        if campaign
        else []
    )
    if not targets and household:
        lines.append(
            turn.t("Your household has not registered a commitment yet (menu: Register my commitment).")
        )
    elif not targets:
        lines.append(turn.t("You have not registered a commitment yet (menu: Register my commitment)."))
    else:
        lines.append(turn.t("Commitment:"))
        fund_totals = None
        for criterion, target in targets:
            line = f"• {criterion.title}: {format_target(turn.t, criterion, target)}"
            counted = totals
            if criterion.fund_only:
                if fund_totals is None:
                    fund_totals = await person_totals(session, person.id, year, fund_only=True)
                counted = fund_totals
            achieved = confirmed_toward(criterion.counts or [], counted)
            if achieved is not None:
                line += "\n  " + _reached(turn, criterion, target, *achieved)
            lines.append(line)

    lines.append(
        turn.t(
            "Totals this year: money {money_c} confirmed, {money_p} waiting; goods {goods_c} confirmed, "
            "{goods_p} waiting; labour days {days_c} confirmed, {days_p} waiting."
        ).format(
            money_c=turn.t.vnd(totals.money_confirmed),
            money_p=turn.t.vnd(totals.money_pending),
            goods_c=turn.t.vnd(totals.goods_confirmed),
            goods_p=turn.t.vnd(totals.goods_pending),
            days_c=turn.t.number(totals.days_confirmed),
            days_p=turn.t.number(totals.days_pending),
        )
    )
    recent = await recent_contributions(session, person.id)
    if recent:
        lines.append(turn.t("Latest contributions:"))
        for c in recent:
            what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
            status = status_label(turn.t, c.status)
            if c.reverses_id is not None:  # a treasurer's correction of a confirmed entry, with its reason
                status = turn.t("correction: {reason}").format(reason=c.reason)
            lines.append(f"• {c.ref} · {turn.t.date(c.created_at)} · {what} · {status}")
    else:
        lines.append(turn.t("No contributions recorded yet."))
    turn.say("\n".join(lines))
    go_home(turn)
