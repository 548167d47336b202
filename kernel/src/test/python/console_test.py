"""jupyter console on the INSTALLED lstm-lens kernelspec, driven through a pseudo-terminal as a person would type:
the kernel's log lines stay off the terminal (they used to land on the `In [2]:` prompt), a cell runs, and `exit`
ends the session and the kernel.

Run by KernelProtocolIT (mvn verify) with JUPYTER_PATH set; needs jupyter_console and pexpect under the same Python
(Debian: python3-jupyter-console, python3-pexpect).
"""
import os
import re
import sys
import time

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def main():
    console = pexpect.spawn(sys.executable, ["-m", "jupyter_console", "--kernel", "lstm-lens", "--simple-prompt"],
                            env=dict(os.environ, TERM="dumb"), encoding="utf-8", timeout=60)
    transcript = []
    failures = []

    def expect(pattern, what, timeout=60):
        try:
            console.expect(pattern, timeout=timeout)
            after = console.after if isinstance(console.after, str) else ""
            transcript.append(console.before + after)
        except (pexpect.TIMEOUT, pexpect.EOF):
            transcript.append(console.before if isinstance(console.before, str) else "")
            failures.append(f"{what}: not seen; the terminal showed:\n{ANSI.sub('', ''.join(transcript))}")
            raise

    try:
        expect(r"In \[1\]: ", "the first prompt")
        time.sleep(3)  # JShell finishes starting meanwhile: the kernel's "JShell ready" line once came here
        console.sendline("6 * 7")
        expect(r"Out\[1\]: 42", "the value of 6 * 7")
        expect(r"In \[2\]: ", "the second prompt")
        console.sendline("exit")
        expect(pexpect.EOF, "the console ending after exit", timeout=30)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pass
    console.close()
    text = ANSI.sub("", "".join(transcript))
    if "[lstm-lens" in text:
        failures.append(f"kernel log lines on the terminal:\n{text}")
    if not failures and console.exitstatus != 0:
        failures.append(f"the console exited with {console.exitstatus} after exit:\n{text}")
    for failure in failures:
        print("FAIL " + failure)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
