"""Test doubles and helpers: the fake Telegram Bot API server and aiogram bots on it, movable clocks, a
scripted person, the sender zygote. Tests and bench/ import them; nothing in bot/ or handlers/ does
(tests/test_layout.py checks)."""
