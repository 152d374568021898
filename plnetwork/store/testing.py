"""Helpers for testing against the store: tiny datasets, and a throwaway PostgreSQL cluster.

:func:`postgres_cluster` starts PostgreSQL from the system's packages (Debian's ``postgresql``: binaries
in ``/usr/lib/postgresql/*/bin``) in a temporary folder on a free loopback port — as the ``postgres``
user when running as root, since ``initdb`` refuses root — and stops and removes it afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import glob
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

from ..issues import IssueReport
from ..model import NOMINATION_COLUMNS, RESPONDENT_COLUMNS

__all__ = ["tiny_dataset", "postgres_bin", "postgres_cluster", "PostgresCluster", "shared_postgres",
           "postgres_database_or_skip", "open_test_store", "expected_wave", "upload_payload", "kill_importer"]

_FIRST = "Ann Bo Cy Dee Eli Fay Gus Hal Ida Jo Kai Lou Max Ned Oli Pia Quin Ray Sue Tom".split()
_LAST = "Lee Diaz Moss Park Reed Shaw Ward Hale Cole Nash Ross Lane".split()


def tiny_dataset(seed: int = 0, *, staff: int | None = None, schools=("Oak", "Elm"), prefix: str = "S"):
    """A small random but deterministic :class:`~plnetwork.dataset.Dataset` (no file parsing)."""
    from ..dataset import Dataset
    from ..network import build_graph

    rng = random.Random(seed)
    staff = staff or rng.randint(6, 14)
    ids = [f"{prefix}{seed:03d}-{i:02d}" for i in range(staff)]
    roster = pd.DataFrame({
        "staff_id": ids,
        "name": [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{i}" for i in range(staff)],
        "email": [f"p{seed}x{i}@example.org" if i % 3 else "" for i in range(staff)],
        "school": [schools[i % len(schools)] for i in range(staff)],
        "role": ["Coach" if i % 5 == 0 else "Teacher" for i in range(staff)],
        "level": ["school" if i % 5 == 0 else "classroom" for i in range(staff)],
        "formal_leader": [i % 5 == 0 for i in range(staff)],
        "team": [f"T{i % 3}" for i in range(staff)],
    })
    answered = [i for i in range(staff) if rng.random() < 0.8]
    respondents = pd.DataFrame([(ids[i], "answers.csv", n + 2, "") for n, i in enumerate(answered)],
                               columns=RESPONDENT_COLUMNS)
    rows = []
    for n, i in enumerate(answered):
        for j in rng.sample(range(staff), k=min(3, staff)):
            if j != i:
                rows.append((ids[i], ids[j], "advice", None, "free_text", "exact", "answers.csv", n + 2,
                             "advice", roster["name"][j]))
    nominations = pd.DataFrame(rows, columns=NOMINATION_COLUMNS)
    issues = IssueReport()
    for n in range(rng.randint(0, 3)):
        issues.add("name_unmatched", "warning", f"'Nobody {n}' is not on the roster", file="answers.csv",
                   row=n + 2, column="advice", value=f"Nobody {n}")
    graph = build_graph(roster, nominations, respondents)
    return Dataset(roster, nominations, respondents, issues, graph, None, None, ["answers.csv"])


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding ``initdb`` and ``pg_ctl``, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    """A running throwaway cluster: :meth:`create_database` gives a fresh database's SQLAlchemy URL."""

    def __init__(self, port: int, user: str):
        self.port = port
        self.user = user
        self._databases = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        self._databases += 1
        name = f"t{os.getpid()}_{self._databases}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def postgres_cluster():
    """Start a PostgreSQL cluster for the duration of the block (see the module docstring)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    owner = pwd.getpwnam("postgres") if as_root else None
    folder = Path(tempfile.mkdtemp(prefix="plnetwork-pg-"))
    data = folder / "data"
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)

    def run(*args, **kwargs):
        command = [str(a) for a in args]
        if owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    port = _free_port()
    try:
        run(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        run(bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "-t", "60", "start")
        _wait_ready(port)
        yield PostgresCluster(port, "postgres")
    finally:
        with contextlib.suppress(Exception):
            run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(port: int, timeout: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres").close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


_shared: PostgresCluster | None = None


def shared_postgres() -> PostgresCluster:
    """One cluster for the whole test process, stopped when the process that started it exits."""
    global _shared
    if _shared is None:
        stack = contextlib.ExitStack()
        _shared = stack.enter_context(postgres_cluster())
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and stack.close())
    return _shared


def postgres_database_or_skip() -> str:
    """A fresh database's URL on the shared cluster; skips the test when PostgreSQL is not installed,
    except in CI (``$CI`` set), where it must run and fails instead."""
    import pytest

    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed, and CI must run the PostgreSQL tests: "
                        "apt-get install postgresql (make test does)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); CI runs these tests")
    return shared_postgres().create_database()


def open_test_store(kind: str, data_dir, **options):
    """A new, empty store of ``kind`` (``"sqlite"`` in ``data_dir``, or ``"postgres"``), whatever the
    environment says."""
    from .core import Store
    from .engine import default_url

    url = postgres_database_or_skip() if kind == "postgres" else default_url(data_dir)
    return Store(url, data_dir, **options)


# --- the crash test's importer -------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def expected_wave(label: str) -> tuple[dict, list]:
    """Row counts and roster ids of the dataset :func:`kill_importer`'s child saves under ``label``."""
    dataset = tiny_dataset(int(label.split("-")[1]))
    counts = {"roster": len(dataset.roster), "respondents": len(dataset.respondents),
              "nominations": len(dataset.nominations), "issues": len(dataset.issues)}
    return counts, dataset.roster["staff_id"].tolist()


