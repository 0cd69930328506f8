"""How the end-to-end scripts count their checks and report them: one line per script,
"TITLE: N passed, M failed", each failure below it, and exit status 1 when anything failed."""
import sys


class Checklist:
    """Checks passed and failures, in order."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, condition, detail=""):
        """Counts a check; a failed one is kept with `detail`."""
        if condition:
            self.passed += 1
        else:
            self.failed.append(f"{name}: {detail}")

    def finish(self, title, shown=None):
        """Prints the summary and the failures (the first `shown` of them), then exits."""
        print(f"{title}: {self.passed} passed, {len(self.failed)} failed")
        for line in self.failed[:shown]:
            print("  FAILED", line)
        sys.exit(1 if self.failed else 0)
