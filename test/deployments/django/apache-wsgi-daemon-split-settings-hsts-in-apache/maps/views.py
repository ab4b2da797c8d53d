from django.http import JsonResponse


def tiles(request):
    return JsonResponse({"tiles": []})
