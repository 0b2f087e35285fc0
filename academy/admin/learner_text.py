"""The words, dates and links in the rows of the learners tables, each looked up once per page.

Fifty rows through the template's own _(), |datetimeformat and url_for cost more than the
rest of the request; these give the same text (escaped as the template's _() escapes its
arguments) with the translations, date patterns and the link's route looked up once.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from flask import url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup

from academy.admin.learners import LearnerRow
from academy.i18n import PageDates


class Cells(NamedTuple):
    """One row's text beyond the row's own fields, ready for the template."""

    learner_url: str
    progress: Markup  # the progress bar's label
    modules: Markup  # "3 of 5 modules"
    last_activity: str  # date and time
    since: Markup  # "today", "2 days ago"
    enrolled: str  # the date


class LearnerRowText:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.dates = PageDates()
        self._progress = Markup(gettext("Postup v kurzu %(title)s"))
        self._modules = Markup(gettext("%(done)d z %(total)d modulů"))
        self._today = Markup(gettext("dnes"))
        self._ago: dict[int, Markup] = {}
        # The route is /admin/learners/<int:user_id>: its link ends with the id as digits.
        self._learner = url_for("admin.learners.detail", user_id=0).removesuffix("0")

    def cells(self, row: LearnerRow) -> Cells:
        return Cells(
            self.learner_url(row.user_id),
            self.progress(row.course_title),
            self.modules(row.modules_done, row.total),
            self.dates.short(row.last_activity_at),
            self.since(row.last_activity_at),
            self.dates.medium_date(row.enrolled_at),
        )

    def learner_url(self, user_id: int) -> str:
        return f"{self._learner}{int(user_id)}"

    def progress(self, course_title: str) -> Markup:
        return self._progress % {"title": course_title}

    def modules(self, done: int, total: int) -> Markup:
        return self._modules % {"done": done, "total": total}

    def since(self, last_activity_at: datetime) -> Markup:
        """Today, or how many days ago (whole days before `now`). A time after `now` (another
        node's clock a little ahead) reads as today, never as "-1 days ago"."""
        days = max(0, int((self.now - last_activity_at).total_seconds() // 86400))
        if not days:
            return self._today
        if days not in self._ago:
            self._ago[days] = Markup(ngettext("před %(num)d dnem", "před %(num)d dny", days))
        return self._ago[days]
