"""Exit 0 if the PostgreSQL URL given as argument accepts a connection, else 1."""

import sys

try:
    import psycopg
except ImportError:  # pragma: no cover
    sys.exit(1)

url = sys.argv[1] if len(sys.argv) > 1 else ""
if not url.startswith(("postgres://", "postgresql://")):
    sys.exit(1)
try:
    psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception:
    sys.exit(1)
sys.exit(0)
