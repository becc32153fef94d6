"""Award proposals (đề nghị khen thưởng) and the list the office compiles from them.

A unit's leader proposes, for the campaign year, a person of the unit (staff or a household) or the unit
itself (a collective) for one of the campaign's award forms that applies that year, with a short summary of
achievements; an organisation-wide leader also the organisation itself, for an award conferred above it
(docs/decisions/0060). The rule (bot.domain.access.may_propose_award) is asked here, by the function that
writes, not only by the menu; so is the rule on withdrawing. A nominee stands once per form and year: a
second proposal is refused, naming who made the first; a withdrawn proposal is kept, marked, and the nominee
may be proposed again. The awards council's office (organisation-wide leaders, officers, admins) reads every
proposal of the year and writes the dossier's draft from them (bot.award_dossier). docs/decisions/0047."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import (
    AuditLog,
    AwardForm,
    AwardFormUse,
    AwardProposal,
    Campaign,
    Deadline,
    Milestone,
    Organisation,
    Person,
    Reminder,
    RoleAssignment,
    Unit,
)
from bot.db.ops import insert_ignore
from bot.domain.access import (
    PROPOSE_ROLES,
    Acting,
    Actor,
    UnitRef,
    may_be_proposed,
    may_change_proposal,
    may_compile_awards,
    may_propose_award,
    may_propose_organisation,
    may_record_award_outcome,
    may_record_outcome_of,
    may_take_back_none,
    may_withdraw_proposal,
)
from bot.domain.audit import audit
from bot.domain.campaigns import (
    award_days,
    campaign_year,
    deadline_kind,
    next_dossier_day,
    units_award_deadline,
)
from bot.domain.dates import PAST, find_day
from bot.domain.notices import (
    Awarded,
    LateProposal,
    award_changed_late,
    award_decided,
    award_proposed,
    award_withdrawn,
    commune_level,
    is_commune,
    quiet_until,
)
from bot.text import fold, nfc, person_sort_key, sort_key

# A cell of the dossier's table and one chat message: the full achievement report is a document of its own.
MAX_SUMMARY = 1000
# Forms proposed every year; the others only in the years of the campaign's milestone of the same name.
EVERY_YEAR = ("yearly", "ad_hoc")
# An award for a deed out of the ordinary (khen thưởng đột xuất), proposed when the deed is done: the units'
# 10/12 is “đối với khen thưởng hằng năm” (KH 002, IV.3.a), so it is never late by it (decision 1014).
AD_HOC = "ad_hoc"
# A decision's number as offices write it ("125/QĐ-CĐT"): room for a long symbol, not for a paragraph.
MAX_REF = 60
# How a plan names the organisation's own head ("Thủ trưởng đơn vị", "Thủ trưởng cơ quan"), folded: an award
# they confer is decided inside the organisation; any other name is an authority above it. Only for a plan
# that does not say so with `within_organisation`.
OWN_HEAD = "thu truong"
# A commune's own head, who confers its Giấy khen: the plan's “Thủ trưởng đơn vị” read in a commune whose
# office set no head's title (`chungtay org signer`), as its people call him (docs/decisions/0247); a ward's
# or a township's by its own word (`commune_head`, docs/decisions/0643).
COMMUNE_HEAD = "Chủ tịch UBND xã"
# A deputy signing for the head, as the office set it with `org signer --for` (“KT. Chủ tịch”, Decree
# 30/2020's “ký thay”): the paper is still the head's, in the head's name (docs/decisions/0644).
SIGNS_FOR_HEAD = re.compile(r"KT(?:\.\s*|\s+)(\S.*)", re.IGNORECASE)  # “KT.CHỦ TỊCH” too
# The same chairman as he signs: the decision he issues (“CHỦ TỊCH UBND XÃ …”) and the letters sent up from a
# commune whose office set no head's title (docs/decisions/0636).
COMMUNE_SIGNER = "Chủ tịch"
# A department's director as a plan names who confers its award ("Giám đốc Sở"), folded: a commune is under no
# department, so a commune is not offered such a form unless its file lists it as used (docs/decisions/0247).
DEPARTMENT_HEAD = "giam doc so"
# The audit row on a unit that takes back its answer “no one” for the year (docs/decisions/0211).
NONE_TAKEN_BACK = "award.none_taken_back"


class ProposalError(Exception):
    """A proposal refused. `reason`: "not_allowed" (the rule says no), "form" (not an award of the campaign
    for that year), "closed" (a year before the one proposals are made for: docs/decisions/0063), "within"
    (the organisation itself for an award its own head confers), "nominee" (not a person of a unit of the
    organisation, or the proposer themself), "head" (the organisation's head for the award he confers himself:
    `signs_it`),
    "summary" (empty or longer than MAX_SUMMARY), "duplicate" (`by`: who proposed it), "not_found",
    "unchanged" (a change that changes nothing),
    "withdrawn" (already withdrawn), "decided" (a withdrawal of a proposal the council has decided on: its
    outcome is corrected by the office, never taken back by the unit), "empty" (a dossier or minutes with no
    standing proposal), "ref" (a decision number longer than MAX_REF or empty), "future" (a decision dated
    later than today: it is recorded once signed), "above" (the draft decision of an award conferred above the
    organisation: `by` says who decides it)."""

    def __init__(self, reason: str, *, by: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.by = by


# --- which forms apply in a year -------------------------------------------------------------------------


async def review_years(session: AsyncSession, campaign_id: int) -> dict[str, set[int]]:
    """The years of the campaign's milestones, by kind ("mid_review": {2028}, "final_review": {2030})."""
    rows = await session.execute(
        select(Milestone.kind, Milestone.on_date).where(Milestone.campaign_id == campaign_id)
    )
    years: dict[str, set[int]] = {}
    for kind, on in rows:
        years.setdefault(kind, set()).add(on.year)
    return years


def conferred_within(form: AwardForm, organisation: Organisation | None = None) -> bool:
    """Whether the organisation's own head confers the award: its letter then goes from the organisation's
    awards council to the head; any other award is conferred above the organisation, and the head signs the
    letter that sends it up (docs/decisions/0047). The plan's `within_organisation` says it when present;
    a plan without it is read from its wording: `conferred_by` "Thủ trưởng đơn vị", "Thủ trưởng cơ quan",
    or the head's title the organisation set followed by the start of its name ("Giám đốc Sở" for the
    "Sở …" whose head is its "Giám đốc": docs/decisions/0061)."""
    if form.within_organisation is not None:
        return form.within_organisation
    if fold(form.conferred_by).startswith(OWN_HEAD):
        return True
    return organisation is not None and _names_its_head(form.conferred_by, organisation)


def conferrer(form: AwardForm, organisation: Organisation, *, commune: bool = False) -> str:
    """Who confers the award, as the papers address them: the organisation's own head by the title the office
    set and the organisation's name (“Hiệu trưởng Trường …”, docs/decisions/0056), in a commune (`commune`,
    `is_commune`) that set none the plan's generic head as its chairman (“Chủ tịch UBND xã”), else the plan's
    wording. The council's letter and the achievement reports filed with it name the same person."""
    if organisation.head_title and conferred_within(form, organisation):
        return f"{head_in_office(organisation)} {organisation.name}"
    if commune and fold(form.conferred_by).startswith(OWN_HEAD) and conferred_within(form, organisation):
        return commune_head(organisation)
    return form.conferred_by


def award_title(form: AwardForm, organisation: Organisation, *, commune: bool = False) -> str:
    """The award's name as the organisation's papers write it: the plan's generic head in it (“Giấy khen của
    Thủ trưởng đơn vị”) becomes the head's title the office set (“Giấy khen của Hiệu trưởng”, as a school's
    own plan names it), in a commune (`commune`, `is_commune`) that set none its chairman's (“Giấy khen của
    Chủ tịch UBND xã”: decision 0247); any other name as the plan has it (“Giấy khen của Giám đốc Sở”:
    decision 0227). The chat names it so too (`award_named`)."""
    generic = form.conferred_by
    head = head_in_office(organisation) or (commune_head(organisation) if commune else None)
    if not head or not fold(generic).startswith(OWN_HEAD):
        return form.title
    if not conferred_within(form, organisation) or (at := form.title.rfind(generic)) < 0:
        return form.title
    return form.title[:at] + head + form.title[at + len(generic) :]


def signing_head(organisation: Organisation, *, commune: bool = False) -> str | None:
    """The head's title as the organisation's award papers sign it: the one its office set (decision 0056);
    in a commune (`is_commune`) that set none, its chairman's, who confers its Giấy khen (`COMMUNE_HEAD`), so
    the decision he signs is his as the letter proposing it says (docs/decisions/0636); else None, the papers'
    own “Thủ trưởng cơ quan”."""
    return organisation.head_title or (COMMUNE_SIGNER if commune else None)


