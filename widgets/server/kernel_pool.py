"""The kernel manager clinquiz's Voila servers use: closed pages free their kernels, the pool refills gently.

voila.json names it (``VoilaConfiguration.multi_kernel_manager_class``); Voila wraps it in its
own preheating manager when the server runs with ``--preheat_kernel=True`` (the student
server, see widgets/server/launcher.py), so everything here works with and without a pool.

1. **Disconnected kernels are culled soon.** A page that is closed sends Voila's shutdown
   beacon (widgets/server/voila_app.py makes it work), but a phone that locks or loses its
   network, a crashed browser, or a request whose page never connected sends nothing; its
   kernel would hold its memory until ``cull_idle_timeout`` (30 min in voila.json), which
   with a class of 60 is gigabytes. A kernel with *no open connection* that has been idle
   for ``cull_disconnected_timeout`` seconds (default 600) is shut down; a connected
   kernel keeps the longer ``cull_idle_timeout``. Ten minutes lets a phone sleep through a
   class discussion and come back; a learner who comes back later reloads and resumes
   (every answer is in the records). The culler runs every ``cull_interval`` seconds, and
   only when ``cull_idle_timeout`` is set (voila.json sets both).
2. **The preheated pool is refilled after the rush, a few kernels at a time.** Voila
   refills the pool one kernel per page request, each after ``fill_delay`` (1 s), all at
   once: after a class of 60 arrives, 60 kernels start together while the 60 learners
   begin their quiz, and on 2 cores every click then waits behind them. Here a refill
   waits until no page has taken a pool kernel for ``preheat_quiet_s`` seconds (the class
   has arrived), unless fewer than LOW_WATER preheated kernels are left; then at most
   ``preheat_concurrency`` pool kernels (default: half the cores, at least 1) are starting
   at any time. A kernel counts as starting until it has run the notebook up to the cell
   that waits for its page request (it has connected to /voila/query/<id>), has gone
   quiet, or PREHEAT_SLOT_LIMIT_S has passed. The wait comes before Voila does anything for
   the new pool kernel (it first builds the page's renderer, compiling the templates on the
   server's one thread). Kernels started for a page request (no pool) are never held back.
"""

from __future__ import annotations

import asyncio
import functools
import os
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer, default

from widgets.events import announce

PREHEAT_SLOT_LIMIT_S = 60.0  # a pool kernel that never reaches its waiting cell frees its slot after this
QUIET_S = 1.0  # a pool kernel idle this long has finished its notebook (one with no waiting cell)
POLL_S = 0.1
LOW_WATER = 2  # with fewer preheated kernels left than this, the pool refills at once


def _waiting_kernels() -> Any:
    """Kernel ids whose notebook waits for its page request (Voila's /voila/query websockets)."""
    try:
        from voila.request_info_handler import RequestInfoSocketHandler
    except ImportError:
        return {}
    return getattr(RequestInfoSocketHandler, "_waiters", {})


