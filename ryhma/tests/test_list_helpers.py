"""Helpers of long pages: the quick select, choices read as values, and row links."""

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import NoReverseMatch, reverse

from ryhma.forms import NamedChoiceField, QuickSelect
from ryhma.models import User

CHOICES = [("", "---------"), ("a", "Aittojärvi & Siurua"), ("b", "<Kipinä>"), ("c", "Livo")]


@pytest.mark.parametrize("value", [None, "", "b", ["c"], "missing"])
def test_quick_select_writes_the_same_markup_as_djangos_select(value):
    attrs = {"id": "id_place", "class": "form-select", "required": True, "aria-describedby": "x"}
    ours = QuickSelect(choices=CHOICES).render("place", value, attrs)
    django = forms.Select(choices=CHOICES).render("place", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "&lt;Kipinä&gt;" in ours and "Aittojärvi &amp; Siurua" in ours


def test_quick_select_keeps_option_groups_and_selects_only_the_first_match():
    choices = [("Pohjoinen", [("1", "Livo"), ("2", "Korpinen")]), ("1", "Livo again")]
    ours = QuickSelect(choices=choices).render("place", "1", {"id": "id_place"})
    django = forms.Select(choices=choices).render("place", "1", {"id": "id_place"})
    assert parse_html(ours) == parse_html(django)
    assert ours.count(" selected") == 1


def test_quick_select_refuses_multiple_choices():
    widget = QuickSelect(choices=CHOICES)
    widget.allow_multiple_selected = True
    with pytest.raises(TypeError):
        widget.render("place", ["a", "b"])


@pytest.mark.django_db
def test_named_choice_field_labels_rows_by_their_fields_and_returns_the_row():
    first = User.objects.create(username="aino", first_name="Aino", last_name="Alatalo")
    second = User.objects.create(username="bertta", first_name="", last_name="Böök")

    class PickForm(forms.Form):
        user = NamedChoiceField(
            queryset=User.objects.order_by("username"), label_fields=("first_name", "last_name")
        )

    html = str(PickForm()["user"])
    assert f'<option value="{first.pk}">Aino Alatalo</option>' in html
    assert f'<option value="{second.pk}">Böök</option>' in html
    form = PickForm({"user": str(second.pk)})
    assert form.is_valid() and form.cleaned_data["user"] == second
    assert not PickForm({"user": "0"}).is_valid()


def test_row_url_gives_each_row_the_url_that_reverse_gives():
    template = Template(
        "{% row_url 'workers:detail' as worker_url %}{% row_url 'services:catalogue' as url %}"
        "{{ worker_url|with_pk:7 }} {{ url|with_pk:12 }}"
    )
    text = template.render(Context())
    assert text == (
        f"{reverse('workers:detail', args=[7])} {reverse('services:catalogue', args=[12])}"
    )


def test_row_url_refuses_a_url_without_a_row_id():
    with pytest.raises(NoReverseMatch):
        Template("{% row_url 'workers:list' %}").render(Context())


def test_url_maker_gives_each_row_the_url_that_reverse_gives():
    from ryhma.links import url_maker

    late = url_maker("services:add_late", free=5)
    assert late(3, 2026, 11, 28, "kylatalo") == reverse(
        "services:add_late", args=[3, 2026, 11, 28, "kylatalo"]
    )
    assert url_maker("evaluation:explain")("net_effect") == reverse(
        "evaluation:explain", args=["net_effect"]
    )
