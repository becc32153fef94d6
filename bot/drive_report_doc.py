"""A drive's results by unit as a Word draft the head signs (bot/documents.py): the organisation's header,
“BÁO CÁO” of the drive's results by unit over its own dates (never split by calendar year: a drive across
the new year is one drive), a table of its units as its view by unit lists them, the total with its money in
words, and the head's signature as the organisation's settings name it (`chungtay org signer`), as the year's
report signs. Units' figures only: no giver's name, no individual amount (decision 1536): the units where
one or two gave are said together on a row of their own, as the roll-up pools them (`said_together`, 1599).
A unit's leader takes the same paper of her own units (decision 1673): where their held units cannot be
said together, nor is their total, which would be one or two people's gift. An open drive's is an interim
one, “tạm tính” (decision 1675)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.amount_words import amount_in_words
from bot.clock import local_date
from bot.db.models import Contribution, Drive, Organisation, Person, Unit
from bot.documents import (
    closing,
    new_document,
    official_header,
    paragraph,
    save,
    table,
    title,
    to_fill,
    unit_head,
)
from bot.domain.drives import UnitStanding, drive_standings, pool_said, said_together
from bot.domain.notices import commune_hamlet_ids, days_officer, is_commune
from bot.domain.statement import figures_of
from bot.i18n import Translator
from bot.text import nfc, sort_key


@dataclass(frozen=True)
class DriveReport:
    organisation: str
    drive_title: str
    starts_on: date
    ends_on: date
    closed_on: date | None
    kinds: tuple[str, ...]
    units: list[UnitStanding]
    as_of: date
    head_title: str | None = None
    signs_for: str | None = None
    hamlets: frozenset[int] = frozenset()  # a commune's hamlets, which count households (decision 1627)
    interim: bool = False  # the drive still open: its figures so far, not final (decision 1675)
    partial: bool = False  # some of its units only, a unit leader's own (decision 1673)
    unit: str | None = None  # the one unit it is of, which issues and signs it
    led: tuple[str, ...] = ()  # the several units it is of, a leader's: they issue it, she signs (1753)
    # what the people of no unit gave, in the drive's total as on its screen, pooled where one or two (1764)
    outside: UnitStanding | None = None
    waiting: int = 0  # gifts of its units still waiting for a treasurer: not in its figures, counted (1826)
    # of them, labour days waiting: an officer confirms those as well as a treasurer, said so (decision 2214)
    waiting_days: int = 0
    # its officers are the Front's: who confirms labour days is named so (decision 2290)
    commune: bool = False
    # the leader of `led` who takes it: her post as the staff list writes it, and her name (decision 1826)
    signer_post: str | None = None
    signer_name: str | None = None


def write_drive_report(report: DriveReport, path: Path, *, locale: str = "vi") -> None:
    """Write `report` to `path` (DOCX)."""
    t = Translator(locale)
    document = new_document()
    units = report.unit or ", ".join(report.led)  # a leader's own units issue it, under the organisation
    official_header(
        document,
        issuer=units or report.organisation,
        parent=report.organisation if units else None,
        number="BC",
        on=report.as_of,
        locale=locale,
    )
    heading = (  # a commune's rows are its hamlets, as its year's report says (decision 1674)
        t("Results of the drive “{title}” by hamlet or street group")
        if report.hamlets
        else t("Results of the drive “{title}” by unit")
    )
    title(document, t("Report"), heading.format(title=report.drive_title))
    kinds = [kind for kind in ("money", "goods", "labour") if kind in report.kinds or _any(report, kind)]
    period = _period(t, report, days="labour" in kinds)
    dates = {"start": t.date(report.starts_on), "end": t.date(report.ends_on), "date": t.date(report.as_of)}
    officer = days_officer(t, commune=report.commune)
    paragraph(document, period.format(**dates, officer=officer), italic=True)
    header = [t("No."), t("Hamlet or street group") if report.hamlets else t("Unit"), t("Gave")]
    labels = {"money": t("Money (₫)"), "goods": t("Goods (₫)"), "labour": t("Labour days")}
    header += [labels[kind] for kind in kinds]
    rows = []
    # read upward by whoever the head sends it to: nobody's amount, the held units' said together (1599)
    outside = report.outside
    together = said_together(None, report.units, outside)
    with_outside = [*report.units, *([outside] if outside else [])]
    # some units only: their total is no public figure, so a pool that cannot be said is not (decision 1673)
    hidden = report.partial and bool(together) and not pool_said(report.units, together)
    # a kind the held units gave nothing of holds nobody's gift: their 0 said as every unit's (decision 2316)
    nil = {k for k in kinds if not sum(_figure(s, k) for s in with_outside if s.unit.id in together)}
    for number, standing in enumerate(report.units, 1):
        held = standing.unit.id in together
        rows.append(
            [
                str(number),
                standing.unit.name,
                _gave(t, report, [standing]),
                *("" if held and kind not in nil else t.number(_figure(standing, kind)) for kind in kinds),
            ]
        )
    if outside and outside.unit.id not in together:  # three or more of no unit gave: a row of their own
        rows.append(["", t("people of no unit"), "", *(t.number(_figure(outside, kind)) for kind in kinds)])
    pooled = [s for s in with_outside if s.unit.id in together]
    names = ", ".join(
        sorted((s.unit.name for s in pooled if s is not outside), key=sort_key)
        + [t("people of no unit") for s in pooled if s is outside]
    )
    if pooled and not hidden:
        rows.append(
            ["", t("Together: {units}").format(units=names), ""]
            + [t.number(sum(_figure(s, kind) for s in pooled)) for kind in kinds]
        )
    sums = {kind: sum(_figure(s, kind) for s in with_outside) for kind in kinds}
    total = ["", t("Total"), _gave(t, report, report.units)]
    total += ["" if hidden else t.number(sums[k]) for k in kinds]
    numbers = range(2, len(header))
    table(document, header, rows, widths=[1.2, 5.0, 2.2, *([3.0] * len(kinds))], numbers=numbers, total=total)
    money = 0 if hidden else sums.get("money", 0)
    if hidden:  # a commune's, “hộ, cá nhân” whoever gave, as its view by unit says it (decision 1898)
        held = (
            t("Amounts of {units} not shown: one or two households or people gave there.")
            if report.hamlets
            else t("Amounts of {units} not shown: one or two gave there.")
        )
        paragraph(document, held.format(units=names))
    if money:
        paragraph(
            document,
            t("Money confirmed: {figure} (in words: {words}).").format(
                figure=t.vnd(money), words=amount_in_words(money, locale)
            ),
        )
    if report.waiting:  # what the figures leave out, said plainly: a count, never a sum (decision 1826)
        if report.waiting_days:  # labour days among them, which an officer confirms too (decision 2214);
            # the money's confirmer named by no one, as below (decision 2626)
            waits = t.plural(
                "{n} gift still waiting to be confirmed (labour days by {officer} or a treasurer) is not "
                "counted here; the figures change once it is confirmed.",
                "{n} gifts still waiting to be confirmed (labour days by {officer} or a treasurer) are not "
                "counted here; the figures change once they are confirmed.",
                report.waiting,
            )
        else:
            waits = t.plural(  # naming no one: a lone treasurer's own waits for the officers (decision 2621)
                "{n} gift still waiting to be confirmed is not counted here; the figures change once it is "
                "confirmed.",
                "{n} gifts still waiting to be confirmed are not counted here; the figures change once they "
                "are confirmed.",
                report.waiting,
            )
        paragraph(
            document,
            waits.format(n=t.number(report.waiting), officer=days_officer(t, commune=report.commune)),
        )
    if idle := [s for s in report.units if not s.started]:
        nobody = (  # a commune's hamlets in its own words, as its rows are headed (decision 1825)
            t("Hamlets or street groups where nobody gave to the drive: {units}.")
            if all(s.unit.id in report.hamlets for s in idle)
            else t("Units where nobody gave to the drive: {units}.")
        )
        paragraph(document, nobody.format(units=", ".join(s.unit.name for s in idle)))
    paragraph(document, t("Assessment and proposals:"), italic=True)
    to_fill(document)
    closing(
        document,
        recipients=[t("…………… (to report);"), t("Filed: archive.")],
        signer=_signer(t, report, locale),
        on_behalf=None if units else report.signs_for,
        signer_name=report.signer_name if report.led else None,
        locale=locale,
        seal=not units,  # a unit has no seal to stamp it with (decision 1191), nor have several
    )
    save(document, path)


def _period(t: Translator, report: DriveReport, *, days: bool) -> str:
    """The paper's dates and what its figures are: gifts a treasurer confirmed; with labour days among its
    kinds, those confirmed by an officer too, who confirms them as well as a treasurer (decision 2317)."""
    if days and report.interim:
        return t(
            "(The drive is still open, from {start} to {end}: interim figures as of {date}, not final: money "
            "and goods a treasurer confirmed, labour days {officer} or a treasurer confirmed, corrections "
            "subtracted.)"
        )
    if days:
        return t(
            "(The drive ran from {start} to {end}; all its days counted together. Figures as of {date}: "
            "money and goods a treasurer confirmed, labour days {officer} or a treasurer confirmed, "
            "corrections subtracted.)"
        )
    if report.interim:
        return t(
            "(The drive is still open, from {start} to {end}: interim figures as of {date}, not final: "
            "gifts a treasurer confirmed, corrections subtracted.)"
        )
    return t(
        "(The drive ran from {start} to {end}; all its days counted together. Figures as of {date}: "
        "gifts a treasurer confirmed, corrections subtracted.)"
    )


def _signer(t: Translator, report: DriveReport, locale: str) -> str:
    """Who signs: the head of its one unit (“Trưởng khoa”); of several units, the leader in charge of them,
    by her own post where the staff list gives it (“Phó Giám đốc”), never the organisation's head for units
    he did not report on, nor “KT.” for him: the paper is her units', to him (decisions 1753, 1826); else the
    organisation's."""
    if report.unit:
        return unit_head(report.unit, locale) or t("Head of the unit")
    if report.led:
        return report.signer_post or t("Leader in charge")
    return report.head_title or t("Head of the organisation")


