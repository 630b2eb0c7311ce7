"""The `reminders:` settings as the view index keeps them, beside the warning thresholds."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from huishang.ledger.models import ReminderSettings


class Rules(NamedTuple):
    """The `reminders:` settings, kept in the view index with the warning thresholds."""

    before_days: tuple[int, ...] = (7, 3, 1)
    overdue_every_days: int = 7
    silent_after_day: int = 25
    sender: str | None = None  # the name reminders are sent as
    from_address: str | None = None  # unset: derived from the SMTP URL

    @classmethod
    def of(cls, settings: ReminderSettings) -> Rules:
        return cls(tuple(settings.before_days), settings.overdue_every_days,
                   settings.silent_after_day, settings.sender, settings.from_address)