def deciding_head(organisation: Organisation, *, commune: bool = False) -> str | None:
    """The head's title as the decision names who issues it (“CHỦ TỊCH UBND XÃ …”): the head in office
    (`head_in_office`), even when a deputy signs it for them (docs/decisions/0644); in a commune that set
    none, its chairman (docs/decisions/0636); else None."""
    return head_in_office(organisation) or (COMMUNE_SIGNER if commune else None)


def head_in_office(organisation: Organisation) -> str | None:
    """The head in whose name the organisation's papers are issued and its Giấy khen given: the title its
    office set (decision 0056), or, when the one it set signs for the head (“KT. Chủ tịch” over “Phó Chủ
    tịch”), the head they sign for (“Chủ tịch”: docs/decisions/0644); None when it set none."""
    signs_for = organisation.signs_for
    if organisation.head_title and signs_for and (found := SIGNS_FOR_HEAD.fullmatch(signs_for.strip())):
        head = found[1].strip()
        return head.capitalize() if head.isupper() else head
    return organisation.head_title


def commune_head(organisation: Organisation) -> str:
    """The chairman of a commune that set no head's title, as its papers name him: “Chủ tịch UBND xã”
    (`COMMUNE_HEAD`), or of a ward or a township as its name says it is (“Chủ tịch UBND phường”, “Chủ tịch
    UBND thị trấn”: docs/decisions/0643), as `notices.commune_level` reads it."""
    level = commune_level(organisation.name)  # “UBND P. Bến Nghé” too (decision 2775)
    return f"Chủ tịch UBND {level}" if level else COMMUNE_HEAD


async def award_named(session: AsyncSession, form: AwardForm) -> str:
    """`award_title` of the form for its campaign's organisation: the chat names an award as the papers do
    (“Giấy khen của Hiệu trưởng”, decision 0227), in its menus, notices and captions."""
    campaign = await session.get_one(Campaign, form.campaign_id)
    organisation = await session.get_one(Organisation, campaign.org_id)
    return award_title(form, organisation, commune=await is_commune(session, organisation.id))


def _names_its_head(conferred_by: str, organisation: Organisation) -> bool:
    """`conferred_by` is the organisation's head by its title and the first words of its name, compared
    as written (accents kept: "Sở" is not "Sơn"), whole words only."""
    if not (head := head_in_office(organisation)):
        return False

    def words(text: str) -> str:
        return " ".join(nfc(text).casefold().split())

    by, title, name = words(conferred_by), words(head), words(organisation.name)
    if not by.startswith(title + " "):
        return False
    kind = by[len(title) + 1 :]
    return name == kind or name.startswith(kind + " ")


# How a staff list's “Chức vụ” joins one person's posts: “Hiệu trưởng, Bí thư Chi bộ”, “Bí thư Chi bộ -
# Hiệu trưởng”, “Hiệu trưởng (kiêm Chủ tịch Hội đồng trường)”. A note in brackets is no post of its own:
# “Hiệu trưởng (đến 30/6/2026)” is not read as the head.
_POSTS = re.compile(r"[,;/+&]|\s[-–]\s|\bkiêm\b")
# What a post calls its own organisation after the head's title: “Hiệu trưởng nhà trường”.
_OWN_ORGANISATION = ("nhà trường", "đơn vị", "cơ quan")


def signs_it(person: Person, form: AwardForm, organisation: Organisation) -> bool:
    """Whether `person` is the one who confers `form`: the organisation's head, for an award its head confers
    (`conferred_within`). The head is who the staff list says holds the head's title the office set
    (`holds_head_post`); a deputy (“Phó Hiệu trưởng”) is not, and may rightly receive it. Proposing the head
    for it is a proposal nobody can sign: the head is proposed upward (docs/decisions/0398). Without a title
    set, nobody is known to be the head."""
    return conferred_within(form, organisation) and holds_head_post(person.position, organisation)


def holds_head_post(position: str | None, organisation: Organisation) -> bool:
    """Whether a staff list's `position` names the organisation's head, as one of the posts its “Chức vụ” cell
    names: the head's title the office set (“Hiệu trưởng”, “HIỆU TRƯỞNG”, “Hiệu trưởng nhà trường”),
    or that title and the organisation's name as `_names_its_head` reads it; “Hiệu trưởng, Bí thư Chi bộ”
    and “Bí thư Chi bộ - Hiệu trưởng” too (docs/decisions/0409); the acting head as well (`head_post`)."""
    return head_post(position, organisation) is not None


# The acting head, who signs the head's papers until one is appointed: “Quyền Hiệu trưởng”, “Q. Giám đốc”;
# a deputy in charge of the whole (“Phó Hiệu trưởng phụ trách”, “… phụ trách nhà trường”), not of a
# portfolio (“Phó Hiệu trưởng phụ trách chuyên môn”); whoever is in charge of the organisation itself
# (“Phụ trách Trạm y tế” of “Trạm Y tế xã …”, “Y sĩ phụ trách Trạm” with no comma). docs/decisions/0447.
_ACTING = re.compile(r"(?:quyền\s+|q\.\s*|q\s+)(.+)")
_DEPUTY_IN_CHARGE = re.compile(r"phó\s+(.+?)\s+phụ trách(?:\s+(.+))?")
_IN_CHARGE_OF = re.compile(r"(?:.+\s)?phụ trách\s+(.+)")
# The same posts folded (`fold`), as a list typed without accents writes them (“Pho hieu truong phu trach”,
# “Quyen Giam doc”), or with the head's title in its initials after “Q.” or “P” (“Q. HT”, “PHT phụ trách”,
# “Q. GĐ”), or the organisation in its initials (“Phụ trách TYT”): docs/decisions/0481. “Phó” written “P.”
# (“P. Hiệu trưởng phụ trách”, “P.HT phụ trách”), or the title in initials after it (“Phó HT phụ trách”), and
# the head named with the organisation without accents (“Giam doc So”) as well: docs/decisions/0497.
_ACTING_FOLDED = re.compile(r"(?:quyen\s+|q\.\s*|q\s+)(.+)")
_DEPUTY_IN_CHARGE_FOLDED = re.compile(r"(?:pho\s+|p\.\s*|p(?=\w))(.+?)\s+phu trach(?:\s+(.+))?")
_IN_CHARGE_OF_FOLDED = re.compile(r"(?:.+\s)?phu trach\s+(.+)")


def head_post(position: str | None, organisation: Organisation) -> str | None:
    """The post by which `position` names the organisation's head (`holds_head_post`): the head's title the
    office set for the head, the post as the staff list writes it for the acting head (“Quyền Hiệu
    trưởng”, “Phó Hiệu trưởng phụ trách”, “Phụ trách Trạm y tế”), as the chat names them; None for anyone
    else. Without a title set, nobody."""
    head = head_in_office(organisation)  # a deputy who signs for the head is not the head (0644)
    if not head or not position:
        return None
    title = " ".join(nfc(head).casefold().split())
    heads = {title, *(f"{title} {own}" for own in _OWN_ORGANISATION)}

    def the_head(post: str) -> bool:
        return post in heads or _names_its_head(post, organisation)

    name = " ".join(nfc(organisation.name).casefold().split())
    for written in _POSTS.split(nfc(position)):
        written = " ".join(written.strip(" .:()").split())
        post = written.casefold()
        if the_head(post):
            return head
        if (acting := _ACTING.fullmatch(post)) and the_head(acting[1]):
            return written
        if (
            (deputy := _DEPUTY_IN_CHARGE.fullmatch(post))
            and the_head(deputy[1])
            and (deputy[2] is None or _names_organisation(deputy[2], name))
        ):
            return written
        if (in_charge := _IN_CHARGE_OF.fullmatch(post)) and _names_organisation(in_charge[1], name):
            return written
        if (folded := _folded_head_post(written, organisation)) is not None:
            return head if folded == "head" else written
    return None


def _initials(words: str) -> str:
    """The first letters of `words`, folded: “ht” of “Hiệu trưởng”, “gd” of “Giám đốc”."""
    return "".join(word[0] for word in fold(words).split())