def _gave(t: Translator, report: DriveReport, standings: list[UnitStanding]) -> str:
    """“4/8”: who gave of those the drive asks; in a commune, its hamlets' households apart from its
    boards' people, “8/10 hộ; 2/5 người” (decision 1627), never one figure of both."""

    def counts(group: list[UnitStanding]) -> dict[str, str]:
        said = [s.asked(hamlet=s.unit.id in report.hamlets) for s in group]  # households only (1674)
        return {"gave": t.number(sum(g for g, _ in said)), "asked": t.number(sum(n for _, n in said))}

    hamlets = [s for s in standings if s.unit.id in report.hamlets]
    others = [s for s in standings if s.unit.id not in report.hamlets]
    if not report.hamlets:
        return "{gave}/{asked}".format(**counts(others))
    said = []
    if hamlets:
        said.append(t("households: {gave}/{asked}").format(**counts(hamlets)))
    if others:
        said.append(t("people: {gave}/{asked}").format(**counts(others)))
    return "; ".join(said)


def _figure(standing: UnitStanding, kind: str) -> int:
    confirmed = standing.figures.confirmed
    return {"money": confirmed.money, "goods": confirmed.goods, "labour": confirmed.labour_days}[kind]


def _any(report: DriveReport, kind: str) -> bool:
    """A kind the drive no longer takes, with a figure confirmed to it: said, not dropped."""
    return any(_figure(s, kind) for s in report.units)


