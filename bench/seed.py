"""The benchmark's database: demo courses, a 20-question quiz course, 100,000 synthetic
learners written set-based (INSERT ... SELECT generate_series), and a pool of signed-in
learners with open quiz attempts and a journey map each. Runs in the bench process with the
academy's own app.
"""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
DEMO = "mapovani-zakaznickych-cest"  # the demo course with a recording
QUIZ_COURSE = "bench-kviz"
QUESTIONS = 20
MAP_STAGES, MAP_STEPS = 8, 3  # the autosaved map: 8 stages of 3 steps, every lane filled
POOL_DOMAIN = "pool.bench.example.cz"


def recreate_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def flask(env: dict, *args: str) -> None:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def write_quiz_course(root: Path) -> Path:
    """A published course whose quiz has 20 single-choice questions and no attempt limit."""
    course = root / QUIZ_COURSE
    course.mkdir(parents=True, exist_ok=True)
    (course / "course.md").write_text(
        "---\ntitle: Zátěžový kurz\nsummary: Kurz pro měření výkonu.\nlanguage: cs\n"
        "level: beginner\nestimated_hours: 1\ninstructors:\n  - name: Jiří Šťastný\n"
        "    email: jiri.stastny@cx-akademie.cz\npublished: true\n---\n\nKurz pro měření.\n",
        encoding="utf-8",
    )
    (course / "01-lekce.md").write_text(
        "---\ntitle: Lekce\nkind: lesson\nminutes: 5\n---\n\nKrátká lekce.\n", encoding="utf-8"
    )
    questions = "".join(
        f"### Otázka číslo {n}: kolik je {n} + {n}?\n\n"
        f"(x) {2 * n}\n( ) {2 * n + 1}\n( ) {2 * n - 1}\n( ) {3 * n + 5}\n\n"
        for n in range(1, QUESTIONS + 1)
    )
    (course / "02-kviz.md").write_text(
        "---\ntitle: Kvíz o dvaceti otázkách\nkind: quiz\nminutes: 10\npass_mark: 70\n"
        "max_attempts: 0\nshuffle: false\nshow_answers: after_pass\n---\n\nDvacet otázek.\n\n"
        + questions,
        encoding="utf-8",
    )
    return root


SYNTHETIC = """
INSERT INTO user_account (email, full_name, password_hash, role, created_at,
                          email_verified_at, recovery_code_hashes, language)
SELECT 'student' || g || '@bench.example.cz',
       (ARRAY['Jana','Eva','Hana','Lucie','Tereza','Petra','Jiří','Jan','Petr','Tomáš',
              'Martin','Lukáš','Ondřej'])[1 + g % 13] || ' ' ||
       (ARRAY['Novák','Svoboda','Dvořák','Černý','Procházka','Kučera','Veselý','Horák',
              'Němec','Marek','Pospíšil','Hájek','Král','Říha','Beneš','Šťastný'])[1 + (g / 13) % 16],
       :hash, 'learner', now() - make_interval(days => 10 + g % 400),
       now() - make_interval(days => 10 + g % 400), '[]', NULL
FROM generate_series(1, :n) AS g;

INSERT INTO enrollment (user_id, course_id, enrolled_at, last_module_id, completed_at)
SELECT u.id, c.id, u.created_at + interval '1 hour', NULL, NULL
FROM user_account u CROSS JOIN (SELECT id FROM course WHERE slug = :slug) c
WHERE u.email LIKE '%@bench.example.cz' AND u.email NOT LIKE '%@pool.%';

-- each learner has done the first (user id mod (modules + 1)) modules
INSERT INTO module_progress (user_id, module_id, started_at, completed_at)
SELECT e.user_id, m.id, e.enrolled_at + make_interval(days => m.position),
       e.enrolled_at + make_interval(days => m.position, mins => 30)
FROM enrollment e
JOIN module m ON m.course_id = e.course_id AND m.archived_at IS NULL
WHERE e.course_id = (SELECT id FROM course WHERE slug = :slug)
  AND m.position <= e.user_id % ((SELECT count(*) FROM module m2
                                  WHERE m2.course_id = e.course_id) + 1);

UPDATE enrollment e SET last_module_id = p.module_id
FROM (SELECT DISTINCT ON (user_id) user_id, module_id FROM module_progress
      ORDER BY user_id, started_at DESC) p
WHERE p.user_id = e.user_id AND e.course_id = (SELECT id FROM course WHERE slug = :slug);
"""

