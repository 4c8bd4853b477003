"""fgr fetch: FGR pages from the site, politely, into dated readings."""
