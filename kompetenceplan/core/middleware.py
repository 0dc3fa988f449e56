"""Danish by default: the language is the user's explicit choice (the language
cookie set by the switch in the header), never the browser's Accept-Language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DanishByDefaultLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