def _folded_head_post(written: str, organisation: Organisation) -> str | None:
    """“head” or “acting” when one post `written` names the organisation's head as `head_post` reads it,
    compared folded: a post typed without any accent (“Hieu truong”, “Pho hieu truong phu trach”, “Quyen
    Giam doc”, “phu trach Tram y te”), the head's title in its initials where “Q.” or a deputy's “P… phụ
    trách” says whose post it is (“Q. HT”, “PHT phụ trách”), the organisation in the initials of three words
    or more of its name (“Phụ trách TYT” of “Trạm Y tế xã …”); without accents the head's title with the
    organisation's name or its first words (“Giam doc So” of “Sở Y tế”: 0497). Two letters alone (“HT”,
    “phụ trách BV”: bảo vệ as well as bệnh viện) say nothing sure. The organisation's name is compared folded
    only in a post typed without accents, where “Sơn” and “Sở” are already one (docs/decisions/0481)."""
    head = head_in_office(organisation)
    assert head is not None
    post = fold(written)
    bare = post == written.casefold()
    title, initials = fold(head), _initials(head)
    if len(initials) < 2:  # a title of one word: its letter alone is nobody's post
        initials = "-"
    name_words = fold(organisation.name).split()

    def named(words: str) -> bool:  # the organisation's name or its first words, in a post without accents
        return bare and (words == " ".join(name_words) or " ".join(name_words).startswith(words + " "))

    def the_head(words: str) -> bool:  # “Giam doc”, “Hieu truong nha truong”, “Giam doc So” of “Sở Y tế”
        if words == title or any(words == f"{title} {fold(own)}" for own in _OWN_ORGANISATION):
            return True
        return words.startswith(title + " ") and named(words[len(title) + 1 :])

    def the_organisation(words: str) -> bool:
        if any(words == fold(own) for own in _OWN_ORGANISATION) or named(words):
            return True
        return len(words) >= 3 and words in {
            _initials(" ".join(name_words[:count])) for count in range(3, len(name_words) + 1)
        }

    if bare and the_head(post):
        return "head"
    if (acting := _ACTING_FOLDED.fullmatch(post)) and (the_head(acting[1]) or acting[1] == initials):
        return "acting"
    if (deputy := _DEPUTY_IN_CHARGE_FOLDED.fullmatch(post)) and (
        the_head(deputy[1]) or deputy[1] == initials
    ):
        return "acting" if deputy[2] is None or the_organisation(deputy[2]) else None
    if (in_charge := _IN_CHARGE_OF_FOLDED.fullmatch(post)) and the_organisation(in_charge[1]):
        return "acting"
    return None


def _names_organisation(words: str, name: str) -> bool:
    """Whether `words` (casefolded) name the organisation called `name` (casefolded): “nhà trường”, “đơn
    vị”, “cơ quan”, its name or its first words (“trạm y tế” of “trạm y tế xã thử”)."""
    return words in _OWN_ORGANISATION or name == words or name.startswith(words + " ")


async def signing_their_own(
    session: AsyncSession, org_id: int, lines: Iterable[ProposalLine]
) -> dict[int, str]:
    """The standing proposals among `lines` whose nominee holds the head's post now, for an award the head
    confers, each with that post as the chat names it (`head_post`: “Hiệu trưởng”, “Quyền Hiệu trưởng”):
    proposed before the staff list made them the head or the acting head (a deputy who became either
    mid-year), a proposal nobody can sign, which the list says beside it (docs/decisions/0409, 0447)."""
    heads = [line for line in lines if line.person_id is not None and not line.withdrawn and line.position]
    if not heads:
        return {}
    organisation = await session.get_one(Organisation, org_id)
    if not organisation.head_title:
        return {}
    posts = {line.id: post for line in heads if (post := head_post(line.position, organisation)) is not None}
    heads = [line for line in heads if line.id in posts]
    forms = {
        form.id: form
        for form in await session.scalars(
            select(AwardForm).where(AwardForm.id.in_(sorted({line.form_id for line in heads})))
        )
    }
    return {line.id: posts[line.id] for line in heads if conferred_within(forms[line.form_id], organisation)}


def applies_in(form: AwardForm, year: int, reviews: dict[str, set[int]]) -> bool:
    """A yearly (or ad hoc) form every year; a review's form only in the year its milestone falls in."""
    return form.occasion in EVERY_YEAR or year in reviews.get(form.occasion, set())


async def forms_for_year(
    session: AsyncSession, campaign: Campaign, year: int, *, keeping: Collection[int] = ()
) -> list[AwardForm]:
    """The award forms the organisation proposes for in `year`, in the plan's order, its own after: the
    campaign's that apply that year, minus those its settings file for the year says it does not use, plus
    the forms of its own the file lists (docs/decisions/0073). `keeping`: forms to list even so, for a
    menu of what was proposed (a proposal made before a form was set aside stays in the dossier)."""
    if not campaign.starts_on.year <= year <= campaign.ends_on.year:
        return []
    reviews = await review_years(session, campaign.id)
    forms = await session.scalars(
        select(AwardForm).where(AwardForm.campaign_id == campaign.id).order_by(AwardForm.own, AwardForm.id)
    )
    choices = await session.execute(
        select(AwardFormUse.award_form_id, AwardFormUse.used)
        .join(AwardForm, AwardForm.id == AwardFormUse.award_form_id)
        .where(AwardForm.campaign_id == campaign.id, AwardFormUse.year == year)
    )
    used = {form_id: offered for form_id, offered in choices}
    organisation = await session.get_one(Organisation, campaign.org_id)
    commune = await is_commune(session, organisation.id)

    def default(form: AwardForm) -> bool:
        """Offered with no choice in the year's file: a plan's form, but in a commune not one a department's
        director confers (none confers a commune's); an own form not."""
        return not form.own and not (commune and _departments(form, organisation))

    offered = [
        form
        for form in forms
        if applies_in(form, year, reviews) and (used.get(form.id, default(form)) or form.id in keeping)
    ]
    if any(_names_the_head(form, organisation) for form in offered):
        # A department whose head is its “Giám đốc” confers the plan's “Giấy khen của Giám đốc Sở” (0061): the
        # plan's generic head's Giấy khen is the same award, offered once, by the plan's name, unless the
        # year's file says `used` for it, or it holds proposals (decision 1750).
        offered = [
            form
            for form in offered
            if not _the_generic_head(form) or used.get(form.id) is True or form.id in keeping
        ]
    if not any(form.own for form in offered):
        return offered
    # A plan's form that reads as one of the organisation's own (a commune that wrote its chairman's Giấy
    # khen before the plan's head read as him, decision 0247) is offered once: as its own.
    own = {fold(award_title(form, organisation, commune=commune)) for form in offered if form.own}
    return [
        form
        for form in offered
        if form.own or form.id in keeping or fold(award_title(form, organisation, commune=commune)) not in own
    ]


def _the_generic_head(form: AwardForm) -> bool:
    """The plan's Giấy khen of the organisation's head, whoever that is (“Thủ trưởng đơn vị”)."""
    return not form.own and fold(form.conferred_by).startswith(OWN_HEAD) and conferred_within(form)


def _names_the_head(form: AwardForm, organisation: Organisation) -> bool:
    """A plan's form the organisation's own head confers by name (“Giám đốc Sở” for the department whose head
    is its “Giám đốc”, decision 0061), the plan not saying who confers it."""
    return (
        not form.own and form.within_organisation is None and _names_its_head(form.conferred_by, organisation)
    )


def _departments(form: AwardForm, organisation: Organisation) -> bool:
    """A plan's form a department's director confers (“Giám đốc Sở”, whole words), above the organisation."""
    by = fold(form.conferred_by)
    return (by == DEPARTMENT_HEAD or by.startswith(DEPARTMENT_HEAD + " ")) and not conferred_within(
        form, organisation
    )


# --- proposing and withdrawing ---------------------------------------------------------------------------


def _refused(
    session: AsyncSession, actor: Actor | None, attempted: str, entity_id: int | None, now: datetime
) -> ProposalError:
    """An audit row of the attempt, and the error to raise."""
    audit(
        session,
        at=now,
        actor_id=actor.person_id if actor else None,
        action="award.refused",
        entity="award_proposal",
        entity_id=entity_id,
        attempted=attempted,
    )
    return ProposalError("not_allowed")


def _standing(
    form_id: int, year: int, person_id: int | None, unit_id: int | None
) -> Select[tuple[AwardProposal]]:
    """The standing proposal of this nominee (no person and no unit: the organisation) for this form and year,
    if any."""
    query = select(AwardProposal).where(
        AwardProposal.award_form_id == form_id,
        AwardProposal.year == year,
        AwardProposal.withdrawn_at.is_(None),
    )
    if person_id is not None:
        return query.where(AwardProposal.person_id == person_id)
    if unit_id is None:
        return query.where(AwardProposal.person_id.is_(None), AwardProposal.unit_id.is_(None))
    return query.where(AwardProposal.person_id.is_(None), AwardProposal.unit_id == unit_id)


async def standing_proposal(
    session: AsyncSession, form_id: int, year: int, *, person_id: int | None, unit_id: int | None
) -> tuple[AwardProposal, str] | None:
    """The standing proposal of a person (or, `person_id` None, of the unit itself; `unit_id` None too, of the
    organisation itself) for a form and year, with the name of who proposed it: the chat says so before the
    summary is typed."""
    found = await session.scalar(_standing(form_id, year, person_id, unit_id))
    if found is None:
        return None
    proposer = await session.get(Person, found.proposed_by)
    return found, proposer.full_name if proposer else ""


