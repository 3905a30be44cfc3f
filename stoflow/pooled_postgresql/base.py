"""django-tenants' PostgreSQL backend for a transaction-pooling PgBouncer (DB_TRANSACTION_POOLING).

django-tenants chooses the shop with a session-level `SET search_path` when a cursor is opened. Behind
a pooler in transaction mode each transaction may run on a different server connection, so that SET
can land on one server connection and the next query on another, still set for some other shop: a
shop would read or write another shop's tables. Here the path is set with `SET LOCAL` inside every
transaction instead, before its first statement, and a statement Django runs in autocommit mode is
wrapped in a transaction of its own so it gets one too. Nothing is left on the server connection for
the next client. See docs/deployment.md ("PgBouncer") and decisions/0013.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql.base import Cursor as DjangoCursor
from django_tenants.postgresql_backend import base as tenants_base
from django_tenants.utils import quote_schema_name
from psycopg import pq


class PooledCursor(DjangoCursor):
    """A cursor whose statements always run in a transaction that starts with the shop's path.

    `search_path` is given by the wrapper that opened the cursor; cursors psycopg or Django open for
    their own connection set-up have none and run unchanged.
    """

    search_path = None  # the DatabaseWrapper, for its current search path statement

    def execute(self, query, params=None, **kwargs):
        if self.search_path is None:
            return super().execute(query, params, **kwargs)
        if self.connection.autocommit:
            with self.connection.transaction():
                self._set_local_path(force=True)
                return super().execute(query, params, **kwargs)
        self._set_local_path()
        return super().execute(query, params, **kwargs)

    def executemany(self, query, params_seq, **kwargs):
        if self.search_path is None:
            return super().executemany(query, params_seq, **kwargs)
        if self.connection.autocommit:
            with self.connection.transaction():
                self._set_local_path(force=True)
                return super().executemany(query, params_seq, **kwargs)
        self._set_local_path()
        return super().executemany(query, params_seq, **kwargs)

    def _set_local_path(self, force: bool = False) -> None:
        wrapper = self.search_path
        statement = wrapper.search_path_statement()
        status = self.connection.info.transaction_status
        # IDLE: the statement about to run opens a new transaction, which has no path yet.
        if force or status == pq.TransactionStatus.IDLE or wrapper.local_search_path != statement:
            super().execute(statement)
            wrapper.local_search_path = statement


class DatabaseWrapper(tenants_base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        # The SET LOCAL statement already run in the open transaction, if any.
        self.local_search_path = None
        super().__init__(*args, **kwargs)

    def get_connection_params(self):
        params = super().get_connection_params()
        params["cursor_factory"] = PooledCursor
        return params

    def create_cursor(self, name=None):
        if name:
            # A named (server-side) cursor lives across transactions, which a pooler does not allow.
            raise ImproperlyConfigured("Set DISABLE_SERVER_SIDE_CURSORS with DB_TRANSACTION_POOLING.")
        cursor = super().create_cursor(name)
        cursor.search_path = self
        return cursor

    def _handle_search_path(self, cursor=None):
        # No session-level SET: PooledCursor sets the path in each transaction.
        return

    def search_path_statement(self) -> str:
        paths = self._get_cursor_search_paths()
        return "SET LOCAL search_path = " + ",".join(quote_schema_name(path) for path in paths)

    def set_tenant(self, tenant, include_public=True):
        super().set_tenant(tenant, include_public)
        self.local_search_path = None

    def _commit(self):
        self.local_search_path = None
        return super()._commit()

    def _rollback(self):
        self.local_search_path = None
        return super()._rollback()

    def savepoint_rollback(self, sid):
        # ROLLBACK TO SAVEPOINT undoes a SET LOCAL run after the savepoint.
        try:
            super().savepoint_rollback(sid)
        finally:
            self.local_search_path = None

    def close(self):
        self.local_search_path = None
        super().close()
