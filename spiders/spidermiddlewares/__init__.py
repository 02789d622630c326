"""Spider middlewares: the distributed mode's acknowledgement of finished requests."""
