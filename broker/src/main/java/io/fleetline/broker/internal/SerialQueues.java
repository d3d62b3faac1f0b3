package io.fleetline.broker.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks on an executor, one key's tasks one at a time in submission order, different keys' in parallel. A
 * key's queue lives only while it has work, so idle keys cost nothing.
 */
final class SerialQueues {
    private final Executor executor;
    private final Map<String, Queue<Runnable>> queues = new HashMap<>();

    SerialQueues(Executor executor) {
        this.executor = executor;
    }

    void submit(String key, Runnable task) {
        synchronized (queues) {
            Queue<Runnable> queue = queues.get(key);
            if (queue != null) {
                queue.add(task);  // the key's runner takes it after the tasks before it
                return;
            }
            queues.put(key, new ArrayDeque<>());
        }
        executor.execute(() -> drain(key, task));
    }

    private void drain(String key, Runnable first) {
        Runnable task = first;
        while (task != null) {
            task.run();
            synchronized (queues) {
                task = queues.get(key).poll();
                if (task == null) {
                    queues.remove(key);
                }
            }
        }
    }
}
