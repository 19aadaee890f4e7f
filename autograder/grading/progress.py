"""A one-line progress bar: counts per status and time left (to stderr)."""
import sys
import time
from collections import Counter


class Progress:
    def __init__(self, total: int, enabled: bool = True, stream=sys.stderr):
        self.total, self.done, self.counts = total, 0, Counter()
        self.started = time.monotonic()
        self.enabled, self.stream = enabled and total > 0, stream
        self.tty = getattr(stream, "isatty", lambda: False)()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} ({counts}) "
                f"{elapsed:.0f}s, 남은 시간 / left ~{left:.0f}s")

    def update(self, status: str) -> None:
        self.done += 1
        self.counts[status] += 1
        if self.enabled:
            end = "\r" if self.tty and self.done < self.total else "\n"
            print(self.line(), end=end, file=self.stream, flush=True)
