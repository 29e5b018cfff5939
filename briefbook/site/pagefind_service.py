"""A client of Pagefind's indexing service that takes pages while the build writes them.

Pagefind's own Python wrapper (`pagefind.index`) speaks the same protocol, but it reads
each reply after a 0.1 s sleep, so feeding it a site page by page would take 0.1 s a
page; and it is asyncio-only. This client writes requests from a thread of its own and
reads replies as they come: the build hands a page over in microseconds, and the
Pagefind process (another core) parses it while MkDocs goes on with the next page.

The protocol (Pagefind's `--service` mode, the one its Node and Python wrappers use): each
message is base64-encoded JSON followed by a comma, on the process's stdin and stdout;
the request types are those of `pagefind.service.types`. Only the binary comes from the
`pagefind[bin]` package.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any


class PagefindServiceError(RuntimeError):
    """The Pagefind process failed, or answered a request with an error."""


def pagefind_executable() -> Path:
    """The binary of the `pagefind[bin]` wheel (or PAGEFIND_BINARY_PATH, or one on PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:  # pragma: no cover - it is a dependency
        raise PagefindServiceError(
            "Pagefind is not installed: `pip install 'pagefind[bin]'`, or set the briefbook option `search: material`"
        ) from error
    executable = get_executable()
    if executable is None:  # pragma: no cover - the wheel bundles it
        raise PagefindServiceError("the Pagefind binary was not found: `pip install 'pagefind[bin]'`")
    return executable


SEND_AT = 1 << 18
"""Pages go to the writer thread in batches of about this many bytes (a few dozen pages):
handed over one by one, each woke the thread, which took the GIL from the build 6,800
times at 5,000 claims."""


class PagefindService:
    """One Pagefind process, and requests to it answered by futures. `add_html` does not
    wait: a page is queued (in a batch of pages), sent by the writer thread, and parsed by
    Pagefind meanwhile; errors surface when `write` (which sends the last batch and waits
    for every page first) is called."""

    def __init__(self, cwd: Path | None = None):
        self.process = subprocess.Popen(
            [str(pagefind_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
        )
        self.replies: dict[int, Future[dict[str, Any]]] = {}
        self.pending: list[Future[dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.next_id = 0
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.unsent: list[bytes] = []
        self.unsent_bytes = 0
        self.failure: str | None = None
        self.reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self.writer = threading.Thread(target=self._write, name="pagefind-writer", daemon=True)
        self.reader.start()
        self.writer.start()

    def request(self, payload: dict[str, Any], *, batched: bool = False) -> Future[dict[str, Any]]:
        """Send a request; `batched`: it may wait in a batch (see SEND_AT) until the
        next request that is not, or `flush`."""
        future: Future[dict[str, Any]] = Future()
        with self.lock:
            self.next_id += 1
            message_id = self.next_id
            self.replies[message_id] = future
            if self.failure is not None:
                future.set_exception(PagefindServiceError(self.failure))
                return future
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        with self.lock:
            self.unsent.append(base64.b64encode(message) + b",")
            self.unsent_bytes += len(self.unsent[-1])
            if batched and self.unsent_bytes < SEND_AT:
                return future
        self.flush()
        return future

    def flush(self) -> None:
        """Hand every request not sent yet to the writer thread."""
        with self.lock:
            batch, self.unsent, self.unsent_bytes = b"".join(self.unsent), [], 0
        if batch:
            self.outbox.put(batch)

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.request(payload).result()

    def new_index(self, config: dict[str, Any] | None = None) -> PagefindIndex:
        reply = self.call({"type": "NewIndex", "config": config})
        return PagefindIndex(self, int(reply["index_id"]))

    def close(self) -> None:
        """Stop the process (pending requests fail)."""
        self.outbox.put(None)
        self.writer.join(timeout=10)  # closes stdin: Pagefind exits at its end
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._fail("Pagefind was stopped")

    def _write(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (message := self.outbox.get()) is not None:
                stdin.write(message)
                if self.outbox.empty():
                    stdin.flush()
        except OSError as error:
            self._fail(f"Pagefind stopped reading: {error}")
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        buffer = b""
        while True:
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                self._fail(f"Pagefind exited (status {self.process.wait()})")
                return
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                self._answer(json.loads(base64.b64decode(message)))

    def _answer(self, reply: dict[str, Any]) -> None:
        payload = reply.get("payload") or {}
        message_id = reply.get("message_id")
        if message_id is None and payload.get("original_message"):
            try:
                message_id = json.loads(payload["original_message"]).get("message_id")
            except ValueError:
                message_id = None
        with self.lock:
            future = self.replies.pop(message_id, None) if message_id is not None else None
        if future is None:
            return
        if payload.get("type") == "Error":
            future.set_exception(PagefindServiceError(str(payload.get("message"))))
        else:
            future.set_result(payload)

    def _fail(self, reason: str) -> None:
        with self.lock:
            if self.failure is None:
                self.failure = reason
            waiting, self.replies = self.replies, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(PagefindServiceError(reason))


class PagefindIndex:
    """An index in the service: pages go in, a search bundle comes out."""

    def __init__(self, service: PagefindService, index_id: int):
        self.service = service
        self.index_id = index_id
        self.added: list[Future[dict[str, Any]]] = []

    def add_html(self, html: str, url: str) -> None:
        """Queue one page (its final HTML, at its site URL `url`, e.g. `/claims/x/`)."""
        self.added.append(
            self.service.request(
                {"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html, "file_path": None},
                batched=True,
            )
        )

    def pages(self) -> int:
        """Wait for every page added; the number Pagefind indexed (a page without
        `data-pagefind-body` when others have it is skipped, as `pagefind --site` does)."""
        self.service.flush()
        count = 0
        for future in self.added:
            reply = future.result()
            count += 1 if reply.get("page_url") else 0
        return count

    def write(self, output_path: Path) -> int:
        """Wait for every page, write the bundle into `output_path`; the pages indexed."""
        count = self.pages()
        self.service.call({"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output_path)})
        return count

    def delete(self) -> None:
        with contextlib.suppress(PagefindServiceError):
            self.service.call({"type": "DeleteIndex", "index_id": self.index_id})
