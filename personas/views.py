from django.http import HttpResponse
from django.shortcuts import redirect


def persona_list(request):
    return redirect("/")


def persona_create(request):
    return HttpResponse(status=501)


def persona_edit(request, pk):
    return HttpResponse(status=501)


def persona_delete(request, pk):
    return HttpResponse(status=501)


def persona_attach(request, journey_pk):
    return HttpResponse(status=501)


def persona_detach(request, journey_pk, persona_pk):
    return HttpResponse(status=501)
