"""The single composition point: every flow, and the commands and typed keywords that start them."""

from __future__ import annotations

from bot.conversation.flow import Registry
from handlers import commitments, contributions, ledger, menu, onboarding, progress


def build_registry() -> Registry:
    registry = Registry()
    for module in (onboarding, menu, commitments, contributions, progress, ledger):
        registry.add(module.flow)
    registry.command(("/start",), "menu", "main")
    registry.command(("/help", "/trogiup"), "menu", "help")
    registry.command(("/dangky", "/register"), "commit", "start")
    registry.command(("/donvi", "/unit"), "commit", "start_unit")
    registry.command(("/donggop", "/give"), "give", "drive")
    registry.command(("/tiendo", "/progress"), "progress", "show")
    registry.command(("/ngonngu", "/language"), "menu", "language")
    registry.command(("/tracuu", "/lookup"), "ledger", "ask")
    registry.keyword(("đăng ký", "đăng ký thi đua", "register"), "commit", "start")
    registry.keyword(("đóng góp", "ủng hộ", "ghi nhận đóng góp", "contribute"), "give", "drive")
    registry.keyword(("tiến độ", "progress"), "progress", "show")
    registry.keyword(("trợ giúp", "hướng dẫn", "help"), "menu", "help")
    # The buttons of notices (bot.domain.notices), by kind.
    registry.action("progress", "progress", "show")
    registry.action("give", "give", "drive")
    registry.action("lookup", "ledger", "ask")
    return registry
