"""gunicorn settings for the academy: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (ACADEMY_BIND, ACADEMY_WORKERS, ...).
"""

import multiprocessing
import os

bind = os.environ.get("ACADEMY_BIND", "127.0.0.1:8000")
# Two workers per core plus one: requests mostly wait on the database, not the CPU.
workers = int(os.environ.get("ACADEMY_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("ACADEMY_THREADS", "1"))
timeout = int(os.environ.get("ACADEMY_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = int(os.environ.get("ACADEMY_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = True
# nginx on the same host sets X-Forwarded-For; trust only it.
forwarded_allow_ips = os.environ.get("ACADEMY_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("ACADEMY_ACCESS_LOG", "-")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"


def post_fork(server, worker):
    """Connections must never be shared across processes: drop any the master made.

    With preload_app the app (and its engine) was built in the master; `worker.app.wsgi()`
    is that same app, whatever module gunicorn was told to load.
    """
    app = worker.app.wsgi()
    with app.app_context():
        for engine in app.extensions["sqlalchemy"].engines.values():
            engine.dispose(close=False)
