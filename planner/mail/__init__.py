"""E-mail: iMIP invitations and clock-change notices (DESIGN.md, "E-mail invitations"
and "Clock changes").

Modules, imported directly (the plan loader reads :mod:`.config` on every
load, so this package imports nothing heavy by itself):

* :mod:`.config` — the plan's ``[mail]`` table and the password from the keyring.
* :mod:`.messages` — iMIP messages (RFC 6047) carrying RFC 5546 ``REQUEST`` and
  ``CANCEL`` calendars, and the plain clock-change notices.
* :mod:`.transport` — sending over SMTP (STARTTLS, TLS, or plain to this machine).
* :mod:`.sent` — what was sent, in a table of the plan the program owns.
* :mod:`.policy` — how a message is written out (CRLF, headers folded within 78 columns).
* :mod:`.lint` — the interop rules of an ``.eml`` invitation, for ``overlap check``.
"""
