package io.drover.server.vms;

import io.drover.protocol.link.DomainReport;

/**
 * What a host last reported of a VM's domain, as the server reasons about it. The text itself
 * (a {@link DomainReport} state, clipped) is what is stored and shown: a newer agent may report a
 * state this server does not know, which is then {@link #OTHER}.
 */
enum Observed {
    /** No report yet. */
    NONE, RUNNING, SHUTTING_DOWN, PAUSED, STOPPED, ABSENT, ERROR, CRASHED, OTHER;

    static Observed of(String reported) {
        if (reported == null) return NONE;
        return switch (reported) {
            case DomainReport.RUNNING -> RUNNING;
            case DomainReport.SHUTTING_DOWN -> SHUTTING_DOWN;
            case DomainReport.PAUSED -> PAUSED;
            case DomainReport.STOPPED -> STOPPED;
            case DomainReport.ABSENT -> ABSENT;
            case DomainReport.ERROR -> ERROR;
            case DomainReport.CRASHED -> CRASHED;
            default -> OTHER;
        };
    }

    /** It stopped running by itself (see {@link VmFaults}). */
    boolean isFault() {
        return this == ERROR || this == CRASHED;
    }
}
