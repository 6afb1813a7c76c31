package io.lucidity.migrator.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.support.TestDb;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationLockHandOverTest {
    private final TestDb db = new TestDb();

    @AfterEach
    void cleanUp() {
        db.close();
    }

    @Test
    void aWaiterTakesTheLockWithinMillisecondsOfTheRelease() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection first = db.connect();
                Connection second = db.connect()) {
            List<Long> handOvers = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                handOvers.add(handOver(pool, first, second));
            }
            Collections.sort(handOvers);
            System.out.println("hand-overs after release (ms): " + handOvers);
            // The poll alone (250 ms) would hand over after about 125 ms on average; the notification within a few.
            assertThat(handOvers.get(2)).as("median hand-over in ms").isLessThan(50);
            try (var s = second.createStatement();
                    var rs = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("channels the waiter still listens to")
                        .isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Milliseconds from the end of the holder's work to the waiter holding the lock. */
    private static long handOver(ExecutorService pool, Connection first, Connection second) throws Exception {
        MigrationLock lock = MigrationLock.of(first, "public");
        AtomicLong released = new AtomicLong();
        AtomicLong acquired = new AtomicLong();
        CountDownLatch held = new CountDownLatch(1);
        Future<?> waiter = pool.submit(() -> {
            held.await();
            return MigrationLock.of(second, "public")
                    .withLock(
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(10),
                            w -> acquired.set(System.nanoTime()),
                            () -> null);
        });
        lock.withLock(Duration.ofSeconds(5), Duration.ofSeconds(10), w -> {}, () -> {
            held.countDown();
            pause(400); // long enough for the waiter to be waiting, and off a poll boundary
            released.set(System.nanoTime());
            return null;
        });
        waiter.get(20, TimeUnit.SECONDS);
        return TimeUnit.NANOSECONDS.toMillis(acquired.get() - released.get());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
