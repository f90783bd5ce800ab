import socket

from celery import shared_task


@shared_task
def ping(value: str) -> dict:
    """Round-trip check for the broker and a worker: returns what it was given and who ran it."""
    return {"pong": value, "host": socket.gethostname()}
