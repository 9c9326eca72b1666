from django.http import HttpResponse


def national(request):
    return HttpResponse("todo")
