"""Real shared services for the team tests and the load benchmark: a PostgreSQL cluster from Debian's package
(initdb into a temporary directory, started on a free loopback port, stopped and removed afterwards) and
the Chroma server that ships with chromadb (``chroma run``), on loopback too.

PostgreSQL refuses to run as root; as root the cluster runs as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

INSTALL_HINT = "install Debian's PostgreSQL: apt-get install postgresql (make install-test does it)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def postgres_bindir() -> Path | None:
    """The directory of ``initdb``/``pg_ctl``: on PATH, else the newest of /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


class Postgres:
    """A throwaway PostgreSQL cluster; :meth:`url` of a database, :meth:`create_database` for a fresh one."""

    def __init__(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise FileNotFoundError(f"PostgreSQL binaries not found; {INSTALL_HINT}")
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="babysteps-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "babysteps"
        self._as: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse root
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise FileNotFoundError(f"running as root and there is no 'postgres' user; {INSTALL_HINT}") from None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)

    def start(self) -> Postgres:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--encoding=UTF8", "--no-sync")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class ChromaServer:
    """``chroma run`` on a free loopback port with its data in a temporary directory."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="babysteps-chroma-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> ChromaServer:
        chroma = Path(sys.executable).with_name("chroma")
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(self.root / "data")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Chroma server exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError("the Chroma server did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


class AppProcess:
    """An app process (``tests.team.worker``) with a data directory of its own and the shared services."""

    def __init__(self, home: Path, database_url: str | None, chroma_url: str | None = None) -> None:
        root = Path(__file__).resolve().parents[2]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BABYSTEPS_", "OPENAI_"))}
        env.update(BABYSTEPS_HOME=str(home), BABYSTEPS_LLM="offline", PYTHONPATH=str(root), HF_HUB_OFFLINE="1",
                   ANONYMIZED_TELEMETRY="False")
        if database_url:
            env["BABYSTEPS_DATABASE_URL"] = database_url
        if chroma_url:
            env["BABYSTEPS_CHROMA_URL"] = chroma_url
        self.process = subprocess.Popen([sys.executable, "-m", "tests.team.worker"], cwd=root, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready = self._read()
        if not ready.get("ready"):
            raise RuntimeError(f"the app process did not start: {ready}")

    def _read(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the app process exited (code {self.process.poll()})")
        answer: dict[str, object] = json.loads(line)
        return answer

    def ask(self, **command: object) -> dict[str, object]:
        self.tell(**command)
        return self._read()

    def tell(self, **command: object) -> None:
        """Send a command without waiting for its answer (read it with :meth:`answer`)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, object]:
        return self._read()

    def kill(self) -> None:
        """SIGKILL: no cleanup at all, as when a replica's host or container dies."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