def _ended(campaign: Campaign, year: int, now: datetime) -> bool:
    """A year whose proposing is over: before the campaign's year today, or before the calendar's where the
    plan's period ended with no next one loaded (in December 2027 a plan ended with 2026 still reads 2026 as
    its year, for its late reports; its awards' council met a year before: decision 0979)."""
    today = local_date(now)
    return year < max(campaign_year(campaign, today), today.year)


async def propose_award(
    session: AsyncSession,
    actor: Actor | None,
    *,
    form_id: int,
    year: int,
    unit_id: int | None,
    person_id: int | None,
    summary: str,
    now: datetime,
    settings: Settings | None = None,
) -> AwardProposal:
    """Propose the person `person_id` of unit `unit_id`, or (None) the unit itself, for the award form
    `form_id` in `year`; with no unit either, the organisation itself, for a form conferred above it only
    (never the head's own award: "within"). Refused (ProposalError) unless the actor leads the unit (the
    organisation: `may_propose_organisation`), the year is not one that has ended (in January the year just
    ended's council meets, and its proposals are closed: "closed"), the form is the campaign's for that year
    and the summary fits;
    a nominee already standing for the form and year is refused with the name of who proposed them. Two
    leaders proposing the same nominee at once: the database's unique index lets one in (the insert of the
    other does nothing), and the other is told who was first. A person proposed is told, with a button for
    their achievement report's draft (`settings` for the quiet hours)."""
    if unit_id is None and person_id is None:  # the organisation itself
        if actor is None or not may_propose_organisation(actor, actor.org_id):
            raise _refused(session, actor, "propose", None, now)
        unit = None
    else:
        unit = await session.get(Unit, unit_id or 0)
        if unit is None or actor is None or unit.org_id != actor.org_id:
            raise _refused(session, actor, "propose", None, now)
        if not may_propose_award(actor, UnitRef(unit.id, unit.org_id)):
            raise _refused(session, actor, "propose", None, now)
    form = await session.get(AwardForm, form_id)
    campaign = await session.get(Campaign, form.campaign_id) if form is not None else None
    if form is None or campaign is None or campaign.org_id != actor.org_id:
        raise ProposalError("form")
    if _ended(campaign, year, now):  # an ended year: its work is the office's
        raise ProposalError("closed")
    if form.id not in {f.id for f in await forms_for_year(session, campaign, year)}:
        raise ProposalError("form")
    organisation = await session.get_one(Organisation, actor.org_id)
    if unit is None and conferred_within(form, organisation):  # the head does not award their organisation
        raise ProposalError("within")
    if person_id is not None:
        person = await session.get(Person, person_id)
        if (
            unit is None
            or person is None
            or person.id == actor.person_id
            or person.unit_id != unit.id
            or not may_be_proposed(person, year)  # who left, only for the year they left (0118, 0482)
        ):
            raise ProposalError("nominee")
        if signs_it(person, form, organisation):  # nobody signs a proposal of the head for his own
            raise ProposalError("head")
    text = nfc(summary)
    if not text or len(text) > MAX_SUMMARY:
        raise ProposalError("summary")
    unit_id = unit.id if unit is not None else None
    values = {
        "org_id": actor.org_id,
        "award_form_id": form.id,
        "year": year,
        "unit_id": unit_id,
        "person_id": person_id,
        "summary": text,
        "proposed_by": actor.person_id,
        "proposed_at": now,
    }
    await session.flush()
    new = await insert_ignore(session, AwardProposal, values)
    found = await standing_proposal(session, form.id, year, person_id=person_id, unit_id=unit_id)
    assert found is not None
    proposal, proposer = found
    if not new:
        raise ProposalError("duplicate", by=proposer)
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="award.propose",
        entity="award_proposal",
        entity_id=proposal.id,
        form=form.code,
        year=year,
        collective=person_id is None,
        organisation=unit_id is None,
    )
    if person_id is not None:
        await award_proposed(
            session,
            proposal.id,
            person_id,
            proposer=proposer,
            award=await award_named(session, form),
            award_code=form.code,
            year=year,
            due_on=await _due_when_read(session, campaign.id, year, now, settings),
            now=now,
            settings=settings,
        )
    await _office_told_if_late(session, proposal, form, actor, made=True, now=now, settings=settings)
    # Proposing someone takes back a “Done” of the unit (docs/decisions/0211); an ad hoc award is on no
    # yearly list, and leaves the unit's answer for those lists as it was (decision 1151).
    if unit_id is not None and form.occasion != AD_HOC:
        await take_back_none(session, actor, [unit_id], campaign_id=campaign.id, year=year, now=now)
    return proposal


async def _due_when_read(
    session: AsyncSession, campaign_id: int, year: int, now: datetime, settings: Settings | None
) -> date | None:
    """The next award deadline a person proposed at `now` is told of, as of the day they read the notice: one
    written in the quiet hours goes at their end, and a proposal made on 10/12 at 23:30 is read on 11/12, when
    the units' day has gone by (docs/decisions/0344)."""
    return await next_dossier_day(session, campaign_id, year, local_date(quiet_until(now, settings)))


async def _open_proposal(
    session: AsyncSession,
    actor: Actor | None,
    proposal_id: int,
    may: Callable[[Actor | None, AwardProposal], bool],
    action: str,
    now: datetime,
) -> AwardProposal:
    """The proposal `actor` changes or withdraws (`action`), if `may` lets them and it still stands: else
    "not_found" (none of their organisation), refused (an audit row of the attempt), "withdrawn", or
    "decided" (the council has decided on it)."""
    proposal = await session.get(AwardProposal, proposal_id)
    if proposal is None or actor is None or proposal.org_id != actor.org_id:
        raise ProposalError("not_found")
    if not may(actor, proposal):
        raise _refused(session, actor, action, proposal.id, now)
    if proposal.withdrawn_at is not None:
        raise ProposalError("withdrawn")
    if proposal.outcome is not None:
        raise ProposalError("decided")
    return proposal


async def change_proposal(
    session: AsyncSession,
    actor: Actor | None,
    proposal_id: int,
    *,
    form_id: int | None = None,
    summary: str | None = None,
    now: datetime,
    settings: Settings | None = None,
) -> tuple[AwardProposal, str | None]:
    """Change a standing proposal in place: its award (`form_id`) and/or its summary of achievements, kept
    as the same proposal (who proposed it, when) instead of withdrawn and proposed again (docs/decisions/
    0210). Asked as a proposal is: `may_change_proposal`, a year not ended ("closed"), an award of the
    campaign for that year ("form"; the organisation itself never for its own head's: "within"), a summary
    that fits ("summary"), a nominee not already standing for the new award ("duplicate", `by` who
    proposed it); never one withdrawn ("withdrawn") or decided on ("decided"); "unchanged" when it says what
    it said. After the units' deadline the office is told once, on one line. A person proposed whose award
    changed is told of the new one (the notice of the old one, if still waiting, is dropped). Returns the
    proposal and the title of the award it had, when that changed."""
    proposal = await _open_proposal(session, actor, proposal_id, may_change_proposal, "change", now)
    old_form = await session.get_one(AwardForm, proposal.award_form_id)
    campaign = await session.get_one(Campaign, old_form.campaign_id)
    if _ended(campaign, proposal.year, now):
        raise ProposalError("closed")
    form = old_form
    if form_id is not None and form_id != old_form.id:
        found = await session.get(AwardForm, form_id)
        if found is None or found.campaign_id != campaign.id:
            raise ProposalError("form")
        if found.id not in {f.id for f in await forms_for_year(session, campaign, proposal.year)}:
            raise ProposalError("form")
        organisation = await session.get_one(Organisation, proposal.org_id)
        if proposal.unit_id is None and conferred_within(found, organisation):
            raise ProposalError("within")
        nominee = await session.get(Person, proposal.person_id) if proposal.person_id is not None else None
        if nominee is not None and signs_it(nominee, found, organisation):
            raise ProposalError("head")
        other = await standing_proposal(
            session, found.id, proposal.year, person_id=proposal.person_id, unit_id=proposal.unit_id
        )
        if other is not None:
            raise ProposalError("duplicate", by=other[1])
        form = found
    text = proposal.summary if summary is None else nfc(summary)
    if not text or len(text) > MAX_SUMMARY:
        raise ProposalError("summary")
    if form.id == old_form.id and text == proposal.summary:
        raise ProposalError("unchanged")
    retold = text != proposal.summary
    proposal.award_form_id, proposal.summary = form.id, text
    await session.flush()
    moved = form.id != old_form.id
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="award.change",
        entity="award_proposal",
        entity_id=proposal.id,
        form=form.code,
        was=old_form.code if moved else None,
        summary=retold,
    )
    if moved and proposal.person_id is not None:
        proposer = await session.get_one(Person, proposal.proposed_by)
        await award_proposed(
            session,
            proposal.id,
            proposal.person_id,
            proposer=proposer.full_name,
            award=await award_named(session, form),
            award_code=form.code,
            year=proposal.year,
            due_on=await _due_when_read(session, campaign.id, proposal.year, now, settings),
            now=now,
            settings=settings,
            instead_of=await award_named(session, old_form),
            instead_code=old_form.code,
        )
    was = await award_named(session, old_form) if moved else None
    await _office_told_if_late(
        session,
        proposal,
        form,
        actor,
        made=True,
        now=now,
        settings=settings,
        changed=was or "",
        weighed=weighed_change(old_form, form),
    )
    return proposal, was


