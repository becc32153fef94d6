"""The drive's public page on the web (`GET /congkhai/<key>`, docs/decisions/0102): one small HTML page a
phone opens from a QR code — the drive's title, dates and organisation, what it received (money, the value of
goods and labour days, confirmed by a treasurer; what still waits apart), what it paid out to hardship cases
and what is left, its target, how many gave, where to transfer, and a box to check a reference code. The same
lines as the drive's screen (handlers.drives), nothing a member could not read on the statement, and no name.

Vietnamese unless the reader asks for English (`?lang=en`, or a browser preferring English). A key that never
was, or was replaced, answers 404 with a kind page; whatever is typed into the address (a year, a code, bytes
that are no text, a path after the key) answers a page, never an error; a failure (the database away)
answers 503 with a kind page, and the log says where it failed, never the key nor what was asked (bot.logs
masks the key in every line).

Every answer forbids scripts, frames and being indexed, and tells the browser not to pass the address (which
holds the key) on to another site, nor to keep it in a shared cache.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from html import escape

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, local_date
from bot.db.models import Drive, Organisation
from bot.domain.contributions import normalise_ref
from bot.domain.drives import drive_progress, past_its_end, takes_gifts
from bot.domain.notices import is_commune
from bot.domain.public_page import (
    PATH,
    CodeCheck,
    confirmed_in,
    drive_gifts,
    fund_gifts,
    page_of,
    year_of_code,
)
from bot.domain.remittances import RemittanceLine, remittance_lines
from bot.domain.spending import fund_balance, handed_from_drive, handed_from_fund
from bot.domain.statement import figures_of
from bot.domain.transfer import account_of
from bot.i18n import Translator
from bot.logs import describe_failure
from handlers.drives import fund_lines, handover_line, progress_lines
from handlers.wording import code_check_words, code_example, ended_words

log = logging.getLogger(__name__)
# The page has no script, loads nothing from elsewhere, and its one form asks the page itself.
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
_YEAR = re.compile(r"[0-9]{4}")
# What the code box takes and the page reads of it: a code with room for spaces. The box stops a paste there,
# so that a whole message pasted in is never an address too long for the web server (decision 0567).
CODE_MOST = 40

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;
color:#1d2329}
main{overflow-wrap:anywhere;max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.2rem 0 .6rem}
h2{font-size:1rem;margin:.35rem 0}
.org{color:#5b6670;font-size:.95rem;margin-top:.6rem}
section{background:#fff;border-radius:.6rem;padding:.8rem 1rem;margin:.8rem 0;box-shadow:0 1px 2px #0001}
section p{margin:.35rem 0}
progress{width:100%;height:.9rem}
form{display:flex;gap:.5rem}
input{flex:1;font-size:1rem;padding:.5rem;border:1px solid #b8c0c8;border-radius:.4rem}
button{font-size:1rem;padding:.5rem .9rem;border:0;border-radius:.4rem;background:#c62828;color:#fff}
.yes{color:#1b5e20;font-weight:600}.no{color:#8d2a00}
footer{color:#5b6670;font-size:.85rem;margin:1rem 0}
"""


def _locale(request: web.Request) -> str:
    asked = request.query.get("lang")
    if asked in ("vi", "en"):
        return asked
    preferred = request.headers.get("Accept-Language", "").split(",")[0].strip().lower()
    return "en" if preferred.startswith("en") else "vi"


def _page(t: Translator, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{t.locale}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )


