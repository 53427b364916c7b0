"""Start the action server and the Rasa server as child processes, for the full-stack
tests and the benchmark (`make run` uses scripts/run.sh, which does the same in bash)."""
import os
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator

import requests

from assistant.settings import PROJECT_ROOT

RASA = str(PROJECT_ROOT / ".venv" / "bin" / "rasa")


class StackError(RuntimeError):
    """A server did not start; the message carries the end of its log."""


@dataclass
class Stack:
    rasa_url: str
    actions_url: str
    processes: Dict[str, subprocess.Popen]
    seconds_to_ready: float

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise StackError(f"{url} did not come up in {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running_stack(model: Path, database_url: str, log_dir: Path, timeout: float = 180) -> Iterator[Stack]:
    """Both servers on free loopback ports, stopped on exit. Raises StackError."""
    action_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "TF_CPP_MIN_LOG_LEVEL": "3",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook"}
    commands = {
        "actions": [RASA, "run", "actions", "--actions", "actions", "--port", str(action_port)],
        "rasa": [RASA, "run", "--model", str(model), "--port", str(rasa_port),
                 "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
    }
    processes: Dict[str, subprocess.Popen] = {}
    started = time.monotonic()
    try:
        for name, command in commands.items():
            log = log_dir / f"{name}.log"
            processes[name] = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env,
                                               stdout=log.open("w"), stderr=subprocess.STDOUT)
        actions_url, rasa_url = f"http://127.0.0.1:{action_port}", f"http://127.0.0.1:{rasa_port}"
        _wait_until_up(f"{actions_url}/health", processes["actions"], log_dir / "actions.log", timeout)
        _wait_until_up(f"{rasa_url}/", processes["rasa"], log_dir / "rasa.log", timeout)
        yield Stack(rasa_url, actions_url, processes, time.monotonic() - started)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