async def take_back_none(
    session: AsyncSession,
    actor: Actor,
    unit_ids: Collection[int],
    *,
    campaign_id: int,
    year: int,
    now: datetime,
    remind_again: bool = False,
) -> list[int]:
    """Take back the answer “no one” (`said_none`) of those of `unit_ids` that gave it for `year`, for each
    unit alone: a leader of two units whose “Done” answered for both takes back one, the other still
    proposes no one (docs/decisions/0211). Written as an audit row on the unit, which `said_none` reads: a
    “Done” chosen after it answers again. Refused units (`may_take_back_none`) are left as they are. The
    units taken back."""
    answered = await said_none(session, actor.org_id, campaign_id, year)
    taken = [
        unit_id
        for unit_id in sorted(set(unit_ids) & answered)
        if may_take_back_none(actor, UnitRef(unit_id, actor.org_id))
    ]
    for unit_id in taken:
        audit(
            session,
            at=now,
            actor_id=actor.person_id,
            action=NONE_TAKEN_BACK,
            entity="unit",
            entity_id=unit_id,
            year=year,
        )
    if taken and remind_again:  # the reminders its “Done” stopped before they went out come again
        await award_reminders_again(session, actor.person_id, now, campaign_id=campaign_id, year=year)
    if taken:
        await session.flush()
    return taken


async def award_reminders_again(
    session: AsyncSession,
    person_id: int,
    now: datetime,
    *,
    campaign_id: int | None = None,
    year: int | None = None,
) -> None:
    """The person's reminders of the units' award deadline (of `year` in `campaign_id`, when given) that a
    “Done” marked done before they were sent, still to come: due again, as if “Done” had not been chosen
    (docs/decisions/0211). Also when they are given a unit to lead (bot.domain.roles.grant_role): their
    earlier “Done” does not answer for it (`said_none`), and the unit is asked anew (docs/decisions/0365)."""
    found = await session.execute(
        select(Reminder, Deadline.code)
        .join(Deadline, Deadline.id == Reminder.subject_id)
        .where(
            Reminder.person_id == person_id,
            Reminder.topic == "deadline",
            Reminder.status == "done",
            Reminder.sent_at.is_(None),
            Reminder.due_at > now,
            *(
                [Reminder.ends_on >= date(year, 1, 1), Reminder.ends_on <= date(year, 12, 31)]
                if year is not None
                else []
            ),
            *([Deadline.campaign_id == campaign_id] if campaign_id is not None else []),
            Deadline.audience == "leader",
        )
    )
    for reminder, code in found:
        if deadline_kind(code) == "award":
            reminder.status, reminder.done_how, reminder.acted_at = "due", None, None


async def withdraw_proposal(
    session: AsyncSession,
    actor: Actor | None,
    proposal_id: int,
    *,
    now: datetime,
    settings: Settings | None = None,
) -> AwardProposal:
    """Mark a standing proposal withdrawn (kept, with who and when): a leader covering its unit, until the
    awards council has decided on it ("decided"): a decided proposal is in the council's minutes and maybe a
    signed decision, and taking it back would drop the nominee from that decision's draft; a change of the
    decision is the office's correction (`record_outcome`). The person
    proposed is not left believing it stands: the notice that told them, if still waiting, is withdrawn too;
    if it went out, a short notice follows (`settings` for the quiet hours)."""
    proposal = await _open_proposal(session, actor, proposal_id, may_withdraw_proposal, "withdraw", now)
    proposal.withdrawn_at, proposal.withdrawn_by = now, actor.person_id
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="award.withdraw",
        entity="award_proposal",
        entity_id=proposal.id,
    )
    form = await session.get_one(AwardForm, proposal.award_form_id)
    if proposal.person_id is not None:
        await award_withdrawn(
            session,
            proposal.id,
            proposal.person_id,
            award=await award_named(session, form),
            award_code=form.code,
            year=proposal.year,
            now=now,
            settings=settings,
        )
    await _office_told_if_late(session, proposal, form, actor, made=False, now=now, settings=settings)
    return proposal


@dataclass(frozen=True)
class Lateness:
    """A proposal of `form` and year made or withdrawn after the units' award deadline (`deadline`): the
    office has compiled its dossier; `decided` once an outcome is recorded on any proposal of that form and
    year, whose list the council (or the level above) has then decided (docs/decisions/0115, 0163)."""

    deadline: date
    decided: bool
    sent_up: date | None = None


async def lateness(
    session: AsyncSession, org_id: int, form: AwardForm, year: int, today: date
) -> Lateness | None:
    """How late a change to the proposals of `form` in `year` is on `today` (local), or None on the units'
    deadline day and before it, and when the campaign sets no deadline for the units. `sent_up`: for an award
    conferred above the organisation, its own day to send the dossier up (15/12), when that has gone by too:
    the dossier may have left, and only the office knows whether it can still be added to
    (docs/decisions/0344). An ad hoc award (`AD_HOC`) is never late: the units' day is the yearly awards'
    (decision 1014)."""
    if form.occasion == AD_HOC:
        return None
    deadline = await units_award_deadline(session, form.campaign_id, year)
    if deadline is None or today <= deadline:
        return None
    sent_up = None
    if not conferred_within(form, await session.get_one(Organisation, org_id)):
        sent_up = await dossier_sent_up(session, form.campaign_id, year, today)
    decided = await session.scalar(
        select(AwardProposal.id)
        .where(
            AwardProposal.org_id == org_id,
            AwardProposal.award_form_id == form.id,
            AwardProposal.year == year,
            AwardProposal.outcome.is_not(None),
        )
        .limit(1)
    )
    return Lateness(deadline, decided is not None, sent_up)


async def dossier_sent_up(session: AsyncSession, campaign_id: int, year: int, today: date) -> date | None:
    """The organisation's own day to send its award dossiers of `year` up (audience "admin": 15/12), the
    latest gone by on `today`, or None while none has: from the day after it the dossier may have left, so a
    late proposal is said to be perhaps too late (`lateness`, docs/decisions/0344) and no unit is chased for
    it any more (decision 2334). One reading of that day for both."""
    upward = await award_days(session, campaign_id, year, audience="admin")
    return max((day for day in upward if day < today), default=None)


def weighed_change(old: AwardForm, new: AwardForm) -> AwardForm:
    """The award whose lateness a change of a proposal from `old` to `new` is weighed by: the new one's, but
    for a move to an ad hoc award, never late itself, the list it left, which the office printed and which
    lost a line (decision 1014)."""
    return old if new.occasion == AD_HOC else new


async def _office_told_if_late(
    session: AsyncSession,
    proposal: AwardProposal,
    form: AwardForm,
    actor: Actor,
    *,
    made: bool,
    now: datetime,
    settings: Settings | None,
    changed: str | None = None,
    weighed: AwardForm | None = None,
) -> None:
    """A proposal made or withdrawn after the units' award deadline of its year (from the day after it),
    while nothing of its award's list that year is decided yet, is told to the office, whose dossier it
    puts out of date (bot.domain.notices.award_changed_late, docs/decisions/0115). Before the deadline the
    office has not compiled yet; once the council (or the level above) has decided on the list, the office
    records outcomes, and its dossier went out with the list it had. `weighed`: the award whose lateness
    counts, when not `form` (`weighed_change`)."""
    late = await lateness(session, proposal.org_id, weighed or form, proposal.year, local_date(now))
    if late is None or late.decided:
        return
    deadline = late.deadline
    if proposal.person_id is not None:
        person = await session.get_one(Person, proposal.person_id)
        nominee, name = ("household" if person.kind == "household" else "person"), person.full_name
    else:
        nominee, name = ("unit" if proposal.unit_id is not None else "organisation"), ""
    place = await session.get(Unit, proposal.unit_id) if proposal.unit_id is not None else None
    where = place.name if place is not None else (await session.get_one(Organisation, proposal.org_id)).name
    by = await session.get_one(Person, actor.person_id)
    change = LateProposal(
        made,
        nominee,
        name,
        where,
        await award_named(session, form),
        proposal.year,
        by.full_name,
        deadline,
        changed=changed,
        sent_up=late.sent_up,
        commune=await is_commune(session, proposal.org_id),
    )
    await award_changed_late(
        session, proposal.org_id, change, actor_id=actor.person_id, now=now, settings=settings
    )


