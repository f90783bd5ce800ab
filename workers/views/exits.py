"""Exit from the programme and the follow-ups."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.access import get_for_user_or_404, role_required
from workers import forms
from workers.actions.exits import record_exit, record_followup
from workers.models import FollowUp
from workers.views.common import STAFF, get_worker, save_form


@role_required(*STAFF)
def worker_exit(request, pk):
    worker = get_worker(request, pk)
    return save_form(
        request,
        forms.ExitForm(request.POST or None, initial={"exited_on": timezone.localdate()}),
        act=partial(record_exit, worker=worker),
        done=_("The exit was recorded. Follow-ups at 3 and 6 months are now on the task list."),
        title=_("Exit from the programme"),
        worker=worker,
    )


@role_required(*STAFF)
def followup_record(request, pk):
    follow_up = get_for_user_or_404(
        FollowUp.objects.select_related("exit__worker"), request.user, pk=pk
    )
    worker = follow_up.exit.worker
    return save_form(
        request,
        forms.FollowUpForm(
            request.POST or None,
            instance=follow_up,
            initial={"recorded_on": follow_up.recorded_on or timezone.localdate()},
        ),
        act=partial(record_followup, follow_up=follow_up),
        done=_("The follow-up was recorded."),
        title=_("Follow-up, %(timepoint)s") % {"timepoint": follow_up.get_timepoint_display()},
        worker=worker,
    )
