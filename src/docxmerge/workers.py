"""Reader worker processes that end with the run that started them, however it ends.

- Ctrl-C: a terminal sends SIGINT to the whole process group. The workers ignore it (no
  traceback from each of them); the run cancels what is queued and terminates the workers at
  once, instead of waiting for the files they hold, as ProcessPoolExecutor's own shutdown does
  (9 s on a large run).
- The run killed (``kill -9``, out of memory): Linux kills each worker when its parent dies
  (prctl ``PR_SET_PDEATHSIG``, set as the worker starts); on every system a thread in each
  worker also waits on multiprocessing's parent sentinel and ends the worker when the parent
  is gone (a worker idle in the pool's queue would otherwise wait for work forever).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_JOIN_SECONDS = 5.0


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers never outlive the run: on any exception (Ctrl-C
    included) queued work is cancelled and the workers are terminated before it propagates."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=bind_to_parent)
    try:
        yield pool
    except BaseException:
        stop_now(pool)
        raise
    pool.shutdown(wait=True)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued, terminate the workers and reap them."""
    # ProcessPoolExecutor has no public way to end its workers before Python 3.14
    # (terminate_workers); its _processes maps pid -> process in every version since 3.2
    processes: list[BaseProcess] = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError, AttributeError):
            process.join(_JOIN_SECONDS)


def bind_to_parent() -> None:
    """The worker initializer: ignore Ctrl-C, end when the parent process ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _parent_death_signal()
    parent = multiprocessing.parent_process()
    if parent is not None:
        watcher = threading.Thread(
            target=_end_with, args=(parent,), name="docxmerge-parent-watch", daemon=True
        )
        watcher.start()


def _parent_death_signal() -> None:
    """Linux: ask the kernel to SIGKILL this process when its parent dies (prctl(2))."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watcher thread still ends the worker


def _end_with(parent: BaseProcess) -> None:
    """Wait until the parent's sentinel closes (it has ended, however), then end at once:
    also when it had ended before this thread started."""
    parent.join()
    os._exit(1)