# --- reading them ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalLine:
    """A proposal as lists and the dossier show it. `name` is the person's, or None for the unit itself, or
    (`unit_id` None) for the organisation itself, whose name `unit` then holds."""

    id: int
    form_id: int
    form_code: str
    form_title: str
    unit_id: int | None
    unit: str
    name: str | None
    position: str | None
    kind: str | None  # the person's: "staff" or "household"; None for the unit itself
    summary: str
    proposed_by: str
    withdrawn: bool
    person_id: int | None  # the person proposed (None: the unit itself), and their unit now
    person_unit_id: int | None
    outcome: str | None = None  # "awarded", "not_awarded" or None (not recorded): docs/decisions/0063
    decision_ref: str | None = None
    decision_on: date | None = None
    left_on: date | None = None  # the day the person proposed left the organisation (decision 0265)
    person_unit: str | None = None  # the name of the unit the person proposed is in now (decision 0296)
    proposed_on: date | None = None  # the day it was proposed, in Vietnam (decision 0883)

    @property
    def works_in(self) -> str:
        """The unit the papers write beside a nominee: a person's as their record has it now, as their
        position is, so a colleague moved since being proposed is not written in the unit they left
        (docs/decisions/0296); the unit itself, or the organisation, as proposed."""
        return self.person_unit if self.moved and self.person_unit else self.unit

    @property
    def moved(self) -> bool:
        """The person proposed works in another unit now than the one that proposed them (decision 0296)."""
        return (
            self.name is not None and self.person_unit_id is not None and self.person_unit_id != self.unit_id
        )

    @property
    def organisation(self) -> bool:
        """The organisation itself is proposed (no unit, no person: docs/decisions/0060)."""
        return self.unit_id is None


async def sent_late(session: AsyncSession, lines: Iterable[ProposalLine], year: int) -> dict[int, date]:
    """For each standing line of `lines` (of `year`) proposed after the units' award deadline of its
    campaign's year, that deadline (by line id; none: on time, or no deadline set): what the office
    compiling on 14/12 reads beside it in its lists, in the chat and at the shell, for the notice of it
    (decision 0115) may have scrolled away (0883). An ad hoc award's never (`AD_HOC`, decision 1014). One
    query for the forms' campaigns, one per campaign."""
    standing = [line for line in lines if not line.withdrawn and line.proposed_on is not None]
    if not standing:
        return {}
    forms = {line.form_id for line in standing}
    rows = await session.execute(
        select(AwardForm.id, AwardForm.campaign_id)
        .where(AwardForm.id.in_(sorted(forms)))
        .where(AwardForm.occasion != AD_HOC)
    )
    campaigns: dict[int, int] = {form_id: campaign_id for form_id, campaign_id in rows}
    deadlines = {
        campaign_id: await units_award_deadline(session, campaign_id, year)
        for campaign_id in set(campaigns.values())
    }
    found = {}
    for line in standing:
        if line.form_id not in campaigns:  # ad hoc
            continue
        deadline = deadlines[campaigns[line.form_id]]
        if deadline is not None and line.proposed_on is not None and line.proposed_on > deadline:
            found[line.id] = deadline
    return found


def also_proposed(lines: Iterable[ProposalLine]) -> dict[int, list[str]]:
    """For each standing line of a person still to be decided, the other awards the same person stands
    proposed for among `lines`, undecided too (by line id; none: not in it): one achievement earns one
    award, so the council sees both before it votes on either (docs/decisions/0296). A decided one the
    list already says on its own line."""
    standing = [
        line for line in lines if line.person_id is not None and not line.withdrawn and line.outcome is None
    ]
    awards: dict[int, list[str]] = {}
    for line in standing:
        awards.setdefault(line.person_id or 0, []).append(line.form_title)
    found = {}
    for line in standing:
        if others := [award for award in awards[line.person_id or 0] if award != line.form_title]:
            found[line.id] = others
    return found


async def proposal_lines(
    session: AsyncSession,
    org_id: int,
    year: int,
    *,
    units: frozenset[int] | None = None,
    form_id: int | None = None,
    withdrawn: bool = True,
) -> list[ProposalLine]:
    """The organisation's proposals of `year` by form (the plan's order), the organisation itself first, then
    by the unit written (`sort_key`; a person's unit now: `works_in`), the unit itself before its people,
    by given name (`person_sort_key`); only of `units` when given (the organisation's own then left out),
    of one form when given, and without the withdrawn ones unless `withdrawn`. Callers have asked the
    rules: this reads."""
    nominee, proposer, nominee_unit = aliased(Person), aliased(Person), aliased(Unit)
    query = (
        select(
            AwardProposal.id,
            AwardForm.id,
            AwardForm.code,
            AwardForm.title,
            AwardProposal.unit_id,
            func.coalesce(Unit.name, Organisation.name),
            nominee.full_name,
            nominee.position,
            nominee.kind,
            AwardProposal.summary,
            proposer.full_name,
            AwardProposal.withdrawn_at.is_not(None),
            nominee.id,
            nominee.unit_id,
            AwardProposal.outcome,
            AwardProposal.decision_ref,
            AwardProposal.decision_on,
            nominee.left_on,
            nominee_unit.name,
            AwardProposal.proposed_at,
        )
        .join(AwardForm, AwardForm.id == AwardProposal.award_form_id)
        .join(Organisation, Organisation.id == AwardProposal.org_id)
        .outerjoin(Unit, Unit.id == AwardProposal.unit_id)
        .outerjoin(nominee, nominee.id == AwardProposal.person_id)
        .outerjoin(nominee_unit, nominee_unit.id == nominee.unit_id)
        .join(proposer, proposer.id == AwardProposal.proposed_by)
        .where(AwardProposal.org_id == org_id, AwardProposal.year == year)
    )
    if units is not None:
        query = query.where(AwardProposal.unit_id.in_(sorted(units)))
    if form_id is not None:
        query = query.where(AwardProposal.award_form_id == form_id)
    if not withdrawn:
        query = query.where(AwardProposal.withdrawn_at.is_(None))
    lines = [ProposalLine(*row[:-1], proposed_on=local_date(row[-1])) for row in await session.execute(query)]
    if lines:  # each award as the papers name it (decision 0227)
        organisation = await session.get_one(Organisation, org_id)
        forms = await session.scalars(
            select(AwardForm).where(AwardForm.id.in_({line.form_id for line in lines}))
        )
        commune = await is_commune(session, org_id)
        named = {form.id: award_title(form, organisation, commune=commune) for form in forms}
        lines = [replace(line, form_title=named[line.form_id]) for line in lines]
    return sorted(
        lines,
        key=lambda line: (
            line.form_id,
            line.unit_id is not None,
            sort_key(line.works_in),
            line.person_unit_id if line.moved else line.unit_id,
            line.name is not None,
            person_sort_key(line.name or ""),
            line.id,
        ),
    )


async def standing_lines(
    session: AsyncSession, org_id: int, campaign: Campaign, year: int, *, ad_hoc: bool = True
) -> list[ProposalLine]:
    """The proposals the year's dossiers and the council's minutes list: standing (not withdrawn), of `year`,
    for the award forms of `campaign` (the one running that year), the organisation's own among them. What
    a reminder of a dossier's deadline counts, so it says what the dossier will hold. Without `ad_hoc`, only
    those on the lists the units send by their 10/12: an ad hoc award (`AD_HOC`) is proposed when the deed is
    done, so a unit that proposed only one has not answered for its yearly list (decision 1119)."""
    every, yearly = await standing_and_yearly(session, org_id, campaign, year)
    return every if ad_hoc else yearly


async def standing_and_yearly(
    session: AsyncSession, org_id: int, campaign: Campaign, year: int
) -> tuple[list[ProposalLine], list[ProposalLine]]:
    """`standing_lines` both ways from one read of the proposals: every standing one, and those of the units'
    yearly lists (an ad hoc award's left out), each in the order `proposal_lines` gives."""
    forms = await session.execute(
        select(AwardForm.id, AwardForm.occasion).where(AwardForm.campaign_id == campaign.id)
    )
    occasions = {form_id: occasion for form_id, occasion in forms}
    lines = await proposal_lines(session, org_id, year, withdrawn=False)
    every = [line for line in lines if line.form_id in occasions]
    return every, [line for line in every if occasions[line.form_id] != AD_HOC]


