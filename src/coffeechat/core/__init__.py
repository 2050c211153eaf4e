"""Pure domain: models, rules and engines. No I/O, no clock reads (see README.md)."""
