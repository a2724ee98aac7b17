"""Putting a task on the broker without ever making a request wait for, or fail on, the broker."""

import logging

logger = logging.getLogger(__name__)


def task_enqueue(task, *args) -> bool:
    """Send ``task`` with ``args``; return False (and log) instead of raising when the broker is away.

    Publishing does not retry (``CELERY_TASK_PUBLISH_RETRY`` is off) and the broker socket timeouts are
    short, so a dead Redis costs a request at most about the connect timeout. Work that was not sent is
    still in the database (a pending notification row) and the periodic sweep picks it up.
    """
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # whatever the broker raised, the request goes on
        logger.warning(
            "Could not enqueue %s%r (%s); the periodic sweep will pick it up.", task.name, args, error
        )
        return False
    return True
