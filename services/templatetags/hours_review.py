"""The coordinator's approve / turn down forms of the approval queue (their markup in
services/_decision_forms.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("services/_decision_forms.html", takes_context=True)
def decision_forms(context, url, subject, detail, prefix, pk, reject_label, reason_label) -> dict:
    """Approve (one button) and, behind a disclosure, reject with a required reason.

    `subject` and `detail` (who or what, which week or day) complete the buttons'
    accessible names; the reason's <textarea> is labelled by `reason_label`.
    """
    return {
        "csrf_token": context.get("csrf_token"),
        "url": url,
        "subject": subject,
        "detail": detail,
        "field_id": f"{prefix}{pk}",
        "reject_label": reject_label,
        "reason_label": reason_label,
    }
