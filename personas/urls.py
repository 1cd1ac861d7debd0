app_name = "personas"

urlpatterns = []
