from django.conf import settings
from django.core.checks import Error, Warning, register

from stoflow import keyring


@register()
def encryption_keys(app_configs, **kwargs):
    try:
        keyring.current()
    except keyring.KeyRingError as error:
        return [Error(f"STOFLOW_ENCRYPTION_KEYS is unusable: {error}", id="stoflow.E001")]
    if settings.PRODUCTION and settings.ENCRYPTION_KEYS == settings.DEV_ENCRYPTION_KEYS:
        return [Error("Production uses the public development encryption key.", id="stoflow.E002")]
    return []


@register(deploy=True)
def secret_key_is_not_the_development_one(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [Warning("SECRET_KEY is the public development key.", id="stoflow.W001")]
    return []
