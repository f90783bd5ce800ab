"""Two-factor login with a TOTP authenticator app (django-otp).

Who must use it is decided once, when the password login succeeds (`mark_session`): a
coordinator of a municipality that requires it, and anyone who has set up an app of their
own accord. Until such a session confirms a code, `TwoFactorMiddleware` sends every page to
the setup page (no app yet) or to the code page.
"""

from base64 import b32encode

from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ryhma import audit
from ryhma.models import AuditAction, Role

SESSION_REQUIRED = "ryhma_two_factor_required"
SESSION_NEW_KEY = "ryhma_two_factor_new_key"


def municipality_requires(user) -> bool:
    membership = getattr(user, "membership", None)
    return bool(
        user.role == Role.COORDINATOR
        and membership is not None
        and membership.municipality.coordinators_need_two_factor
    )


def has_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def mark_session(sender, request, user, **kwargs) -> None:
    """On login (user_logged_in): remember whether this session still needs a code."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REQUIRED] = municipality_requires(user) or has_device(user)


def new_key(session) -> str:
    """The secret shown on the setup page; kept in the session until a code confirms it."""
    if not session.get(SESSION_NEW_KEY):
        session[SESSION_NEW_KEY] = random_hex(20)
    return session[SESSION_NEW_KEY]


def unsaved_device(user, key: str) -> TOTPDevice:
    return TOTPDevice(user=user, key=key, name="authenticator", confirmed=False)


def readable_key(device: TOTPDevice) -> str:
    """The key as an authenticator app asks it typed: base32 in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_device(*, user, key: str, token: str, municipality_id=None) -> TOTPDevice | None:
    """Save the app's key if `token` is its current code; None when the code is wrong."""
    device = unsaved_device(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not totp.verify(int(token), tolerance=device.tolerance):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.last_t = totp.t()
    device.full_clean()
    device.save()
    audit.record(
        actor=user,
        action=AuditAction.CREATE,
        instance=device,
        changes={"two_factor": [None, "authenticator app set up"]},
        municipality_id=municipality_id,
    )
    return device


def verified_device(user, token: str) -> TOTPDevice | None:
    """The user's device that accepts `token` (throttled after failures), or None."""
    for device in devices_for_user(user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None