def upload_payload(label: str) -> bytes:
    """The raw bytes the importer uploads for ``label``."""
    return f"raw export of {label}\n".encode() * 50


def _run_importer(url: str, data_dir, first_seed: int, progress_fd: int, exit_at: int | None) -> None:
    """Save waves ``wave-<seed>`` until killed, writing B before and C after each save to ``progress_fd``.
    ``exit_at``: end the process right before that SQL statement (or COMMIT) of its own."""
    from sqlalchemy import event

    from .access import Scope
    from .core import Store

    store = Store(url, data_dir)
    if exit_at is not None:
        statements = {"n": 0}

        def maybe_exit(*_args, **_kwargs):
            statements["n"] += 1
            if statements["n"] >= exit_at:
                os._exit(7)

        event.listen(store.engine, "before_cursor_execute", maybe_exit)
        event.listen(store.engine, "commit", maybe_exit)
    seed = first_seed
    while True:
        label = f"wave-{seed}"
        upload = store.put_upload(upload_payload(label), f"{label}.csv", district="Maple", school=None)
        os.write(progress_fd, b"B")
        store.save_wave(tiny_dataset(seed), district="Maple", school=None, label=label, upload_ids=[upload],
                        scope=Scope("admin"))
        os.write(progress_fd, b"C")
        seed += 1


def kill_importer(url: str, data_dir, first_seed: int, rng: random.Random) -> tuple[str, bytes]:
    """Fork an importer and end it: SIGKILL after a random delay, or (half the time) ``os._exit`` before
    a random statement. Returns how (``"kill"`` / ``"exit"``) and its progress marks (``b"BCBCB"``)."""
    read_fd, write_fd = os.pipe()
    exit_at = rng.randint(1, 40) if rng.random() < 0.5 else None
    pid = os.fork()
    if pid == 0:                                   # the child never returns into the test runner
        try:
            os.close(read_fd)
            _run_importer(url, data_dir, first_seed, write_fd, exit_at)
        finally:
            os._exit(1)
    os.close(write_fd)
    if exit_at is None:
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    progress = b""
    while chunk := os.read(read_fd, 4096):
        progress += chunk
    os.close(read_fd)
    return ("exit" if exit_at is not None else "kill"), progress
