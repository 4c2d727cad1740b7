package io.drover.agent.networks;

/** A network a VM's NIC needs could not be made or changed on this host; the message says why, in libvirt's words. */
public final class NetworkUnusable extends Exception {
    public NetworkUnusable(String message, Throwable cause) {
        super(message, cause);
    }
}
