"""How the award papers' lists write who is proposed: a person by name and position, a household by its
name alone — “Hộ ông Trần Văn Ba”, never “Hộ ông Trần Văn Ba, Hộ gia đình” as if “Hộ gia đình” (the staff
list's position column for a household) were a position; a household the list named bare (“Lê Văn Cường”)
is written as a household's (“Hộ Lê Văn Cường”). The decision's list and the letter's read the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx

from bot.app import App
from bot.award_decision import write_decision
from bot.award_dossier import write_dossier
from bot.db.models import Person
from bot.domain.access import actor_for
from bot.domain.awards import award_decision, award_dossier, forms_for_year, propose_award
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.orgs import seed

FORM = "giay-khen-thu-truong"  # conferred by the head: the organisation's own decision


def _tables(path: Path) -> list[list[list[str]]]:
    return [
        [[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables
    ]


async def test_a_households_line_in_the_decision_and_the_letter_is_its_name_not_a_position(
    any_app: App, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        nominees = []
        for name, kind, position in (
            ("Hộ ông Trần Văn Ba", "household", "Hộ gia đình"),
            ("Lê Văn Cường", "household", None),
            ("Đỗ Thị Hoa", "staff", "Giáo viên"),
        ):
            person = Person(
                org_id=seeded.org.id,
                unit_id=seeded.units["A"].id,
                full_name=name,
                name_key=fold(name),
                kind=kind,
                position=position,
                listed=True,
                created_at=NOW,
            )
            session.add(person)
            nominees.append(person)
        await session.flush()
        head = await actor_for(session, seeded.people["Lãnh đạo A"])
        form = next(f for f in await forms_for_year(session, seeded.campaign, 2026) if f.code == FORM)
        for person in nominees:
            await propose_award(
                session,
                head,
                form_id=form.id,
                year=2026,
                unit_id=person.unit_id,
                person_id=person.id,
                summary="Tích cực tham gia phong trào.",
                now=NOW,
            )
    async with any_app.sessionmaker() as session:
        draft = await award_decision(session, None, seeded.org.id, year=2026, form_code=FORM)
        dossier = await award_dossier(session, None, seeded.org.id, year=2026, form_code=FORM)
    write_decision(draft, tmp_path / "quyet-dinh.docx", locale="vi", on=date(2026, 12, 14))
    write_dossier(dossier, tmp_path / "to-trinh.docx", locale="vi", on=date(2026, 12, 12))

    decided = {row[1] for row in _tables(tmp_path / "quyet-dinh.docx")[-1][2:]}
    assert decided == {"Hộ ông Trần Văn Ba", "Hộ Lê Văn Cường", "Đỗ Thị Hoa, Giáo viên"}
    letter = next(t for t in _tables(tmp_path / "to-trinh.docx") if t[0][1].startswith("Họ và tên"))
    assert {(row[1], row[2]) for row in letter[1:]} == {
        ("Hộ ông Trần Văn Ba", ""),
        ("Hộ Lê Văn Cường", ""),
        ("Đỗ Thị Hoa", "Giáo viên"),
    }
