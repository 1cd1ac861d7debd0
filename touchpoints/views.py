from django.http import HttpResponse


def touchpoint_add(request, journey_pk):
    return HttpResponse(status=501)


def touchpoint_show(request, pk):
    return HttpResponse(status=501)


def touchpoint_edit(request, pk):
    return HttpResponse(status=501)


def touchpoint_delete(request, pk):
    return HttpResponse(status=501)
