from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


@login_required
def page_list(request):
    return render(request, "pages/list.html")


@login_required
def page_detail(request, slug):
    return render(request, "pages/detail.html", {"slug": slug})