async def drive_report(
    session: AsyncSession,
    drive: Drive,
    *,
    today: date,
    only: Callable[[Unit], bool] | None = None,
    interim: bool = False,
    taken_by: Person | None = None,
) -> DriveReport:
    """The report of `drive` as of `today`: every unit it takes gifts of (`drive_standings`), signed as the
    organisation's settings say; or those a unit leader may read (`only`, the access module's rule for the
    view by unit), signed by the unit's head where they are one unit (decision 1673), by the leader in charge
    of them where several (decision 1753), `taken_by`, by her post and name (decision 1826). The gifts still
    waiting for a treasurer are counted, never summed: its units', or the drive's whole (decision 1826)."""
    org = await session.get_one(Organisation, drive.org_id)
    units, outside = await drive_standings(session, drive, today=today)
    partial = only is not None and not all(only(s.unit) for s in units)
    if only is not None:
        units = [s for s in units if only(s.unit)]
    if partial:
        waiting = sum(s.figures.waiting_gifts for s in units)
        days = sum(s.figures.waiting.labour_days for s in units)
    else:  # the people of no unit's too, as the drive's total holds them
        whole = await figures_of(session, Contribution.drive_id == drive.id)
        waiting, days = whole.waiting_gifts, whole.waiting.labour_days
    led = tuple(sorted((s.unit.name for s in units), key=sort_key)) if partial and len(units) > 1 else ()
    post = nfc(taken_by.position.strip()) if led and taken_by and taken_by.position else None
    commune = await is_commune(session, org.id)  # asked once: its hamlets are read only where it is one
    return DriveReport(
        organisation=org.name,
        drive_title=drive.title,
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        closed_on=local_date(drive.closed_at) if drive.closed_at else None,
        kinds=tuple(drive.kinds or ()),
        units=units,
        as_of=today,
        head_title=org.head_title,
        signs_for=org.signs_for,
        hamlets=frozenset(await commune_hamlet_ids(session, org.id) if commune else ()),
        commune=commune,
        interim=interim,
        partial=partial,
        unit=units[0].unit.name if partial and len(units) == 1 else None,
        led=led,
        outside=None if partial else outside,  # some units only: the drive's total is not theirs
        waiting=waiting,
        waiting_days=days,
        signer_post=post or None,
        signer_name=taken_by.full_name if led and taken_by else None,
    )
