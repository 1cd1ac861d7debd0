"""Writing team templates. A template is not a map: saving one reads the map through the
interchange export and changes nothing on it, so no map change is recorded."""

import hashlib

from journeys.interchange import dumps, export_document

from .models import TeamTemplate

# What a template without content keeps of its map: the frame, not what is written in it.
STRUCTURE = ("format", "version", "title", "description", "kind", "locale")
STRUCTURE += ("personas", "stages", "lanes")


def template_document(journey, with_content=True):
    """The map as an interchange document; without content, its stages, lanes and personas."""
    doc = export_document(journey)
    return doc if with_content else {k: v for k, v in doc.items() if k in STRUCTURE}


def save_as_template(journey, owner, name, with_content=True):
    """`owner` saves `journey` as a template of the map's workspace."""
    doc = template_document(journey, with_content)
    return TeamTemplate.objects.create(
        workspace=journey.workspace,
        owner=owner,
        name=name,
        document=doc,
        digest=hashlib.sha256(dumps(doc).encode("utf-8")).hexdigest(),
        with_content=with_content,
    )


def rename_template(template, name):
    template.name = name
    template.save(update_fields=["name"])
    return template


def delete_template(template):
    template.delete()
