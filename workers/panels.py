"""The home-page panel of endings and due tasks (registered in WorkersConfig.ready)."""

from django.utils import timezone

from workers.selectors import ALERT_DAYS, alerts_for


def alerts_context(request):
    today = timezone.localdate()
    alerts = alerts_for(request.user, today)
    if alerts.empty:
        return None
    return {"alerts": alerts, "today": today, "days": ALERT_DAYS}
