"""Keep what a batch run holds out of the garbage collector's full passes.

CPython's collector walks every tracked object at each full pass. A run holds the modules
(pandas among them) and one response per file until it ends, and a 10,000-form run made a dozen
full passes over all of it (2-3 s). ``gc.freeze`` moves what exists into a permanent generation
that the passes skip; frozen objects are still freed by reference counting as usual. The freeze
is process-wide, so it is only done when the run is the process's only thread and nothing is
frozen already (a caller's own freeze is left alone), and it is undone when the run ends.
"""

from __future__ import annotations

import gc
import threading
from types import TracebackType


class FrozenHeap:
    """``with FrozenHeap() as heap:`` freezes what exists; ``heap.freeze()`` what came since."""

    def __init__(self) -> None:
        self._active = False

    def __enter__(self) -> FrozenHeap:
        # Not in a threaded host (its threads' garbage would wait for the run to end), not
        # over a caller's own freeze
        self._active = threading.active_count() == 1 and gc.get_freeze_count() == 0
        self.freeze()
        return self

    def freeze(self) -> None:
        """Move every object alive now out of the collector's passes."""
        if self._active:
            gc.freeze()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._active:
            gc.unfreeze()
            self._active = False
