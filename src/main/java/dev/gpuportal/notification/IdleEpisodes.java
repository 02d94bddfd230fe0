package dev.gpuportal.notification;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which idle episodes to tell and which have ended, from the workloads with an open (already told) episode and the
 * workloads a scan found idle now. A workload idle again after being seen busy, stopped or gone starts a new
 * episode; one that stays idle is told once however many scans see it. Pure.
 */
final class IdleEpisodes {

    private IdleEpisodes() {}

    record Changes(Set<Long> toTell, Set<Long> ended) {}

    static Changes of(Set<Long> open, Set<Long> idleNow) {
        Set<Long> toTell = new TreeSet<>(idleNow);
        toTell.removeAll(open);
        Set<Long> ended = new TreeSet<>(open);
        ended.removeAll(idleNow);
        return new Changes(Set.copyOf(toTell), Set.copyOf(ended));
    }
}
