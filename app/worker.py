"""Network work off the GUI thread: one job at a time in a :class:`QThread`.

The GUI thread prepares plain values, hands :meth:`Worker.start` a function of
them, and applies the outcome when ``succeeded`` or ``failed`` arrives (queued
to the GUI thread), so documents are never touched from two threads.  The
e-mail window code and the calendar-server code (:mod:`app.publish_ui`) use it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal, Slot

from planner.errors import InputError

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], Any]


class Job(QObject):
    """Runs ``work(progress)`` in the worker thread; reports with signals."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work):
        super().__init__()
        self._work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except InputError as e:  # a problem to show: what failed and the fix
            self.failed.emit(e)
        except Exception as e:  # never lost: logged here, shown by the GUI thread
            log.exception("background job failed")
            self.failed.emit(e)
        else:
            self.succeeded.emit(result)


class Worker(QObject):
    """Starts jobs in a thread of their own and passes their signals on, on the GUI
    thread, once the thread has stopped."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: Job | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, work: Work) -> bool:
        """Run ``work`` in a new thread; False (nothing started) while a job runs."""
        if self.running:
            return False
        job = Job(work)
        thread = QThread(self)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.progressed.connect(self.progressed)
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        thread.finished.connect(job.deleteLater)
        self._thread, self._job = thread, job
        thread.start()
        return True

    def _stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        self._thread = self._job = None

    def wait(self, *, deliver: bool = False) -> None:
        """Block until a running job has ended (the window is closing).  Its outcome is
        dropped, or with ``deliver`` passed on now, before this returns."""
        if self._thread is None:
            return
        if not deliver and self._job is not None:
            self._job.succeeded.disconnect(self._on_job_succeeded)
            self._job.failed.disconnect(self._on_job_failed)
        thread = self._thread
        thread.quit()
        thread.wait()
        if deliver:  # the job's queued signal is waiting in this thread's event queue
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall.value)
        self._stop()

    @Slot(object)
    def _on_job_succeeded(self, result: object) -> None:
        self._stop()
        self.succeeded.emit(result)

    @Slot(object)
    def _on_job_failed(self, error: object) -> None:
        self._stop()
        self.failed.emit(error)
