"""The coordinator's approve / turn down forms of the approval queue, in Python: the queue
shows twenty weeks and the waiting corrections, and an include for each row cost more
than the rest of the page's markup."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_forms(context, url, subject, detail, prefix, pk, reject_label, reason_label) -> str:
    """Approve (one button) and, behind a disclosure, reject with a required reason.

    `subject` and `detail` (who or what, which week or day) complete the buttons'
    accessible names; the reason's <textarea> is labelled by `reason_label`.
    """
    csrf = context.get("csrf_token")
    csrf_input = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf)
        if csrf and csrf != "NOTPROVIDED"
        else ""
    )
    field_id = f"{prefix}{pk}"
    return format_html(
        '<form method="post" action="{url}" class="d-inline">{csrf}'
        '<button type="submit" class="btn btn-sm btn-success" name="decision" value="approve">'
        '{approve}<span class="visually-hidden"> {subject} {detail}</span></button></form>'
        '<details class="mt-1"><summary class="small">{reject}<span class="visually-hidden"> '
        "{subject} {detail}</span></summary>"
        '<form method="post" action="{url}">{csrf}'
        '<label class="form-label small" for="{field_id}">{reason}</label>'
        '<textarea class="form-control form-control-sm mb-1" id="{field_id}" name="comment" '
        'rows="2" required></textarea>'
        '<button type="submit" class="btn btn-sm btn-outline-danger" name="decision" '
        'value="reject">{reject}</button></form></details>',
        url=url,
        csrf=csrf_input,
        approve=_("Approve"),
        subject=subject,
        detail=detail,
        reject=reject_label,
        field_id=field_id,
        reason=reason_label,
    )
