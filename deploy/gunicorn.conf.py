"""gunicorn settings for the academy: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (ACADEMY_BIND, ACADEMY_WORKERS, ...).
"""

import multiprocessing
import os
import tempfile

# prometheus_client's multiprocess mode: each worker writes its metrics to files here and
# /metrics adds them up. Set before the app (and prometheus_client) is imported.
metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(tempfile.gettempdir(), "academy-metrics-" + os.environ.get("ACADEMY_BIND", "8000")
                 .replace(":", "-")),
)  # fmt: skip
# Here, not in on_starting: with preload_app the app (and its metrics) is loaded before that.
# A fresh start: the metric files of an earlier run's workers would be counted again.
os.makedirs(metrics_dir, mode=0o700, exist_ok=True)
for _name in os.listdir(metrics_dir):
    if _name.endswith(".db"):
        os.unlink(os.path.join(metrics_dir, _name))

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
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'
)
errorlog = "-"


def child_exit(server, worker):
    """A dead worker's live gauges (pool connections) stop counting; its counters stay."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    """Compile every template once in the master, before any worker is forked: the workers
    inherit them instead of each compiling its pages on their first requests (the 56
    templates take ~260 ms; a page's first request paid 15–30 ms of it in every worker,
    again after every recycling by max_requests)."""
    app = server.app.wsgi()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)


def post_fork(server, worker):
    """Connections must never be shared across processes: drop any the master made.

    With preload_app the app (and its engine) was built in the master; `worker.app.wsgi()`
    is that same app, whatever module gunicorn was told to load.
    """
    app = worker.app.wsgi()
    with app.app_context():
        for engine in app.extensions["sqlalchemy"].engines.values():
            engine.dispose(close=False)


# gunicorn's own lines (its errors, the access log) as JSON lines too in production, like the
# app's (academy/observability/logs.py); the access line ends with the request id.
_log_format = os.environ.get("ACADEMY_LOG_FORMAT") or (
    "json" if os.environ.get("ACADEMY_ENV") == "production" else "text"
)
if _log_format == "json":
    _access = (
        {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
        if accesslog == "-"
        else {"class": "logging.FileHandler", "filename": accesslog}
    )
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "academy.observability.logs.JsonLines"}},
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
            },
            "access": {**_access, "formatter": "json"},
        },
        "root": {"level": "WARNING", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
