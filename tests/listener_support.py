"""A TCP socket on 127.0.0.1 that counts the connections it receives: how tests prove that a
query, a shape or a file reached no server (the store's own behaviour, not a parser's
opinion)."""

from __future__ import annotations

import socket
import threading

__all__ = ["Listener"]


class Listener:
    """Listen on a free loopback port until :meth:`close`; ``connections`` counts accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()
