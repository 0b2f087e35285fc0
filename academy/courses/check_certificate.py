"""`courses check`, the course's hours and its certificate settings."""

from __future__ import annotations

import difflib

from academy.courses.check_types import Report
from academy.courses.duration import (
    course_hours,
)
from academy.courses.source import (
    CERTIFICATE_KEYS,
    CourseSource,
)
from academy.courses.wording import N_


def check_hours(err: Report, course: CourseSource) -> None:
    """estimated_hours (on the certificate) must say what the modules' minutes add up to
    (what the catalog and the course page show)."""
    hours = course.doc.meta.get("estimated_hours")
    minutes = [m.doc.meta.get("minutes") for m in course.modules]
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0:
        return  # a wrong value has its own error
    if not minutes or not all(isinstance(m, int) and not isinstance(m, bool) for m in minutes):
        return
    total = course_hours(minutes)
    if abs(float(hours) - total) > 0.05:
        err(
            "estimated_hours",
            N_(
                "estimated_hours: %(hours)s, ale moduly mají dohromady %(minutes)s min "
                "(%(total)s h); nastavte estimated_hours: %(total)s"
            ),
            "warning",
            hours=hours,
            minutes=sum(minutes),
            total=total,
        )


def check_certificate(course: CourseSource, err: Report) -> None:
    rules = course.meta.get("certificate", {})
    if not isinstance(rules, dict):
        err(
            "certificate",
            N_(
                "pod certificate patří klíče required_modules a pass_mark (odsazené řádky 'klíč: hodnota')"
            ),
        )
        return
    for key in rules:
        if key not in CERTIFICATE_KEYS:
            hint = difflib.get_close_matches(str(key), CERTIFICATE_KEYS, n=1)
            if hint:
                err(
                    ("certificate", key),
                    N_("neznámé pravidlo certifikátu '%(key)s'; měli jste na mysli '%(hint)s'?"),
                    "warning",
                    key=key,
                    hint=hint[0],
                )
            else:
                err(
                    ("certificate", key),
                    N_("neznámé pravidlo certifikátu '%(key)s'"),
                    "warning",
                    key=key,
                )
    required = rules.get("required_modules", "all")
    slugs = course.module_slugs | {m.slug for m in course.modules}
    optional = {m.slug for m in course.modules if not m.required}
    if required != "all":
        if not isinstance(required, list):
            err(
                ("certificate", "required_modules"),
                N_("required_modules musí být 'all' nebo seznam slugů modulů"),
            )
        else:
            for i, slug in enumerate(required):
                if slug not in slugs:
                    err(
                        ("certificate", "required_modules", i),
                        N_(
                            "povinný modul %(slug)s v tomto kurzu není; uveďte slug modulu "
                            "(název souboru bez 'NN-' a '.md')"
                        ),
                        slug=repr(slug),
                    )
                elif slug in optional:
                    err(
                        ("certificate", "required_modules", i),
                        N_(
                            "modul %(slug)s má 'required: false', takže ho certifikát nemůže "
                            "vyžadovat; jedno z těch dvou nastavení odstraňte"
                        ),
                        slug=repr(slug),
                    )
    mark = rules.get("pass_mark", 0)
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 100:
        err(
            ("certificate", "pass_mark"),
            N_("pass_mark certifikátu musí být celé číslo od 0 do 100"),
        )
