"""Real servers started by the tests on loopback ports."""
