from rest_framework.routers import DefaultRouter

from shop.catalog.api.views import ProductViewSet

router = DefaultRouter()
router.register("products", ProductViewSet)

app_name = "api"
urlpatterns = router.urls