async def said_none(session: AsyncSession, org_id: int, campaign_id: int, year: int) -> frozenset[int]:
    """The units that answered the units' award deadline of `year` with no one to propose: a leader of the
    unit chose “Done” on its reminder (docs/decisions/0198), leading it already then: a role given afterwards
    (a move, a second unit) does not make their earlier answer that unit's (docs/decisions/0350). Whether
    they proposed someone too is the proposals' to say: a unit with a standing proposal has proposed, whatever
    it chose."""
    found = await session.execute(
        select(RoleAssignment.unit_id, Deadline.code, Reminder.acted_at)
        .join(Reminder, Reminder.person_id == RoleAssignment.person_id)
        .join(Deadline, Deadline.id == Reminder.subject_id)
        .where(
            RoleAssignment.org_id == org_id,
            RoleAssignment.role.in_(sorted(PROPOSE_ROLES)),
            RoleAssignment.unit_id.is_not(None),
            RoleAssignment.granted_at <= Reminder.acted_at,
            Reminder.topic == "deadline",
            Reminder.status == "done",
            Reminder.ends_on >= date(year, 1, 1),
            Reminder.ends_on <= date(year, 12, 31),
            Deadline.campaign_id == campaign_id,
            Deadline.audience == "leader",
        )
        .distinct()
    )
    chose = {}
    for unit_id, code, at in found:
        if deadline_kind(code) == "award":
            chose[unit_id] = max(at, chose.get(unit_id, at))
    if not chose:
        return frozenset()
    # A unit's answer taken back after it was given (docs/decisions/0211): proposing again, or “Undo”.
    taken = dict(
        (
            await session.execute(
                select(AuditLog.entity_id, func.max(AuditLog.at))
                .where(
                    AuditLog.entity == "unit",
                    AuditLog.entity_id.in_(sorted(chose)),
                    AuditLog.action == NONE_TAKEN_BACK,
                )
                .group_by(AuditLog.entity_id)
            )
        ).all()
    )
    return frozenset(
        unit_id for unit_id, at in chose.items() if unit_id not in taken or _utc(taken[unit_id]) < _utc(at)
    )


def _utc(at: datetime) -> datetime:
    """A time read back from either database as an aware UTC time, to compare."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Dossier:
    """What the dossier's draft says: who sends it, for which award and year, under which campaign, and the
    standing proposals, the people first, then the units. `within`: the organisation's own head confers the
    award (conferred_within), so the letter goes from its awards council to the head."""

    organisation: str
    campaign: str
    form: AwardForm
    year: int
    people: list[ProposalLine]
    collectives: list[ProposalLine]
    within: bool
    conferred_by: str  # whom the letter is addressed to (conferrer)
    head_title: str | None = None  # who signs a letter sent up or the decision (signing_head), .signs_for
    decided_by: str | None = None  # the head in whose name the decision is issued (deciding_head)
    signs_for: str | None = None
    award: str = ""  # the award's name as the papers write it (award_title)


async def award_dossier(
    session: AsyncSession, actor: Actor | None, org_id: int, *, year: int, form_code: str
) -> Dossier:
    """The dossier of the form with code `form_code` of the organisation's campaign running in `year`:
    refused ("not_allowed") to whoever may not compile, "form" for a code the campaign does not have, "empty"
    when nobody stands proposed for it that year (a letter proposing no one is no draft worth having).
    `actor` None: the operator at the server's shell (`chungtay award dossier`)."""
    if actor is not None and not may_compile_awards(actor, org_id):
        raise ProposalError("not_allowed")
    form, campaign = await running_form(session, org_id, year, form_code)
    lines = await proposal_lines(session, org_id, year, form_id=form.id, withdrawn=False)
    if not lines:
        raise ProposalError("empty")
    organisation = await session.get_one(Organisation, org_id)
    return _dossier(organisation, campaign, form, year, lines, commune=await is_commune(session, org_id))


async def running_form(
    session: AsyncSession, org_id: int, year: int, form_code: str
) -> tuple[AwardForm, Campaign]:
    """The award form with code `form_code` of the organisation's campaign running in `year`, with that
    campaign; "form" when there is none."""
    found = await session.execute(
        select(AwardForm, Campaign)
        .join(Campaign, Campaign.id == AwardForm.campaign_id)
        .where(Campaign.org_id == org_id, AwardForm.code == form_code)
        .order_by(Campaign.starts_on.desc())
    )
    running = [(f, c) for f, c in found if c.starts_on.year <= year <= c.ends_on.year]
    if not running:
        raise ProposalError("form")
    return running[0]


def _dossier(
    organisation: Organisation,
    campaign: Campaign,
    form: AwardForm,
    year: int,
    lines: list[ProposalLine],
    *,
    commune: bool,
) -> Dossier:
    """The standing `lines` of one form as its letter lists them: the people first, then the units."""
    return Dossier(
        organisation=organisation.name,
        campaign=campaign.title,
        form=form,
        year=year,
        people=[line for line in lines if line.name is not None],
        collectives=[line for line in lines if line.name is None],
        within=conferred_within(form, organisation),
        conferred_by=conferrer(form, organisation, commune=commune),
        head_title=signing_head(organisation, commune=commune),
        decided_by=deciding_head(organisation, commune=commune),
        signs_for=organisation.signs_for,
        award=award_title(form, organisation, commune=commune),
    )


@dataclass(frozen=True)
class Minutes:
    """What the awards council's minutes list: every award form of the year's campaign with standing
    proposals, each as its letter lists them (a Dossier per form, in the plan's order). The council meets
    once a year and reviews them all."""

    organisation: str
    campaign: str
    year: int
    dossiers: list[Dossier]
    commune: bool = False  # its units are hamlets and boards: the minutes say so (decision 1015)


async def award_minutes(session: AsyncSession, actor: Actor | None, org_id: int, *, year: int) -> Minutes:
    """The minutes of the organisation's awards council reviewing the proposals of `year`: refused
    ("not_allowed") to whoever may not compile (the same rule as the letter's), "empty" when nobody stands
    proposed for any award of the campaign running that year. `actor` None: the operator at the shell."""
    if actor is not None and not may_compile_awards(actor, org_id):
        raise ProposalError("not_allowed")
    campaigns = await session.scalars(
        select(Campaign).where(Campaign.org_id == org_id).order_by(Campaign.starts_on.desc())
    )
    campaign = next((c for c in campaigns if c.starts_on.year <= year <= c.ends_on.year), None)
    if campaign is None:
        raise ProposalError("empty")
    forms = await session.scalars(
        select(AwardForm).where(AwardForm.campaign_id == campaign.id).order_by(AwardForm.id)
    )
    lines = await standing_lines(session, org_id, campaign, year)
    organisation = await session.get_one(Organisation, org_id)
    commune = await is_commune(session, org_id)
    dossiers = [
        _dossier(organisation, campaign, form, year, mine, commune=commune)
        for form in forms
        if (mine := [line for line in lines if line.form_id == form.id])
    ]
    if not dossiers:
        raise ProposalError("empty")
    return Minutes(
        organisation=organisation.name,
        campaign=campaign.title,
        year=year,
        dossiers=dossiers,
        commune=commune,
    )


# --- the outcome: what the awards council or the level above decided (docs/decisions/0063) ---------------


@dataclass(frozen=True)
class Decision:
    """What was decided on a proposal: awarded or not, and the decision's number and date when known."""

    awarded: bool
    ref: str | None = None
    on: date | None = None

    @property
    def outcome(self) -> str:
        return "awarded" if self.awarded else "not_awarded"


# Words around a decision's number as people type it: "Quyết định số …", "QĐ số …", "số …", "…, ngày".
_REF_BEFORE = re.compile(
    r"^(?:(?:quyết định|quyet dinh|qđ|qd|decision)\s+)?(?:(?:số|so|no\.?)(?=[\s:.\d])\s*)?[:.,]?\s*", re.I
)
_REF_AFTER = re.compile(r"[\s,;:.]*(?:ngày|ngay|of|dated|on)?[\s,;:.]*$", re.I)


def read_decision(typed: str, today: date) -> tuple[str | None, date | None]:
    """A decision's number and date as typed: "125/QĐ-CĐT, ngày 20/12/2026", "Số 125/QĐ-CĐT 20/12/2026",
    "20/12/2026" (no number), "125/QĐ-CĐT" (no date). DateError for a date that does not exist."""
    # A decision is dated when signed: “20/12” typed in January is last year's.
    on, rest = find_day(typed, today, PAST)
    ref = _REF_AFTER.sub("", _REF_BEFORE.sub("", nfc(rest), count=1)).strip()
    return ref or None, on


def _checked(decision: Decision, today: date) -> Decision:
    """The decision with its number as stored (NFC, spaces trimmed); "ref" when it is blank or too long,
    "future" when it is dated later than `today` (a decision is recorded once it is signed)."""
    if decision.on is not None and decision.on > today:
        raise ProposalError("future")
    if decision.ref is None:
        return decision
    ref = " ".join(nfc(decision.ref).split())
    if not ref or len(ref) > MAX_REF:
        raise ProposalError("ref")
    return Decision(decision.awarded, ref, decision.on)


