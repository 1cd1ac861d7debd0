"""No lost updates: every versioned object (map, stage, lane, card, touchpoint, goal, persona)
is edited the same way.

- Its form is a `VersionedForm`: a hidden `version`, the one the form was drawn from.
- The service saves only if the stored row still has that version (`save_if_current`, called
  by journeys.services.update and delete), else raises Stale and writes nothing.
- The view then answers 409 with the stored values and `conflict_context(...)`, which the one
  conflict template (templates/_conflict.html) shows: whose save won, and what was not saved.
"""

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]  # a new object has no version to check
        elif self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


def is_stale(obj, post):
    """The posted form was drawn from another version than the stored one."""
    return str(obj.version) != post.get("version", "")


def save_if_current(obj, expected_version, fields):
    """Save `fields` of `obj` only if the stored row still has `expected_version`.

    Returns False (and writes nothing) when someone saved the row since the form was drawn.
    The conditional UPDATE claims the row atomically on every database.
    """
    model = type(obj)
    with transaction.atomic():
        claimed = model.objects.filter(pk=obj.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            return False
        obj.version = int(expected_version) + 1
        obj.save(update_fields=[*fields, "version"])
    return True


def unsaved_changes(form_class, post, current, names):
    """[(label, posted value)] for fields whose posted value differs from the stored one: what a
    refused (stale) save would have changed, shown beside the current version."""
    fields = form_class.base_fields
    changes = []
    for name in names:
        posted = post.get(name, "").strip()
        stored = getattr(current, name)
        stored = "\n".join(stored) if isinstance(stored, list) else str(stored or "")
        if posted != stored.strip() and name in fields:
            label = fields[name].label or name.replace("_", " ").capitalize()
            changes.append((label, posted or _("(empty)")))
    return changes


# What a conflict is about, by the name its caller gives (a label, so it is translated):
# the sentences below name it, so "this goal" reads "이 목표" in Korean.
CONFLICT_SUBJECTS = {
    "map": gettext_lazy("map"),
    "stage": gettext_lazy("stage"),
    "lane": gettext_lazy("lane"),
    "card": gettext_lazy("card"),
    "touchpoint": gettext_lazy("touchpoint"),
    "goal": gettext_lazy("goal"),
    "persona": gettext_lazy("persona"),
}


def conflict_context(what, form_class, post, current, names, deleting=False):
    """What the conflict template shows after a refused save or delete of `current`."""
    subject = CONFLICT_SUBJECTS.get(what, what)
    if deleting:
        message = _(
            "Someone else changed this %(subject)s since you opened it, so it was not deleted. "
            "This is the current version."
        ) % {"subject": subject}
    else:
        message = _(
            "Someone else changed this %(subject)s while you were editing. This is the current "
            "version; your changes were not saved."
        ) % {"subject": subject}
    return {"conflict": message, "unsaved": unsaved_changes(form_class, post, current, names)}