POOL = """
INSERT INTO user_account (email, full_name, password_hash, role, created_at,
                          email_verified_at, recovery_code_hashes)
SELECT 'pool' || g || '@pool.bench.example.cz', 'Zátěžový Student ' || g, :hash, 'learner',
       now(), now(), '[]'
FROM generate_series(1, :n) AS g;

INSERT INTO enrollment (user_id, course_id, enrolled_at)
SELECT u.id, c.id, now() FROM user_account u
CROSS JOIN (SELECT id FROM course WHERE slug IN (:demo, :quiz)) c
WHERE u.email LIKE '%@pool.bench.example.cz';

INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, user_agent)
SELECT encode(sha256(convert_to('bench-' || u.id, 'UTF8')), 'hex'), u.id, now(), now(), 'wrk'
FROM user_account u WHERE u.email LIKE '%@pool.bench.example.cz';
"""

# Every pool learner gets an open attempt just like the one the app started for the first,
# having opened the quiz's page (which records that the module was started) to start it.
CLONE_ATTEMPTS = """
INSERT INTO quiz_attempt (user_id, module_id, module_version_id, number, status, started_at,
                          deadline, pass_mark, questions, answers, question_scores, timed_out)
SELECT u.id, a.module_id, a.module_version_id, 1, a.status, a.started_at, a.deadline,
       a.pass_mark, a.questions, a.answers, a.question_scores, a.timed_out
FROM user_account u CROSS JOIN quiz_attempt a
WHERE u.email LIKE '%@pool.bench.example.cz' AND a.id = :attempt AND u.id <> a.user_id;

INSERT INTO module_progress (user_id, module_id, started_at)
SELECT a.user_id, a.module_id, a.started_at FROM quiz_attempt a
WHERE a.module_id = (SELECT module_id FROM quiz_attempt WHERE id = :attempt)
ON CONFLICT DO NOTHING;
"""

# Every pool learner has been watching the demo webinar for a while: the heartbeat scenario
# measures the heartbeats of a recording being watched, not each learner's first one.
WATCHING = """
INSERT INTO webinar_progress (user_id, module_id, intervals, watched_seconds, duration,
                              position, allowed_seconds, created_at, heartbeat_at)
SELECT u.id, :module, '[[0.0, 2.0]]', 2.0, :duration, 2.0, 2.0, now() - interval '1 minute',
       now() - interval '1 minute'
FROM user_account u WHERE u.email LIKE '%@pool.bench.example.cz';
"""

# Every pool learner has started the demo course's journey-map exercise: a map at revision 1
# (the autosave scenario saves each once, a compare-and-set from 1 to 2).
MAPS = """
INSERT INTO journey_map (user_id, module_id, course_id, data, revision, created_at, updated_at)
SELECT u.id, :module, :course, CAST(:data AS json), 1, now(), now()
FROM user_account u WHERE u.email LIKE '%@pool.bench.example.cz';
"""


def bench_map(example: dict) -> dict:
    """A realistic map to autosave: MAP_STAGES stages of MAP_STEPS steps whose every lane,
    KPI and emotion is filled from the course's example map (its steps in turn)."""
    from academy.journeys.schema import clean_map

    named = example["plans"]["as_is"]["stages"]
    steps = [s for stage in named for s in stage["steps"]]
    stages = [
        {
            "name": f"{named[i % len(named)]['name']} ({i + 1})",
            "steps": [
                copy.deepcopy(steps[(i * MAP_STEPS + j) % len(steps)]) for j in range(MAP_STEPS)
            ],
        }
        for i in range(MAP_STAGES)
    ]
    return clean_map(example | {"plans": {**example["plans"], "as_is": {"stages": stages}}})


