"""statusgen collect: fetch records from the monitoring tools' and helpdesks' HTTP APIs.

One module per API (:mod:`.uptimerobot`, :mod:`.prometheus`, :mod:`.zendesk`,
:mod:`.freshdesk`, :mod:`.pingdom`, :mod:`.betterstack`, :mod:`.uptime_kuma`,
:mod:`.intercom`), all on one careful HTTP client (:mod:`.http`) and one cursor store
(:mod:`.state`). Each collector turns responses into records with the same code the
matching import format uses, so a fetched record and an imported one are the same record.
"""
