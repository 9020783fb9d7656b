"""Signals other apps listen to without accounts knowing them (api sits on top of accounts).

`credentials_changed` is sent when what proves the account changes: a new password (a
change or a reset, not a rehash at login) or two-factor turned off. Anything that carried
the old proof must stop: the API's tokens are revoked (api.signals).
"""

from django.dispatch import Signal

# Arguments: user, reason ("password" or "two_factor_off").
credentials_changed = Signal()