def map_form_body(data: dict, revision: int) -> str:
    """The editor form's fields for the as-is plan, URL-encoded as the autosave's fetch sends
    them (URLSearchParams of the form, without the CSRF token, which the request adds)."""
    from academy.journeys.schema import GOAL_KEYS, KPI_KEYS, LANES, PERSONA_KEYS

    fields = {"revision": revision, "plan": "as_is", "op": "", "title": data["title"]}
    fields["scope"] = data["scope"]
    for i, goal in enumerate(data["goals"]):
        fields |= {f"goals-{i}-{k}": goal[k] for k in GOAL_KEYS}
    for i, persona in enumerate(data["personas"]):
        fields |= {f"personas-{i}-{k}": persona[k] for k in PERSONA_KEYS}
    for i, stage in enumerate(data["plans"]["as_is"]["stages"]):
        fields[f"stages-{i}-name"] = stage["name"]
        for j, step in enumerate(stage["steps"]):
            at = f"stages-{i}-steps-{j}-"
            fields |= {f"{at}title": step["title"], f"{at}emotion": step["emotion"]}
            fields |= {f"{at}{lane}": step["lanes"][lane] for lane in LANES}
            fields |= {f"{at}kpi-{k}": step["kpi"][k] for k in KPI_KEYS}
            if step["moment_of_truth"]:
                fields[f"{at}moment_of_truth"] = "1"
    return urlencode(fields)


# 200 companies of 10 cohorts each; the synthetic learners spread over the 2,000 cohorts
# (100,000 learners: 50 a cohort, 500 a company), every cohort opening the demo course.
COMPANIES = """
INSERT INTO company (name, ico, contact_name, contact_email, created_at)
SELECT 'Firma ' || g || ' s.r.o.', NULL, '', '', now() FROM generate_series(1, 200) AS g;

INSERT INTO cohort (company_id, name, seats, seats_taken, starts_on, ends_on, after_deadline,
                    created_at)
SELECT c.id, 'Skupina ' || c.id || '-' || k, 100, 0, current_date - 30, current_date + 30,
       'late', now()
FROM company c CROSS JOIN generate_series(1, 10) AS k;

INSERT INTO cohort_course (cohort_id, course_id)
SELECT h.id, (SELECT id FROM course WHERE slug = :slug) FROM cohort h;

INSERT INTO cohort_member (cohort_id, user_id, joined_at)
SELECT (SELECT min(id) FROM cohort) + (u.id % (SELECT count(*) FROM cohort)), u.id, u.created_at
FROM user_account u
WHERE u.email LIKE '%@bench.example.cz' AND u.email NOT LIKE '%@pool.%';

UPDATE cohort h SET seats_taken = m.n
FROM (SELECT cohort_id, count(*) AS n FROM cohort_member GROUP BY cohort_id) m
WHERE m.cohort_id = h.id;

INSERT INTO company_manager (company_id, user_id)
SELECT (SELECT min(id) FROM company), :manager
"""


def run_sql(session, script: str, params: dict) -> None:
    """Each statement of `script` on its own (a prepared statement holds one)."""
    for statement in script.split(";\n"):
        if statement.strip():
            session.execute(text(statement), params)


def token_of(user_id: int) -> str:
    return f"bench-{user_id}"


def assert_token_hash(user_id: int, stored: str) -> None:
    assert hashlib.sha256(token_of(user_id).encode()).hexdigest() == stored


