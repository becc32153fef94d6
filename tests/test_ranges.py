"""The ranges of invites' numbers hold for every caller, not only the CLI; and the largest values the CLI and
the plan and settings loaders accept really fit the columns on PostgreSQL, where INTEGER is 32 bits and
BIGINT 64."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Refused
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import AwardForm, Deadline, Drive, Invite, Organisation, SuggestedTarget, Unit
from bot.domain.invites import MAX_EXPIRES_DAYS, MAX_USES, create_invite
from bot.domain.org_settings import (
    COUNT_TARGET_MAX,
    DRIVE_TARGET_MAX,
    MONEY_TARGET_MAX,
    apply_settings,
    load_settings_file,
)
from bot.domain.plans import install_plan, load_plan
from bot.i18n import Translator
from tests.test_plans import LARGEST

CRITERIA = """
[[criteria]]
code = "tien"
title = "Ủng hộ"
measure = "money"
scopes = ["individual"]
counts = ["money"]

[[criteria]]
code = "so-lan"
title = "Số lần"
measure = "count"
scopes = ["individual"]
"""
LARGEST_SETTINGS = f"""
campaign = "thu"
year = 2100

[[suggested_targets]]
criterion = "tien"
value = {MONEY_TARGET_MAX}

[[suggested_targets]]
criterion = "so-lan"
value = {COUNT_TARGET_MAX}

[[drives]]
code = "d"
title = "Đợt vận động"
starts_on = 2100-10-17
ends_on = 2100-12-31
kinds = ["money"]
fund = true
target_vnd = {DRIVE_TARGET_MAX}
"""

NOW = datetime(2026, 10, 17, 2, 0, tzinfo=UTC)


async def add_org_with_unit(session: AsyncSession) -> Organisation:
    org = Organisation(code="truong", name="Trường thử", created_at=NOW)
    session.add(org)
    await session.flush()
    session.add(Unit(org_id=org.id, code="phong-dao-tao", name="Phòng Đào tạo"))
    await session.flush()
    return org


USES = "uses must be a whole number between 1 and 10000"
DAYS = "expires_days must be a whole number between 1 and 365, or None for no expiry"


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ({"uses": 0}, USES),
        ({"uses": MAX_USES + 1}, USES),
        ({"uses": 2**63}, USES),
        ({"uses": 2.5}, USES),
        ({"expires_days": 0}, DAYS),
        ({"expires_days": MAX_EXPIRES_DAYS + 1}, DAYS),
        ({"expires_days": 10**12}, DAYS),
    ],
    ids=["uses-0", "uses-10001", "uses-2**63", "uses-2.5", "days-0", "days-366", "days-10**12"],
)
async def test_create_invite_refuses_numbers_out_of_range_for_any_caller(
    db: async_sessionmaker[AsyncSession], numbers: dict[str, object], message: str
) -> None:
    async with db() as session, session.begin():
        org = await add_org_with_unit(session)
        with pytest.raises(ValueError) as refused:
            await create_invite(session, org, unit_code="phong-dao-tao", now=NOW, **numbers)  # type: ignore[arg-type]
        assert str(refused.value) == message
        assert await session.scalar(select(func.count()).select_from(Invite)) == 0
    # said in the office's language to whoever asks, as a code of an unknown role (decision 2122)
    assert isinstance(refused.value, Refused), refused.value
    said = refused.value.said(Translator("vi"))
    assert said.startswith(f"{message.split()[0]} phải là một số nguyên từ 1 đến"), said


async def test_the_largest_accepted_values_fit_postgresql(migrated_postgres_url: str, tmp_path: Path) -> None:
    (tmp_path / "largest.toml").write_text(LARGEST + CRITERIA, encoding="utf-8")
    plan = load_plan(tmp_path / "largest.toml")
    (tmp_path / "settings.toml").write_text(LARGEST_SETTINGS, encoding="utf-8")
    settings = load_settings_file(tmp_path / "settings.toml")
    engine = make_engine(migrated_postgres_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            org = await add_org_with_unit(session)
            await install_plan(session, org, plan, now=NOW)
            await apply_settings(session, org, settings)
            await create_invite(
                session,
                org,
                unit_code="phong-dao-tao",
                uses=MAX_USES,
                expires_days=MAX_EXPIRES_DAYS,
                now=NOW,
            )
        async with sessions() as session:
            invite = await session.scalar(select(Invite))
            targets = set(await session.scalars(select(SuggestedTarget.value)))
            drive_targets = set(await session.scalars(select(Drive.target_vnd)))
            copies = await session.scalar(select(AwardForm.copies))
            deadline = (await session.execute(select(Deadline.month, Deadline.day))).one()
    finally:
        await engine.dispose()
    assert invite is not None
    assert (invite.max_uses, invite.expires_at) == (MAX_USES, NOW + timedelta(days=MAX_EXPIRES_DAYS))
    assert targets == {MONEY_TARGET_MAX, COUNT_TARGET_MAX}
    assert drive_targets == {DRIVE_TARGET_MAX}
    assert (copies, tuple(deadline)) == (100, (12, 31))