async def record_outcome(
    session: AsyncSession,
    actor: Acting,
    proposal_id: int,
    decision: Decision,
    *,
    now: datetime,
    settings: Settings | None = None,
) -> bool:
    """Record the outcome of the standing proposal `proposal_id` (a correction when it had one): refused
    ("not_allowed", audited) unless the actor `may_record_outcome_of` it (never the person proposed);
    "not_found" for a proposal of another organisation, "withdrawn" for a withdrawn one, "ref" for a number
    that does not fit. `actor` an
    Operator: the shell (`chungtay award decide`). Whether anything changed: the same outcome with the same
    number and date again changes nothing, audits nothing and tells nobody again."""
    proposal = await session.get(AwardProposal, proposal_id)
    if proposal is None or actor is None or proposal.org_id != actor.org_id:
        raise ProposalError("not_found")
    if isinstance(actor, Actor) and not may_record_outcome_of(actor, proposal):
        raise _refused(session, actor, "outcome", proposal.id, now)
    if proposal.withdrawn_at is not None:
        raise ProposalError("withdrawn")
    decision = _checked(decision, local_date(now))
    return await _decide(session, actor, proposal, decision, now=now, settings=settings)


@dataclass(frozen=True)
class FormOutcome:
    """A whole form's outcome recorded: the form, how many standing proposals it changed and how many
    already had it; `own`: the recorder's own proposal, left as it was for another of the office
    (`may_record_outcome_of`)."""

    form: AwardForm
    year: int
    changed: int
    unchanged: int
    own: int = 0


async def record_form_outcome(
    session: AsyncSession,
    actor: Acting,
    org_id: int,
    *,
    year: int,
    form_code: str,
    decision: Decision,
    now: datetime,
    settings: Settings | None = None,
) -> FormOutcome:
    """One decision for every standing proposal of a form and year (the council passes its list at once;
    the withdrawn ones are left as they are, and so is the recorder's own (`may_record_outcome_of`,
    docs/decisions/0399), and one already recorded with the same outcome keeps its number
    when the form's is given without one): refused as `record_outcome` is, "form" for a code the running
    campaign does not have, "empty" when nobody stands proposed for it."""
    if actor is None or actor.org_id != org_id:
        raise ProposalError("not_found")
    if isinstance(actor, Actor) and not may_record_award_outcome(actor, org_id):
        raise _refused(session, actor, "outcome", None, now)
    decision = _checked(decision, local_date(now))
    form, _campaign = await running_form(session, org_id, year, form_code)
    standing = list(
        await session.scalars(
            select(AwardProposal)
            .where(
                AwardProposal.org_id == org_id,
                AwardProposal.award_form_id == form.id,
                AwardProposal.year == year,
                AwardProposal.withdrawn_at.is_(None),
            )
            .order_by(AwardProposal.id)
        )
    )
    if not standing:
        raise ProposalError("empty")
    mine = [p for p in standing if isinstance(actor, Actor) and not may_record_outcome_of(actor, p)]
    changed = 0
    for proposal in standing:
        if proposal in mine or _already_said(proposal, decision):
            continue
        changed += await _decide(session, actor, proposal, decision, now=now, settings=settings)
    return FormOutcome(form, year, changed, len(standing) - changed - len(mine), len(mine))


def _already_said(proposal: AwardProposal, decision: Decision) -> bool:
    """Whether a whole form's decision leaves this proposal as it is: the same outcome, given without a
    number or date, never wipes the number and date recorded on the proposal one by one."""
    return proposal.outcome == decision.outcome and decision.ref is None and decision.on is None


async def _decide(
    session: AsyncSession,
    actor: Acting,
    proposal: AwardProposal,
    decision: Decision,
    *,
    now: datetime,
    settings: Settings | None,
) -> bool:
    """Write the decision on the proposal, audit it (a correction names what it replaced) and tell whom it
    concerns (bot.domain.notices.award_decided). The same outcome given with its date alone is the day of the
    decision already numbered: the number stays (docs/decisions/0643)."""
    before = (proposal.outcome, proposal.decision_ref, proposal.decision_on)
    if decision.ref is None and decision.on is not None and proposal.outcome == decision.outcome:
        decision = Decision(decision.awarded, proposal.decision_ref, decision.on)
    if before == (decision.outcome, decision.ref, decision.on):
        return False
    by = actor.person_id if isinstance(actor, Actor) else None
    # Only the number or the date changed: those told of the decision are told the correction.
    corrected = (before[1], before[2]) if before[0] == decision.outcome else None
    proposal.outcome, proposal.decided_at, proposal.decided_by = decision.outcome, now, by
    proposal.decision_ref, proposal.decision_on = decision.ref, decision.on
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=by,
        action="award.outcome" if before[0] is None else "award.outcome_corrected",
        entity="award_proposal",
        entity_id=proposal.id,
        outcome=decision.outcome,
        ref=decision.ref,
        on=decision.on.isoformat() if decision.on else None,
        before=before[0],
    )
    form = await session.get_one(AwardForm, proposal.award_form_id)
    nominee, name, told = await _nominee_told(session, proposal)
    said = Awarded(
        proposal.id,
        decision.awarded,
        await award_named(session, form),
        proposal.year,
        nominee,
        name,
        decision.ref,
        decision.on,
    )
    await award_decided(
        session,
        said,
        told=told,
        proposer=proposal.proposed_by,
        now=now,
        settings=settings,
        corrected=corrected,
    )
    return True


async def _nominee_told(session: AsyncSession, proposal: AwardProposal) -> tuple[str, str, list[int]]:
    """Who the nominee is as its notices say it ("person", "household", "unit", "organisation"), its name,
    and who is told of it when it is awarded: the person (the household's record); a unit's own leaders; the
    organisation's organisation-wide leaders."""
    if proposal.person_id is not None:
        person = await session.get_one(Person, proposal.person_id)
        kind = "household" if person.kind == "household" else "person"
        return kind, person.full_name, [person.id]
    leaders = (
        select(RoleAssignment.person_id)
        .where(RoleAssignment.org_id == proposal.org_id, RoleAssignment.role == "leader")
        .order_by(RoleAssignment.person_id)
        .distinct()
    )
    if proposal.unit_id is None:
        organisation = await session.get_one(Organisation, proposal.org_id)
        told = await session.scalars(leaders.where(RoleAssignment.unit_id.is_(None)))
        return "organisation", organisation.name, list(told)
    unit = await session.get_one(Unit, proposal.unit_id)
    told = await session.scalars(leaders.where(RoleAssignment.unit_id == unit.id))
    return "unit", unit.name, list(told)


# --- the draft decision of an award the organisation's own head confers (docs/decisions/0063) -------------


@dataclass(frozen=True)
class DecisionDraft:
    """What the head's decision conferring an award lists: those recorded as awarded; or, with no outcome
    recorded yet for the form and year, every standing proposal (`before_vote`: the draft is made before
    the council's vote, and says so)."""

    dossier: Dossier
    before_vote: bool
    # Standing proposals with no outcome recorded yet, once some have one: not in the decision, and the office
    # is told so before it signs a decision that leaves them out by mistake.
    waiting: tuple[ProposalLine, ...] = ()
    # The number and date the office recorded with the outcome ("125/QĐ-TCN", 14/12), when every one listed
    # carries the same: the draft prints them. None: left dotted, to fill in (none recorded, or several).
    ref: str | None = None
    signed_on: date | None = None


async def award_decision(
    session: AsyncSession, actor: Actor | None, org_id: int, *, year: int, form_code: str
) -> DecisionDraft:
    """The draft decision of the form `form_code` for `year`: refused ("not_allowed") to whoever may not
    compile, "form" for a code the running campaign does not have, "above" (`by`: who confers it) for an
    award conferred above the organisation, whose decision comes from there, "empty" when nobody stands
    proposed, or every outcome recorded is "not awarded". `actor` None: the shell."""
    if actor is not None and not may_compile_awards(actor, org_id):
        raise ProposalError("not_allowed")
    form, campaign = await running_form(session, org_id, year, form_code)
    organisation = await session.get_one(Organisation, org_id)
    if not conferred_within(form, organisation):
        raise ProposalError("above", by=form.conferred_by)
    lines = await proposal_lines(session, org_id, year, form_id=form.id, withdrawn=False)
    awarded = [line for line in lines if line.outcome == "awarded"]
    before_vote = not any(line.outcome for line in lines)
    listed = lines if before_vote else awarded
    if not listed:
        raise ProposalError("empty")
    waiting = () if before_vote else tuple(line for line in lines if line.outcome is None)
    refs = {line.decision_ref for line in listed}
    days = {line.decision_on for line in listed}
    return DecisionDraft(
        _dossier(organisation, campaign, form, year, listed, commune=await is_commune(session, org_id)),
        before_vote,
        waiting,
        ref=refs.pop() if len(refs) == 1 else None,
        signed_on=days.pop() if len(days) == 1 else None,
    )
