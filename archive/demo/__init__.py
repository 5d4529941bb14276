"""Demo data of the archive app, added by ``seed_demo`` after the case files."""
