"""A child process whose transcript (stdout + stderr, line by line) is read by a thread, for tests
that run a device program and wait for what it prints. Shared by the C and MicroPython example
suites."""
import re
import subprocess
import threading
import time


class Transcript:
    def __init__(self, argv, env, cwd=None):
        self.lines = []
        self._cond = threading.Condition()
        self.env = env
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    @property
    def text(self):
        with self._cond:
            return "\n".join(self.lines)

    def wait_line(self, pattern, timeout=15.0, count=1):
        """The count-th transcript line matching the regex (waits <= timeout s)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                hits = [l for l in self.lines if rx.search(l)]
                if len(hits) >= count:
                    return hits[count - 1]
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError("no transcript line #%d matches %r within %.1f s; transcript:\n%s"
                                         % (count, pattern, timeout, "\n".join(self.lines)))
                self._cond.wait(min(left, 0.2))

    def finish(self, timeout=20.0):
        """Wait for the exit; returns (exit code, transcript, seconds since start)."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("still running after %.0f s; transcript:\n%s" % (timeout, self.text))
        self._reader.join(5)
        return self.proc.returncode, self.text, time.monotonic() - self.started

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()  # our own child, by its Popen handle
            self.proc.wait(5)

    def close(self):
        """Ends the child if it still runs and releases its pipe (fixture teardown)."""
        self.kill()
        self.proc.stdout.close()
