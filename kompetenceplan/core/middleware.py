"""Danish by default: the language is the user's explicit choice (the language
cookie set by the switch in the header), never the browser's Accept-Language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class DanishByDefaultLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForAuthenticatedMiddleware:
    """`Cache-Control: no-store, private` on every response to a logged-in user.

    Every page behind login shows the tenant's data (names, e-mails, plans), and
    the exports are files of personal data, so no browser or proxy may keep a copy
    (issue 7, finding 13; docs/security.md "Caching of personal data"). Pages for
    anonymous visitors (login, accessibility statement) and static files keep the
    default caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, no_store=True, private=True)
        return response
