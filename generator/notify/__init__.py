"""statusgen notify: tell people what changed since the last announcement.

``facts`` reads what the data says now (from the same model the site is built from),
``events`` compares it with what was last announced and words each change for its
audience, ``state`` keeps what was announced and what is still to send, ``deliver`` sends
through Apprise, and ``run`` ties them together under the data directory's write lock.
"""
