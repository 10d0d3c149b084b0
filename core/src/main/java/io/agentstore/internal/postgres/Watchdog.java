package io.agentstore.internal.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what a call waits for on the server by the busy timeout, without cutting off a
 * statement that is running. Every call registers its connection as a {@link Flight} with a
 * deadline (the call's start plus the busy timeout). Every {@value #TICK_MILLIS} ms the watchdog
 * takes the flights past their deadline whose thread waits for the server (blocked in socket I/O
 * inside the PostgreSQL driver) and asks the server, on a connection of its own, what each one's
 * backend is doing ({@code pg_stat_activity}):
 *
 * <ul>
 *   <li>waiting for a lock: the statement is cancelled ({@code pg_cancel_backend}): the call fails
 *       BUSY, its transaction rolled back;
 *   <li>running (active, not waiting for a lock): left alone, and asked about again every
 *       {@value #RECHECK_MILLIS} ms: a long statement of the library's own is never cut off;
 *   <li>idle for longer than {@value #GRACE_MILLIS} ms while the thread waits for its answer, or
 *       no such backend: the request or its answer was lost (a half-open connection, a backend
 *       that is gone): the connection is closed;
 *   <li>no answer within {@value #GRACE_MILLIS} ms: the server is silent (stopped, frozen,
 *       unreachable): the connection is closed.
 * </ul>
 *
 * A flight of long work (an export, an import) has no deadline of its own: each of its
 * statements may wait for a lock up to the busy timeout from the statement's start.
 */
final class Watchdog implements AutoCloseable {

    static final long TICK_MILLIS = 100;
    static final long GRACE_MILLIS = 500;
    static final long RECHECK_MILLIS = 1_000;
    /** The monitor connection is given back after this long without a question. */
    static final long MONITOR_IDLE_MILLIS = 5_000;

    /** Why the watchdog ended a flight's wait. */
    enum Verdict {
        /** Its statement waited for a lock past the busy timeout and was cancelled. */
        LOCK,
        /** The server did not answer the watchdog within the grace: the connection was closed. */
        SILENT,
        /** The server was not working on the request the thread waited for: the connection was closed. */
        LOST
    }

    /** One call's use of one connection. */
    static final class Flight {
        private final Thread thread;
        private final Connection physical;
        private final int pid;
        private final long deadline;
        private final boolean longWork;
        private volatile long nextLook;
        private volatile Verdict verdict;
        /** Set when the call is done with the connection; guarded by the flight's monitor. */
        private boolean landed;

        Flight(Thread thread, Connection physical, int pid, long deadline, boolean longWork) {
            this.thread = thread;
            this.physical = physical;
            this.pid = pid;
            this.deadline = deadline;
            this.longWork = longWork;
            this.nextLook = deadline;
        }

        /** Why the watchdog ended this flight's wait, or null if it did not. */
        Verdict verdict() {
            return verdict;
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Callable<Connection> monitorSource;
    private final long busyTimeoutMillis;
    private final Set<Flight> flights = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    /** Runs the watchdog's own statements, so that a silent server cannot hold the ticker. */
    private final ExecutorService asker;

    private volatile Connection monitor;
    /** The last question the server did not answer within the grace (on the ticker only). */
    private Future<?> pending;
    /** When the monitor connection was last asked something ({@link System#nanoTime()}). */
    private volatile long monitorUsed;

    Watchdog(Callable<Connection> monitorSource, long busyTimeoutMillis) {
        this.monitorSource = monitorSource;
        this.busyTimeoutMillis = busyTimeoutMillis;
        int n = THREADS.incrementAndGet();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agentstore-watchdog-" + n));
        this.asker = Executors.newSingleThreadExecutor(r -> daemon(r, "agentstore-watchdog-ask-" + n));
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Registers the current thread's use of {@code connection} until {@code deadline}
     * ({@link System#nanoTime()}); null where the connection is not the PostgreSQL driver's.
     */
    Flight enter(Connection connection, long deadline, boolean longWork) {
        Connection physical = Drivers.physical(connection);
        int pid = Drivers.backendPid(physical);
        if (pid <= 0) {
            return null;
        }
        Flight f = new Flight(Thread.currentThread(), physical, pid, deadline, longWork);
        flights.add(f);
        return f;
    }

    /** The call is done with the connection: the watchdog no longer touches it. */
    void leave(Flight f) {
        if (f == null) {
            return;
        }
        synchronized (f) {
            f.landed = true;
        }
        flights.remove(f);
    }

    private void tick() {
        try {
            look();
        } catch (RuntimeException | Error e) {
            // The watchdog keeps watching; this tick's flights are looked at again next tick.
        }
    }

    private void look() {
        long now = System.nanoTime();
        List<Flight> due = new ArrayList<>();
        for (Flight f : flights) {
            if (!f.landed && now - f.nextLook >= 0 && waitsForServer(f.thread)) {
                due.add(f);
            }
        }
        if (due.isEmpty()) {
            if (now - monitorUsed > TimeUnit.MILLISECONDS.toNanos(MONITOR_IDLE_MILLIS)) {
                closeMonitor();
            }
            return;
        }
        monitorUsed = now;
        Future<?> unanswered = pending;
        if (unanswered != null && !unanswered.isDone()) {
            // The server has not answered the last question yet: it is still silent.
            for (Flight f : due) {
                end(f, Verdict.SILENT);
            }
            return;
        }
        pending = null;
        Map<Integer, PostgresCatalog.Activity> activity;
        Future<Map<Integer, PostgresCatalog.Activity>> answer = asker.submit(() -> activity(due));
        try {
            activity = answer.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending = answer; // the monitor's own network timeout ends it if the server never answers
            for (Flight f : due) {
                end(f, Verdict.SILENT);
            }
            return;
        } catch (ExecutionException e) {
            // The server refused the question (too many connections, a login refused): it is
            // not silent, and a flight's own connection fails by itself if the server went away.
            abortMonitor();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Flight f : due) {
            PostgresCatalog.Activity a = activity.get(f.pid);
            if (a == null) {
                end(f, Verdict.LOST);
            } else if (!a.active()) {
                if (a.idleMillis() > GRACE_MILLIS) {
                    end(f, Verdict.LOST);
                } else {
                    f.nextLook = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                }
            } else if (a.waitingForLock() && (!f.longWork || a.statementMillis() >= busyTimeoutMillis)) {
                cancel(f);
            } else {
                f.nextLook = now + TimeUnit.MILLISECONDS.toNanos(a.waitingForLock() ? TICK_MILLIS : RECHECK_MILLIS);
            }
        }
    }

    /**
     * Whether a thread waits for the server: blocked in socket I/O (the top of its stack) on
     * behalf of the PostgreSQL driver (a frame of it below). A thread the driver keeps busy
     * decoding rows it already has is not waiting.
     */
    static boolean waitsForServer(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0 || !inSocketIo(stack[0].getClassName())) {
            return false;
        }
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("org.postgresql.core.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inSocketIo(String className) {
        return className.startsWith("sun.nio.ch.")
                || className.startsWith("java.net.")
                || className.startsWith("sun.security.ssl.")
                || className.startsWith("java.io.");
    }

    /** Asks on the asker and waits the grace for the answer (a cancel), else gives the question up. */
    private <T> T ask(Callable<T> question) throws TimeoutException, ExecutionException {
        Future<T> answer = asker.submit(question);
        try {
            return answer.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw e;
        }
    }

    /** Runs on the asker: what the server says of each flight's backend. */
    private Map<Integer, PostgresCatalog.Activity> activity(List<Flight> due) throws Exception {
        return PostgresCatalog.activity(
                monitor(), due.stream().mapToInt(f -> f.pid).toArray());
    }

    private Connection monitor() throws Exception {
        Connection c = monitor;
        if (c == null || c.isClosed()) {
            c = monitorSource.call();
            c.setAutoCommit(true);
            // Its own bound: a statement of the watchdog's that the server does not answer ends.
            c.setNetworkTimeout(Runnable::run, (int) (GRACE_MILLIS * 4));
            monitor = c;
        }
        return c;
    }

    /** Cancels a flight's statement that waits for a lock; the call's thread then fails BUSY. */
    private void cancel(Flight f) {
        synchronized (f) {
            if (f.landed) {
                return;
            }
            f.verdict = Verdict.LOCK;
            try {
                ask(() -> PostgresCatalog.cancel(monitor(), f.pid));
                f.nextLook = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            } catch (TimeoutException | ExecutionException e) {
                abortMonitor();
                f.verdict = Verdict.SILENT;
                abort(f);
            }
        }
    }

    /** Closes a flight's connection: its thread's wait ends with the driver's I/O error. */
    private void end(Flight f, Verdict v) {
        synchronized (f) {
            if (f.landed) {
                return;
            }
            f.verdict = v;
            abort(f);
        }
    }

    private static void abort(Flight f) {
        try {
            f.physical.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // Already closed: the thread's wait has ended either way.
        }
    }

    /** Closes the monitor connection at once (on the ticker: the asker may be stuck in it). */
    private void abortMonitor() {
        Connection c = monitor;
        monitor = null;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // Broken already.
            }
        }
    }

    /** Gives the monitor connection back while no call is out. */
    private void closeMonitor() {
        Connection c = monitor;
        if (c == null) {
            return;
        }
        asker.execute(() -> {
            if (monitor == c) {
                monitor = null;
                try {
                    c.close();
                } catch (SQLException e) {
                    // Broken already.
                }
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        asker.shutdownNow();
        abortMonitor();
    }
}
