"""Budgets and a network ban for the process that runs SPARQL: the engine's own fence.

Why: the gate in :mod:`ccpj_graph.query.safety` reads the query text; this module makes the
worker process that parses and runs it unable to do harm even if a query got past the gate.
Inside a worker (never in the parent):

- CPU: ``RLIMIT_CPU`` a little over the budget; the kernel stops a worker that exceeds it, so
  a query that parses or runs for ever cannot keep a core busy after its wall clock is up.
- Memory: ``RLIMIT_AS`` at the worker's current address space plus the budget; an allocation
  past it fails (Python raises ``MemoryError``, Oxigraph aborts) and only the worker dies.
- Network: on Linux (x86-64 and arm64) a seccomp filter makes ``socket()`` fail with
  ``EACCES`` for every family but ``AF_UNIX``, so ``SERVICE`` cannot open a connection whatever
  the text says (pyoxigraph has no switch to turn SERVICE off). Elsewhere the gate alone holds.
"""

from __future__ import annotations

import os
import resource
import sys

from ccpj_graph.query.record import Record

__all__ = ["Budget", "apply_budget", "deny_network", "network_denial_supported", "set_cpu_limit"]

#: (AUDIT_ARCH_*, __NR_socket) for the machines whose system-call numbers are known here.
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_X32_BIT = 0x40000000
_AF_UNIX = 1


class Budget(Record):
    """What one query may use: wall-clock and CPU seconds, memory, and the network or not."""

    __match_args__ = ("seconds", "memory_mb", "network")
    __slots__ = __match_args__
    seconds: float | None
    memory_mb: int | None
    network: bool

    def __init__(
        self, seconds: float | None = 30.0, memory_mb: int | None = 1024, network: bool = False
    ) -> None:
        self._set(seconds=seconds, memory_mb=memory_mb, network=network)


def _machine() -> str:
    return os.uname().machine if hasattr(os, "uname") else ""


def network_denial_supported() -> bool:
    """True where :func:`deny_network` installs a kernel filter (Linux on x86-64 or arm64)."""
    return sys.platform.startswith("linux") and _machine() in _ARCHES


def deny_network() -> bool:
    """Make ``socket()`` fail in this process for every family but AF_UNIX; irreversible.

    Returns False where it is not supported or the kernel refuses the filter.
    """
    if not network_denial_supported():
        return False
    # imported here: the parent of a query worker (every ``ccpj query``) need not load them
    import ctypes
    import errno
    import struct

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    arch, socket_nr = _ARCHES[_machine()]
    deny = _RET_ERRNO | errno.EACCES
    # classic BPF over struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6]}
    program = [
        (0x20, 0, 0, 4),  # 0: A = arch
        (0x15, 0, 6, arch),  # 1: another ABI (no socket numbers known) -> 8 allow
        (0x20, 0, 0, 0),  # 2: A = system call number
        (0x35, 3, 0, _X32_BIT),  # 3: x32 calls -> 7 deny
        (0x15, 0, 3, socket_nr),  # 4: not socket() -> 8 allow
        (0x20, 0, 0, 16),  # 5: A = args[0], the address family (low word)
        (0x15, 1, 0, _AF_UNIX),  # 6: AF_UNIX -> 8 allow
        (0x06, 0, 0, deny),  # 7: fail with EACCES
        (0x06, 0, 0, _RET_ALLOW),  # 8: allow
    ]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *op) for op in program))
    filt = _Program(len(program), ctypes.cast(code, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(filt), 0, 0) == 0)


def set_cpu_limit(seconds: float | None) -> None:
    """Let this process use ``seconds`` more CPU time (a second of slack), then be stopped."""
    if not seconds:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(spent + seconds) + 2
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 when it cannot be read)."""
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def apply_budget(budget: Budget) -> None:
    """Fence this (worker) process: memory cap, network ban, and the CPU limit of one query."""
    if budget.memory_mb:
        current = _address_space()
        if current:
            limit = current + budget.memory_mb * 1024 * 1024
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if not budget.network:
        deny_network()
    set_cpu_limit(budget.seconds)
