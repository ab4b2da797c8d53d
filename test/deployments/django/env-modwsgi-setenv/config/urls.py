from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("users/", include("shop.users.urls", namespace="users")),
    path("api/", include("config.api_router")),
    path("", include("shop.catalog.urls", namespace="catalog")),
    path("orders/", include("shop.orders.urls", namespace="orders")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
