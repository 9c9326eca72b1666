"""Python's cycle collector paused while a request or a command makes a great many small objects at once."""

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused():
    """An import or a council's claim makes hundreds of thousands of small objects (cells, rows, tuples) and no
    reference cycles; the cycle collector, run every few hundred allocations, would scan them again and again as
    they are made (a sixth of an import's time, a quarter of the largest council's claim preview). It is paused
    and resumed after, whatever happens; memory is freed by reference counting as usual. A context manager or a
    decorator."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
