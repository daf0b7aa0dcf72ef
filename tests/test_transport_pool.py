"""The connection pools on their own, against real servers on 127.0.0.1 (one per port, as hosts are)."""
import asyncio
from collections import Counter

import httpx

from collectors.transport import pool as pool_module
from collectors.transport.pool import PerHostPool


async def servers(count):
    """`count` keep-alive HTTP servers; returns their ports and how many connections each has accepted."""
    accepted: Counter[int] = Counter()
    ports: list[int] = []

    def handler(index):
        async def answer(reader, writer):
            accepted[index] += 1
            try:
                while await reader.readuntil(b"\r\n\r\n"):
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
        return answer

    running = []
    for index in range(count):
        server = await asyncio.start_server(handler(index), "127.0.0.1", 0)
        running.append(server)
        ports.append(server.sockets[0].getsockname()[1])
    return ports, accepted, running


def test_a_host_reuses_its_connection_and_idle_hosts_are_let_go_past_the_limit(monkeypatch):
    monkeypatch.setattr(pool_module, "most_idle_hosts", lambda: 2)

    async def go():
        ports, accepted, running = await servers(3)
        pool = PerHostPool(None, per_host=2, allowed=frozenset(("127.0.0.1", p) for p in ports))
        async with httpx.AsyncClient(transport=pool) as client:
            async def get(i):
                response = await client.get(f"http://127.0.0.1:{ports[i]}/")
                assert response.text == "ok"
            await get(0)
            await get(0)
            reused = accepted[0]
            await get(1)
            await get(2)  # a third host: the idle connections of the first two are closed to make room
            await get(0)
        for server in running:
            server.close()
        return reused, accepted

    reused, accepted = asyncio.run(go())
    assert reused == 1  # two requests, one connection
    assert accepted == {0: 2, 1: 1, 2: 1}  # host 0 had to connect again
