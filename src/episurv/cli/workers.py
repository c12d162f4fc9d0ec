"""How `episurv serve --workers N` spreads connections over its workers: each worker listens on
a socket of its own, all bound to the one address with SO_REUSEPORT, and the kernel hands each
new connection to one of them by a hash of its addresses.

With uvicorn's single shared socket, the worker that wakes first accepts every connection
waiting (asyncio accepts up to the backlog per wake-up), so how keep-alive clients arriving
together split over the workers depends on which is free at that moment: watched during issue
11's load benchmark, the 20 connections were all in one of two workers in some runs and split
12/8 to 15/5 in others. With a socket each, the split no longer depends on that.

This subclasses uvicorn's supervisor (`Multiprocess`, not a public API), so pyproject.toml pins
the uvicorn release it was written against. Linux lets only processes of the same user join the
address's group of sockets (socket(7), SO_REUSEPORT)."""

from __future__ import annotations

import logging
import socket

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from episurv.errors import InvalidInput

logger = logging.getLogger("uvicorn.error")


def shared_port_sockets(host: str, port: int, count: int,
                        backlog: int = 2048) -> list[socket.socket]:
    """`count` sockets listening on host:port with SO_REUSEPORT (port 0: one port the system
    picks, the same for all). Each listens from the start, so the kernel counts it among the
    port's sockets before its worker has started: connections it is given wait for that worker
    (as they wait for a worker replaced on its socket) instead of all going to the first worker
    ready."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if port:
        # SO_REUSEPORT would also let these sockets join another server's on the port (a second
        # `episurv serve` by mistake) and share its connections: a plain bind first fails then.
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.listen(backlog)
            port = sock.getsockname()[1]
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class SocketPerWorker(Multiprocess):
    """uvicorn's supervisor (signals, health checks, a hung or dead worker replaced), with
    worker i serving socket i only: a worker started in place of another serves the socket its
    predecessor did, whose waiting connections it then accepts."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        super().__init__(config, sockets)
        self.processes_num = len(sockets)

    def _start(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._start(i) for i in range(len(self.sockets))]

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung (no answer to the health check) or dead already
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # would fail again: the app is broken
                logger.error(f"worker [{process.pid}] failed to start, stopping the server")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info(f"worker [{process.pid}] died: starting another on its socket")
            self.processes[index] = self._start(index)

    def restart_all(self) -> None:
        """SIGHUP: each worker replaced by a new one on its socket, the new one serving before
        the old one stops (an old one is kept when its replacement does not start)."""
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._start(index)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck,
                                        self.should_exit):
                new.kill()
                new.join()
                logger.error(f"new worker [{new.pid}] did not start: keeping [{old.pid}]")
                return
            old.terminate()
            old.join()
            self.processes[index] = new

    def handle_ttin(self) -> None:
        logger.info("SIGTTIN ignored: each worker has a socket of its own; restart the server "
                    "with another --workers")

    handle_ttou = handle_ttin


def run(app: str, host: str, port: int, workers: int, access_log: bool = True,
        keep_alive: int = 5) -> None:
    """Serve the app factory `app` with `workers` processes (one: in this process); with
    `access_log` False, uvicorn writes no line per request (the proxy's log has them);
    `keep_alive`: seconds an idle connection is kept open (uvicorn's default 5)."""
    import uvicorn

    # Forwarded headers are read by web/security from the configured proxies only: uvicorn's
    # own reading would trust them from any local client.
    if workers == 1:
        uvicorn.run(app, factory=True, host=host, port=port, proxy_headers=False,
                    access_log=access_log, timeout_keep_alive=keep_alive)
        return
    # An import string: each worker process builds its own app (engine and pool per process).
    config = Config(app, factory=True, host=host, port=port, workers=workers,
                    proxy_headers=False, access_log=access_log, timeout_keep_alive=keep_alive)
    try:
        sockets = shared_port_sockets(host, port, workers, config.backlog)
    except OSError as exc:  # the address: in use, or not one of this machine's
        raise InvalidInput(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    SocketPerWorker(config, sockets).run()
