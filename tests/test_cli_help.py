"""What `chungtay … --help` tells a newcomer, who has only it and the README: each group and command says what
it does today, not what it did when it was first written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import Cli, ok


def help_of(tmp_path: Path, *command: str) -> str:
    return " ".join(ok(Cli(tmp_path, tmp_path / "help.db")(*command, "--help")).split())


def test_the_contributions_group_names_reconciling_and_donors(tmp_path: Path) -> None:
    top = help_of(tmp_path)
    line = top[top.index(" contributions ") : top.index(" ledger ")]  # the group's line, to the next one
    assert "reconcile" in line and "donor" in line, line


def test_drive_edit_says_it_changes_the_account_too(tmp_path: Path) -> None:
    group = help_of(tmp_path, "drive")
    assert "change a drive's dates, target or account (audited)" in group


def test_people_list_says_it_shows_the_roles(tmp_path: Path) -> None:
    assert "accounts and roles" in help_of(tmp_path, "people")


def test_org_import_names_every_column_it_reads(tmp_path: Path) -> None:
    group = help_of(tmp_path, "org")
    assert (
        "unit, full_name, position, phone, role, and kind, block and “Nghỉ đến” (a long leave's last day) "
        "where the list has them" in " ".join(group.split())
    )


@pytest.mark.parametrize(
    "command",
    [("invite", "create"), ("people", "list"), ("people", "grant"), ("people", "revoke"), ("report", "year")],
)
def test_unit_options_say_a_name_works_too(tmp_path: Path, command: tuple[str, ...]) -> None:
    text = help_of(tmp_path, *command)
    assert "its code or its name" in text, text