def seed(app, learners: int, pool: int, media_file_mb: int) -> dict:
    """Fill the database; returns what the scenarios need (ids, slugs, codes)."""
    from datetime import timedelta

    from academy.auth import two_factor
    from academy.auth.models import Role, User
    from academy.auth.passwords import hash_password
    from academy.auth.services import create_user
    from academy.certificates import services as certificates
    from academy.certificates.views import current_issuer
    from academy.courses.models import Course, ModuleKind
    from academy.db import utcnow
    from academy.extensions import db
    from academy.learning import progress, summary
    from academy.quizzes import services as quizzes
    from academy.webinars.player import recording_duration

    with app.app_context():
        session = db.session
        password_hash = hash_password("bench-nobody-signs-in-" + token_of(0))
        demo = session.scalar(select(Course).where(Course.slug == DEMO))
        began = time.perf_counter()
        run_sql(session, SYNTHETIC, {"hash": password_hash, "n": learners, "slug": DEMO})
        print(f"  {learners:,} learners with progress in {time.perf_counter() - began:.1f} s")
        run_sql(
            session, POOL, {"hash": password_hash, "n": pool, "demo": DEMO, "quiz": QUIZ_COURSE}
        )
        admin = create_user(
            session,
            email="spravce@bench.example.cz",
            full_name="Správce Zátěže",
            password="bench-heslo-velmi-tajne-42",
            role=Role.ADMIN,
            verified=True,
        )
        two_factor.enable(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        session.flush()
        session.execute(
            text(
                "INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, user_agent) "
                "VALUES (encode(sha256(convert_to(:t, 'UTF8')), 'hex'), :u, now(), now(), 'wrk')"
            ),
            {"t": token_of(admin.id), "u": admin.id},
        )

        run_sql(session, COMPANIES, {"slug": DEMO, "manager": admin.id})
        company_id = session.scalar(text("SELECT min(id) FROM company"))
        cohort_id = session.scalar(text("SELECT min(id) FROM cohort"))
        pool_ids = list(
            session.scalars(
                select(User.id).where(User.email.like(f"%@{POOL_DOMAIN}")).order_by(User.id)
            )
        )
        learner = session.get(User, pool_ids[0])
        quiz_course = session.scalar(select(Course).where(Course.slug == QUIZ_COURSE))
        quiz = next(m for m in quiz_course.modules if m.kind is ModuleKind.QUIZ)
        first = quizzes.start_attempt(session, learner, quiz, utcnow(), grace=timedelta(minutes=5))
        session.flush()
        run_sql(session, CLONE_ATTEMPTS, {"attempt": first.id})

        # The first pool learner has read some modules and holds the demo course's certificate.
        outline = progress.outline(session, learner, demo)
        for state in outline.states[:2]:
            progress.complete_module(session, learner, outline, state.module)
        certificate = certificates.issue(session, learner, demo)
        certificates.confirm_name(
            session, certificate, learner.full_name, learner, current_issuer()
        )
        webinar = next(m for m in demo.modules if m.kind is ModuleKind.WEBINAR)
        run_sql(
            session, WATCHING, {"module": webinar.id, "duration": recording_duration(demo, webinar)}
        )
        journey = next(m for m in demo.modules if m.kind is ModuleKind.JOURNEY_MAP)
        the_map = bench_map(journey.settings["example"]["map"])
        run_sql(
            session,
            MAPS,
            {"module": journey.id, "course": demo.id, "data": json.dumps(the_map)},
        )
        summary.rebuild(session, None)
        result = {
            "admin_id": admin.id,
            "company_id": company_id,
            "cohort_id": cohort_id,
            "pool_ids": pool_ids,
            "demo": DEMO,
            "module": outline.states[2].module.slug,
            "webinar": webinar.slug,
            "assignment": next(m for m in demo.modules if m.kind is ModuleKind.ASSIGNMENT).slug,
            "journey_map": journey.slug,
            "map_body": map_form_body(the_map, revision=1),
            "quiz_course": QUIZ_COURSE,
            "quiz": quiz.slug,
            "answers": {
                q["key"]: next(o["key"] for o in q["options"] if o["correct"])
                for q in first.questions
            },
            "certificate": certificate.code,
            "learners": session.scalar(select(func.count()).select_from(User)),
        }
        session.commit()
        # What autovacuum would have done by now: statistics, and the visibility map that
        # lets counts use index-only scans. Then a checkpoint, so that writing out the seed's
        # pages does not happen in the middle of the first scenarios (it showed as p99
        # outliers of 100–150 ms at 4 connections).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
    media = Path(app.config["MEDIA_DIR"]) / DEMO / "bench-video.webm"
    with media.open("wb") as out:  # random bytes: served, never decoded
        out.write(bytes(range(256)) * (4096 * media_file_mb))
    return {**result, "video": media.name, "video_bytes": media.stat().st_size}
