"""The JSON Schema of the clients file: who the clients are and what their contracts say.

The file is private: it names a company's customers and their fees, so it need not be
committed; ``--clients FILE`` or ``$STATUSGEN_CLIENTS`` point to it.
"""

from __future__ import annotations

from typing import Any

from generator.config.schema_common import TEXT
from generator.config.schema_common import described as _d
from generator.config.schema_common import obj as _obj

CLIENT_ID = {
    "description": "The client's id as the tickets carry it in their client column (the "
    "helpdesk's organization or company id): letters, digits, '.', '_', ':' or '-'.",
    "anyOf": [
        {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:-]*$", "maxLength": 64},
        {"type": "integer", "minimum": 0},
    ],
}
MONEY = {
    "description": "An amount of money: a number with at most 4 decimals, e.g. 1200 or "
    "'1200.50' (quote it to keep every digit).",
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,4})?$"},
        {"type": "number", "minimum": 0},
    ],
}

CLIENTS_SCHEMA: dict[str, Any] = _obj(
    {
        "clients": _d(
            {
                "type": "array",
                "items": _obj(
                    {
                        "id": _d(CLIENT_ID, "The client's id, as its tickets carry it."),
                        "name": _d(TEXT, "The client's name on its report (default: the id)."),
                        "plan": _d(TEXT, "The client's subscription plan."),
                        "fee": _d(
                            MONEY,
                            "What the client pays per SLA period: a number with at most 4 "
                            "decimals, e.g. 1200 or '1200.50'.",
                        ),
                        "currency": _d(
                            {"type": "string", "pattern": "^[A-Z]{3}$"},
                            "The fee's currency (ISO 4217 code, e.g. EUR).",
                        ),
                        "specialist_setup": _d(
                            {"type": "boolean"},
                            "Whether the service setup was done with a specialist's "
                            "involvement (the SLA's credits may be void without it).",
                        ),
                        "sla": _d(
                            TEXT,
                            "The contract's own SLA file, if it differs from data/sla.yml "
                            "(relative to this file): its targets and credit terms apply to "
                            "this client. Same time zone and periods.",
                        ),
                    },
                    ["id", "fee", "currency", "specialist_setup"],
                ),
            },
            "Every client that gets its own report.",
        ),
    },
    ["clients"],
)
