"""Kernel speed, measured through a real Jupyter client against the INSTALLED lstm-lens kernelspec (not a test).

    install/install.sh --prefix /tmp/lstm-lens-bench
    JUPYTER_PATH=/tmp/lstm-lens-bench/share/jupyter /usr/bin/python3 kernel/src/test/python/bench.py [starts] [rounds] [warmups]

Prints, as medians over `starts` fresh kernels (default 5) and `rounds` requests (default 40, after `warmups`
executes, default 10: the JIT keeps compiling JShell's javac for the first hundred or so cells):
  ready       process start to the kernel_info reply
  first lstm  the first cell, `lstm.params(2, 1)`, from sending it to its reply; and from process start; and the
              kernel process's CPU time up to that reply
  execute     round trip of a trivial execute (`1 + 1`): request sent to reply received, and the kernel process's
              CPU time per execute (a figure a busy machine distorts less than wall time)
  complete    round trip of a completion (`lstm.pa`)
  kernel_info round trip of a kernel_info request: the protocol layer alone, no JShell
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = "lstm-lens"
TIMEOUT = 60


def reply_to(kc, msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def one_start():
    km = KernelManager(kernel_name=KERNEL)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    # like a client at start-up: ask kernel_info until answered
    while True:
        msg_id = kc.kernel_info()
        try:
            reply_to_deadline = time.perf_counter() + 0.25
            while True:
                msg = kc.get_shell_msg(timeout=max(0.01, reply_to_deadline - time.perf_counter()))
                if msg["parent_header"].get("msg_id") == msg_id:
                    break
            break
        except Exception:
            continue
    ready = time.perf_counter() - started
    sent = time.perf_counter()
    reply = reply_to(kc, kc.execute("lstm.params(2, 1)"))
    assert reply["content"]["status"] == "ok", reply["content"]
    done = time.perf_counter()
    cpu = cpu_seconds(km.provisioner.process.pid)
    return km, kc, ready, done - sent, done - started, cpu


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc), all its threads: JIT and GC included."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    warmups = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    readies, firsts, firsts_total, cpus = [], [], [], []
    for i in range(starts):
        km, kc, ready, first, first_total, cpu = one_start()
        cpus.append(cpu)
        readies.append(ready)
        firsts.append(first)
        firsts_total.append(first_total)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    executes, completes = [], []
    pid = km.provisioner.process.pid
    for i in range(warmups + rounds):
        if i == warmups:
            cpu_before = cpu_seconds(pid)
        sent = time.perf_counter()
        reply_to(kc, kc.execute("1 + 1"))
        if i >= warmups:
            executes.append(time.perf_counter() - sent)
    cpu_per_execute = (cpu_seconds(pid) - cpu_before) / rounds
    for i in range(10 + rounds):
        sent = time.perf_counter()
        reply_to(kc, kc.complete("lstm.pa", 7))
        if i >= 10:
            completes.append(time.perf_counter() - sent)
    infos = []
    for i in range(10 + rounds):
        sent = time.perf_counter()
        reply_to(kc, kc.kernel_info())
        if i >= 10:
            infos.append(time.perf_counter() - sent)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    print(f"kernel start to kernel_info reply : median {median_ms(readies):7.1f} ms  (n={starts}, "
          f"min {min(readies) * 1000:.1f}, max {max(readies) * 1000:.1f})")
    print(f"first cell using lstm (the cell)  : median {median_ms(firsts):7.1f} ms")
    print(f"first cell using lstm (from start): median {median_ms(firsts_total):7.1f} ms")
    print(f"kernel CPU, start to first cell   : median {median_ms(cpus):7.1f} ms  (all threads; less distorted by a "
          f"busy machine)")
    print(f"trivial execute round trip        : median {median_ms(executes):7.1f} ms  (n={rounds})")
    print(f"kernel CPU per trivial execute    : mean   {cpu_per_execute * 1000:7.1f} ms  (all threads; what an idle"
          f" machine would need)")
    print(f"  (after {warmups} warm-up executes)")
    print(f"completion round trip             : median {median_ms(completes):7.1f} ms  (n={rounds})")
    print(f"kernel_info round trip            : median {median_ms(infos):7.1f} ms  (n={rounds})")


if __name__ == "__main__":
    main()
