"""The country a site's domain names and the timezones of a country (the system's zone tables), for the entries
``twincrawl sources discover`` proposes."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

_ZONE_TABLES = ("zone.tab", "zone1970.tab")
#: The zone most of the country's people live in, for the countries of several zones whose table lists another
#: first.
_MAIN_ZONES = {
    "RU": "Europe/Moscow", "US": "America/New_York", "UA": "Europe/Kyiv", "ES": "Europe/Madrid",
    "KZ": "Asia/Almaty", "CA": "America/Toronto", "AU": "Australia/Sydney", "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City", "CN": "Asia/Shanghai", "ID": "Asia/Jakarta", "DE": "Europe/Berlin",
}  # fmt: skip


def country_timezones(country: str, city: str | None = None) -> list[str]:
    """The IANA zones of a country (the system's zone tables), the zone named after ``city`` or the main one
    first; empty when unknown."""
    zones = _table_zones(country)
    first = [zone for zone in zones if city and zone.rsplit("/", 1)[-1].lower() == city.lower().replace(" ", "_")]
    first = first or [zone for zone in zones if zone == _MAIN_ZONES.get(country)]
    return list(dict.fromkeys(first + zones))


def _table_zones(country: str) -> list[str]:
    for folder in zoneinfo.TZPATH:
        for name in _ZONE_TABLES:
            table = Path(folder) / name
            if table.is_file():
                zones = []
                for line in table.read_text(encoding="utf-8").splitlines():
                    fields = line.split("\t")
                    if not line.startswith("#") and len(fields) >= 3 and country in fields[0].split(","):
                        zones.append(fields[2])
                return zones
    return []


def country_of(url: str) -> str | None:
    """The country a URL's top-level domain names (``.de`` gives ``DE``), None for a generic domain or an IP."""
    tld = str(urlsplit(url).hostname or "").rsplit(".", 1)[-1]
    return tld.upper() if re.fullmatch(r"[a-z]{2}", tld) and tld != "eu" else None
