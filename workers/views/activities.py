"""Group activities."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ryhma.access import get_for_user_or_404, role_required
from workers import forms
from workers.actions.group_activities import (
    ACTIVITY_FIELDS,
    record_group_activity,
    update_group_activity,
)
from workers.models import GroupActivity, Worker
from workers.views.common import PAGE_SIZE, STAFF, save_form, user_municipality

ACTIVITIES_URL = reverse_lazy("workers:activities")


@role_required(*STAFF)
def activity_list(request):
    activities = (
        GroupActivity.objects.for_user(request.user)
        .select_related("association")
        .prefetch_related("attendances")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "workers/activity_list.html", {"page": page})


@role_required(*STAFF)
def activity_create(request):
    municipality = user_municipality(request.user)
    form = forms.GroupActivityForm(request.POST or None, user=request.user)
    return save_form(
        request,
        form,
        act=lambda **values: record_group_activity(
            municipality=municipality,
            workers=list(form.cleaned_data["workers"]),
            **values,
        ),
        done=_("The group activity was saved."),
        success_url=ACTIVITIES_URL,
        title=_("New group activity"),
        extra={"cancel_url": ACTIVITIES_URL},
    )


@role_required(*STAFF)
def activity_edit(request, pk):
    activity = get_for_user_or_404(
        GroupActivity.objects.select_related("association"), request.user, pk=pk
    )
    form = forms.GroupActivityForm(request.POST or None, instance=activity, user=request.user)

    def save(**values):
        add, remove = form.attendance_changes()
        return update_group_activity(
            activity=GroupActivity.objects.get(pk=activity.pk),
            expected_version=form.cleaned_data["version"] or 0,
            add=add,
            remove=remove,
            **values,
        )

    def attendees_saved():
        # Only the attendees the user may see: an activity can have workers of other
        # associations, whose names are not theirs to read.
        attending = Worker.objects.for_user(request.user).filter(attendances__activity=activity)
        return [(form.fields["workers"].label, ", ".join(str(w) for w in attending) or "–")]

    return save_form(
        request,
        form,
        act=save,
        done=_("The group activity was saved."),
        success_url=ACTIVITIES_URL,
        stale_fields=ACTIVITY_FIELDS,
        also_theirs=attendees_saved,
        title=_("Edit the group activity"),
        intro=str(activity),
        extra={"cancel_url": ACTIVITIES_URL},
    )
