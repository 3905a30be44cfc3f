"""kombu's Redis transport, with one fix: a broker Redis restart must not crash the worker.

When the broker goes away while the worker's channel waits in BRPOP, Celery's consumer
(celery/worker/consumer/consumer.py, on_connection_error_after_connected) first collects the
connection, which detaches the transport from it (`transport.client = None`) while the channel's
first close fails on the dead socket, then closes the connection again. That second close of the
same channel restores its unacknowledged messages (kombu/transport/virtual/base.py
restore_unacked_once), which needs a new connection pool, whose parameters are read from the
detached `transport.client`: `AttributeError: 'NoneType' object has no attribute 'hostname'`,
which is not a connection error, so the worker stops with "Unrecoverable error" (kombu 5.7.0,
celery 5.7.0; reproduced by restarting Redis under a worker with one task running and one slot
free, see tests/faults).

Here the detached channel says so with a Redis ConnectionError, which kombu's close ignores as
it does any connection error: the consumer reconnects. The messages it could not restore stay in
the broker's unacked hash and kombu restores them after the visibility timeout; a lost
publication message is also sent again by the beat dispatcher (docs/publishing.md), and the job's
claim makes a second delivery a no-op. Selected with CELERY_BROKER_TRANSPORT.
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise RedisConnectionError("the broker connection was closed under this channel")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
