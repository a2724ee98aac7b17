"""Run the same work in many threads that start at the same instant, each on its own connection."""

import threading

from django.db import connection


def run_together(count: int, work, *, timeout: float = 60) -> list[tuple[str, object]]:
    """Call ``work(i)`` in ``count`` threads released by one barrier.

    Returns, in thread order, ``("ok", result)`` or ``("error", exception)``.
    """
    barrier = threading.Barrier(count)
    outcomes: list[tuple[str, object] | None] = [None] * count

    def runner(index):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = ("ok", work(index))
        except Exception as exc:  # the test looks at every outcome
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running: a lock never ended"
    return outcomes
