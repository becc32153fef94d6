"""An organisation's own award forms (docs/decisions/0073): a settings file sets the department's
“Giấy khen của Giám đốc Sở” aside and adds the commune's chairman's Giấy khen; a commune (households belong to
it) is not offered the department's at all unless its file lists it in `used` (decision 0247). The leader's
/dekhenthuong then offers the commune's and not the department's, the domain refuses the one set aside, and
the letter and the draft decision of the commune's own form go from its awards council to its head. A mistake
in the file is answered with its file and line and changes nothing; a form taken out of the file keeps its
proposals in the dossier but takes no new one. The demo, with no `[awards]`, offers the plan's forms as
before."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.db.models import AwardForm, AwardFormUse, Campaign, Drive, Organisation, Person
from bot.demo import DEMO_SETTINGS, DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import (
    ProposalError,
    award_dossier,
    forms_for_year,
    proposal_lines,
    propose_award,
)
from bot.domain.org_settings import load_settings_file
from tests.support.clocks import NOW
from tests.test_awards import MAI, PDT, SUMMARY, YEARLY, _world, grant
from tests.test_awards_outcome import _docx_tables
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_flows import join
from tests.test_poverty import _chat, commune  # noqa: F401  (the commune of three hamlets, a fixture)

COMMUNE = "Ủy ban nhân dân xã Tân Hòa"
DIRECTOR = "Giấy khen của Giám đốc Sở"  # the department's: no commune receives it
CHAIRMAN = "Giấy khen của Chủ tịch UBND xã"  # the commune's own head's
PROVINCE = "Bằng khen của Chủ tịch UBND tỉnh"
DESCRIPTION = "Chủ tịch UBND xã tặng cho cá nhân, hộ gia đình và thôn có thành tích trong năm."
AWARDS = f"""
[awards]
not_used = ["giay-khen-giam-doc-so"]

