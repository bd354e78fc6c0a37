"""Probes an attacker or a careless user would try: each a test that failed before its fix."""
