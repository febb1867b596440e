app_name = "publicity"
urlpatterns = []