class ClinquizKernelManager(AsyncMappingKernelManager):
    """Voila's default kernel manager with disconnected-kernel culling and a gently refilled preheated pool."""

    cull_disconnected_timeout = Integer(
        600,
        config=True,
        help="""Shut down a kernel with no open connection (its page closed without the shutdown
        beacon, or it never connected) once it has been idle this many seconds; 0: only
        cull_idle_timeout applies. Checked every cull_interval seconds, when culling is on.""",
    )

    preheat_concurrency = Integer(
        config=True,
        help="""How many preheated-pool kernels may be starting (running their notebook up to the
        cell that waits for the page request) at the same time. Kernels started for a page
        request are never held back.""",
    )

    preheat_quiet_s = Integer(
        3,
        config=True,
        help="""Refill the preheated pool only once no page has taken a pool kernel for this many
        seconds (or the pool is nearly empty), so that a class arriving together is not slowed
        down by the kernels started to replace theirs.""",
    )

    @default("preheat_concurrency")
    def _default_preheat_concurrency(self) -> int:
        return max(1, (os.cpu_count() or 2) // 2)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._preheat_slots: asyncio.Semaphore | None = None
        self._closing = False
        self._last_refill_asked = 0.0

    async def shutdown_all(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self._closing = True  # pool kernels still waiting for a start slot are not started any more
        await super().shutdown_all(*args, **kwargs)

    # -- culling ------------------------------------------------------------------------------

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        kernel = self._kernels.get(kernel_id)
        if (
            kernel is not None
            and self.cull_disconnected_timeout > 0
            and not self._kernel_connections.get(kernel_id, 0)
            and hasattr(kernel, "last_activity")
            and getattr(kernel, "execution_state", None) not in ("busy", "starting")
        ):
            idle = datetime.now(timezone.utc) - kernel.last_activity
            if idle > timedelta(seconds=self.cull_disconnected_timeout):
                self.log.info(
                    "Culling kernel %s: no connection and idle for %d s", kernel_id, int(idle.total_seconds())
                )
                await ensure_async(self.shutdown_kernel(kernel_id))
                return
        await super().cull_kernel_if_idle(kernel_id)

    # -- the pool -----------------------------------------------------------------------------

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Voila's preheating manager is made as a subclass of this one: gate its pool start-ups.

        Voila starts a pool kernel in ``_initialize`` (it builds the page's renderer, compiling
        the templates, ~50 ms of the server's one thread, then starts the kernel and runs the
        notebook); the gate comes before all of it. A restart (a kernel id given) is not gated.
        """
        super().__init_subclass__(**kwargs)
        initialize = cls.__dict__.get("_initialize")
        if initialize is None or getattr(initialize, "_clinquiz_gated", False):
            return

        @functools.wraps(initialize)
        async def gated(
            self: ClinquizKernelManager, notebook_path: str, kernel_id: str | None = None, **options: Any
        ) -> Any:
            if kernel_id is not None:
                return await initialize(self, notebook_path, kernel_id, **options)
            await self._pool_slot()
            try:
                content = await initialize(self, notebook_path, kernel_id, **options)
            except BaseException:
                self._release_slot()
                raise
            asyncio.ensure_future(self._release_when_heated(content["kernel_id"]))
            return content

        gated._clinquiz_gated = True  # type: ignore[attr-defined]
        cls._initialize = gated  # type: ignore[attr-defined]

    async def _pool_slot(self) -> None:
        """Wait until the class has arrived (or the pool runs low), then for a start slot."""
        if self._preheat_slots is None:
            self._preheat_slots = asyncio.Semaphore(max(1, self.preheat_concurrency))
        self._last_refill_asked = time.monotonic()  # Voila asks for a refill each time a page takes a kernel
        while (
            not self._closing
            and self._ready_in_pool() >= LOW_WATER
            and time.monotonic() - self._last_refill_asked < self.preheat_quiet_s
        ):
            await asyncio.sleep(POLL_S * 2)
        await self._preheat_slots.acquire()
        if self._closing:
            self._release_slot()
            raise RuntimeError("the server is stopping: no more pool kernels")

    def _release_slot(self) -> None:
        if self._preheat_slots is not None:
            self._preheat_slots.release()

    def _pool_target(self) -> int:
        """The pool's configured size (Voila's kernel_pools_config; 0 without a pool)."""
        config = getattr(self, "kernel_pools_config", None) or {}
        default = config.get("default", {}) if isinstance(config, dict) else {}
        return int(default.get("pool_size", 0) or 0)

    def _announce_pool(self) -> None:
        """A console line with the pool's progress (the launcher prints it when the count changes)."""
        target = self._pool_target()
        if target > 0:
            announce("pool", ready=min(self._heated_in_pool(), target), size=target)

    def _ready_in_pool(self) -> int:
        """Preheated kernels ready to be taken (Voila's pool: its finished start-up tasks)."""
        ready = 0
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    ready += 1
        return ready

    def _heated_in_pool(self) -> int:
        """Pool kernels that have run the notebook up to the cell that waits for a page."""
        waiting = _waiting_kernels()
        heated = 0
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    heated += task.result().get("kernel_id") in waiting
        return heated

    async def _release_when_heated(self, kernel_id: str) -> None:
        """Hold the start slot until the pool kernel waits for its page, goes quiet, or ends."""
        began = time.monotonic()
        quiet_since: float | None = None
        try:
            while time.monotonic() - began < PREHEAT_SLOT_LIMIT_S:
                await asyncio.sleep(POLL_S)
                kernel = self._kernels.get(kernel_id)
                if kernel is None or kernel_id in _waiting_kernels():
                    return
                if getattr(kernel, "execution_state", None) == "idle" and time.monotonic() - began > QUIET_S:
                    quiet_since = quiet_since or time.monotonic()
                    if time.monotonic() - quiet_since >= QUIET_S:
                        return
                else:
                    quiet_since = None
        finally:
            self._release_slot()
            self._announce_pool()