def public_routes(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> list[web.RouteDef]:
    """The public page's route, for the web server."""

    async def page(request: web.Request) -> web.Response:
        t = Translator(_locale(request))
        try:
            return await answer(request, t)
        except Exception as problem:  # never a traceback: its message may quote the key or the code
            log.error("the public page failed: %s", describe_failure(problem))
            heading = t("This page cannot be opened just now")
            text = t("Please try again in a few minutes.")
            body = f"<h1>{escape(heading)}</h1><section><p>{escape(text)}</p></section>"
            return _html(_page(t, heading, body), status=503)

    async def answer(request: web.Request, t: Translator) -> web.Response:
        typed = "".join(c for c in request.query.get("ma", "") if c.isprintable()).strip()[:CODE_MOST]
        async with sessionmaker() as session:
            # a link pasted with a slash after it is the page still
            shown = await page_of(session, request.match_info["key"].removesuffix("/"))
            if isinstance(shown, Drive):
                title, parts = await _drive_page(session, t, shown, typed, local_date(clock()))
            elif isinstance(shown, Organisation):
                title, parts = await _fund_page(session, t, shown, typed, request.query.get("nam"), clock)
            else:
                text = t(
                    "This page does not exist or its link was replaced. "
                    "Ask the drive's organisers for the new one."
                )
                heading = t("Page not found")
                body = f"<h1>{escape(heading)}</h1><section><p>{escape(text)}</p></section>"
                return _html(_page(t, heading, body), status=404)
        updated = t("Figures as of {time}, Vietnam time. Names are never shown here.").format(
            time=t.datetime(clock())
        )
        parts.append(f"<footer>{escape(updated)}</footer>")
        return _html(_page(t, title, "".join(parts)))

    async def not_read(_request: web.Request) -> web.Response:
        """A form posted, a probe by another method: the page is only read, and says so with its headers."""
        return web.Response(status=405, headers={**HEADERS, "Allow": "GET, HEAD"})

    # whatever follows the path (nothing, a slash, more of a path): a kind page with the headers, never the
    # web server's bare “404: Not Found” nor its bare “405: Method Not Allowed”
    return [web.get(PATH + "{key:.*}", page), web.route("*", PATH + "{key:.*}", not_read)]


async def _drive_page(
    session: AsyncSession, t: Translator, drive: Drive, typed: str, today: date
) -> tuple[str, list[str]]:
    """A drive's page: its title and dates, its figures (as its screen), its target, where to transfer while
    it takes gifts (`takes_gifts`: not once it is closed, nor long over)."""
    org = await session.get_one(Organisation, drive.org_id)
    progress = await drive_progress(session, drive)
    checked = await confirmed_in(session, typed, org.ref_prefix, *drive_gifts(drive)) if typed else None
    # what was paid out (cancellations counted) or handed over, and what is left once something went out, as
    # the statement shows them (0094, 0107, 0108)
    commune = await is_commune(session, org.id)  # days of work confirmed by the Front's officers (1777)
    head, *figures = progress_lines(
        t, progress, spending=progress.balance.any_out, public=True, commune=commune
    )
    # past its last day, and not closed, it is told ended as its group message tells it (0887, 0987)
    head += ended_words(t, drive.ends_on) if past_its_end(drive, today) else ""
    parts = [f'<p class="org">{escape(org.name)}</p>', f"<h1>{escape(head)}</h1>", "<section>"]
    parts += [f"<p>{escape(line)}</p>" for line in figures]
    if progress.percent is not None:
        parts.append(f'<progress max="100" value="{min(progress.percent, 100)}"></progress>')
    parts.append("</section>")
    parts += _handovers(t, await remittance_lines(session, *handed_from_drive(drive.id)), fund=drive.fund)
    parts += _transfer(t, org, drive, open_=takes_gifts(drive, today))
    example = code_example(org.ref_prefix, drive.starts_on.year)
    # the organisation in the title too: many organisations run drives of one title (a tab, a bookmark)
    title = f"{drive.title} — {org.name}"
    return title, parts + _check_box(t, typed, checked, example=example)


async def _fund_page(
    session: AsyncSession, t: Translator, org: Organisation, typed: str, asked: str | None, clock: Clock
) -> tuple[str, list[str]]:
    """The Fund outside the drives in a year (this year, or `?nam=2026`): what the years before brought into
    it, its receipts, what it paid out and has left, how many gave; links to the year before (and after); a
    code checked is looked up in its own year."""
    this_year = local_date(clock()).year
    # a code checked is looked up in the year it names, whichever year the page showed (its form carries that
    # one): December's gift checked in January is 2025's, never “not among the Fund's confirmed gifts”
    ref = normalise_ref(typed, org.ref_prefix) if typed else None
    coded = ref.rsplit("-", 2)[1] if ref else None
    if ref and (counted := await year_of_code(session, org.id, ref)) is not None:
        coded = str(counted)  # a correction's right entry of January, of the year before (decision 1156)
    asked = coded if coded and _YEAR.fullmatch(coded) and 2000 <= int(coded) <= this_year else asked
    year = int(asked) if asked and _YEAR.fullmatch(asked) and 2000 <= int(asked) <= this_year else this_year
    scope = fund_gifts(org.id, year)
    figures = await figures_of(session, *scope)
    balance = await fund_balance(session, org.id, year)
    checked = await confirmed_in(session, typed, org.ref_prefix, *scope) if typed else None
    title = t("The Fund for the Poor (outside the drives), {year}").format(year=year)
    # a year past is told ended, as its group message tells it in January (0967, 0987); its tab as before
    ended = ended_words(t, date(year, 12, 31)) if year < this_year else ""
    parts = [f'<p class="org">{escape(org.name)}</p>', f"<h1>{escape(title + ended)}</h1>", "<section>"]
    commune = await is_commune(session, org.id)  # days of work an officer of the Front's confirms (1806)
    lines = fund_lines(t, figures, balance, public=True, commune=commune)
    parts += [f"<p>{escape(line)}</p>" for line in lines]
    # the year before, and, on a year past, the year after: a reader who went back comes forward again
    near = [year - 1, *([year + 1] if year < this_year else [])]
    named = {each: t("The year {year}").format(year=each) for each in near}
    links = " · ".join(
        f'<a href="?nam={y}&amp;lang={t.locale}">{escape(name)}</a>' for y, name in named.items()
    )
    parts.append(f"<p>{links}</p></section>")
    parts += _handovers(t, await remittance_lines(session, *handed_from_fund(org.id, year)))
    parts += _transfer(t, org, None, open_=year == this_year)
    shown = f"{title} — {org.name}"
    return shown, parts + _check_box(t, typed, checked, example=code_example(org.ref_prefix, year), year=year)


def _handovers(t: Translator, lines: list[RemittanceLine], *, fund: bool = True) -> list[str]:
    """The money handed over to the Fund of the level above, each with its board, day and receipt's number
    (decision 0108); nothing when none was. A relief drive's (not `fund`) money and goods went to the level
    above, not to its Fund for the Poor (decision 0718)."""
    if not lines:
        return []
    heading = t("Handed over to the Fund above:") if fund else t("Handed over to the level above:")
    return [
        "<section>",
        f"<h2>{escape(heading)}</h2>",  # a heading of its own, for a reader that moves by headings
        *(f"<p>{escape(handover_line(t, line))}</p>" for line in lines),
        "</section>",
    ]


def _transfer(t: Translator, org: Organisation, drive: Drive | None, *, open_: bool) -> list[str]:
    """Where to give by transfer, while the drive (or the year) still takes gifts and an account is set."""
    account = account_of(org, drive)
    if account is None or not open_:
        return []
    where = t("To give by transfer: {account}").format(account=account.line())
    return [f"<section><p>{escape(where)}</p></section>"]


def _check_box(
    t: Translator, typed: str, checked: CodeCheck | None, *, example: str, year: int | None = None
) -> list[str]:
    """The reference-code check: its form (kept on the page's language and year) and, after a check, its
    answer."""
    label = t("Check a reference code (for example: {example})").format(example=example)
    button = t("Check")
    parts = [
        "<section>",
        f'<p><label for="ma">{escape(label)}</label></p>',
        '<form method="get">',
        f'<input type="hidden" name="lang" value="{t.locale}">',
        *([f'<input type="hidden" name="nam" value="{year}">'] if year is not None else []),
        f'<input id="ma" name="ma" value="{escape(typed)}" maxlength="{CODE_MOST}" autocomplete="off" '
        'inputmode="text">',
        f"<button>{escape(button)}</button></form>",
    ]
    if checked is not None:
        parts.append(_checked(t, checked, example=example, fund=year is not None))
    parts.append("</section>")
    return parts


def _checked(t: Translator, checked: CodeCheck, *, example: str, fund: bool) -> str:
    """The answer to a code checked, as the chat's look-up gives it (handlers.wording.code_check_words)."""
    answer, good = code_check_words(t, checked, example=example, fund=fund)
    return f'<p class="{"yes" if good else "no"}">{escape(answer)}</p>'


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(
        text=text,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers=HEADERS,
    )
