package io.lucidity.migrator.testing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of one template, a few prepared ahead on the background thread so that a test usually takes one that is
 * ready. When none is ready the test's thread copies one itself. Thread-safe.
 */
final class ClonePool {
    private static final Logger LOG = LoggerFactory.getLogger(ClonePool.class);

    private final Template template;
    private final DatabaseOps ops;
    private final DatabaseNames names;
    private final ExecutorService background;
    private final int target;
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger preparing = new AtomicInteger();
    private volatile boolean failing;

    ClonePool(Template template, DatabaseOps ops, DatabaseNames names, ExecutorService background, int target) {
        this.template = template;
        this.ops = ops;
        this.names = names;
        this.background = background;
        this.target = target;
    }

    /** A new database copied from the template: a prepared one when ready, else copied now. */
    String take() {
        String name = ready.poll();
        if (name == null) {
            name = names.next();
            ops.cloneFrom(template.name(), name);
        }
        refill();
        return name;
    }

    /** Starts preparing copies ahead. */
    void refill() {
        while (!failing) {
            int now = preparing.get();
            if (ready.size() + now >= target) {
                return;
            }
            if (preparing.compareAndSet(now, now + 1)) {
                try {
                    background.execute(this::prepareOne);
                } catch (RejectedExecutionException e) {
                    preparing.decrementAndGet();
                    return;
                }
            }
        }
    }

    private void prepareOne() {
        try {
            String name = names.next();
            ops.cloneFrom(template.name(), name);
            ready.add(name);
        } catch (RuntimeException e) {
            failing = true;
            LOG.warn("[migrator-fixtures] Stopped preparing copies of {} ahead: {}", template.name(), e.getMessage());
        } finally {
            preparing.decrementAndGet();
        }
    }

    /** Removes and returns the prepared copies, for dropping at shutdown. */
    List<String> drain() {
        List<String> drained = new ArrayList<>();
        ready.drainTo(drained);
        return drained;
    }

    /** How many copies are ready now. */
    int readyCount() {
        return ready.size();
    }
}