[[awards.forms]]
code = "giay-khen-chu-tich-xa"
title = "Giấy khen của Chủ tịch UBND xã"
conferred_by = "Chủ tịch Ủy ban nhân dân xã"
level = "yearly"
within_organisation = true
description = "{DESCRIPTION}"
"""


def settings(tmp_path: Path, awards: str = AWARDS, name: str = "xa-2026.toml") -> Path:
    """The demo's settings for 2026 with the commune's `[awards]`: one file holds all the year's choices."""
    path = tmp_path / name
    path.write_text(DEMO_SETTINGS.read_text(encoding="utf-8") + awards, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


async def as_commune(app: App) -> None:
    """The demo organisation as a commune whose head is its chairman (the signer the office sets)."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation))).one()
        org.name, org.head_title = COMMUNE, "Chủ tịch"


async def propose(
    app: App, who: str, form: str, *, unit: str | None = "PDT", person: str | None = None
) -> str:
    """`who` proposes `person` of `unit` (None: the unit itself) for `form` in 2026: "proposed" or why not."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids[who]))
        try:
            await propose_award(
                session,
                actor,
                form_id=ids[form],
                year=2026,
                unit_id=ids[unit] if unit else None,
                person_id=ids[person] if person else None,
                summary=SUMMARY,
                now=NOW,
            )
        except ProposalError as refused:
            return refused.reason
    return "proposed"


async def offered(app: App) -> list[str]:
    async with app.sessionmaker() as session:
        campaign = (await session.scalars(select(Campaign))).one()
        return [form.title for form in await forms_for_year(session, campaign, 2026)]


async def test_the_commune_is_offered_its_chairmans_giay_khen_and_not_the_directors(
    app: App, invites: DemoInvites, make_person, tmp_path: Path, db_path: Path
) -> None:
    assert DIRECTOR in await offered(app) and CHAIRMAN not in await offered(app)  # the demo: the plan's
    await as_commune(app)
    cli = Cli(tmp_path, db_path)
    out = ok(cli("org", "settings", "load", str(settings(tmp_path)), env=ENGLISH))
    assert "Award forms of its own: 1 added, 0 updated." in out
    assert "The plan's award forms not used: giay-khen-giam-doc-so." in out
    assert "Award forms of its own: 0 added, 0 updated." in ok(
        cli("org", "settings", "load", str(settings(tmp_path)), env=ENGLISH)
    )

    tu = make_person("tu")  # the leader of a unit: the hamlet's head in a commune
    await join(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    labels = [choice.label for choice in tu.menu.choices]
    # The plan's yearly form, its head's, is named by the head's title the office set (decision 0227).
    yearly = YEARLY.replace("Thủ trưởng đơn vị", "Chủ tịch")
    assert labels == [yearly, PROVINCE, CHAIRMAN, "Quay lại"]
    screen = await tu.choose(yearly)  # the plan's form has no description of its own: only its question
    assert screen.startswith(f"Anh/chị đề nghị ai được tặng {yearly}?")
    await tu.choose("Quay lại")  # back to the forms
    screen = await tu.choose(CHAIRMAN)  # the commune's says what its file says of it, where it is chosen
    assert screen.startswith(f"{DESCRIPTION}\nAnh/chị đề nghị ai được tặng {CHAIRMAN}?")
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    await tu.say(SUMMARY)
    screen = await tu.choose("Có")
    assert f"Đã ghi đề nghị tặng {CHAIRMAN} (2026) cho {MAI}." in screen
    # The domain refuses the Director's award whatever a menu showed.
    assert await propose(app, "Phạm Văn Tú", DIRECTOR) == "form"

    # The commune's own form is conferred within: the council's letter to the chairman, his decision.
    ids = await _world(app)
    async with app.sessionmaker() as session:
        dossier = await award_dossier(session, None, ids["org"], year=2026, form_code="giay-khen-chu-tich-xa")
    assert dossier.within is True and [line.name for line in dossier.people] == [MAI]
    await grant(app, "Lê Văn Hùng", "leader")  # the commune's chairman may not propose the commune for it
    assert await propose(app, "Lê Văn Hùng", CHAIRMAN, unit=None) == "within"
    decision = tmp_path / "quyet-dinh.docx"
    ok(
        cli(
            "award",
            "decision",
            "--year",
            "2026",
            "--form",
            "giay-khen-chu-tich-xa",
            "--output",
            str(decision),
        )
    )
    text, tables = _docx_tables(decision)
    assert f"Về việc tặng {CHAIRMAN} năm 2026" in text
    assert tables[1][0][1].startswith("CHỦ TỊCH")  # signed by the commune's head, by the title it set
    assert [row[1] for row in tables[-1]][-1].startswith(MAI)


async def test_a_mistake_in_the_awards_is_answered_with_its_line_and_changes_nothing(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    twice = settings(
        tmp_path,
        AWARDS + '\n[[awards.forms]]\ncode = "giay-khen-chu-tich-xa"\nconferred_by = "Chủ tịch UBND xã"\n'
        'level = "yearly"\nwithin_organisation = true\n',
        "hai-lan.toml",
    )
    refused = cli("org", "settings", "load", str(twice))
    second = twice.read_text().splitlines().index("[[awards.forms]]", line_of(twice, "[[awards.forms]]")) + 1
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == [  # the file's own mistakes in the commune's Vietnamese (1841)
        f"chungtay: {twice}, dòng {second}, awards.forms[2].title: thiếu khóa bắt buộc này",
        f'{twice}, dòng {second + 1}, awards.forms[2].code: "giay-khen-chu-tich-xa" được dùng hai lần '
        "(lần đầu ở awards.forms[1])",
    ]

    both = settings(
        tmp_path, AWARDS.replace("[awards]\n", '[awards]\nused = ["giay-khen-giam-doc-so"]\n'), "ca-hai.toml"
    )
    refused = cli("org", "settings", "load", str(both))
    assert refused.returncode == 2 and refused.stderr.splitlines() == [
        f'chungtay: {both}, dòng {line_of(both, "used =")}, awards.used: "giay-khen-giam-doc-so" cũng có '
        "trong awards.not_used: một hình thức khen thưởng hoặc được dùng, hoặc không"
    ]

    unknown = settings(
        tmp_path,
        AWARDS.replace('["giay-khen-giam-doc-so"]', '["giay-khen-giam-doc"]').replace(
            'code = "giay-khen-chu-tich-xa"', 'code = "bang-khen-ubnd-tinh"'
        ),
        "sai-ma.toml",
    )
    refused = cli("org", "settings", "load", str(unknown))
    assert refused.returncode == 2
    plan = "vi-nguoi-ngheo-2026-2030"
    forms = "giay-khen-thu-truong, giay-khen-giam-doc-so, bang-khen-ubnd-tinh, bang-khen-thu-tuong, "
    # the plan's forms checked against the database: said in the commune's Vietnamese (decision 1443)
    assert refused.stderr.splitlines()[0] == (
        f'chungtay: {unknown}, dòng {line_of(unknown, "not_used")}, awards.not_used: "giay-khen-giam-doc" '
        f"không phải hình thức khen thưởng của {plan}; các hình thức của kế hoạch: {forms}"
        "huan-chuong-lao-dong-hang-ba"
    )
    own = line_of(unknown, 'code = "bang-khen')
    assert refused.stderr.splitlines()[1] == (
        f'{unknown}, dòng {own}, awards.forms[1].code: "bang-khen-ubnd-tinh" là mã một hình thức khen thưởng '
        f"của {plan}; hãy đặt cho hình thức khen thưởng riêng của đơn vị một mã khác, ví dụ "
        '"bang-khen-ubnd-tinh-rieng"'
    )
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(AwardFormUse))).all() == []
        assert (await session.scalars(select(AwardForm).where(AwardForm.own))).all() == []
        assert len((await session.scalars(select(Drive))).all()) == 2  # the demo's, nothing more
    assert DIRECTOR in await offered(app)


async def test_a_form_taken_out_of_the_file_keeps_its_proposals_in_the_dossier_and_takes_no_new_one(
    app: App, invites: DemoInvites, make_person, tmp_path: Path, db_path: Path
) -> None:
    await grant(app, "Lê Văn Hùng", "leader")
    assert await propose(app, "Lê Văn Hùng", DIRECTOR) == "proposed"  # before the commune set it aside
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "settings", "load", str(settings(tmp_path))))
    assert await propose(app, "Lê Văn Hùng", CHAIRMAN, person=MAI) == "proposed"
    spare = AWARDS + (
        '\n[[awards.forms]]\ncode = "giay-khen-mttq-xa"\n'
        'title = "Giấy khen của Ban Thường trực Ủy ban MTTQ xã"\n'
        'conferred_by = "Ban Thường trực Ủy ban MTTQ xã"\nlevel = "ad_hoc"\nwithin_organisation = false\n'
    )
    ok(cli("org", "settings", "load", str(settings(tmp_path, spare))))
    assert "Giấy khen của Ban Thường trực Ủy ban MTTQ xã" in await offered(app)

    # The next load has neither of the commune's forms: the one with a proposal stays, the other goes.
    out = ok(
        cli(
            "org",
            "settings",
            "load",
            str(settings(tmp_path, '\n[awards]\nnot_used = ["giay-khen-giam-doc-so"]\n')),
            env=ENGLISH,
        )
    )
    assert "Award forms of its own: 0 added, 0 updated; kept for their proposals, offered no more: " in out
    assert "giay-khen-chu-tich-xa." in out
    assert await offered(app) == [YEARLY, PROVINCE]
    assert await propose(app, "Lê Văn Hùng", CHAIRMAN, unit="PDT") == "form"
    ids = await _world(app)
    async with app.sessionmaker() as session:
        own = list(await session.scalars(select(AwardForm.code).where(AwardForm.own)))
        lines = await proposal_lines(session, ids["org"], 2026, withdrawn=False)
    assert own == ["giay-khen-chu-tich-xa"]
    assert [(line.form_title, line.name or line.unit) for line in lines] == [(DIRECTOR, PDT), (CHAIRMAN, MAI)]

    # The office still has both dossiers in chat: the proposals were made.
    ha = make_person("ha")
    await join(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await ha.say("/dekhenthuong")
    await ha.choose("Tờ trình và danh sách")
    assert [choice.label for choice in ha.menu.choices] == [
        f"{DIRECTOR} (1 đề nghị)",
        f"{CHAIRMAN} (1 đề nghị)",
        "Quay lại",
    ]
    screen = await ha.choose(f"{CHAIRMAN} (1 đề nghị)")
    assert f"{CHAIRMAN} (2026): dự thảo tờ trình kèm danh sách (Word), 1 đề nghị." in screen

    # Without an [awards] section at all, the year offers the plan's forms again.
    ok(cli("org", "settings", "load", str(settings(tmp_path, ""))))
    assert await offered(app) == [YEARLY, DIRECTOR, PROVINCE]


def test_the_communes_example_in_the_admin_guide_loads(tmp_path: Path) -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "guide-admin.md").read_text(encoding="utf-8")
    example = guide.split("## Your award forms", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "xa.toml"
    path.write_text(f'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n{example}', encoding="utf-8")
    settings = load_settings_file(path)
    assert settings.not_used == ("giay-khen-thu-truong",)  # its own replaces the plan's; no Sở's to set aside
    [own] = settings.award_forms
    assert (own.title, own.level, own.within) == ("Giấy khen của Chủ tịch UBND xã", "yearly", True)


async def test_a_communes_own_chairmans_giay_khen_written_before_is_offered_once(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A commune that wrote its chairman's Giấy khen in its file before the plan's head's Giấy khen read as
    him (decision 0247): the hamlet head is offered it once, as the commune's own, with its description."""
    from bot.domain.awards import award_named
    from bot.domain.org_settings import apply_settings

    org, campaign = commune["org"], commune["campaign"]
    file = tmp_path / "xa-2026.toml"
    file.write_text(f'campaign = "{campaign.slug}"\nyear = 2026\n{AWARDS}', encoding="utf-8")  # type: ignore[attr-defined]
    async with any_app.sessionmaker() as session, session.begin():
        organisation = await session.get_one(Organisation, org.id)  # type: ignore[attr-defined]
        await apply_settings(session, organisation, load_settings_file(file), now=NOW)
    async with any_app.sessionmaker() as session:
        running = await session.get_one(Campaign, campaign.id)  # type: ignore[attr-defined]
        forms = await forms_for_year(session, running, 2026)
        named = [(await award_named(session, form), form.own) for form in forms]
    assert [own for title, own in named if title == CHAIRMAN] == [True]
    assert (PROVINCE, False) in named and DIRECTOR not in dict(named)


async def test_a_commune_is_offered_no_directors_giay_khen_unless_its_file_lists_it_as_used(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A commune is under no department (decision 0247, later note): with no `[awards]` at all, its hamlet
    head's menu has no “Giấy khen của Giám đốc Sở”, and the domain refuses it whatever a menu showed. A file
    that lists it in `used` offers it; a proposal made then stays when the next file no longer does."""
    from bot.domain.org_settings import apply_settings

    org, campaign = commune["org"], commune["campaign"]
    leader = _chat(any_app, "leader2")
    await leader.say("/dekhenthuong")
    await leader.choose("Đề nghị khen thưởng")
    labels = [choice.label for choice in leader.menu.choices]
    assert CHAIRMAN in labels and PROVINCE in labels and DIRECTOR not in labels

    async def load(awards: str) -> None:
        file = tmp_path / "xa-2026.toml"
        file.write_text(f'campaign = "{campaign.slug}"\nyear = 2026\n{awards}', encoding="utf-8")  # type: ignore[attr-defined]
        async with any_app.sessionmaker() as session, session.begin():
            organisation = await session.get_one(Organisation, org.id)  # type: ignore[attr-defined]
            await apply_settings(session, organisation, load_settings_file(file), now=NOW)

    async def propose_director() -> str:
        async with any_app.sessionmaker() as session, session.begin():
            actor = await actor_for(session, await session.get_one(Person, commune["staff"]["leader2"].id))  # type: ignore[index]
            form = await session.scalar(select(AwardForm.id).where(AwardForm.code == "giay-khen-giam-doc-so"))
            try:
                await propose_award(
                    session,
                    actor,
                    form_id=form,
                    year=2026,
                    unit_id=commune["units"]["Thôn 2"].id,  # type: ignore[index]
                    person_id=commune["staff"]["member"].id,  # type: ignore[index]
                    summary=SUMMARY,
                    now=NOW,
                )
            except ProposalError as refused:
                return refused.reason
        return "proposed"

    async def titles(**keeping: object) -> list[str]:
        async with any_app.sessionmaker() as session:
            running = await session.get_one(Campaign, campaign.id)  # type: ignore[attr-defined]
            return [form.title for form in await forms_for_year(session, running, 2026, **keeping)]  # type: ignore[arg-type]

    assert await propose_director() == "form"
    await load('[awards]\nused = ["giay-khen-giam-doc-so"]\n')
    assert DIRECTOR in await titles()
    assert await propose_director() == "proposed"

    # The file loaded again without it: no new proposal; the one made stays in the list and the dossier's.
    await load("")
    assert DIRECTOR not in await titles()
    assert await propose_director() == "form"
    async with any_app.sessionmaker() as session:
        director = await session.scalar(select(AwardForm.id).where(AwardForm.code == "giay-khen-giam-doc-so"))
        lines = await proposal_lines(session, org.id, 2026, withdrawn=False)  # type: ignore[attr-defined]
    assert [line.form_title for line in lines] == [DIRECTOR]
    assert DIRECTOR in await titles(keeping={director})
