from django.contrib import admin

from .models import Persona


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "segment", "age", "owner"]
    search_fields = ["name", "segment"]
