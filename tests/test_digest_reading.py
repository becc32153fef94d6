"""The Monday digest as its readers get it on a phone: a commune's hamlet head, a department's head and the
organisation's head, on Zalo (text only, split under 2,000 units) and on Telegram. What they read must be in
their own words, what is due this week must be on the first screen, and a split must never cut a name or
leave a heading apart from what it heads."""

from __future__ import annotations

from sqlalchemy import update

from bot.app import App
from bot.db.models import Organisation
from tests.support.orgs import Seeded
from tests.test_digests import DUE, add_households, digests, org, weekly

__all__ = ["org"]  # the seeded organisation of the digest's tests, as a fixture here too

COMMUNE = "UBND xã Hòa Bình"


async def _commune(app: App, org: Seeded) -> None:
    """The seeded organisation as a commune, with its hamlet (Thôn 3) led by Phòng A's leader."""
    await add_households(app, org)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).where(Organisation.id == org.org.id).values(name=COMMUNE))


async def test_the_deadlines_ahead_are_said_in_the_readers_words_not_in_a_schools(
    any_app: App, org: Seeded
) -> None:
    await _commune(any_app, org)
    assert await weekly(any_app, DUE) == 4
    sent = await digests(any_app)
    hamlet = next(
        text for text in sent[org.people["Lãnh đạo A"].id] if text.startswith("Bản tin tuần của Thôn 3")
    )
    # the hamlet head reads the hamlet's own task, sent to the commune, as the 1/12 reminder said it
    assert f"• Thôn 3 gửi hồ sơ đề nghị khen thưởng về {COMMUNE}: hạn 10/12/2026." in hamlet.split("\n")
    unit_b = sent[org.people["Lãnh đạo B"].id][0]  # in English
    assert f"• Phòng B sends its award proposals to {COMMUNE}: due on 10/12/2026." in unit_b.split("\n")
    # the head reads it as the units' deadline they oversee, and the office's own submission as before
    rollup = sent[org.people["Thủ trưởng"].id][0].split("\n")
    assert f"• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về {COMMUNE}: 10/12/2026." in rollup
    assert "• Đơn vị gửi hồ sơ đề nghị khen thưởng về Sở: hạn ngày 15/12/2026." in rollup
    for texts in sent.values():
        for text in texts:
            assert "phòng, khoa, trung tâm" not in text.lower()
