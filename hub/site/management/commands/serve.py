"""python manage.py serve [--debug] [ADDRPORT]: the site as `make run` serves it, with its
scheduled jobs running.

Two processes, started together and stopped together (Ctrl-C, or SIGTERM, stops both):
- a Celery worker with beat embedded (`--beat`), on kombu's filesystem transport: messages are
  files under var/broker/, so nothing has to be installed or started besides Python; beat reads
  the jobs from the database (django-celery-beat), where every app's jobs are synced at migrate;
- Django's development server (`runserver`), which sends its tasks to that worker instead of
  running them in the request.

`DEBUG` is off unless `--debug` (`make dev`) says otherwise, so visitors see the site's own
error pages; static files are still served (WhiteNoise with finders, outside production).
With REDIS_URL set, the worker and the server use Redis instead of the folder.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

#: The environment both processes run with under `make run` (the tests start the same).
RUN_ENVIRONMENT = {"HUB_BROKER_URL": "filesystem://", "DJANGO_DEBUG": "false"}
#: How long each process gets to finish its current request or task when stopped.
STOP_GRACE_SECONDS = 10


def run_environment(*, debug: bool = False, base: dict | None = None) -> dict[str, str]:
    environment = {**(os.environ if base is None else base), **RUN_ENVIRONMENT}
    if debug:
        environment["DJANGO_DEBUG"] = "true"
    return environment


def worker_command() -> list[str]:
    """A worker with embedded beat. One process (`solo`) runs one task at a time, which is
    plenty for one community and keeps SQLite to one writer besides the web server. Gossip,
    mingle and heartbeats talk to other workers: there are none."""
    return [
        sys.executable,
        "-m",
        "celery",
        "--app=hub",
        "worker",
        "--beat",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def server_command(*, addrport: str, debug: bool) -> list[str]:
    command = [sys.executable, "manage.py", "runserver", addrport]
    # The reloader restarts the server on every code change: for `make dev`, not the product.
    return command if debug else [*command, "--noreload"]


def stop(processes: list[subprocess.Popen]) -> None:
    """Ask each process still running to finish (SIGTERM: a warm shutdown for the worker),
    then kill whatever has not after the grace period."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Command(BaseCommand):
    help = (
        "Serve the site with its scheduled jobs: a Celery worker with embedded beat and the "
        "development server, started and stopped together (Ctrl-C stops both)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Django's debug pages and the code reloader (make dev).",
        )

    def handle(self, *args, addrport: str, debug: bool, **options):
        environment = run_environment(debug=debug)
        self.stdout.write(
            f"Serving http://{addrport}/ with a worker and beat for the scheduled jobs "
            f"({'debug pages on' if debug else 'debug pages off'}). Ctrl-C stops both."
        )
        names = ["the worker", "the server"]
        processes = [
            subprocess.Popen(worker_command(), env=environment),  # noqa: S603 (our own argv)
            subprocess.Popen(server_command(addrport=addrport, debug=debug), env=environment),  # noqa: S603
        ]
        signal.signal(signal.SIGTERM, _interrupt)  # a process manager or a test stops both too
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("Stopping the server and the worker…")
            stop(processes)
            return
        # One of them ended on its own (a port already in use, a broken setting): not serving.
        ended = next(i for i, process in enumerate(processes) if process.poll() is not None)
        stop(processes)
        self.stderr.write(
            f"{names[ended].capitalize()} stopped (exit code {processes[ended].returncode}); "
            f"stopped {names[1 - ended]} too."
        )
        sys.exit(1)


def _interrupt(signum, frame):
    raise KeyboardInterrupt
