"""My progress: what I pledged against what I recorded (confirmed and waiting shown apart). The Fund
criterion counts only gifts to the Fund: Fund drives and entries for the Fund in general."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.domain.campaigns import active_campaign, campaign_year
from bot.domain.commitments import commitment_targets, owner_key
from bot.domain.contributions import Totals, person_totals, recent_contributions
from handlers.common import go_home
from handlers.wording import describe, format_target, status_label

flow = Flow("progress")


def _achieved(counts: list[str], totals: Totals) -> tuple[int, int] | None:
    """(confirmed, waiting) toward a criterion, from the contribution kinds that fulfil it."""
    if not counts:
        return None
    confirmed = pending = 0
    if "money" in counts:
        confirmed, pending = confirmed + totals.money_confirmed, pending + totals.money_pending
    if "goods" in counts:
        confirmed, pending = confirmed + totals.goods_confirmed, pending + totals.goods_pending
    if "labour" in counts:
        confirmed, pending = confirmed + totals.days_confirmed, pending + totals.days_pending
    return confirmed, pending


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
            achieved = _achieved(criterion.counts or [], counted)
            if achieved is not None:
                done, waiting = achieved
                line += "\n  " + turn.t("confirmed {done}, waiting {waiting} ({percent}% reached)").format(
                    # with its unit, as the target is: "0 ngày công", not "0"
                    done=format_target(turn.t, criterion, done),
                    waiting=format_target(turn.t, criterion, waiting),
                    percent=min(999, (done + waiting) * 100 // target) if target else 100,
                )
            lines.append(line)

    lines.append(
        turn.t(
            "Totals this year: money {money_c} confirmed, {money_p} waiting; goods {goods}; "
            "labour {days} days."
        ).format(
            money_c=turn.t.vnd(totals.money_confirmed),
            money_p=turn.t.vnd(totals.money_pending),
            goods=turn.t.vnd(totals.goods_confirmed + totals.goods_pending),
            days=turn.t.number(totals.days_confirmed + totals.days_pending),
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
