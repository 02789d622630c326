"""The distributed scheduler's parts on the Redis frontier: the reliable queue and the expiring dupefilter."""
