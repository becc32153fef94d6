"""A plan's criteria and awards as their reader reads them.

A plan's titles are Vietnamese and the plan format has no other language (docs/campaign-plans.md): a reader
who chose another reads the title as written, as her officers and papers name it, with a short gloss in her
own words after it, so that she knows what she pledges or proposes. The glosses are the catalogs', for the
criteria and award forms of the movement's plans (`campaigns/`), whose codes the two periods share; one of
another code, or a criterion whose title the organisation edited, is named as written (decisions 2436,
2529)."""

from __future__ import annotations

from functools import cache
from typing import Protocol

from bot.config import PROJECT_ROOT
from bot.i18n import translate

PLAN_LOCALE = "vi"  # the language of every plan's titles


class Titled(Protocol):
    code: str
    title: str


def criterion_name(locale: str, criterion: Titled) -> str:
    """“Ủng hộ Quỹ “Vì người nghèo” (giving to the Fund for the Poor)” to a reader of English; the title alone
    to a reader of Vietnamese, for a criterion the catalogs have no gloss of, and for one whose title the
    organisation edited in its copy of the plan, code kept: a gloss says what the movement's words say, and
    an edited title may say something else; so it reads as `title_named` names it (decision 2529)."""
    if locale == PLAN_LOCALE or _movements_codes().get(criterion.title) != criterion.code:
        return criterion.title
    gloss = _gloss(locale, criterion.code)
    return f"{criterion.title} ({gloss})" if gloss else criterion.title


def award_choice(locale: str, code: str, named: str) -> str:
    """An award form as it is offered (`named`: as the organisation names it), with its gloss to a reader of
    English: “Giấy khen của Thủ trưởng đơn vị (commendation from the organisation's head)”."""
    gloss = None if locale == PLAN_LOCALE else _award_gloss(locale, code)
    return f"{named} ({gloss})" if gloss else named


def title_named(locale: str, title: str) -> str:
    """A plan's item known by its title alone (a criterion in the digest's results, a deadline in its
    reminder), glossed as `criterion_name` glosses it, its code found by its title among the movement's plans
    (`campaigns/`); a title none of them has (an organisation's own, or one it edited) is named as written
    (decisions 2446, 2529)."""
    code = None if locale == PLAN_LOCALE else _movements_codes().get(title)
    gloss = (_gloss(locale, code) or _deadline_gloss(locale, code)) if code else None
    return f"{title} ({gloss})" if gloss else title


@cache
def _movements_codes() -> dict[str, str]:
    """The movement's plans' criteria and deadlines, title → code, read once."""
    from bot.domain.plans import load_plan  # (the plans' module builds on much more than this one)

    codes: dict[str, str] = {}
    for path in sorted((PROJECT_ROOT / "campaigns").glob("*.toml")):
        plan = load_plan(path)
        codes.update((item.title, item.code) for item in (*plan.criteria, *plan.deadlines))
    return codes


def _deadline_gloss(locale: str, code: str) -> str | None:
    match code:
        case "ho-so-khen-thuong-don-vi":
            return translate(locale, "the units' award proposals to the organisation")
        case "ho-so-khen-thuong-len-so":
            return translate(locale, "the organisation's award proposals to the level above")
        case "ho-so-so-ket-don-vi":
            return translate(locale, "the units' mid-term award proposals to the organisation")
        case "ho-so-so-ket-len-so":
            return translate(locale, "the organisation's mid-term award proposals to the department")
    return None


def _award_gloss(locale: str, code: str) -> str | None:
    match code:
        case "giay-khen-thu-truong":
            return translate(locale, "commendation from the organisation's head")
        case "giay-khen-giam-doc-so":
            return translate(locale, "commendation from the department's director")
        case "bang-khen-ubnd-tinh":
            return translate(locale, "certificate of merit from the province's chairman")
        case "bang-khen-thu-tuong":
            return translate(locale, "certificate of merit from the Prime Minister")
        case "huan-chuong-lao-dong-hang-ba":
            return translate(locale, "Labour Order, third class")
    return None


def _gloss(locale: str, code: str) -> str | None:
    match code:
        case "ung-ho-quy":
            return translate(locale, "giving to the Fund for the Poor")
        case "ngay-cong":
            return translate(locale, "labour days helping poor households")
        case "giup-ho-ngheo":
            return translate(locale, "poor households helped")
        case "sang-kien":
            return translate(locale, "ideas and good models against poverty")
        case "dang-ky-thoat-ngheo":
            return translate(locale, "pledging to escape poverty")
        case "tham-hoi-dong-nghiep":
            return translate(locale, "visiting and helping people in hardship")
        case "van-ban-dung-han":
            return translate(locale, "poverty plans and papers issued on time")
        case "kien-nghi-chinh-sach":
            return translate(locale, "poverty policies reviewed")
        case "huy-dong-nguon-luc":
            return translate(locale, "support raised for the poor")
        case "tuyen-truyen":
            return translate(locale, "spreading the word on helping the poor")
        case "bao-cao-dung-han":
            return translate(locale, "reports sent in full and on time")
    return None
