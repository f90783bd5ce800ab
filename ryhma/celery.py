"""The Celery application. Tasks run in-process when no REDIS_URL is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ryhma.settings")

app = Celery("ryhma")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
